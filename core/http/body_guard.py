"""Request bodies that stall, trickle or stop half-way.

No request may hold a connection by sending its body slowly. The server waits at most
``LOKET_BODY_TIMEOUT_SECONDS`` for each next piece of a body, and all its waiting for one body may not exceed that
allowance plus the time the bytes received so far need at ``LOKET_BODY_MIN_RATE`` bytes per second: a small
request gets the whole allowance, a large upload the time its size needs at the minimum rate, a trickle falls
behind. A body that falls behind is cut off: the
request ends with ``408`` (a GraphQL-shaped error, ``REQUEST_BODY_TIMEOUT``) and the connection is closed. Nothing
the body carried is used (an upload is staged only once its request has fully arrived).

A client that goes away while its request is read (a closed tab, a lost connection) is logged as one line, not as
an error with a traceback: it is not the server's failure.
"""

from __future__ import annotations

import asyncio
import json
import logging

from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from loket.core.http.body_limits import is_multipart
from loket.core.i18n import Catalog, negotiate_language

logger = logging.getLogger("loket.http")


class BodyTimedOut(Exception):
    """The request body fell behind the minimum pace (not a ValueError: no parser may take it for bad input)."""


class BodyWatch:
    """Wraps an ASGI ``receive``: counts the body's bytes and the time spent waiting for them, and refuses to
    wait past the body's deadline. Only waiting counts: time the application spends between two reads (writing
    a piece to disk, checking a token) is not the client's."""

    def __init__(self, receive: Receive, *, timeout: float, min_rate: float) -> None:
        self._receive = receive
        self.timeout = timeout
        self.min_rate = min_rate
        self.loop = asyncio.get_running_loop()
        self.received = 0
        self.waited = 0.0
        self.complete = False

    def allowance(self) -> float:
        """How long the next piece may take: at most the timeout, and no more than keeps the average rate (after
        the first timeout's allowance)."""
        return min(self.timeout, self.timeout + self.received / self.min_rate - self.waited)

    async def receive(self) -> Message:
        if self.complete:  # later calls only listen for a disconnect while the answer is sent
            return await self._receive()
        began = self.loop.time()
        try:
            async with asyncio.timeout_at(began + max(self.allowance(), 0.0)):
                message = await self._receive()
        except TimeoutError:
            self.waited += self.loop.time() - began
            raise BodyTimedOut() from None
        self.waited += self.loop.time() - began
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            self.complete = not message.get("more_body", False)
        else:
            self.complete = True
        return message


def declared_length(scope: Scope) -> str:
    value = Headers(scope=scope).get("content-length")
    return value if value and value.isdigit() else "?"


class BodyGuard:
    """ASGI middleware: slow bodies end with 408, client disconnects are one log line."""

    def __init__(self, app: ASGIApp, *, timeout: float, min_rate: float, catalog: Catalog,
                 default_language: str) -> None:
        self.app = app
        self.timeout = timeout
        self.min_rate = min_rate
        self.catalog = catalog
        self.default_language = default_language

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        watch = BodyWatch(receive, timeout=self.timeout, min_rate=self.min_rate)
        started = False

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        what = "upload" if is_multipart(scope) else f"{scope.get('method', '')} {scope.get('path', '')}"
        try:
            await self.app(scope, watch.receive, watching_send)
        except BodyTimedOut:
            logger.warning("request body too slow, cut off: %s, %d of %s bytes in %.1f s", what, watch.received,
                           declared_length(scope), watch.waited)
            if not started:
                await self._too_slow(scope, send)
        except ClientDisconnect:
            logger.info("client disconnected during %s after %d of %s bytes", what, watch.received,
                        declared_length(scope))

    async def _too_slow(self, scope: Scope, send: Send) -> None:
        language = negotiate_language(Headers(scope=scope).get("accept-language"), self.default_language)
        code = "REQUEST_BODY_TIMEOUT"
        body = json.dumps({"data": None, "errors": [
            {"message": self.catalog.translate(code, language), "extensions": {"code": code}}]}).encode()
        await send({"type": "http.response.start", "status": 408, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
