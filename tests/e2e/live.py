"""Clients for tests against a running ``loket serve``: people signed in over HTTP, and subscriptions over
websockets (graphql-transport-ws) whose every wait has a deadline, so a missing event fails at once and says
what was expected and what came instead."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import websockets

WAIT = 5.0  # seconds an expected message may take; a live event normally arrives within milliseconds


class GraphQLFailed(AssertionError):
    pass


@dataclass
class Person:
    """Someone signed in to the server: runs GraphQL over HTTP with their token."""

    name: str
    email: str
    token: str
    base: str

    async def run(self, query: str, **variables: Any) -> dict:
        async with httpx.AsyncClient(base_url=self.base, timeout=WAIT * 2) as http:
            response = await http.post("/graphql", json={"query": query, "variables": variables},
                                       headers={"Authorization": f"Bearer {self.token}", "Accept-Language": "en"})
        return response.json()

    async def ok(self, query: str, **variables: Any) -> dict:
        body = await self.run(query, **variables)
        if body.get("errors"):
            raise GraphQLFailed(f"{self.name}: {json.dumps(body['errors'], indent=1)}")
        return body["data"]

    async def error_codes(self, query: str, **variables: Any) -> list[str]:
        body = await self.run(query, **variables)
        return [error.get("extensions", {}).get("code") for error in body.get("errors") or []]

    @asynccontextmanager
    async def subscribe(self, query: str, **variables: Any) -> AsyncIterator[Subscriber]:
        """One websocket, signed in through connection_init, carrying one subscription."""
        url = self.base.replace("http", "ws", 1) + "/graphql"
        async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:
            await ws.send(json.dumps({"type": "connection_init",
                                      "payload": {"authorization": f"Bearer {self.token}", "language": "en"}}))
            subscriber = Subscriber(self.name, ws)
            ack = await subscriber._receive("connection_ack")
            assert ack["type"] == "connection_ack", f"{self.name}: expected connection_ack, got {ack}"
            await ws.send(json.dumps({"id": "1", "type": "subscribe",
                                      "payload": {"query": query, "variables": variables}}))
            yield subscriber


@dataclass
class Subscriber:
    """The receiving end of one subscription. ``raw`` keeps every frame as sent, to search for leaks."""

    name: str
    ws: Any
    raw: list[str] = field(default_factory=list)
    received: list[dict] = field(default_factory=list)

    async def _receive(self, expecting: str) -> dict:
        try:
            async with asyncio.timeout(WAIT):
                while True:
                    text = await self.ws.recv()
                    self.raw.append(text)
                    message = json.loads(text)
                    if message["type"] == "ping":
                        await self.ws.send(json.dumps({"type": "pong"}))
                        continue
                    if message["type"] == "pong":
                        continue
                    return message
        except TimeoutError:
            raise AssertionError(f"{self.name}: nothing arrived within {WAIT} s while waiting for {expecting}; "
                                 f"received so far: {json.dumps(self.received)}") from None
        except websockets.ConnectionClosed as closed:
            raise AssertionError(f"{self.name}: the socket closed ({closed}) while waiting for {expecting}") from None

    async def next(self, expecting: str = "an update") -> dict:
        """The data of the next result; fails on errors, on completion and after WAIT seconds."""
        message = await self._receive(expecting)
        if message["type"] != "next" or message["payload"].get("errors"):
            raise AssertionError(f"{self.name}: expected {expecting}, got {json.dumps(message)}")
        data = message["payload"]["data"]
        self.received.append(data)
        return data

    async def errors(self) -> list[dict]:
        """The errors the subscription ends with: a result carrying errors, then completion."""
        message = await self._receive("an error")
        if message["type"] == "error":  # refused before it started (invalid document): nothing follows
            return message["payload"]
        assert message["type"] == "next" and message["payload"].get("errors"), \
            f"{self.name}: expected an error, got {json.dumps(message)}"
        assert message["payload"].get("data") is None, f"{self.name}: data came with the error: {message}"
        errors = message["payload"]["errors"]
        completion = await self._receive("completion")
        assert completion["type"] == "complete", f"{self.name}: expected completion, got {completion}"
        return errors


def login(base: str, email: str, password: str) -> str:
    """A bearer token for the account, from the server's login mutation."""
    body = httpx.post(f"{base}/graphql", timeout=10, json={
        "query": "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }",
        "variables": {"e": email, "p": password}}).json()
    assert "errors" not in body, body
    return body["data"]["login"]["token"]


async def event_of(watcher: Subscriber, kind: str) -> dict:
    """The next event the watcher receives, which must be of this kind."""
    event = (await watcher.next(f"the '{kind}' event"))["ticketUpdates"]
    assert event["kind"] == kind.upper(), f"{watcher.name} expected the '{kind}' event and got {event}"
    return event


async def update_of(watcher: Subscriber, kind: str) -> dict:
    """The next queue update the watcher receives, which must be about an event of this kind."""
    update = (await watcher.next(f"a queue update about '{kind}'"))["queueUpdates"]
    assert not update["resync"] and update["event"]["kind"] == kind.upper(), \
        f"{watcher.name} expected a queue update about '{kind}' and got {update}"
    return update


async def live(watcher: Subscriber) -> Subscriber:
    """Wait for a queue subscription's first update, which says it is live (and to fetch the queue)."""
    first = (await watcher.next("the first update (resync)"))["queueUpdates"]
    assert first == {"inQueue": False, "resync": True, "ticket": None, "event": None}, first
    return watcher


def codes(errors: list[dict]) -> list[str]:
    return [error.get("extensions", {}).get("code") for error in errors]
