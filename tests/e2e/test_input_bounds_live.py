"""Subscriptions check their arguments like queries do, over a real websocket: a ticket number no ticket could
have, or text that cannot be stored, ends the subscription with a typed error naming the argument."""

from __future__ import annotations

import pytest

from tests.databases import BACKENDS
from tests.e2e.live import Person, codes, login
from tests.server_process import demo_server

UPDATES = "subscription($n: String!) { ticketUpdates(number: $n) { seq kind } }"
QUEUE = "subscription($d: String!) { queueUpdates(desk: $d) { resync } }"


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    with demo_server(request.param, tmp_path_factory.mktemp(f"bounds-{request.param}")) as base:
        yield base


@pytest.mark.parametrize(("query", "variables", "code", "field"), [
    (UPDATES, {"n": "A" * 41}, "TEXT_TOO_LONG", "number"),
    (UPDATES, {"n": "TPS\x00"}, "TEXT_INVALID_CHARACTER", "number"),
    (QUEUE, {"d": "d" * 65}, "TEXT_TOO_LONG", "desk"),
], ids=["long-number", "nul-number", "long-desk"])
async def test_a_subscription_with_an_unbounded_argument_ends_with_a_typed_error(server, query, variables, code,
                                                                                 field):
    agent = Person("agent", "helpdesk.lpse@spse.demo", login(server, "helpdesk.lpse@spse.demo", "demo-helpdesk"),
                   server)
    async with agent.subscribe(query, **variables) as watcher:
        errors = await watcher.errors()
    assert codes(errors) == [code]
    assert errors[0]["extensions"]["field"] == field
