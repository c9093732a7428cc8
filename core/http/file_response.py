"""Answering with a file: the headers every file gets, inline or attachment, conditional and range requests.

Starlette's ``FileResponse`` (1.10) serves ranges, but from a local path only, answers several ranges with a
``multipart/byteranges`` body and a malformed one with 400, tags files by modification time and size, and does not
answer ``If-None-Match``. Files here come from ``Storage`` (or memory, for a printed ticket), so this module does
what is needed with the storage's ranged reader:

- ``ETag``: strong, from the file's content hash or identity; ``If-None-Match`` that matches answers 304.
- ``Range`` (``bytes`` only): one range answers 206 with ``Content-Range``; a range starting at or past the end,
  a zero-length suffix, an inverted or malformed range answers 416 with ``Content-Range: bytes */size``; a last
  position past the end is clamped to it (RFC 9110 §14.1.2). Several ranges are not served piecemeal: the whole
  file is answered with 200, as RFC 9110 §14.2 allows. A range in another unit is ignored.
- ``If-Range`` with the current ETag serves the range; with anything else (another ETag, a date) the whole file.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

# Every file answer: never cached by shared caches, never sniffed into another type, never able to run
# script even when shown inline (the sandbox gives the document an opaque origin), embeddable cross-origin
# (a signed link is meant for a page's <img>), and never sending its (signed) address on as a Referer.
SANDBOX = "default-src 'none'; sandbox"
FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": SANDBOX,
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Referrer-Policy": "no-referrer",
}
# Chrome's and Safari's PDF viewers refuse to run in a sandboxed document (a blank "blocked" page, chromium
# issue 413851), so a PDF keeps the rest: no loads, nosniff, its type; the browsers' viewers run a PDF's own
# scripts apart from any web origin.
PDF_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
INLINE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf")
_RANGE = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")
_MAX_DIGITS = 18  # larger numbers are past the end of any file (and int() of thousands of digits is refused)


class Unsatisfiable(Exception):
    """The Range cannot be served as one range of this file: 416."""


@dataclass(frozen=True)
class FileBody:
    """A file to send: its name (for Content-Disposition), type, size, strong ETag (quoted), and a reader of
    the bytes from ``start`` up to ``end`` (exclusive)."""

    name: str
    media_type: str
    size: int
    etag: str
    chunks: Callable[[int, int], AsyncIterator[bytes]]


def content_disposition(filename: str, media_type: str = "application/octet-stream") -> str:
    """``inline`` for images and PDFs a browser shows safely, ``attachment`` for everything else, with the
    name as an ASCII fallback and exactly, UTF-8 encoded (RFC 6266, RFC 8187)."""
    kind = "inline" if media_type.split(";")[0].strip().lower() in INLINE_TYPES else "attachment"
    fallback = "".join(ch if " " <= ch <= "~" and ch not in '"\\' else "_" for ch in filename) or "download"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The one range ``header`` asks of a file of ``size`` bytes as (start, end exclusive); None to send the
    whole file (another unit, or several ranges); raises Unsatisfiable."""
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes":
        return None
    if "," in spec:
        return None
    match = _RANGE.match(spec)
    if match is None or not (match[1] or match[2]):
        raise Unsatisfiable()
    first, last = match[1], match[2]
    if first:
        if len(first) > _MAX_DIGITS or int(first) >= size:
            raise Unsatisfiable()
        start = int(first)
        end = size if not last or len(last) > _MAX_DIGITS else int(last) + 1
        if end <= start:
            raise Unsatisfiable()
        return start, min(end, size)
    suffix = size if len(last) > _MAX_DIGITS else int(last)
    if suffix == 0 or size == 0:
        raise Unsatisfiable()
    return max(size - suffix, 0), size


def _tags(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def file_response(request: Request, body: FileBody) -> Response:
    """The answer to a GET or HEAD of ``body``: 200, 206, 304 or 416 as the request's conditions ask."""
    headers = {**FILE_HEADERS, "ETag": body.etag, "Accept-Ranges": "bytes",
               "Content-Disposition": content_disposition(body.name, body.media_type)}
    if body.media_type == "application/pdf":
        headers["Content-Security-Policy"] = PDF_POLICY
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None and ("*" in _tags(if_none_match) or body.etag in _tags(if_none_match)):
        return Response(status_code=304, headers=headers)
    start, end, status = 0, body.size, 200
    wanted = request.headers.get("range")
    if_range = request.headers.get("if-range")
    if wanted is not None and (if_range is None or if_range.strip() == body.etag):
        try:
            asked = byte_range(wanted, body.size)
        except Unsatisfiable:
            return Response(status_code=416, headers={**headers, "Content-Range": f"bytes */{body.size}"})
        if asked is not None:
            start, end, status = *asked, 206
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{body.size}"
    headers["Content-Length"] = str(end - start)
    if request.method == "HEAD":
        return Response(status_code=status, headers=headers, media_type=body.media_type)
    return StreamingResponse(body.chunks(start, end), status_code=status, headers=headers,
                             media_type=body.media_type)


def memory_chunks(content: bytes) -> Callable[[int, int], AsyncIterator[bytes]]:
    """A reader of bytes already in memory (a printed ticket)."""

    async def chunks(start: int, end: int) -> AsyncIterator[bytes]:
        yield content[start:end]

    return chunks
