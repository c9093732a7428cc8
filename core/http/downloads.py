"""Authorised downloads: an attachment (and previews of images), a zip of every file of a ticket the caller may
see, a ticket printed as a PDF, and the file of one's own export.

Files are never served from a static mount. Each request is either a signed link (``loket.core.files.links``:
what GraphQL gives as ``downloadUrl``, ``thumbnailUrl``, ``printUrl``, ``downloadAllUrl``; no header needed, so it
works in ``<img src>`` and ``<a href>``) or carries a bearer token. Whatever the caller may not see, and any link
that is forged, expired, made for another file or whose session ended, answers 404 exactly like what does not
exist, so ids and ticket numbers cannot be probed. Bytes are streamed from storage in chunks (ranges and
conditional requests: ``loket.core.http.file_response``), and the zip is built while it is sent.
"""

from __future__ import annotations

import hashlib
import logging
import stat
import uuid
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from stream_zip import ZIP_AUTO, async_stream_zip

from loket.core.errors import InvalidInputError, NotFoundError
from loket.core.exports.jobs import FORMATS, job_of
from loket.core.exports.ticket_pdf import ticket_pdf
from loket.core.exports.writers import EXCEL_MAX_ROWS
from loket.core.files import links, thumbnails
from loket.core.files.links import FileRef
from loket.core.http.bearer import Actor
from loket.core.http.file_response import FILE_HEADERS, FileBody, content_disposition, file_response, memory_chunks
from loket.core.i18n import negotiate_language
from loket.core.inputs import TICKET_NUMBER, check_text
from loket.core.models import Attachment, Ticket
from loket.core.runtime import Runtime
from loket.core.tickets import attachments
from loket.core.tickets.display_numbers import stored_number

logger = logging.getLogger("loket.downloads")


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


def _uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return ""


async def _caller(request: Request, ref: FileRef | None) -> Actor | Response | None:
    """Who asks for the file ``ref`` names (None: no such file): the holder of a genuine signed link, or the
    bearer of a token. None when a signed link does not hold (the route answers "not found"); a 401 answer
    when there is neither a link nor a token."""
    bearer = _actor(request)
    if not links.is_signed(request.query_params):
        return bearer or _error(request, 401, "UNAUTHENTICATED")
    if ref is None:
        return None
    runtime: Runtime = request.app.state.runtime
    found = await links.holder(runtime.settings, runtime.now(), request.query_params, ref)
    if found is None or (bearer is not None and bearer.user.id != found[0].id):
        return None
    return Actor(*found)


async def _ticket_of_path(request: Request, kind: str) -> tuple[Actor | None, Runtime, str] | Response:
    """For a ``/tickets/{number}/...`` route: the caller (None: a signed link that does not hold), the
    runtime, and the number as stored; or the error to answer (not signed in, or a number no ticket could
    have)."""
    runtime: Runtime = request.app.state.runtime
    if not links.is_signed(request.query_params) and _actor(request) is None:
        return _error(request, 401, "UNAUTHENTICATED")
    try:
        number = _ticket_number(request)
    except InvalidInputError as error:
        return _error(request, 400, error.code, error.field, **error.params)
    stored = await stored_number(runtime.desks, number)
    ticket = await Ticket.get_or_none(number=stored.strip())
    ref = FileRef(kind, str(ticket.id)) if ticket is not None else None
    caller = await _caller(request, ref)
    if isinstance(caller, Response):
        return caller
    return caller, runtime, stored


async def _readable_attachment(request: Request, ref: FileRef) -> tuple[Runtime, Attachment] | Response:
    """The attachment of the path, if the caller may download it and its file is there; else the answer."""
    caller = await _caller(request, ref)
    if isinstance(caller, Response):
        return caller
    runtime: Runtime = request.app.state.runtime
    attachment = await attachments.readable(caller.user, request.path_params["id"]) if caller else None
    if attachment is None:
        return _error(request, 404, "FILE_NOT_FOUND")
    if not await runtime.storage.exists(attachment.storage_key):
        logger.error("attachment %s has no stored file %s", attachment.id, attachment.storage_key)
        return _error(request, 404, "FILE_NOT_FOUND")
    return runtime, attachment


async def download_attachment(request: Request) -> Response:
    """``GET /attachments/{id}``: one file, under the name it was uploaded with (images and PDFs inline)."""
    found = await _readable_attachment(request, links.attachment_link(_uuid(request.path_params["id"]))[1])
    if isinstance(found, Response):
        return found
    runtime, attachment = found

    def chunks(start: int, end: int) -> AsyncIterator[bytes]:
        return runtime.storage.read(attachment.storage_key, start, end)

    return file_response(request, FileBody(name=attachment.original_name, media_type=attachment.content_type,
                                           size=attachment.size, etag=f'"{attachment.sha256}"', chunks=chunks))


async def attachment_thumbnail(request: Request) -> Response:
    """``GET /attachments/{id}/thumbnail/{size}``: a preview of an image, its longest edge ``size`` pixels
    (one of ``thumbnails.SIZES``); 422 THUMBNAIL_NOT_AVAILABLE when none can be made of this file."""
    edge = request.path_params["size"]
    if edge not in thumbnails.SIZES:
        return _error(request, 404, "FILE_NOT_FOUND")
    found = await _readable_attachment(request, links.thumbnail_link(_uuid(request.path_params["id"]), edge)[1])
    if isinstance(found, Response):
        return found
    runtime, attachment = found
    if not thumbnails.can_preview(attachment):
        return _error(request, 404, "FILE_NOT_FOUND")
    try:
        key, size = await thumbnails.thumbnail(runtime, attachment, edge)
    except thumbnails.ThumbnailRefused:
        return _error(request, 422, "THUMBNAIL_NOT_AVAILABLE", name=attachment.original_name)
    stem = attachment.original_name.rsplit(".", 1)[0]
    extension = "jpg" if thumbnails.media_type(attachment) == "image/jpeg" else "png"

    def chunks(start: int, end: int) -> AsyncIterator[bytes]:
        return runtime.storage.read(key, start, end)

    return file_response(request, FileBody(name=f"{stem}-{edge}.{extension}",
                                           media_type=thumbnails.media_type(attachment), size=size,
                                           etag=f'"{attachment.sha256[:40]}-{edge}"', chunks=chunks))


async def download_ticket_zip(request: Request) -> Response:
    """``GET /tickets/{number}/attachments.zip``: every file of the ticket the caller may see, in one zip."""
    asked = await _ticket_of_path(request, "zip")
    if isinstance(asked, Response):
        return asked
    actor, runtime, stored = asked
    found = await attachments.readable_of_ticket(actor.user, stored) if actor else None
    if found is None:
        return _error(request, 404, "TICKET_NOT_FOUND", number=request.path_params["number"])
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
    """``GET /tickets/{number}/print.pdf``: the ticket's detail page as a PDF, as the caller may see it. It is
    printed afresh for each request (it shows when it was printed), so its ETag is that of these bytes."""
    asked = await _ticket_of_path(request, "print")
    if isinstance(asked, Response):
        return asked
    actor, runtime, stored = asked
    try:
        if actor is None:
            raise NotFoundError("TICKET_NOT_FOUND")
        name, content = await ticket_pdf(runtime, actor.user, stored)
    except NotFoundError:
        return _error(request, 404, "TICKET_NOT_FOUND", number=request.path_params["number"])
    etag = f'"{hashlib.sha256(content).hexdigest()}"'
    return file_response(request, FileBody(name=name, media_type="application/pdf", size=len(content), etag=etag,
                                           chunks=memory_chunks(content)))


async def download_export(request: Request) -> Response:
    """``GET /exports/{id}``: the file of one's own finished export (anyone else's is 404)."""
    caller = await _caller(request, links.export_link(_uuid(request.path_params["id"]))[1])
    if isinstance(caller, Response):
        return caller
    runtime: Runtime = request.app.state.runtime
    try:
        if caller is None:
            raise NotFoundError("EXPORT_NOT_FOUND")
        job = await job_of(caller.user.id, request.path_params["id"])
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
    key = job.storage_key

    def chunks(start: int, end: int) -> AsyncIterator[bytes]:
        return runtime.storage.read(key, start, end)

    # The stored file never changes (each export is written under a new key): its key identifies its bytes.
    etag = f'"{hashlib.sha256(key.encode()).hexdigest()[:40]}"'
    return file_response(request, FileBody(name=job.file_name, media_type=FORMATS[job.format], size=job.size or 0,
                                           etag=etag, chunks=chunks))


def routes() -> list[Route]:
    """The download routes (GET and HEAD only)."""
    return [
        Route("/attachments/{id}", download_attachment, methods=["GET"]),
        Route("/attachments/{id}/thumbnail/{size:int}", attachment_thumbnail, methods=["GET"]),
        Route("/tickets/{number}/attachments.zip", download_ticket_zip, methods=["GET"]),
        Route("/tickets/{number}/print.pdf", print_ticket, methods=["GET"]),
        Route("/exports/{id}", download_export, methods=["GET"]),
    ]
