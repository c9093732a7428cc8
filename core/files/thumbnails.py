"""Previews of images: a stored PNG, JPEG or GIF made small with Pillow, once, and kept beside the file.

Only attachments go through here, and every stored attachment passed its desk's policy (its extension is allowed
and its first bytes match the type); a file refused by the policy was never stored. Making a preview is bounded:
Pillow opens only the format the file claims; an image larger than ``LOKET_THUMBNAIL_MAX_PIXELS`` (read from its
header, before any pixel is decoded), a decompression bomb, or a broken file is refused, and that refusal is kept
beside the file too, so it is not tried again. The work runs in a worker thread, at most ``_AT_ONCE`` at a time,
and a request waits for it at most ``LOKET_THUMBNAIL_TIMEOUT_SECONDS`` (the preview is still kept when it comes).
"""

from __future__ import annotations

import io
import logging
import os
import threading
import warnings
from pathlib import Path

import aiofiles.os
import anyio
import anyio.to_thread
from PIL import Image, ImageOps, UnidentifiedImageError

from loket.core.errors import InvalidInputError
from loket.core.models import Attachment
from loket.core.runtime import Runtime
from loket.core.storage import DERIVED

logger = logging.getLogger("loket.thumbnails")

SIZES = (64, 128, 256, 512)  # a preview's longest edge; an asked size is rounded up to one of these
FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF"}
_AT_ONCE = threading.BoundedSemaphore(2)  # decoding in threads, across requests (abandoned ones included)


class ThumbnailRefused(Exception):
    """No preview can be made of this file (too large, a bomb, broken, or too slow)."""


def can_preview(attachment: Attachment) -> bool:
    return attachment.content_type in FORMATS


def edge_for(asked: int) -> int:
    """The preview size served for ``asked`` pixels: the next of ``SIZES`` (at most the largest)."""
    if asked < 1:
        raise InvalidInputError("THUMBNAIL_SIZE_NOT_ALLOWED", field="size", max=SIZES[-1])
    return next((size for size in SIZES if size >= asked), SIZES[-1])


def media_type(attachment: Attachment) -> str:
    return "image/jpeg" if attachment.content_type == "image/jpeg" else "image/png"


def thumbnail_key(attachment: Attachment, edge: int) -> str:
    """The storage key of the preview of ``attachment`` with longest edge ``edge`` (beside the file)."""
    extension = "jpg" if media_type(attachment) == "image/jpeg" else "png"
    return f"{attachment.storage_key}{DERIVED}thumb-{edge}.{extension}"


async def thumbnail(rt: Runtime, attachment: Attachment, edge: int) -> tuple[str, int]:
    """The storage key and size of the preview, made now if it was not yet; raises ThumbnailRefused."""
    key = thumbnail_key(attachment, edge)
    target = rt.storage.path(key)
    refused = rt.storage.path(f"{attachment.storage_key}{DERIVED}thumb-refused")
    if not await aiofiles.os.path.isfile(target):
        if await aiofiles.os.path.isfile(refused):
            raise ThumbnailRefused()
        source = rt.storage.path(attachment.storage_key)
        settings = rt.settings
        try:
            with anyio.fail_after(settings.thumbnail_timeout_seconds):
                await anyio.to_thread.run_sync(_make, source, FORMATS[attachment.content_type], edge,
                                               settings.thumbnail_max_pixels, target, refused,
                                               abandon_on_cancel=True)
        except TimeoutError:
            logger.warning("preview of attachment %s took longer than %ss", attachment.id,
                           settings.thumbnail_timeout_seconds)
            raise ThumbnailRefused() from None
    return key, (await aiofiles.os.stat(target)).st_size


def _make(source: Path, fmt: str, edge: int, max_pixels: int, target: Path, refused: Path) -> None:
    """Make the preview (in a worker thread) and keep it at ``target``; or keep the refusal at ``refused``."""
    with _AT_ONCE:
        if target.is_file():
            return  # made by another request meanwhile
        try:
            content = _shrink(source, fmt, edge, max_pixels)
        except ThumbnailRefused:
            _write(refused, b"")
            raise
        _write(target, content)


def _shrink(source: Path, fmt: str, edge: int, max_pixels: int) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(source, formats=[fmt]) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise ThumbnailRefused()
                if fmt == "JPEG":
                    image.draft("RGB", (edge, edge))  # decode at a fraction of the size when that is enough
                small = ImageOps.exif_transpose(image)
                small.thumbnail((edge, edge))
                out = io.BytesIO()
                if fmt == "JPEG":
                    small.convert("RGB").save(out, "JPEG", quality=85)
                else:
                    if small.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
                        small = small.convert("RGBA")
                    small.save(out, "PNG", optimize=True)
                return out.getvalue()
        except ThumbnailRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning, UnidentifiedImageError) as exc:
            logger.warning("no preview of %s: %s", source.name, exc)
            raise ThumbnailRefused() from None
        except Exception as exc:  # noqa: BLE001 - a broken image of any kind is refused, never a server error
            logger.warning("no preview of %s: %s: %s", source.name, type(exc).__name__, exc)
            raise ThumbnailRefused() from None


def _write(path: Path, content: bytes) -> None:
    partial = path.with_name(f"{path.name}.part-{threading.get_ident()}")
    partial.write_bytes(content)
    os.replace(partial, path)
