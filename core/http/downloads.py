"""Authorised downloads: an attachment, a zip of every file of a ticket the caller may see, a ticket printed
as a PDF, and the file of one's own export.

Files are never served from a static mount. Each request needs a bearer token; whatever the caller may not
see answers 404 exactly like what does not exist, so ids and ticket numbers cannot be probed. Bytes are
streamed from storage in chunks, and the zip is built while it is sent.
"""

from __future__ import annotations

import logging
import stat
from collections.abc import AsyncIterator
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from stream_zip import ZIP_AUTO, async_stream_zip

from loket.core.errors import InvalidInputError, NotFoundError
from loket.core.exports.jobs import FORMATS, job_of
from loket.core.exports.ticket_pdf import ticket_pdf
from loket.core.exports.writers import EXCEL_MAX_ROWS
from loket.core.http.bearer import Actor
from loket.core.i18n import negotiate_language
from loket.core.inputs import TICKET_NUMBER, check_text
from loket.core.models import Attachment
from loket.core.runtime import Runtime
from loket.core.tickets import attachments
from loket.core.tickets.display_numbers import stored_number

logger = logging.getLogger("loket.downloads")

# Headers of every file answer: never cached by shared caches, never sniffed into another type.
FILE_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"}


def content_disposition(filename: str) -> str:
    """``attachment`` with the name as an ASCII fallback and exactly, UTF-8 encoded (RFC 6266, RFC 5987)."""
    fallback = "".join(ch if " " <= ch <= "~" and ch not in '"\\' else "_" for ch in filename) or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def unique_names(names: list[str]) -> list[str]:
    """Names for zip members: the second ``a.pdf`` becomes ``a (2).pdf``, the third ``a (3).pdf``
    (compared without regard to case, as Windows and macOS would when extracting)."""
    taken: set[str] = set()
    unique = []
    for name in names:
        stem, dot, extension = name.rpartition(".")
        if not stem:
            stem, dot, extension = name, "", ""
        candidate, counter = name, 2
        while candidate.casefold() in taken:
            candidate = f"{stem} ({counter}){dot}{extension}"
            counter += 1
        taken.add(candidate.casefold())
        unique.append(candidate)
    return unique


def _error(request: Request, status: int, code: str, field: str | None = None, **params: object) -> JSONResponse:
    """The same shape as a GraphQL error, in the caller's language."""
    runtime: Runtime = request.app.state.runtime
    language = negotiate_language(request.headers.get("accept-language"), runtime.settings.default_language)
    extensions = {"code": code, **({"field": field} if field else {})}
    body = {"data": None, "errors": [{"message": runtime.catalog.translate(code, language, **params),
                                      "extensions": extensions}]}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


def _ticket_number(request: Request) -> str:
    """The ticket number of the path (as stored or as its desk shows it), refused before any lookup when no
    ticket could have it."""
    return check_text(request.path_params["number"], "number", TICKET_NUMBER)


def _actor(request: Request) -> Actor | None:
    user = request.scope.get("user")
    return user if isinstance(user, Actor) else None


async def _ticket_of_path(request: Request) -> tuple[Actor, Runtime, str, str] | Response:
    """The caller, the runtime, the number as typed and as stored, for a ``/tickets/{number}/...`` route;
    or the error to answer (not signed in, or a number no ticket could have)."""
    actor = _actor(request)
    if actor is None:
        return _error(request, 401, "UNAUTHENTICATED")
    runtime: Runtime = request.app.state.runtime
    try:
        number = _ticket_number(request)
    except InvalidInputError as error:
        return _error(request, 400, error.code, error.field, **error.params)
    return actor, runtime, number, await stored_number(runtime.desks, number)


async def download_attachment(request: Request) -> Response:
    """``GET /attachments/{id}``: one file, under the name it was uploaded with."""
    actor = _actor(request)
    if actor is None:
        return _error(request, 401, "UNAUTHENTICATED")
    runtime: Runtime = request.app.state.runtime
    attachment = await attachments.readable(actor.user, request.path_params["id"])
    if attachment is None:
        return _error(request, 404, "FILE_NOT_FOUND")
    if not await runtime.storage.exists(attachment.storage_key):
        logger.error("attachment %s has no stored file %s", attachment.id, attachment.storage_key)
        return _error(request, 404, "FILE_NOT_FOUND")
    headers = {**FILE_HEADERS, "Content-Disposition": content_disposition(attachment.original_name),
               "Content-Length": str(attachment.size)}
    return StreamingResponse(runtime.storage.read(attachment.storage_key), media_type=attachment.content_type,
                             headers=headers)


async def download_ticket_zip(request: Request) -> Response:
    """``GET /tickets/{number}/attachments.zip``: every file of the ticket the caller may see, in one zip."""
    asked = await _ticket_of_path(request)
    if isinstance(asked, Response):
        return asked
    actor, runtime, number, stored = asked
    found = await attachments.readable_of_ticket(actor.user, stored)
    if found is None:
        return _error(request, 404, "TICKET_NOT_FOUND", number=number)
    ticket, files = found
    present = []
    for attachment in files:
        if await runtime.storage.exists(attachment.storage_key):
            present.append(attachment)
        else:
            logger.error("attachment %s has no stored file %s", attachment.id, attachment.storage_key)
    headers = {**FILE_HEADERS, "Content-Disposition": content_disposition(f"{ticket.number}-attachments.zip")}
    return StreamingResponse(_zip(runtime, present), media_type="application/zip", headers=headers)


def _zip(runtime: Runtime, files: list[Attachment]) -> AsyncIterator[bytes]:
    names = unique_names([attachment.original_name for attachment in files])

    async def members():
        for name, attachment in zip(names, files, strict=True):
            # Most attachments (PDF, images, office files) are compressed already: store them, squeeze text.
            level = 6 if attachment.content_type.startswith("text/") else 0
            yield (name, attachment.created_at, stat.S_IFREG | 0o644, ZIP_AUTO(attachment.size, level=level),
                   runtime.storage.read(attachment.storage_key))

    return async_stream_zip(members())


async def print_ticket(request: Request) -> Response:
    """``GET /tickets/{number}/print.pdf``: the ticket's detail page as a PDF, as the caller may see it."""
    asked = await _ticket_of_path(request)
    if isinstance(asked, Response):
        return asked
    actor, runtime, number, stored = asked
    try:
        name, content = await ticket_pdf(runtime, actor.user, stored)
    except NotFoundError:
        return _error(request, 404, "TICKET_NOT_FOUND", number=number)
    headers = {**FILE_HEADERS, "Content-Disposition": content_disposition(name)}
    return Response(content, media_type="application/pdf", headers=headers)


async def download_export(request: Request) -> Response:
    """``GET /exports/{id}``: the file of one's own finished export (anyone else's is 404)."""
    actor = _actor(request)
    if actor is None:
        return _error(request, 401, "UNAUTHENTICATED")
    runtime: Runtime = request.app.state.runtime
    try:
        job = await job_of(actor.user.id, request.path_params["id"])
    except NotFoundError:
        return _error(request, 404, "EXPORT_NOT_FOUND")
    if job.status == "expired":
        return _error(request, 410, "EXPORT_EXPIRED")
    if job.status == "failed":
        return _error(request, 409, job.error or "EXPORT_FAILED", max=EXCEL_MAX_ROWS - 1)
    if job.status != "done" or not job.storage_key:
        return _error(request, 409, "EXPORT_NOT_READY", done=job.rows_done, total=job.rows_total or "?")
    if not await runtime.storage.exists(job.storage_key):
        logger.error("export %s has no stored file %s", job.id, job.storage_key)
        return _error(request, 410, "EXPORT_EXPIRED")
    headers = {**FILE_HEADERS, "Content-Disposition": content_disposition(job.file_name),
               "Content-Length": str(job.size)}
    return StreamingResponse(runtime.storage.read(job.storage_key), media_type=FORMATS[job.format],
                             headers=headers)


def routes() -> list[Route]:
    """The download routes (GET and HEAD only)."""
    return [
        Route("/attachments/{id}", download_attachment, methods=["GET"]),
        Route("/tickets/{number}/attachments.zip", download_ticket_zip, methods=["GET"]),
        Route("/tickets/{number}/print.pdf", print_ticket, methods=["GET"]),
        Route("/exports/{id}", download_export, methods=["GET"]),
    ]
