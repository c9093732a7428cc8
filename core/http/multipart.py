"""Reading GraphQL multipart requests (file uploads) quickly and in little memory.

Starlette's parser spools each file to a temporary file (in memory up to 1 MB, then on disk under TMPDIR),
writing through a worker thread. Fed the request as the server receives it (pieces of 64 KB or less), it
hops to a thread several times per piece, and that, not the disk, limited a 500 MB upload to about
200 MB/s. Here the same parser is fed pieces of 1 MB, so a file is spooled in 1 MB writes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from contextlib import aclosing

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

PIECE_SIZE = 1024 * 1024
MAX_FILES = 20  # per request: a client may stage several files at once with aliased mutations
MAX_FIELDS = 10  # the spec's "operations" and "map", and a little room
FORM_SCOPE_KEY = "loket.multipart_form"  # the parsed form, closed (temporary files removed) after the response


async def pieces(stream: AsyncIterator[bytes], size: int = PIECE_SIZE) -> AsyncIterator[bytes]:
    """The request body in pieces of at least ``size`` bytes (the last may be shorter)."""
    buffer = bytearray()
    async for chunk in stream:
        buffer += chunk
        if len(buffer) >= size:
            yield bytes(buffer)
            buffer.clear()
    if buffer:
        yield bytes(buffer)


async def parse_multipart(request: Request) -> FormData:
    """The form of a multipart request; a malformed one is a 400 answer, as Starlette's ``Request.form()``
    would give."""
    try:
        async with aclosing(pieces(request.stream())) as stream:
            form = await MultiPartParser(request.headers, stream, max_files=MAX_FILES, max_fields=MAX_FIELDS).parse()
    except MultiPartException as exc:
        raise HTTPException(status_code=400, detail=exc.message) from None
    request.scope[FORM_SCOPE_KEY] = form
    return form


async def close_form(scope: dict) -> None:
    """Close the uploaded files of a request's form, if it had one."""
    form: FormData | None = scope.pop(FORM_SCOPE_KEY, None)
    if form is not None:
        await form.close()
