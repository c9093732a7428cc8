"""Persisted queries: documents named by their SHA-256 hash (Apollo's ``persistedQuery`` extension, version 1).

``LOKET_PERSISTED_QUERIES`` chooses the mode:

- ``auto`` (automatic persisted queries): a client sends ``extensions.persistedQuery = {version: 1,
  sha256Hash}`` without the document; an unknown hash is refused with ``PERSISTED_QUERY_NOT_FOUND`` and the
  client sends the hash with the document, which is checked against the hash and kept (once it has run without
  a request error). Documents are kept in Redis when the deployment has one (``LOKET_REDIS_URL``, keys
  ``<LOKET_REDIS_CHANNEL>:apq:<hash>`` with ``LOKET_PERSISTED_QUERY_TTL_SECONDS``), with a bounded copy in
  memory, and in memory alone otherwise: a least-recently-used cache of at most
  ``LOKET_PERSISTED_QUERY_CACHE_SIZE`` documents of at most ``LOKET_PERSISTED_QUERY_MAX_BYTES`` each.
- ``allowlist``: only the documents of ``LOKET_PERSISTED_QUERIES_FILE`` run, named by their hash or sent in
  full; anything else is refused with ``PERSISTED_QUERY_NOT_ALLOWED``.
- ``off``: the extension is refused with ``PERSISTED_QUERY_NOT_SUPPORTED`` (clients then send documents).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from loket.core.errors import ConfigurationError, LoketError
from loket.core.settings import Settings

HASH_SHAPE = re.compile(r"^[0-9a-f]{64}$")
APOLLO_MANIFEST = "apollo-persisted-query-manifest"


class PersistedQueryError(LoketError):
    """A persisted query that cannot run: its ``code`` tells the client what to do (send the document, stop
    sending hashes, or give up)."""

    code = "PERSISTED_QUERY_INVALID"

    def __init__(self, code: str | None = None, **params: Any) -> None:
        super().__init__(code, field="extensions.persistedQuery", **params)


def document_hash(document: str) -> str:
    """The hash that names a document: SHA-256 of its UTF-8 text, in lowercase hex."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def requested_hash(extensions: dict[str, Any] | None) -> str | None:
    """The hash named by a request's ``extensions.persistedQuery``, or None when it names none."""
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise PersistedQueryError("PERSISTED_QUERY_INVALID")
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not HASH_SHAPE.match(digest.lower()):
        raise PersistedQueryError("PERSISTED_QUERY_INVALID")
    return digest.lower()


class DocumentStore(Protocol):
    """Where automatic persisted queries are kept."""

    async def get(self, digest: str) -> str | None: ...

    async def put(self, digest: str, document: str) -> None: ...

    async def close(self) -> None: ...


class MemoryDocumentStore:
    """Documents in this process: least recently used first out, at most ``max_count`` of at most
    ``max_bytes`` each (a larger document runs but is not kept), so memory stays bounded whatever is sent."""

    def __init__(self, max_count: int, max_bytes: int) -> None:
        self.max_count, self.max_bytes = max_count, max_bytes
        self._documents: OrderedDict[str, str] = OrderedDict()

    def __len__(self) -> int:
        return len(self._documents)

    async def get(self, digest: str) -> str | None:
        document = self._documents.get(digest)
        if document is not None:
            self._documents.move_to_end(digest)
        return document

    async def put(self, digest: str, document: str) -> None:
        if len(document.encode("utf-8")) > self.max_bytes:
            return
        self._documents[digest] = document
        self._documents.move_to_end(digest)
        while len(self._documents) > self.max_count:
            self._documents.popitem(last=False)

    async def close(self) -> None:
        self._documents.clear()


@dataclass
class Resolved:
    """The document to run, and the hash to keep it under once it has run (None: nothing to keep)."""

    query: str | None
    remember: str | None = None


class PersistedQueries:
    """Turns a request's ``query`` and ``extensions`` into the document to run, in the deployment's mode."""

    def __init__(self, mode: str, store: DocumentStore | None = None,
                 allowed: dict[str, str] | None = None) -> None:
        self.mode = mode
        self.store = store
        self.allowed = allowed or {}

    async def resolve(self, query: str | None, extensions: dict[str, Any] | None) -> Resolved:
        digest = requested_hash(extensions)
        if self.mode == "off":
            if digest is not None:
                raise PersistedQueryError("PERSISTED_QUERY_NOT_SUPPORTED")
            return Resolved(query)
        if digest is not None and query is not None and document_hash(query) != digest:
            raise PersistedQueryError("PERSISTED_QUERY_HASH_MISMATCH")
        if self.mode == "allowlist":
            listed = self.allowed.get(digest if digest is not None else document_hash(query or ""))
            if listed is None:
                raise PersistedQueryError("PERSISTED_QUERY_NOT_ALLOWED")
            return Resolved(listed)
        if digest is None:
            return Resolved(query)
        if query is not None:
            return Resolved(query, remember=digest)
        found = await self.store.get(digest) if self.store is not None else None
        if found is None:
            raise PersistedQueryError("PERSISTED_QUERY_NOT_FOUND")
        return Resolved(found)

    async def remember(self, digest: str, document: str) -> None:
        """Keeps a document that ran (its hash was checked by ``resolve``)."""
        if self.store is not None:
            await self.store.put(digest, document)

    async def close(self) -> None:
        if self.store is not None:
            await self.store.close()


def read_allow_list(path: Path) -> dict[str, str]:
    """The documents of an allow-list file: a JSON object of hash -> document (what ``loket persisted-queries``
    writes, and GraphQL Code Generator's ``persisted-documents.json`` with ``hashAlgorithm: 'sha256'``), or an
    Apollo persisted query manifest. Every hash must be the SHA-256 of its document."""
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"LOKET_PERSISTED_QUERIES_FILE {path} cannot be read as JSON: {exc}") from None
    if isinstance(content, dict) and content.get("format") == APOLLO_MANIFEST:
        operations = content.get("operations")
        if not isinstance(operations, list):
            raise ConfigurationError(f"{path}: an Apollo manifest needs a list of operations")
        content = {op.get("id"): op.get("body") for op in operations if isinstance(op, dict)}
    if not isinstance(content, dict):
        raise ConfigurationError(f"{path}: expected a JSON object of hash -> document")
    allowed: dict[str, str] = {}
    for digest, document in content.items():
        if not isinstance(digest, str) or not isinstance(document, str) or document_hash(document) != digest.lower():
            raise ConfigurationError(f"{path}: {str(digest)[:80]!r} is not the SHA-256 hash of its document")
        allowed[digest.lower()] = document
    return allowed


def build_allow_list(folder: Path) -> dict[str, str]:
    """hash -> document for every ``*.graphql`` file under ``folder`` (each file is one document, sent as it
    is written), sorted by file name so the output is stable."""
    files = sorted(folder.rglob("*.graphql"))
    return {document_hash(text): text for text in (file.read_text(encoding="utf-8") for file in files)}


def build_persisted_queries(settings: Settings) -> PersistedQueries:
    """The deployment's persisted queries, from its settings."""
    mode = settings.persisted_queries
    if mode == "allowlist":
        if settings.persisted_queries_file is None:
            raise ConfigurationError("LOKET_PERSISTED_QUERIES=allowlist needs LOKET_PERSISTED_QUERIES_FILE")
        return PersistedQueries(mode, allowed=read_allow_list(settings.persisted_queries_file))
    if mode == "off":
        return PersistedQueries(mode)
    memory = MemoryDocumentStore(settings.persisted_query_cache_size, settings.persisted_query_max_bytes)
    if settings.redis_url:
        from loket.core.http.persisted_queries_redis import RedisDocumentStore

        store: DocumentStore = RedisDocumentStore(settings.redis_url, prefix=f"{settings.redis_channel}:apq:",
                                                  ttl=settings.persisted_query_ttl_seconds, memory=memory)
    else:
        store = memory
    return PersistedQueries(mode, store)
