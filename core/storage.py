"""Where attachment bytes live. Files are stored under generated names (never the uploader's), copied in
chunks so a 500 MB upload never sits in memory, and read back only through authorised handlers."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Protocol

import aiofiles
import aiofiles.os
import anyio.to_thread

CHUNK_SIZE = 1024 * 1024
HEAD_SIZE = 512
DERIVED = ".derived-"  # files made from a stored file (its previews) are named <key>.derived-<what>


class FileTooLarge(Exception):
    """The stream went past the allowed size; nothing was kept."""


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int
    sha256: str
    head: bytes  # the first bytes, for a magic-number check


class Storage(Protocol):
    async def save(self, source: BinaryIO, *, max_bytes: int) -> StoredFile:
        """Store what ``source`` holds from its current position; raise FileTooLarge (keeping nothing)
        when it is longer than ``max_bytes``."""

    def read(self, key: str, start: int = 0, end: int | None = None) -> AsyncIterator[bytes]:
        """The stored bytes from ``start`` up to ``end`` (exclusive; None: the end of the file), chunk by chunk."""

    def path(self, key: str) -> Path:
        """Where the file is on this host's disk (previews are made from it and kept beside it)."""

    async def exists(self, key: str) -> bool: ...

    async def delete(self, key: str) -> None:
        """Remove the file and whatever was derived from it (previews)."""


class LocalStorage:
    """A folder on disk (shared between hosts when it is a shared volume)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        resolved = (self.root / key).resolve()
        if self.root.resolve() not in resolved.parents:
            raise ValueError("storage key escapes the storage folder")
        return resolved

    async def save(self, source: BinaryIO, *, max_bytes: int) -> StoredFile:
        now = datetime.now(UTC)
        key = f"{now:%Y/%m}/{uuid.uuid4().hex}"
        # One worker thread reads, hashes and writes every chunk: a hop to a thread per chunk and per step
        # (as with aiofiles) made copying a large file about twice as slow.
        return await anyio.to_thread.run_sync(self._copy, source, key, max_bytes)

    def _copy(self, source: BinaryIO, key: str, max_bytes: int) -> StoredFile:
        final = self.path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        partial = final.with_suffix(".part")
        digest, size, head = hashlib.sha256(), 0, b""
        try:
            with partial.open("wb") as out:
                while chunk := source.read(CHUNK_SIZE):
                    size += len(chunk)
                    if size > max_bytes:
                        raise FileTooLarge()
                    if len(head) < HEAD_SIZE:
                        head += chunk[: HEAD_SIZE - len(head)]
                    digest.update(chunk)
                    out.write(chunk)
            os.replace(partial, final)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return StoredFile(key=key, size=size, sha256=digest.hexdigest(), head=head)

    async def read(self, key: str, start: int = 0, end: int | None = None) -> AsyncIterator[bytes]:
        async with aiofiles.open(self.path(key), "rb") as source:
            if start:
                await source.seek(start)
            left = None if end is None else end - start
            while left is None or left > 0:
                chunk = await source.read(CHUNK_SIZE if left is None else min(CHUNK_SIZE, left))
                if not chunk:
                    break
                if left is not None:
                    left -= len(chunk)
                yield chunk

    async def exists(self, key: str) -> bool:
        return await aiofiles.os.path.isfile(self.path(key))

    async def delete(self, key: str) -> None:
        path = self.path(key)
        for derived in await anyio.to_thread.run_sync(lambda: list(path.parent.glob(f"{path.name}{DERIVED}*"))):
            await self._remove(derived)
        await self._remove(path)

    @staticmethod
    async def _remove(path: Path) -> None:
        try:
            await aiofiles.os.remove(path)
        except FileNotFoundError:
            pass
