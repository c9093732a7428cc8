"""GraphiQL from files shipped inside Loket: the page at ``GET /graphql`` works on a host without internet access.

The page and its script are Loket's (``graphiql/page.html``, ``graphiql/loket-graphiql.js``); GraphiQL and React
are the npm packages' built files, vendored with their licences in ``graphiql/vendor`` by
``scripts/vendor_graphiql.py`` (docs/graphiql.md). Each file is served at ``/graphiql/<digest>/<name>``, the
digest being its content's, so its URL changes whenever it does: browsers may keep it for a year (``immutable``),
and revalidate with its ``ETag``. The page itself is never cached and allows scripts and connections to this
server only (Content-Security-Policy). The routes exist only where GraphiQL is on (not in production).
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from string import Template

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from loket.core.settings import Settings

FOLDER = Path(__file__).resolve().parent / "graphiql"
PREFIX = "/graphiql"

# URL name -> file under FOLDER. Only these are served.
FILES = {
    "react.production.min.js": "vendor/react/react.production.min.js",
    "react-dom.production.min.js": "vendor/react-dom/react-dom.production.min.js",
    "graphiql.min.js": "vendor/graphiql/graphiql.min.js",
    "graphiql.min.css": "vendor/graphiql/graphiql.min.css",
    "loket-graphiql.js": "loket-graphiql.js",
    "loket-graphiql.css": "loket-graphiql.css",
}
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}

# GraphiQL's stylesheet carries its fonts and images as data: URLs; CodeMirror and React set styles through the
# DOM (allowed), but a few components insert <style> elements, hence 'unsafe-inline' for styles (never scripts).
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
])
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
ASSET_CACHE = "public, max-age=31536000, immutable"


@dataclass
class Asset:
    """One served file: its bytes, their digest, and (made on first demand) a gzipped copy."""

    name: str
    body: bytes
    media_type: str
    digest: str = field(init=False)
    _gzipped: bytes | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.digest = hashlib.sha256(self.body).hexdigest()[:20]

    @property
    def url(self) -> str:
        return f"{PREFIX}/{self.digest}/{self.name}"

    @property
    def gzipped(self) -> bytes:
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzipped


@cache
def assets() -> dict[str, Asset]:
    return {name: Asset(name, (FOLDER / path).read_bytes(), MEDIA_TYPES[Path(name).suffix])
            for name, path in FILES.items()}


@cache
def page_html() -> str:
    urls = {name: asset.url for name, asset in assets().items()}
    return Template((FOLDER / "page.html").read_text(encoding="utf-8")).substitute(
        react_js=urls["react.production.min.js"], react_dom_js=urls["react-dom.production.min.js"],
        graphiql_js=urls["graphiql.min.js"], graphiql_css=urls["graphiql.min.css"],
        loket_js=urls["loket-graphiql.js"], loket_css=urls["loket-graphiql.css"])


def graphiql_page() -> HTMLResponse:
    """The GraphiQL page, referring to this server's own files only."""
    return HTMLResponse(page_html(), headers=PAGE_HEADERS)


def _accepts_gzip(request: Request) -> bool:
    return any(part.split(";")[0].strip() == "gzip" for part in request.headers.get("accept-encoding", "").split(","))


async def serve_asset(request: Request) -> Response:
    """One vendored file by its digest and name; any other pair is 404 (an old page reloads to new digests)."""
    asset = assets().get(request.path_params["name"])
    if asset is None or request.path_params["digest"] != asset.digest:
        return Response("Not Found", status_code=404, media_type="text/plain")
    zipped = _accepts_gzip(request)
    etag = f'"{asset.digest}{"-gz" if zipped else ""}"'
    headers = {"Cache-Control": ASSET_CACHE, "ETag": etag, "Vary": "Accept-Encoding",
               "X-Content-Type-Options": "nosniff"}
    candidates = {tag.strip().removeprefix("W/") for tag in request.headers.get("if-none-match", "").split(",")}
    if etag in candidates or "*" in candidates:
        return Response(status_code=304, headers=headers)
    if zipped:
        headers["Content-Encoding"] = "gzip"
    return Response(asset.gzipped if zipped else asset.body, media_type=asset.media_type, headers=headers)


def routes(settings: Settings) -> list[Route]:
    """The file routes of the GraphiQL page; none in production, where GraphiQL is off."""
    if settings.is_production:
        return []
    return [Route(PREFIX + "/{digest}/{name}", serve_asset, methods=["GET", "HEAD"])]
