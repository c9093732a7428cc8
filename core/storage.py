"""Where attachment bytes live. Files are stored under generated names (never the uploader's), written
in chunks so a 500 MB upload never sits in memory, and read back only through authorised handlers."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import aiofiles
import aiofiles.os

CHUNK_SIZE = 1024 * 1024
HEAD_SIZE = 512


class FileTooLarge(Exception):
    """The stream went past the allowed size; nothing was kept."""


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int
    sha256: str
    head: bytes  # the first bytes, for a magic-number check


class Storage(Protocol):
    async def save(self, chunks: AsyncIterable[bytes], *, max_bytes: int) -> StoredFile: ...

    def read(self, key: str) -> AsyncIterator[bytes]: ...

    async def delete(self, key: str) -> None: ...


class LocalStorage:
    """A folder on disk (shared between hosts when it is a shared volume)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        resolved = (self.root / key).resolve()
        if self.root.resolve() not in resolved.parents:
            raise ValueError("storage key escapes the storage folder")
        return resolved

    async def save(self, chunks: AsyncIterable[bytes], *, max_bytes: int) -> StoredFile:
        now = datetime.now(UTC)
        key = f"{now:%Y/%m}/{uuid.uuid4().hex}"
        final = self.path(key)
        await aiofiles.os.makedirs(final.parent, exist_ok=True)
        partial = final.with_suffix(".part")
        digest, size, head = hashlib.sha256(), 0, b""
        try:
            async with aiofiles.open(partial, "wb") as out:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > max_bytes:
                        raise FileTooLarge()
                    if len(head) < HEAD_SIZE:
                        head += chunk[: HEAD_SIZE - len(head)]
                    digest.update(chunk)
                    await out.write(chunk)
            await aiofiles.os.replace(partial, final)
        except BaseException:
            if os.path.exists(partial):
                await aiofiles.os.remove(partial)
            raise
        return StoredFile(key=key, size=size, sha256=digest.hexdigest(), head=head)

    async def read(self, key: str) -> AsyncIterator[bytes]:
        async with aiofiles.open(self.path(key), "rb") as source:
            while chunk := await source.read(CHUNK_SIZE):
                yield chunk

    async def delete(self, key: str) -> None:
        try:
            await aiofiles.os.remove(self.path(key))
        except FileNotFoundError:
            pass
