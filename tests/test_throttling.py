"""Sign-in and account requests are throttled per account and per client address, counted in this process or
in Redis: over a limit the answer is TOO_MANY_ATTEMPTS with the seconds to wait (``extensions.retryAfter`` and
the ``Retry-After`` header), even for the right password, and a success starts the account's count over."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from loket.core.auth.accounts import create_user
from tests.graphql_client import GraphQLClient
from tests.redis_server import machine_redis, unique_channel

LOGIN = "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }"
EXTERNAL = "mutation($c: String!) { loginExternal(input: {provider: \"sample-sso\", credential: $c}) { token } }"
REGISTER = """mutation($e: String!) {
  register(input: {email: $e, password: "kata-sandi-panjang", displayName: "Warga"}) {
  email } }"""
RESET = "mutation($e: String!) { requestPasswordReset(input: {email: $e}) { accepted } }"
PASSWORD = "kata-sandi-yang-benar"


@pytest.fixture(params=["memory", "redis"])
def counted_in(request) -> str:
    return request.param


@pytest.fixture
def limits() -> dict:
    return {}


@pytest.fixture
def settings(settings, counted_in, limits):
    where = {"redis_url": machine_redis(), "redis_channel": unique_channel()} if counted_in == "redis" else {}
    return settings.model_copy(update={**where, **limits})


@pytest.fixture
def plugins():
    from tests.plugins import loket_sample_desk

    return [loket_sample_desk]


@pytest.fixture
async def owner(app):
    return await create_user(email="pemilik@contoh.go.id", display_name="Pemilik", password=PASSWORD)


async def post(client: GraphQLClient, query: str, variables: dict, **headers) -> httpx.Response:
    return await client.http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)


def codes(response: httpx.Response) -> list[str]:
    return [error["extensions"]["code"] for error in response.json().get("errors") or []]


@pytest.fixture
async def from_address(app):
    """Clients of their own at other IP addresses."""
    clients: list[httpx.AsyncClient] = []

    def make(ip: str) -> GraphQLClient:
        transport = httpx.ASGITransport(app=app, client=(ip, 4567))
        clients.append(httpx.AsyncClient(transport=transport, base_url="http://loket.test"))
        return GraphQLClient(clients[-1])

    yield make
    for http in clients:
        await http.aclose()


async def test_200_wrong_passwords_lock_the_account_and_the_right_one_waits_too(client, owner, from_address):
    answers = [await post(client, LOGIN, {"e": "pemilik@contoh.go.id", "p": f"salah-{i:03d}"}) for i in range(200)]
    assert [codes(answer) for answer in answers[:10]] == [["INVALID_CREDENTIALS"]] * 10
    refused = answers[10:]
    assert all(codes(answer) == ["TOO_MANY_ATTEMPTS"] for answer in refused)
    last = refused[-1]
    assert last.status_code == 200
    retry_after = int(last.headers["Retry-After"])
    assert 0 < retry_after <= 900
    error = last.json()["errors"][0]
    assert error["extensions"]["retryAfter"] == retry_after
    assert error["message"] == f"Terlalu banyak percobaan; coba lagi dalam {retry_after} detik"
    assert "retry-after" not in answers[0].headers

    right = await post(client, LOGIN, {"e": "pemilik@contoh.go.id", "p": PASSWORD})
    assert codes(right) == ["TOO_MANY_ATTEMPTS"], "the right password is refused during the lock-out"
    assert int(right.headers["Retry-After"]) <= retry_after
    elsewhere = from_address("203.0.113.9")
    other = await elsewhere.execute(LOGIN, {"e": "tidak-ada@contoh.go.id", "p": PASSWORD})
    assert other.error_codes == ["INVALID_CREDENTIALS"], "other accounts are not locked"
    assert (await elsewhere.execute(LOGIN, {"e": "pemilik@contoh.go.id", "p": PASSWORD})).error_codes == [
        "TOO_MANY_ATTEMPTS"], "the account is locked from every address"
    # 200 attempts from one address are over its own limit (100) as well.
    assert codes(await post(client, LOGIN, {"e": "tidak-ada@contoh.go.id", "p": PASSWORD})) == ["TOO_MANY_ATTEMPTS"]


async def test_a_success_starts_the_count_over(client, owner):
    for _ in range(2):
        for i in range(9):
            answer = await client.execute(LOGIN, {"e": "pemilik@contoh.go.id", "p": f"salah-{i}"})
            assert answer.error_codes == ["INVALID_CREDENTIALS"]
        assert await client.login("pemilik@contoh.go.id", PASSWORD)


async def test_unknown_accounts_lock_alike(client):
    answers = [await client.execute(LOGIN, {"e": "tidak-ada@contoh.go.id", "p": f"salah-{i}"}) for i in range(11)]
    assert [answer.error_codes for answer in answers] == [["INVALID_CREDENTIALS"]] * 10 + [["TOO_MANY_ATTEMPTS"]]


class TestShortWindow:
    @pytest.fixture
    def limits(self):
        return {"login_failure_window_seconds": 1, "login_max_failures_per_account": 3}

    async def test_the_account_opens_again_when_the_window_closes(self, client, owner):
        for i in range(4):
            await client.execute(LOGIN, {"e": "pemilik@contoh.go.id", "p": f"salah-{i}"})
        locked = await client.execute(LOGIN, {"e": "pemilik@contoh.go.id", "p": PASSWORD})
        assert locked.error_codes == ["TOO_MANY_ATTEMPTS"] and locked.errors[0]["extensions"]["retryAfter"] == 1
        await asyncio.sleep(1.2)
        assert await client.login("pemilik@contoh.go.id", PASSWORD)


class TestPerAddress:
    @pytest.fixture
    def limits(self):
        return {"login_max_failures_per_address": 5}

    async def test_failures_across_accounts_lock_the_address_and_only_it(self, client, owner, from_address):
        for i in range(5):
            answer = await client.execute(LOGIN, {"e": f"tebakan-{i}@contoh.go.id", "p": "salah-sekali"})
            assert answer.error_codes == ["INVALID_CREDENTIALS"]
        sixth = await post(client, LOGIN, {"e": "pemilik@contoh.go.id", "p": PASSWORD})
        assert codes(sixth) == ["TOO_MANY_ATTEMPTS"] and int(sixth.headers["Retry-After"]) > 0
        elsewhere = from_address("203.0.113.7")
        assert await elsewhere.login("pemilik@contoh.go.id", PASSWORD), "another address is not locked"

    async def test_successes_do_not_use_up_the_address(self, client, owner):
        for _ in range(8):
            assert await client.login("pemilik@contoh.go.id", PASSWORD)

    async def test_refused_external_credentials_count_for_the_address(self, client, owner):
        for _ in range(5):
            refused = await client.execute(EXTERNAL, {"c": "forged"})
            assert refused.error_codes == ["SAMPLE_SSO_REFUSED"]
        over = await client.execute(EXTERNAL, {"c": "ok:pegawai@contoh.go.id:Pegawai"})
        assert over.error_codes == ["TOO_MANY_ATTEMPTS"]
        assert (await client.execute(LOGIN, {"e": "pemilik@contoh.go.id", "p": PASSWORD})).error_codes == [
            "TOO_MANY_ATTEMPTS"]


class TestAccountRequests:
    @pytest.fixture
    def limits(self):
        return {"account_requests_per_address": 3}

    async def test_register_and_reset_requests_are_limited_per_address(self, client, from_address):
        assert (await client.execute(REGISTER, {"e": "satu@contoh.go.id"})).ok()
        assert (await client.execute(RESET, {"e": "satu@contoh.go.id"})).ok()
        assert (await client.execute(REGISTER, {"e": "dua@contoh.go.id"})).ok()
        fourth = await post(client, RESET, {"e": "dua@contoh.go.id"})
        assert codes(fourth) == ["TOO_MANY_ATTEMPTS"] and int(fourth.headers["Retry-After"]) > 0
        assert codes(await post(client, REGISTER, {"e": "tiga@contoh.go.id"})) == ["TOO_MANY_ATTEMPTS"]
        assert (await from_address("198.51.100.4").execute(REGISTER, {"e": "tiga@contoh.go.id"})).ok()
