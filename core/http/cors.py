"""Which web pages may use the API: CORS for HTTP and the Origin check of websockets, from one setting.

``LOKET_ALLOWED_ORIGINS`` lists the origins of the web apps allowed to call Loket from a browser. Over HTTP,
Starlette's ``CORSMiddleware`` answers their preflights (cached ``LOKET_CORS_MAX_AGE_SECONDS``) and marks their
answers readable; a preflight from any other origin is answered 400 without a single CORS header, so the browser
blocks the request it wanted to send. Websockets are not covered by CORS, so the same list decides which Origin
may open one: another origin is accepted only to be closed at once with 4403 and the reason ``FORBIDDEN_ORIGIN``
(a browser learns nothing from a refused handshake). A socket without Origin (a non-browser client) or from the
API's own origin is always allowed, as strawberry does.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.http.websocket_origin import is_same_origin, normalize_origin

from loket.core.settings import Settings

FORBIDDEN_ORIGIN_CLOSE = 4403
FORBIDDEN_ORIGIN = "FORBIDDEN_ORIGIN"

ALLOWED_METHODS = ("GET", "POST")
ALLOWED_HEADERS = (
    "Authorization", "Content-Type", "Accept", "Accept-Language", "X-Request-ID",
    # What GraphQL clients add: Apollo Client (its CSRF-prevention header and client awareness), Apollo Upload,
    # and the operation-name header some gateways read.
    "Apollo-Require-Preflight", "X-Apollo-Operation-Name", "Apollographql-Client-Name",
    "Apollographql-Client-Version", "GraphQL-Operation-Name", "If-None-Match", "If-Modified-Since", "Range",
)
EXPOSED_HEADERS = ("ETag", "Content-Disposition", "Content-Range", "Content-Length", "Accept-Ranges",
                   "WWW-Authenticate", "Retry-After", "X-Request-ID")


class LoketCORS(CORSMiddleware):
    """Starlette's CORS, comparing origins as browsers send them, and silent towards origins not allowed: its
    preflight answer would otherwise carry the allowed methods and headers even to them."""

    def is_allowed_origin(self, origin: str) -> bool:
        return self.allow_all_origins or normalize_origin(origin) in self.allow_origins

    def preflight_response(self, request_headers: Headers) -> Response:
        if not self.is_allowed_origin(request_headers["origin"]):
            return PlainTextResponse("Disallowed CORS origin", status_code=400, headers={"Vary": "Origin"})
        return super().preflight_response(request_headers)


class WebSocketOriginGuard:
    """Closes a websocket opened by a page of an origin not allowed (4403 ``FORBIDDEN_ORIGIN``)."""

    def __init__(self, app: ASGIApp, allowed: list[str]) -> None:
        self.app = app
        self.allowed = frozenset(allowed)

    def allows(self, headers: Headers) -> bool:
        origin = headers.get("origin")
        if origin is None or "*" in self.allowed:
            return True
        if headers.get("sec-fetch-site") == "same-origin" or is_same_origin(origin, headers.get("host")):
            return True
        return normalize_origin(origin) in self.allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket" or self.allows(Headers(scope=scope)):
            await self.app(scope, receive, send)
            return
        await refuse_websocket(scope, receive, send, FORBIDDEN_ORIGIN_CLOSE, FORBIDDEN_ORIGIN)


async def refuse_websocket(scope: Scope, receive: Receive, send: Send, code: int, reason: str) -> None:
    """Accept a websocket only to close it with ``code`` and ``reason``: a browser page sees those, where a
    refused handshake tells it nothing. The subprotocol the client asked for is echoed, or a browser would
    fail the connection (1006) before reading the close frame."""
    message = await receive()
    if message["type"] != "websocket.connect":
        return
    requested = [p.strip() for p in Headers(scope=scope).get("sec-websocket-protocol", "").split(",") if p.strip()]
    accept: dict = {"type": "websocket.accept"}
    if requested:
        accept["subprotocol"] = requested[0]
    await send(accept)
    await send({"type": "websocket.close", "code": code, "reason": reason})


def cors_middleware(settings: Settings) -> list[Middleware]:
    """The outermost middleware of the app: every answer (a 401, a 413 too) must be readable by allowed pages."""
    origins = settings.allowed_origin_list
    return [
        Middleware(LoketCORS, allow_origins=origins, allow_methods=ALLOWED_METHODS, allow_headers=ALLOWED_HEADERS,
                   allow_credentials=settings.cors_allow_credentials, expose_headers=EXPOSED_HEADERS,
                   max_age=settings.cors_max_age_seconds),
        Middleware(WebSocketOriginGuard, allowed=origins),
    ]
