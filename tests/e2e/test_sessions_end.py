"""Sessions end everywhere at once: a live subscription stops, with the reason's code, within a second of its
sign-in ending (signing out, a password reset, the token's expiry), on the process that ended it and on every
other one (through Redis); then the socket closes with 4401 and the code as reason. A websocket whose session
ended unannounced starts nothing more; one whose session was refreshed outlives the first expiry.

Real ``loket serve`` processes, real websocket clients (graphql-transport-ws), SQLite and PostgreSQL; across
processes PostgreSQL and Redis.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import os
import sqlite3
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import jwt
import pytest
import websockets

from tests.databases import BACKENDS, throwaway_database
from tests.e2e.live import Person, login
from tests.plugins.installation import installed_plugin
from tests.redis_server import private_redis, unique_channel
from tests.server_process import loket_env, run_loket, running_server
from tests.smtp_server import token_in
from tests.ticket_ops import create

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "sessions-end-everywhere"
NEW_PASSWORD = "a-new-and-longer-passphrase"
WAIT = 5.0
WITHIN = 1.0  # seconds from the request that ends a session to the end of its subscriptions
MINE = """subscription { queueUpdates(desk: "testdesk", queue: MINE) { inQueue resync ticket { number } } }"""
ME = "{ me { email } }"
LOGOUT = "mutation { logout { revoked } }"
REQUEST_RESET = "mutation($e: String!) { requestPasswordReset(input: {email: $e}) { accepted } }"
RESET = "mutation($t: String!, $p: String!) { resetPassword(input: {token: $t, newPassword: $p}) { email } }"
LOGIN = "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token expiresAt } }"
REFRESH = "mutation($t: String!) { refreshSession(input: {token: $t}) { token expiresAt } }"


@dataclass
class Site:
    """A migrated database with the test desk installed, and the environment of its ``loket serve``."""

    env: dict[str, str]
    folder: Path
    url: str

    def email(self, name: str) -> str:
        return f"{name}@sessions.example"


@contextmanager
def deployed(backend: str, folder: Path, people: list[str]) -> Iterator[Site]:
    """The database, migrated, with ``people`` (reporters) created by ``loket createuser``."""
    with installed_plugin(folder / "site", name="testdesk", module="tests.plugins.loket_test_desk",
                          distribution="loket-test-desk"), throwaway_database(backend, folder) as url:
        python_path = [str(folder / "site"), str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
        env = loket_env(url, folder / "var", PYTHONPATH=os.pathsep.join(python_path),
                        LOKET_NEW_USER_PASSWORD=PASSWORD, LOKET_OUTBOX_POLL_SECONDS="0.2")
        site = Site(env, folder, url)
        migrated = run_loket("migrate", env=env, cwd=folder)
        assert migrated.returncode == 0, migrated.stderr
        for name in people:
            created = run_loket("createuser", "--email", site.email(name), env=env, cwd=folder)
            assert created.returncode == 0, created.stderr
        yield site


class Socket:
    """One websocket signed in through connection_init, carrying any number of operations by id."""

    def __init__(self, name: str, ws: Any) -> None:
        self.name = name
        self.ws = ws
        self.pending: dict[str, list[dict]] = defaultdict(list)

    async def start(self, operation_id: str, query: str) -> None:
        await self.ws.send(json.dumps({"id": operation_id, "type": "subscribe", "payload": {"query": query}}))

    async def receive(self, operation_id: str, expecting: str) -> dict:
        if self.pending[operation_id]:
            return self.pending[operation_id].pop(0)
        try:
            async with asyncio.timeout(WAIT):
                while True:
                    message = json.loads(await self.ws.recv())
                    if message["type"] == "ping":
                        await self.ws.send(json.dumps({"type": "pong"}))
                    elif message.get("id") == operation_id:
                        return message
                    elif "id" in message:
                        self.pending[message["id"]].append(message)
        except TimeoutError:
            raise AssertionError(f"{self.name}: nothing for operation {operation_id} within {WAIT} s while "
                                 f"waiting for {expecting}") from None

    async def live(self, operation_id: str, query: str = MINE) -> None:
        """Start a queue subscription and wait for its first update, which says it is live."""
        await self.start(operation_id, query)
        first = await self.receive(operation_id, "the first update")
        assert first["type"] == "next" and first["payload"]["data"]["queueUpdates"]["resync"], first

    async def update(self, operation_id: str) -> dict:
        message = await self.receive(operation_id, "an update")
        assert message["type"] == "next" and not message["payload"].get("errors"), f"{self.name}: {message}"
        return message["payload"]["data"]["queueUpdates"]

    async def ended(self, operation_id: str) -> str:
        """The code an operation ends with: one result of ``data: null`` and one error, then completion."""
        message = await self.receive(operation_id, "the end of the operation")
        assert message["type"] == "next", f"{self.name}: expected an error, got {message}"
        assert message["payload"]["data"] is None, message
        [error] = message["payload"]["errors"]
        assert error["message"] and error["extensions"]["code"], error
        completion = await self.receive(operation_id, "completion")
        assert completion == {"id": operation_id, "type": "complete"}, completion
        return error["extensions"]["code"]

    async def closed(self) -> tuple[int, str]:
        """The close code and reason the server ends the socket with (messages before it are skipped)."""
        try:
            async with asyncio.timeout(WAIT):
                while True:
                    await self.ws.recv()
        except websockets.ConnectionClosed as closed:
            assert closed.rcvd is not None, f"{self.name}: closed without a close frame"
            return closed.rcvd.code, closed.rcvd.reason
        except TimeoutError:
            raise AssertionError(f"{self.name}: still open after {WAIT} s") from None


@asynccontextmanager
async def socket(base: str, token: str, name: str = "client") -> AsyncIterator[Socket]:
    url = base.replace("http", "ws", 1) + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init",
                                  "payload": {"authorization": f"Bearer {token}", "language": "en"}}))
        ack = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
        assert ack["type"] == "connection_ack", ack
        yield Socket(name, ws)


async def graphql(base: str, query: str, token: str | None = None, **variables: Any) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(base_url=base, timeout=WAIT * 2) as http:
        body = (await http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)).json()
    assert not body.get("errors"), body
    return body["data"]


async def reset_token(site: Site, address: str) -> str:
    """The token of the newest password reset link mailed to ``address`` (written as .eml: no SMTP host)."""
    folder = site.folder / "var" / "outbox"
    deadline = asyncio.get_running_loop().time() + 15
    while True:
        for path in sorted(folder.glob("*.eml"), reverse=True) if folder.exists() else []:
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if address in message["To"] and "reset-password" in message.get_body(("plain",)).get_content():
                return token_in(message)
        assert asyncio.get_running_loop().time() < deadline, f"no reset link was mailed to {address}"
        await asyncio.sleep(0.1)


async def change_database(site: Site, sql: str, *params: Any) -> None:
    """Change the server's database behind its back (``?`` placeholders), as when a notice was lost."""
    if site.url.startswith("sqlite"):
        with closing(sqlite3.connect(site.url.removeprefix("sqlite://"))) as db, db:
            db.execute(sql, params)
        return
    for number in range(1, len(params) + 1):
        sql = sql.replace("?", f"${number}", 1)
    connection = await asyncpg.connect(site.url)
    try:
        await connection.execute(sql, *params)
    finally:
        await connection.close()


def session_of(token: str) -> str:
    return jwt.decode(token, options={"verify_signature": False})["sid"]


def elapsed_since(start: float) -> float:
    return asyncio.get_running_loop().time() - start


# One server process, each database backend.

@dataclass
class Server:
    site: Site
    base: str


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp(f"sessions-{request.param}")
    with deployed(request.param, folder, ["ana", "citra", "eka"]) as site, running_server(site.env, folder) as base:
        yield Server(site, base)


async def test_signing_out_ends_that_sessions_subscriptions_within_a_second(server: Server):
    base, address = server.base, server.site.email("ana")
    leaving, staying = login(base, address, PASSWORD), login(base, address, PASSWORD)
    async with socket(base, leaving, "leaving") as first, socket(base, leaving, "leaving too") as second, \
            socket(base, staying, "staying") as other:
        for sock in (first, second, other):
            await sock.live("1")
        start = asyncio.get_running_loop().time()
        assert (await graphql(base, LOGOUT, leaving))["logout"]["revoked"] is True
        assert await first.ended("1") == "TOKEN_REVOKED"
        assert await second.ended("1") == "TOKEN_REVOKED"
        assert elapsed_since(start) < WITHIN

        # The same person's other sign-in goes on.
        ticket = await create(Person("ana", address, staying, base))
        assert (await other.update("1"))["ticket"]["number"] == ticket["number"]


async def test_a_socket_whose_session_ended_is_closed_with_4401_and_the_code(server: Server):
    base = server.base
    token = login(base, server.site.email("ana"), PASSWORD)
    async with socket(base, token) as sock:
        await sock.live("1")
        await graphql(base, LOGOUT, token)
        assert await sock.ended("1") == "TOKEN_REVOKED"
        assert await sock.closed() == (4401, "TOKEN_REVOKED")


async def test_signing_out_through_the_socket_itself_is_answered_then_ends_its_subscriptions(server: Server):
    token = login(server.base, server.site.email("ana"), PASSWORD)
    async with socket(server.base, token) as sock:
        await sock.live("1")
        await sock.start("2", LOGOUT)
        answer = await sock.receive("2", "the answer to logout")
        assert answer == {"id": "2", "type": "next", "payload": {"data": {"logout": {"revoked": True}}}}, answer
        assert await sock.receive("2", "completion") == {"id": "2", "type": "complete"}
        assert await sock.ended("1") == "TOKEN_REVOKED"
        assert await sock.closed() == (4401, "TOKEN_REVOKED")


async def test_a_socket_checks_its_session_again_before_each_operation(server: Server):
    """A revocation that no notice announced (as when Redis was away) and an account disabled in the database:
    the next subscription is refused with the reason, and the socket's live subscriptions end with it."""
    base, site = server.base, server.site
    revoked = login(base, site.email("ana"), PASSWORD)
    async with socket(base, revoked) as sock:
        await sock.live("1")
        await change_database(site, "UPDATE loket_auth_session SET revoked_at = created_at WHERE id = ?",
                              session_of(revoked))
        await sock.start("2", ME)  # a query too
        assert await sock.ended("2") == "TOKEN_REVOKED"
        assert await sock.ended("1") == "TOKEN_REVOKED"
        assert await sock.closed() == (4401, "TOKEN_REVOKED")

    disabled = login(base, site.email("eka"), PASSWORD)
    async with socket(base, disabled) as sock:
        await sock.live("1")
        await change_database(site, "UPDATE loket_user SET is_active = ? WHERE email = ?", False, site.email("eka"))
        await sock.start("2", MINE)
        assert await sock.ended("2") == "ACCOUNT_DISABLED"
        assert await sock.ended("1") == "ACCOUNT_DISABLED"
        assert await sock.closed() == (4401, "ACCOUNT_DISABLED")


async def test_a_password_reset_ends_every_session_of_the_account(server: Server):
    base, site = server.base, server.site
    first, second = login(base, site.email("citra"), PASSWORD), login(base, site.email("citra"), PASSWORD)
    bystander = login(base, site.email("ana"), PASSWORD)
    async with socket(base, first, "first") as one, socket(base, second, "second") as two, \
            socket(base, bystander, "bystander") as other:
        for sock in (one, two, other):
            await sock.live("1")
        await graphql(base, REQUEST_RESET, e=site.email("citra"))
        token = await reset_token(site, site.email("citra"))
        start = asyncio.get_running_loop().time()
        await graphql(base, RESET, t=token, p=NEW_PASSWORD)
        assert await one.ended("1") == "TOKEN_REVOKED"
        assert await two.ended("1") == "TOKEN_REVOKED"
        assert elapsed_since(start) < WITHIN

        ticket = await create(Person("ana", site.email("ana"), bystander, base))
        assert (await other.update("1"))["ticket"]["number"] == ticket["number"]
    login(base, site.email("citra"), NEW_PASSWORD)


async def test_an_expiring_token_ends_its_subscriptions_when_it_expires(server: Server):
    site = server.site
    # A second process on the same database whose tokens live three seconds.
    env = site.env | {"LOKET_TOKEN_TTL_SECONDS": "3", "LOKET_RUN_TIMERS": "false"}
    with running_server(env, site.folder) as base:
        signed_in = await graphql(base, LOGIN, e=site.email("ana"), p=PASSWORD)
        token, expires_at = signed_in["login"]["token"], datetime.fromisoformat(signed_in["login"]["expiresAt"])
        async with socket(base, token) as sock:
            await sock.live("1")
            assert await sock.ended("1") == "TOKEN_EXPIRED"
            late = (datetime.now(expires_at.tzinfo) - expires_at).total_seconds()
            assert -0.05 <= late < WITHIN
            assert await sock.closed() == (4401, "TOKEN_EXPIRED")


async def test_a_refreshed_session_keeps_its_socket_past_the_first_expiry(server: Server):
    site = server.site
    env = site.env | {"LOKET_TOKEN_TTL_SECONDS": "3", "LOKET_RUN_TIMERS": "false"}
    with running_server(env, site.folder) as base:
        token = login(base, site.email("ana"), PASSWORD)
        async with socket(base, token) as sock:
            await sock.live("1")
            await asyncio.sleep(1.5)
            refreshed = (await graphql(base, REFRESH, t=token))["refreshSession"]
            first_expiry = datetime.fromisoformat(refreshed["expiresAt"]) - timedelta(seconds=1.5)
            ticket = await create(Person("ana", site.email("ana"), refreshed["token"], base))
            assert (await sock.update("1"))["ticket"]["number"] == ticket["number"]
            await asyncio.sleep(max((first_expiry - datetime.now(first_expiry.tzinfo)).total_seconds(), 0) + 0.5)
            await sock.start("2", ME)  # the socket lives on past the expiry it first knew
            answer = await sock.receive("2", "an answer")
            assert answer["payload"] == {"data": {"me": {"email": site.email("ana")}}}, answer
            assert await sock.ended("1") == "TOKEN_EXPIRED"  # at the new expiry
            assert await sock.closed() == (4401, "TOKEN_EXPIRED")


# Two server processes sharing PostgreSQL and a Redis of their own.

@dataclass
class Pair:
    site: Site
    first: str
    second: str
    redis: Any


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    folder = tmp_path_factory.mktemp("sessions-across")
    with deployed("postgres", folder, ["ana", "citra", "dedi"]) as site, private_redis(folder) as redis_server:
        env = site.env | {"LOKET_REDIS_URL": redis_server.url, "LOKET_REDIS_CHANNEL": unique_channel()}
        with running_server(env, folder) as first, running_server(env, folder) as second:
            yield Pair(site, first, second, redis_server)


async def test_signing_out_on_one_process_ends_the_subscription_on_another(pair: Pair):
    address = pair.site.email("ana")
    leaving, staying = login(pair.first, address, PASSWORD), login(pair.first, address, PASSWORD)
    async with socket(pair.second, leaving, "leaving") as there, socket(pair.first, leaving, "leaving here") as here, \
            socket(pair.second, staying, "staying") as other:
        for sock in (there, here, other):
            await sock.live("1")
        start = asyncio.get_running_loop().time()
        await graphql(pair.first, LOGOUT, leaving)
        assert await there.ended("1") == "TOKEN_REVOKED"
        assert await here.ended("1") == "TOKEN_REVOKED"
        assert elapsed_since(start) < WITHIN

        ticket = await create(Person("ana", address, staying, pair.first))
        assert (await other.update("1"))["ticket"]["number"] == ticket["number"]


async def test_a_password_reset_on_one_process_ends_the_accounts_sessions_on_every_process(pair: Pair):
    address = pair.site.email("citra")
    tokens = [login(base, address, PASSWORD) for base in (pair.first, pair.second)]
    async with AsyncExitStack() as stack:
        sockets = [await stack.enter_async_context(socket(base, token, f"on {base}"))
                   for base in (pair.first, pair.second) for token in tokens]
        for sock in sockets:
            await sock.live("1")
        await graphql(pair.second, REQUEST_RESET, e=address)
        link = await reset_token(pair.site, address)
        start = asyncio.get_running_loop().time()
        await graphql(pair.first, RESET, t=link, p=NEW_PASSWORD)
        for sock in sockets:
            assert await sock.ended("1") == "TOKEN_REVOKED"
        assert elapsed_since(start) < WITHIN


async def until_live(base: str, token: str, within: float = 20) -> None:
    """Wait until the process takes subscriptions again (its Redis listener is back)."""
    deadline = asyncio.get_running_loop().time() + within
    async with socket(base, token, "probe") as probe:
        for attempt in range(1000):
            await probe.start(f"probe-{attempt}", MINE)
            first = await probe.receive(f"probe-{attempt}", "the first update")
            if first["type"] == "next" and not first["payload"].get("errors"):
                return
            assert asyncio.get_running_loop().time() < deadline, f"still refused: {first}"
            await asyncio.sleep(0.2)


async def test_a_sign_out_unheard_while_redis_was_away_is_refused_at_the_next_subscription(pair: Pair):
    address = pair.site.email("dedi")
    token, other = login(pair.first, address, PASSWORD), login(pair.first, address, PASSWORD)
    async with socket(pair.second, token) as sock:
        await sock.live("1")
        pair.redis.stop()
        try:
            assert await sock.ended("1") == "LIVE_UPDATES_INTERRUPTED"
            await graphql(pair.first, LOGOUT, token)  # the notice cannot reach the other process
        finally:
            pair.redis.start()
        for base in (pair.first, pair.second):
            await until_live(base, other)
        await sock.start("2", MINE)
        assert await sock.ended("2") == "TOKEN_REVOKED"
