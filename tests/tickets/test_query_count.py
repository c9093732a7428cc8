"""The DataLoader promise: a page of tickets with its people, team, topic, priority and latest message costs
the same few SQL statements whether it holds 10 tickets or 100.

Statements are counted for real: tortoise logs every statement it sends (SQLite and PostgreSQL alike) on
the ``tortoise.db_client`` logger; a context variable set around the request keeps statements of anything
else running in the process (background timers) out of the count.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import pytest

from tests.ticket_ops import REPLY, TAKE, TRANSFER, create

PAGE = """query($first: Int!) { tickets(first: $first) { totalCount edges { node {
  number title status { name }
  reporter { displayName email } assignee { displayName email } createdBy { displayName email }
  position { tier team { slug name } }
  topicPath
  priority { slug name rank reason }
  lastMessage { body internal author { displayName } }
} } } }"""

WIDE = """query($first: Int!) { tickets(first: $first) { edges { node {
  number availableActions { name } rating { stars }
  messages { nodes { body author { displayName } attachments { name } } }
  attachments { name }
} } } }"""

_counting: ContextVar[bool] = ContextVar("counting_sql", default=False)


class _StatementCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not _counting.get():
            return
        text = str(record.msg % record.args if record.args else record.msg)
        if text.startswith(("Created connection", "Closed connection")):
            return
        self.statements.append(text)


@contextmanager
def counting_sql() -> Iterator[list[str]]:
    """The SQL statements sent while the block runs, by this task and the tasks it starts."""
    logger = logging.getLogger("tortoise.db_client")
    handler = _StatementCounter()
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    token = _counting.set(True)
    try:
        yield handler.statements
    finally:
        _counting.reset(token)
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


async def _tickets(people, count: int) -> list[str]:
    """`count` tickets with varied reporters, creators, assignees, teams, topics and conversations; every
    slice of ten newest tickets has all kinds."""

    async def one(i: int) -> str:
        kind = i % 5
        if kind == 0:
            ticket = await create(people["agent"], title=f"Phoned in {i}", channel="PHONE",
                                  onBehalfOf={"email": f"caller{i}@vendor.example"})
        elif kind == 1:
            ticket = await create(people["other_reporter"], title=f"Printer {i}", topic="printer")
        else:
            ticket = await create(people["reporter"], title=f"Laptop {i}")
        number = ticket["number"]
        if kind in (1, 2):
            await people["agent" if kind == 1 else "agent2"].ok(TAKE, n=number)
            await people["agent" if kind == 1 else "agent2"].ok(REPLY, n=number, m=f"Working on it ({i}).")
        if kind == 3:
            await people["agent"].ok(REPLY, n=number, m="Internal: check the warranty.", internal=True)
            await people["reporter"].ok(REPLY, n=number, m="Any news, please?")
        if kind == 4:
            await people["agent"].ok(TRANSFER, n=number, to="second", m="For the second line, please.")
        return number

    # Five at a time, one of each kind: how long each kind takes to create then cannot sort the kinds by id.
    numbers: list[str] = []
    for start in range(0, count, 5):
        numbers += await asyncio.gather(*(one(i) for i in range(start, min(start + 5, count))))
    return numbers


async def _statements(person, document: str, first: int) -> tuple[list[str], dict]:
    with counting_sql() as statements:
        data = await person.ok(document, first=first)
    return list(statements), data


async def test_a_page_of_100_costs_the_same_statements_as_a_page_of_10(people):
    await _tickets(people, 100)
    for who in ("agent", "reporter", "superuser"):
        person = people[who]
        small, small_data = await _statements(person, PAGE, 10)
        large, large_data = await _statements(person, PAGE, 100)
        edges = large_data["tickets"]["edges"]
        assert len(small_data["tickets"]["edges"]) == 10
        assert len(edges) == min(100, large_data["tickets"]["totalCount"])
        # the page really carries what was asked for, so the loaders were used, not skipped
        nodes = [edge["node"] for edge in edges]
        assert all(node["reporter"]["displayName"] and node["position"]["team"]["slug"] for node in nodes)
        assert {node["position"]["team"]["slug"] for node in nodes} == {"intake", "second"}
        assert {node["createdBy"]["displayName"] for node in nodes} >= {"Agent", "Reporter"} if who != "reporter" \
            else {node["createdBy"]["displayName"] for node in nodes} == {"Reporter"}
        assert any(node["assignee"] for node in nodes) and any(node["lastMessage"] for node in nodes)
        assert all(node["lastMessage"]["author"]["displayName"] for node in nodes if node["lastMessage"])
        if who == "reporter":
            assert all(not node["lastMessage"]["internal"] for node in nodes if node["lastMessage"])
        assert any('"loket_ticket"' in sql for sql in large), "the counter sees the statements"
        assert len(small) == len(large), (who, small, large)
        assert len(large) <= 10, (who, large)


async def test_the_wide_page_does_not_grow_with_its_size_either(people):
    await _tickets(people, 40)
    small, _ = await _statements(people["agent"], WIDE, 4)
    large, data = await _statements(people["agent"], WIDE, 40)
    assert len(data["tickets"]["edges"]) == 40
    assert any('"loket_message"' in sql for sql in large), "the counter sees the statements"
    assert len(small) == len(large), (small, large)


async def test_loaders_are_never_shared_between_requests(people):
    """A reporter's request right after an agent's must not get the agent's cached view (internal notes)."""
    number = (await create(people["reporter"], title="Cache check"))["number"]
    await people["agent"].ok(REPLY, n=number, m="Internal: reporter's account is locked.", internal=True)
    query = "query($n: String!) { ticket(number: $n) { lastMessage { body } messages { nodes { body } } } }"
    for _round in range(2):
        seen_by_agent = (await people["agent"].ok(query, n=number))["ticket"]
        seen_by_reporter = (await people["reporter"].ok(query, n=number))["ticket"]
        assert seen_by_agent["lastMessage"]["body"] == "Internal: reporter's account is locked."
        assert seen_by_reporter == {"lastMessage": None, "messages": {"nodes": []}}


async def test_the_total_is_counted_only_when_asked_for(people):
    await _tickets(people, 5)
    with_total = "query($first: Int!) { tickets(first: $first) { totalCount edges { node { number } } } }"
    without = "query($first: Int!) { tickets(first: $first) { edges { node { number } } pageInfo { hasNextPage } } }"
    counted, data = await _statements(people["agent"], with_total, 2)
    assert data["tickets"]["totalCount"] == 5
    skipped, data = await _statements(people["agent"], without, 2)
    assert len(data["tickets"]["edges"]) == 2 and data["tickets"]["pageInfo"]["hasNextPage"]
    assert sum("COUNT(" in sql.upper() for sql in counted) == 1
    assert not any("COUNT(" in sql.upper() for sql in skipped)
    assert len(skipped) == len(counted) - 1
