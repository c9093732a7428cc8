"""A newcomer's path, over real HTTP and websockets: migrate, load the demo, serve, sign in, ask who I am."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import websockets

from tests.databases import BACKENDS, throwaway_database
from tests.server_process import demo_server, loket_env, run_loket, running_server

ME = "{ me { email displayName roles { role deskSlug } } }"


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    with demo_server(request.param, tmp_path_factory.mktemp(f"server-{request.param}")) as base:
        yield base


def graphql(base: str, query: str, token: str | None = None, **variables) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(f"{base}/graphql", json={"query": query, "variables": variables}, headers=headers,
                      timeout=10).json()


def login(base: str, email: str, password: str) -> str:
    body = graphql(base, "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }",
                   e=email, p=password)
    return body["data"]["login"]["token"]


def test_graphiql_is_served_in_development(server: str):
    page = httpx.get(f"{server}/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


def test_health_reports_the_database(server: str):
    assert httpx.get(f"{server}/healthz").json() == {"status": "ok", "database": "ok"}


def test_a_demo_user_signs_in_and_asks_who_they_are(server: str):
    token = login(server, "helpdesk.lpse@spse.demo", "demo-helpdesk")
    me = graphql(server, ME, token)["data"]["me"]
    assert me["email"] == "helpdesk.lpse@spse.demo"
    assert {"role": "AGENT", "deskSlug": "lpse-support"} in me["roles"]


def test_queries_work_over_get(server: str):
    response = httpx.get(f"{server}/graphql", params={"query": "{ desks { slug } }"})
    assert sorted(d["slug"] for d in response.json()["data"]["desks"]) == [
        "helpus", "kemsos", "lpse-kota-bogor", "lpse-support"]


async def test_websocket_handshake_with_a_token(server: str):
    token = login(server, "pegawai@helpus.demo", "demo-pegawai")
    url = server.replace("http", "ws") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:
        assert ws.subprotocol == "graphql-transport-ws"
        await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}))
        ack = json.loads(await ws.recv())
        assert ack["type"] == "connection_ack"
        assert ack["payload"]["authenticated"] is True
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": "{ me { email } }"}}))
        answer = json.loads(await ws.recv())
        assert answer == {"id": "1", "type": "next", "payload": {"data": {"me": {"email": "pegawai@helpus.demo"}}}}
        assert json.loads(await ws.recv()) == {"id": "1", "type": "complete"}


async def test_websocket_with_a_bad_token_is_refused(server: str):
    url = server.replace("http", "ws") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": "Bearer forged"}}))
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await ws.recv()
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4401, "INVALID_TOKEN")


async def test_websocket_with_a_bad_authorization_header_is_refused_alike(server: str):
    url = server.replace("http", "ws") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"],
                                  additional_headers={"Authorization": "Bearer forged"}) as ws:
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await ws.recv()
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4401, "INVALID_TOKEN")


async def test_websocket_after_logout_is_refused(server: str):
    token = login(server, "pegawai@helpus.demo", "demo-pegawai")
    assert graphql(server, "mutation { logout { revoked } }", token)["data"]["logout"]["revoked"] is True
    url = server.replace("http", "ws") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}))
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await ws.recv()
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4401, "TOKEN_REVOKED")


async def test_a_websocket_from_a_page_of_another_origin_is_closed_with_4403(server: str):
    url = server.replace("http", "ws") + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"],
                                  origin="https://elsewhere.example.com") as ws:
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await ws.recv()
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4403, "FORBIDDEN_ORIGIN")
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"], origin=server) as ws:  # its own
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"


async def test_only_the_graphql_transport_ws_protocol_is_spoken(server: str):
    url = server.replace("http", "ws") + "/graphql"
    with pytest.raises(websockets.ConnectionClosed) as closed:
        async with websockets.connect(url, subprotocols=["graphql-ws"]) as ws:
            await ws.recv()
    assert closed.value.rcvd.code == 4406


def test_several_worker_processes_share_sign_ins(tmp_path: Path):
    """`loket serve --workers 2` on PostgreSQL: a token issued by one process is honoured by the other."""
    with throwaway_database("postgres", tmp_path) as url:
        env = loket_env(url, tmp_path / "var")
        for command in ("migrate", "demo"):
            assert run_loket(command, env=env, cwd=tmp_path).returncode == 0
        with running_server(env, tmp_path, workers=2) as base:
            token = login(base, "agen@kemsos.demo", "demo-agen")
            answers = [graphql(base, "{ me { email } }", token)["data"]["me"]["email"] for _ in range(12)]
            assert set(answers) == {"agen@kemsos.demo"}
            graphql(base, "mutation { logout { revoked } }", token)
            refused = [httpx.post(f"{base}/graphql", json={"query": "{ me { email } }"},
                                  headers={"Authorization": f"Bearer {token}"}).status_code for _ in range(6)]
            assert set(refused) == {401}
