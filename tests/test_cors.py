"""CORS over HTTP, as a browser asks for it: preflights answered and cached for the allowed origins, and nothing
at all for the others; answers (a 401 too) readable by the allowed pages. From one setting, LOKET_ALLOWED_ORIGINS.
The websocket side and a real browser are in tests/e2e/test_cors_browser.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from loket.core.errors import ConfigurationError
from loket.core.settings import Settings, load_settings
from tests.conftest import TEST_SECRET

APP = "https://app.example.go.id"
OTHER = "https://evil.example.com"
ME = "{ me { email } }"


@pytest.fixture
def settings(migrated_database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=migrated_database_url, data_dir=tmp_path, secret_key=TEST_SECRET, plugins="all",
                    run_timers=False, allowed_origins=f"{APP}/, http://localhost:5173", cors_max_age_seconds=1234)


def preflight(origin: str, method: str = "POST",
              headers: str = "authorization, content-type, accept-language, x-request-id") -> dict[str, str]:
    return {"Origin": origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers}


def cors_headers(response) -> dict[str, str]:
    return {name: value for name, value in response.headers.items() if name.lower().startswith("access-control-")}


async def test_a_preflight_from_an_allowed_origin_is_answered_and_cached(client):
    response = await client.http.options("/graphql", headers=preflight(APP))
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == APP
    assert response.headers["access-control-max-age"] == "1234"
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["access-control-allow-methods"].split(",")}
    allowed = {h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")}
    assert {"authorization", "content-type", "accept-language", "x-request-id", "apollo-require-preflight",
            "x-apollo-operation-name", "apollographql-client-name", "apollographql-client-version"} <= allowed
    assert "access-control-allow-credentials" not in response.headers, "credentials are off by default"


async def test_apollo_clients_headers_pass_the_preflight(client):
    response = await client.http.options("/graphql", headers=preflight(
        "http://localhost:5173", headers="apollo-require-preflight,apollographql-client-name,content-type"))
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "http://localhost:5173"


@pytest.mark.parametrize("origin", [OTHER, "null", "https://app.example.go.id.evil.com", "http://app.example.go.id"])
async def test_a_preflight_from_another_origin_gets_no_cors_header_at_all(client, origin):
    response = await client.http.options("/graphql", headers=preflight(origin))
    assert response.status_code == 400
    assert cors_headers(response) == {}


async def test_the_answers_of_an_allowed_origin_are_readable_and_name_the_headers_it_may_read(client):
    response = await client.http.post("/graphql", json={"query": ME}, headers={"Origin": APP})
    assert response.status_code == 200 and response.json() == {"data": {"me": None}}
    assert response.headers["access-control-allow-origin"] == APP
    exposed = {h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")}
    assert {"etag", "content-disposition", "content-range", "content-length", "accept-ranges",
            "www-authenticate"} <= exposed
    assert "origin" in response.headers["vary"].lower()


async def test_a_refused_token_is_readable_by_the_page_that_sent_it(client):
    response = await client.http.post("/graphql", json={"query": ME},
                                      headers={"Origin": APP, "Authorization": "Bearer stale"})
    assert response.status_code == 401
    assert response.headers["access-control-allow-origin"] == APP
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"


async def test_another_origin_gets_its_answer_without_permission_to_read_it(client):
    response = await client.http.post("/graphql", json={"query": ME}, headers={"Origin": OTHER})
    assert "access-control-allow-origin" not in response.headers


async def test_queries_over_get_and_file_downloads_are_covered_too(client):
    query = await client.http.get("/graphql", params={"query": ME}, headers={"Origin": APP})
    assert query.headers["access-control-allow-origin"] == APP
    for path in ("/attachments/1", "/exports/1", "/tickets/T-1/print.pdf", "/tickets/T-1/attachments.zip"):
        answered = await client.http.options(path, headers=preflight(APP, "GET", "authorization,range"))
        assert answered.status_code == 200 and answered.headers["access-control-allow-origin"] == APP, path
        refused = await client.http.get(path, headers={"Origin": APP})
        assert refused.status_code in (401, 404) and refused.headers["access-control-allow-origin"] == APP, path


async def test_a_multipart_upload_preflight_is_answered(client):
    response = await client.http.options("/graphql", headers=preflight(APP, "POST", "authorization"))
    assert response.status_code == 200 and response.headers["access-control-allow-origin"] == APP


async def test_a_method_the_api_does_not_take_is_not_allowed(client):
    response = await client.http.options("/graphql", headers=preflight(APP, "DELETE"))
    assert response.status_code == 400


def test_without_allowed_origins_no_page_of_another_origin_may_call(tmp_path: Path):
    assert Settings(data_dir=tmp_path).allowed_origin_list == []


def test_origins_are_compared_as_browsers_send_them(tmp_path: Path):
    settings = Settings(data_dir=tmp_path, allowed_origins="HTTPS://App.Example.go.id:443/, http://localhost:8080")
    assert settings.allowed_origin_list == ["http://localhost:8080", "https://app.example.go.id"]


@pytest.mark.parametrize("overrides", [
    {"allowed_origins": "*", "env": "production", "secret_key": TEST_SECRET},
    {"allowed_origins": "*", "cors_allow_credentials": True},
    {"allowed_origins": "https://app.example.go.id/path"},
    {"allowed_origins": "app.example.go.id"},
])
def test_unsafe_or_malformed_origins_are_refused_at_start(tmp_path: Path, overrides: dict):
    with pytest.raises(ConfigurationError, match="LOKET_ALLOWED_ORIGINS"):
        load_settings(data_dir=tmp_path, **overrides)


class TestCredentials:
    @pytest.fixture
    def settings(self, migrated_database_url: str, tmp_path: Path) -> Settings:
        return Settings(database_url=migrated_database_url, data_dir=tmp_path, secret_key=TEST_SECRET,
                        plugins="all", run_timers=False, allowed_origins=APP, cors_allow_credentials=True)

    async def test_credentials_are_allowed_when_the_setting_says_so(self, client):
        response = await client.http.options("/graphql", headers=preflight(APP))
        assert response.headers["access-control-allow-credentials"] == "true"
        assert response.headers["access-control-allow-origin"] == APP


class TestAnyOriginInDevelopment:
    @pytest.fixture
    def settings(self, migrated_database_url: str, tmp_path: Path) -> Settings:
        return Settings(database_url=migrated_database_url, data_dir=tmp_path, secret_key=TEST_SECRET,
                        plugins="all", run_timers=False, allowed_origins="*")

    async def test_any_origin_may_call_without_credentials(self, client):
        response = await client.http.options("/graphql", headers=preflight(OTHER))
        assert response.status_code == 200 and response.headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in response.headers
