"""A load generator for GraphQL over HTTP: N concurrent clients, each on its own keep-alive connection,
sending requests back to back; a warm-up, then a measured window.

It runs in the benchmark's process, never in the server's. The HTTP/1.1 client is a few lines over asyncio
streams (with uvloop when installed) so that generating load costs the shared CPUs as little as possible:
each request is a prepared byte string, and a response is judged by its status and whether its body carries
``"errors"``, without parsing it.
"""

from __future__ import annotations

import asyncio
import statistics

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

Body = Callable[[int, int], bytes]  # (client index, request index of that client) -> JSON body


@dataclass
class Result:
    name: str
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)  # seconds, requests completed in the window
    errors: int = 0
    first_error: str | None = None
    sent: int = 0  # every request, warm-up included
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per party over the whole run

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """Milliseconds below which ``p`` percent of the requests completed."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1)] * 1000

    def line(self) -> str:
        return (f"{self.name}: {self.rate:,.0f} requests/s, p50 {self.percentile(50):.1f} ms, "
                f"p95 {self.percentile(95):.1f} ms, p99 {self.percentile(99):.1f} ms, "
                f"{self.requests:,} requests in {self.seconds:.0f} s, {self.clients} clients, errors {self.errors}"
                + (f" (first: {self.first_error[:300]})" if self.first_error else "")
                + (("\n  CPU per request (warm-up included): " + ", ".join(
                    f"{party} {1000 * seconds / self.sent:.2f} ms" for party, seconds in self.cpu.items()))
                   if self.cpu and self.sent else ""))

    def as_dict(self) -> dict:
        return {"name": self.name, "rate": self.rate, "p50": self.percentile(50), "p95": self.percentile(95),
                "p99": self.percentile(99), "requests": self.requests, "errors": self.errors,
                "mean_ms": statistics.fmean(self.latencies) * 1000 if self.latencies else None}


class Connection:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()

    async def request(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        if self.writer is None:
            await self.open()
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        kind = "Content-Type: application/json\r\n" if body else ""
        self.writer.write(f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{kind}"
                          f"Content-Length: {len(body)}\r\n{head}\r\n".encode() + body)
        status_line, _, header_block = (await self.reader.readuntil(b"\r\n\r\n")).partition(b"\r\n")
        status = int(status_line.split(b" ", 2)[1])
        length, chunked, closing = None, False, False
        for line in header_block.split(b"\r\n"):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
            elif name == b"connection" and b"close" in value.lower():
                closing = True
        if chunked:
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            data = b"".join(parts)
        else:
            data = await self.reader.readexactly(length or 0)
        if closing:
            self.close()
            self.writer = None
        return status, data


def failed(status: int, data: bytes) -> bool:
    """A GraphQL answer is a failure unless it is 200 without errors."""
    return status != 200 or b'"errors"' in data


def failed_rest(status: int, _data: bytes) -> bool:
    """A REST answer is a failure unless it is 200 or 201."""
    return status not in (200, 201)


async def run_load(name: str, base_url: str, body: Body, headers: list[dict[str, str]], *, warmup: float = 5,
                   duration: float = 20, path: str = "/graphql", method: str = "POST",
                   check: Callable[[int, bytes], bool] = failed) -> Result:
    """``len(headers)`` clients (one header set each, e.g. their bearer tokens) send requests back to back
    for ``warmup + duration`` seconds; requests that start in the measured window are counted."""
    result = Result(name=name, clients=len(headers), seconds=duration)
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.2
    window_start, window_end = start + warmup, start + warmup + duration

    async def client(index: int) -> None:
        connection = Connection(base_url)
        await connection.open()
        await asyncio.sleep(max(0.0, start - loop.time()))
        count = 0
        try:
            while (began := loop.time()) < window_end:
                request = body(index, count)
                count += 1
                result.sent += 1
                try:
                    status, data = await connection.request(method, path, request, headers[index])
                except (ConnectionError, asyncio.IncompleteReadError) as error:
                    status, data = 0, repr(error).encode()
                    connection.close()
                    connection = Connection(base_url)
                    await connection.open()
                ended = loop.time()
                if began >= window_start:
                    if check(status, data):
                        result.errors += 1
                        if result.first_error is None:
                            result.first_error = f"{status} {data.decode(errors='replace')}"
                    else:
                        result.latencies.append(ended - began)
        finally:
            connection.close()

    await asyncio.gather(*(client(i) for i in range(len(headers))))
    return result


def install_uvloop() -> None:
    try:
        import uvloop
    except ImportError:
        return
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


