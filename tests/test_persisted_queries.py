"""Automatic persisted queries (Apollo's protocol) over POST and GET, kept in memory or in Redis, bounded in
memory whatever is sent; the allow-list mode runs only listed documents; the off mode says so."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import redis.asyncio as redis

from loket.core.cli import main as loket
from loket.core.errors import ConfigurationError
from loket.core.http.persisted_queries import document_hash, read_allow_list
from loket.core.settings import load_settings
from tests.redis_server import machine_redis, unique_channel

STRICT = "application/graphql-response+json"
DESKS = "query Desks { desks { slug } }"


def persisted(digest: str) -> dict:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


async def send(client, method: str, query: str | None, digest: str | None, accept: str | None = None,
               **extra) -> httpx.Response:
    body: dict = {**extra}
    if query is not None:
        body["query"] = query
    if digest is not None:
        body["extensions"] = persisted(digest)
    headers = {"Accept-Language": "en", **({"Accept": accept} if accept else {})}
    if method == "POST":
        return await client.http.post("/graphql", json=body, headers=headers)
    params = {key: json.dumps(value) if isinstance(value, dict) else value for key, value in body.items()}
    return await client.http.get("/graphql", params=params, headers={"Accept": "*/*", **headers})


def codes(response: httpx.Response) -> list[str]:
    return [error["extensions"]["code"] for error in response.json().get("errors", [])]


@pytest.fixture(params=["memory", "redis"])
def kept_in(request) -> str:
    return request.param


@pytest.fixture
def limits() -> dict:
    return {}


@pytest.fixture
def settings(settings, kept_in, limits):
    where = {"redis_url": machine_redis(), "redis_channel": unique_channel()} if kept_in == "redis" else {}
    return settings.model_copy(update={**where, **limits})


@pytest.fixture
async def redis_keys(settings):
    """The Redis keys of this test's documents (removed afterwards)."""
    if not settings.redis_url:
        yield None
        return
    connection = redis.Redis.from_url(settings.redis_url)

    async def keys() -> list[bytes]:
        return [key async for key in connection.scan_iter(match=f"{settings.redis_channel}:apq:*")]

    yield keys
    for key in await keys():
        await connection.delete(key)
    await connection.aclose()


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_a_hash_is_unknown_until_sent_with_its_document(client, method, redis_keys, settings):
    digest = document_hash(DESKS)
    first = await send(client, method, None, digest)
    assert first.status_code == 200 and codes(first) == ["PERSISTED_QUERY_NOT_FOUND"], first.text
    assert first.json()["errors"][0]["message"].startswith("The server does not know this persisted query")
    assert "no-cache" in first.headers["cache-control"]
    assert (await send(client, method, None, digest, accept=STRICT)).status_code == 400

    stored = await send(client, method, DESKS, digest)
    assert stored.status_code == 200 and stored.json()["data"]["desks"], stored.text
    again = await send(client, method, None, digest)
    assert again.status_code == 200 and again.json() == stored.json()
    if redis_keys is not None:
        assert await redis_keys() == [f"{settings.redis_channel}:apq:{digest}".encode()]


@pytest.mark.parametrize("kept_in", ["redis"])  # memory is per process
async def test_documents_kept_in_redis_serve_every_process(app, client, kept_in, redis_keys, settings):
    from loket.core.http.persisted_queries import build_persisted_queries

    digest = document_hash(DESKS)
    assert (await send(client, "POST", DESKS, digest)).status_code == 200
    other_process = build_persisted_queries(settings)
    try:
        assert (await other_process.resolve(None, persisted(digest))).query == DESKS
    finally:
        await other_process.close()
    connection = redis.Redis.from_url(settings.redis_url)
    ttl = await connection.ttl(f"{settings.redis_channel}:apq:{digest}")
    await connection.aclose()
    assert 0 < ttl <= settings.persisted_query_ttl_seconds


async def test_a_hash_that_is_not_its_documents_is_refused(client, redis_keys):
    response = await send(client, "POST", DESKS, document_hash("{ desks { name } }"))
    assert response.status_code == 200 and codes(response) == ["PERSISTED_QUERY_HASH_MISMATCH"]
    assert response.json()["errors"][0]["extensions"]["field"] == "extensions.persistedQuery"
    assert codes(await send(client, "POST", None, document_hash("{ desks { name } }"))) == \
        ["PERSISTED_QUERY_NOT_FOUND"]


@pytest.mark.parametrize("extension", [[], "x", {"version": 2, "sha256Hash": "0" * 64}, {"version": 1},
                                       {"version": 1, "sha256Hash": "xyz"}, {"version": 1, "sha256Hash": 5}])
async def test_a_malformed_persisted_query_is_400(client, extension):
    response = await client.http.post("/graphql", json={"extensions": {"persistedQuery": extension}})
    assert response.status_code == 400 and codes(response) == ["PERSISTED_QUERY_INVALID"], response.text


async def test_a_document_that_does_not_validate_is_not_kept(client, redis_keys):
    document = "{ desks { nope } }"
    response = await send(client, "POST", document, document_hash(document))
    assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    assert codes(await send(client, "POST", None, document_hash(document))) == ["PERSISTED_QUERY_NOT_FOUND"]
    if redis_keys is not None:
        assert await redis_keys() == []


@pytest.mark.parametrize("limits", [{"persisted_query_cache_size": 3, "persisted_query_max_bytes": 200}])
async def test_memory_stays_bounded(app, client, redis_keys):
    store = app.state.runtime.persisted_queries.store
    memory = getattr(store, "memory", store)
    documents = [f"query Q{i} {{ desks {{ slug }} }}" for i in range(8)]
    for document in documents:
        assert (await send(client, "POST", document, document_hash(document))).status_code == 200
    assert len(memory) == 3
    for _ in range(300):  # a flood of unknown hashes keeps nothing
        digest = document_hash(str(_))
        assert codes(await send(client, "POST", None, digest)) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert len(memory) == 3
    if redis_keys is None:  # in memory alone, the least recently used went first
        assert codes(await send(client, "POST", None, document_hash(documents[0]))) == ["PERSISTED_QUERY_NOT_FOUND"]
    last = await send(client, "POST", None, document_hash(documents[-1]))
    assert last.status_code == 200 and "errors" not in last.json()

    large = "query Large { desks { slug } }" + " " * 300  # runs, but is larger than a kept document may be
    assert (await send(client, "POST", large, document_hash(large))).json()["data"]["desks"]
    assert codes(await send(client, "POST", None, document_hash(large))) == ["PERSISTED_QUERY_NOT_FOUND"]


class TestAllowList:
    @pytest.fixture
    def allow_list(self, tmp_path: Path, capsys) -> Path:
        operations = tmp_path / "operations"
        (operations / "admin").mkdir(parents=True)
        (operations / "desks.graphql").write_text(DESKS + "\n", encoding="utf-8")
        (operations / "admin" / "me.graphql").write_text("query Me { me { email } }\n", encoding="utf-8")
        output = tmp_path / "persisted.json"
        assert loket(["persisted-queries", str(operations), "-o", str(output)]) == 0
        return output

    @pytest.fixture
    def kept_in(self) -> str:
        return "memory"

    @pytest.fixture
    def limits(self, allow_list: Path) -> dict:
        return {"persisted_queries": "allowlist", "persisted_queries_file": allow_list}

    def test_the_command_writes_hash_to_document(self, allow_list):
        assert read_allow_list(allow_list) == {document_hash(DESKS + "\n"): DESKS + "\n",
                                               document_hash("query Me { me { email } }\n"):
                                                   "query Me { me { email } }\n"}

    @pytest.mark.parametrize("method", ["POST", "GET"])
    async def test_only_listed_documents_run(self, client, method):
        listed = DESKS + "\n"
        by_hash = await send(client, method, None, document_hash(listed))
        assert by_hash.status_code == 200 and by_hash.json()["data"]["desks"], by_hash.text
        in_full = await send(client, method, listed, None)
        assert in_full.status_code == 200 and in_full.json()["data"]["desks"]
        for query, digest in ((DESKS, None), ("{ desks { name } }", None), (None, document_hash("{ x }")),
                              ("{ x }", document_hash("{ x }"))):
            refused = await send(client, method, query, digest, accept=STRICT)
            assert refused.status_code == 400 and codes(refused) == ["PERSISTED_QUERY_NOT_ALLOWED"], refused.text
            assert "allow-list" in refused.json()["errors"][0]["message"]

    def test_an_apollo_manifest_is_read_too(self, tmp_path):
        manifest = tmp_path / "manifest.json"
        manifest.write_text(json.dumps({"format": "apollo-persisted-query-manifest", "version": 1, "operations": [
            {"id": document_hash(DESKS), "name": "Desks", "type": "query", "body": DESKS}]}))
        assert read_allow_list(manifest) == {document_hash(DESKS): DESKS}

    @pytest.mark.parametrize("content", ['{"abc": "{ desks { slug } }"}', "[1]", "{bad",
                                         json.dumps({document_hash("{ a }"): "{ b }"})])
    def test_a_wrong_file_stops_the_start(self, tmp_path, content):
        path = tmp_path / "list.json"
        path.write_text(content)
        with pytest.raises(ConfigurationError):
            read_allow_list(path)

    def test_the_mode_needs_a_file(self):
        with pytest.raises(ConfigurationError, match="LOKET_PERSISTED_QUERIES_FILE"):
            load_settings(persisted_queries="allowlist")


@pytest.mark.parametrize("kept_in", ["memory"])  # off keeps nothing anywhere
@pytest.mark.parametrize("limits", [{"persisted_queries": "off"}])
async def test_off_refuses_hashes_and_runs_documents(client, kept_in):
    refused = await send(client, "POST", DESKS, document_hash(DESKS))
    assert refused.status_code == 200 and codes(refused) == ["PERSISTED_QUERY_NOT_SUPPORTED"]
    assert (await send(client, "POST", DESKS, None)).json()["data"]["desks"]
