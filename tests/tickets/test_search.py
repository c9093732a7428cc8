"""Searching tickets by their words: what a person typing into the search box gets, on both databases, and on
PostgreSQL that the search is answered from the word indexes rather than by reading every ticket."""

from __future__ import annotations

import pytest
from tortoise import connections

from loket.core.models import Ticket
from loket.core.tickets.access import viewer_for, visible_filter
from loket.core.tickets.search import search_clause
from tests.ticket_ops import REPLY, TAKE, create


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


FIND = "query($s: String) { tickets(filter: {search: $s}) { totalCount edges { node { number } } } }"


async def found(person, term: str) -> list[str]:
    page = (await person.ok(FIND, s=term))["tickets"]
    return [edge["node"]["number"] for edge in page["edges"]]


async def test_a_word_finds_the_words_it_begins_whatever_the_case(people):
    reporter = people["reporter"]
    reset = (await create(reporter, title="Password reset link expired",
                          description="The link in the mail says it expired."))["number"]
    tender = (await create(reporter, title="Cannot open tender", description="Kode tender 12345678 gagal dibuka."))[
        "number"]
    assert await found(reporter, "PASS") == [reset]
    assert await found(reporter, "1234") == [tender]
    assert await found(reporter, "kode GAGAL") == [tender]
    assert await found(reporter, "expired tender") == []


async def test_quotes_and_operators_are_only_text(people):
    reporter = people["reporter"]
    number = (await create(reporter, title="Can't upload the offer", description="It's stuck at 99% (again)."))[
        "number"]
    assert await found(reporter, "can't upload") == [number]
    for term in ("it's", "'; DELETE FROM loket_ticket; --", "stuck & !again | (x):*", "\\", "99% (again)"):
        response = await reporter.run(FIND, s=term)
        assert not response.errors, (term, response.errors)
    assert await found(reporter, "offer") == [number], "nothing was harmed"


async def test_internal_notes_are_found_by_the_desk_only(people):
    reporter, agent = people["reporter"], people["agent"]
    number = (await create(reporter, title="Scanner jams"))["number"]
    await agent.ok(TAKE, n=number)
    await agent.ok(REPLY, n=number, m="Internal: the roller is worn, order part QX-7781.", internal=True)
    await agent.ok(REPLY, n=number, m="We are ordering a replacement roller.")
    assert await found(agent, "qx 7781") == [number]
    assert await found(reporter, "qx 7781") == []
    assert await found(reporter, "replacement roller") == [number]


@pytest.mark.postgres_only
async def test_searches_are_answered_from_the_word_indexes(people):
    """With sequential scans priced out, the search is one condition on the tickets' stored words, which their
    GIN index can answer; messages are not read at all."""
    await create(people["reporter"], title="Printer offline")
    for person in ("reporter", "agent"):
        viewer = await viewer_for(people[person].user)
        query = Ticket.filter(visible_filter(viewer), await search_clause(viewer, "printer jam", postgres=True))
        query = query.order_by("-id").limit(51)
        query._choose_db_if_not_chosen()
        query._make_query()
        sql, values = query.query.get_parameterized_sql()
        connection = connections.get(Ticket._meta.default_connection)
        async with connection._in_transaction() as transaction:
            await transaction.execute_script("SET LOCAL enable_seqscan = off")
            plan = "\n".join(row["QUERY PLAN"] for row in await transaction.execute_query_dict(
                "EXPLAIN " + sql, values))
        assert "loket_ticket_search_words" in plan, plan
        assert "loket_message" not in plan, plan
