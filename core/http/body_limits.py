"""Request body limits: small everywhere, large on the GraphQL route only for multipart (file upload) requests.

The application-wide limit (``LOKET_MAX_REQUEST_BYTES``) is Starlette's ``max_body_size``. Starlette lets an
inner ``RequestBodyLimitMiddleware`` replace the limit of the outer one for the same request, which is what
``Route(max_body_size=...)`` does; :class:`UploadBodyLimit` does the same, but only when the request is a
GraphQL multipart request, so an ordinary JSON query never gets the upload allowance.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send


def is_multipart(scope: Scope) -> bool:
    """Whether an HTTP request declares a ``multipart/form-data`` body."""
    content_type = Headers(scope=scope).get("content-type", "")
    return content_type.split(";", 1)[0].strip().lower() == "multipart/form-data"


class UploadBodyLimit:
    """Wraps an ASGI app: multipart requests may carry up to ``max_upload_bytes``, others keep the outer limit."""

    def __init__(self, app: ASGIApp, max_upload_bytes: int) -> None:
        self.app = app
        self.uploads = RequestBodyLimitMiddleware(app, max_body_size=max_upload_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and is_multipart(scope):
            await self.uploads(scope, receive, send)
        else:
            await self.app(scope, receive, send)
