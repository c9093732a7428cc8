"""Slow and abandoned request bodies, against a real ``loket serve`` process spoken to over raw sockets: a body
that stalls or trickles is cut off with 408 and its connection closed, nothing it carried is staged, a steady
upload slower than the allowance still arrives, and a client that leaves mid-request is one line in the log."""

from __future__ import annotations

import asyncio
import json
import socket
import sqlite3
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.databases import BACKENDS, throwaway_database
from tests.server_process import loket_env, run_loket, server_process

TIMEOUT = 1.0  # LOKET_BODY_TIMEOUT_SECONDS of the server under test
MIN_RATE = 20_000  # LOKET_BODY_MIN_RATE, bytes per second
DECLARED = 5 * 1024 * 1024
STAGE = ('mutation($file: Upload!) { stageAttachment(input: {desk: "helpus", file: $file, purpose: "ticket"}) '
         '{ attachment { name size } } }')


class Server:
    def __init__(self, base: str, log: Path, database_url: str, data_dir: Path) -> None:
        self.base, self.log, self.database_url, self.data_dir = base, log, database_url, data_dir
        self.port = int(base.rsplit(":", 1)[1])
        self.token = ""

    def log_since(self, offset: int) -> str:
        return self.log.read_text()[offset:]

    def log_size(self) -> int:
        return len(self.log.read_text())

    def staged_rows(self) -> int:
        if self.database_url.startswith("sqlite"):
            with sqlite3.connect(self.database_url.removeprefix("sqlite://")) as connection:
                return connection.execute("SELECT count(*) FROM loket_attachment").fetchone()[0]

        async def count() -> int:
            connection = await asyncpg.connect(self.database_url)
            try:
                return await connection.fetchval("SELECT count(*) FROM loket_attachment")
            finally:
                await connection.close()

        return asyncio.run(count())

    def stored_files(self) -> list[Path]:
        root = self.data_dir / "attachments"
        return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture(scope="module", params=BACKENDS)
def server(request, tmp_path_factory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp(f"slow-{request.param}")
    with throwaway_database(request.param, folder) as url:
        env = loket_env(url, folder / "var", LOKET_BODY_TIMEOUT_SECONDS=str(TIMEOUT), LOKET_BODY_MIN_RATE=str(MIN_RATE))
        assert run_loket("migrate", env=env, cwd=folder).returncode == 0
        created = run_loket("createuser", "--email", "pegawai@slow.example", "--password", "pegawai-password",
                            env=env, cwd=folder)
        assert created.returncode == 0, created.stderr
        with server_process(env, folder) as (base, _process):
            found = Server(base, folder / f"server-{base.rsplit(':', 1)[1]}.log", url, folder / "var")
            login = httpx.post(f"{base}/graphql", timeout=30, json={
                "query": "mutation { login(input: {email: \"pegawai@slow.example\", "
                         "password: \"pegawai-password\"}) { token } }"})
            found.token = login.json()["data"]["login"]["token"]
            yield found


def upload_head(server: Server, *, declared: int = DECLARED) -> tuple[bytes, bytes, bytes]:
    """The request line and headers of a stageAttachment upload declaring ``declared`` bytes, the multipart part
    before the file's bytes, and the closing part."""
    boundary = f"slow-{uuid.uuid4().hex}"
    operations = json.dumps({"query": STAGE, "variables": {"file": None}})
    before = (f'--{boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{operations}\r\n'
              f'--{boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{{"0": ["variables.file"]}}\r\n'
              f'--{boundary}\r\nContent-Disposition: form-data; name="0"; filename="log.txt"\r\n'
              f'Content-Type: text/plain\r\n\r\n').encode()
    after = f"\r\n--{boundary}--\r\n".encode()
    headers = (f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nAuthorization: Bearer {server.token}\r\n"
               f"Accept-Language: en\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n"
               f"Content-Length: {declared}\r\n\r\n").encode()
    return headers, before, after


def read_until_closed(sock: socket.socket, within: float) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection, and when it did (seconds from now)."""
    start, answer = time.monotonic(), b""
    sock.settimeout(within)
    while True:
        try:
            piece = sock.recv(65536)
        except (TimeoutError, socket.timeout):
            raise AssertionError(f"the connection was still open after {within} s; received {answer[:200]!r}")
        except ConnectionResetError:
            piece = b""
        if not piece:
            return answer, time.monotonic() - start
        answer += piece


def status_and_body(answer: bytes) -> tuple[int, dict]:
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), json.loads(body) if body else {}


def stalled_upload(server: Server) -> tuple[bytes, float]:
    headers, before, _after = upload_head(server)
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(headers + before + b"x" * (64 * 1024 - len(before)))
        return read_until_closed(sock, within=15)


def test_thirty_stalled_uploads_are_cut_off_and_stage_nothing(server: Server):
    offset, rows = server.log_size(), server.staged_rows()
    with ThreadPoolExecutor(30) as pool:
        results = list(pool.map(lambda _: stalled_upload(server), range(30)))
    for answer, closed_after in results:
        status, body = status_and_body(answer)
        assert status == 408 and b"connection: close" in answer.lower()
        assert body["errors"][0]["extensions"]["code"] == "REQUEST_BODY_TIMEOUT"
        assert body["errors"][0]["message"].startswith("The request arrived too slowly")
        assert closed_after < TIMEOUT + 5, f"closed only after {closed_after:.1f} s"
    assert server.staged_rows() == rows and len(server.stored_files()) == rows
    log = server.log_since(offset)
    assert log.count("request body too slow, cut off: upload, 65536 of 5242880 bytes") == 30, log
    assert "Traceback" not in log and "Exception in ASGI application" not in log
    # The server is as responsive as before.
    assert httpx.get(f"{server.base}/healthz", timeout=5).status_code == 200


def test_a_body_that_trickles_in_is_cut_off_though_it_never_pauses_long(server: Server):
    rows = server.staged_rows()
    headers, before, _after = upload_head(server)
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(headers + before)
        sock.settimeout(0.2)
        start, answer = time.monotonic(), b""
        while time.monotonic() - start < 15:
            try:
                sock.sendall(b"x" * 100)  # 500 bytes a second, a piece every 0.2 s: never silent for a second
                piece = sock.recv(65536)
            except (TimeoutError, socket.timeout):
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
            if not piece:
                break
            answer += piece
        elapsed = time.monotonic() - start
    assert status_and_body(answer)[0] == 408
    assert elapsed < TIMEOUT + 5
    assert server.staged_rows() == rows


def test_a_steady_upload_slower_than_the_first_allowance_still_arrives(server: Server):
    rows = server.staged_rows()
    content = b"a line of a log file\n" * 15_000  # 315,000 bytes at about 64 KB/s: about 5 s
    headers, before, after = upload_head(server, declared=0)
    declared = len(before) + len(content) + len(after)
    headers = headers.replace(b"Content-Length: 0", f"Content-Length: {declared}".encode())
    body = before + content + after
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(headers)
        start = time.monotonic()
        for at in range(0, len(body), 16 * 1024):
            sock.sendall(body[at:at + 16 * 1024])
            time.sleep(0.25)
        assert time.monotonic() - start > 4 * TIMEOUT
        answer, _closed = read_until_closed_or_answered(sock)
    status, reply = status_and_body(answer)
    assert status == 200
    assert reply == {"data": {"stageAttachment": {"attachment": {"name": "log.txt", "size": len(content)}}}}
    assert server.staged_rows() == rows + 1


def read_until_closed_or_answered(sock: socket.socket) -> tuple[bytes, bool]:
    """A whole answer (by its Content-Length) from a connection that stays open afterwards."""
    sock.settimeout(15)
    answer = b""
    while True:
        piece = sock.recv(65536)
        if not piece:
            return answer, True
        answer += piece
        head, separator, body = answer.partition(b"\r\n\r\n")
        if separator:
            length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            if len(body) >= length:
                return answer, False


def test_a_client_that_leaves_mid_request_is_one_line_in_the_log(server: Server):
    offset, rows = server.log_size(), server.staged_rows()
    headers, before, _after = upload_head(server)
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(headers + before + b"x" * (64 * 1024 - len(before)))
        time.sleep(0.3)
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(b"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 500\r\n\r\n{\"query\": \"{ __typename")
        time.sleep(0.3)
    deadline = time.monotonic() + 5
    while server.log_since(offset).count("client disconnected") < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    log = server.log_since(offset)
    lines = [line for line in log.splitlines() if "client disconnected" in line]
    assert lines == [
        "INFO loket.http: client disconnected during upload after 65536 of 5242880 bytes",
        "INFO loket.http: client disconnected during POST /graphql after 23 of 500 bytes",
    ], log
    assert "Traceback" not in log and "Exception in ASGI application" not in log and 'HTTP/1.1" 500' not in log
    assert server.staged_rows() == rows
