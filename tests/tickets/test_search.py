"""Searching tickets by their words: what a person typing into the search box gets, on both databases, and on
PostgreSQL that the search is answered from the word indexes rather than by reading every ticket."""

from __future__ import annotations

import pytest
from tortoise.transactions import in_transaction

from loket.core.tickets import search
from loket.core.workflow.access import viewer_for
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
async def test_the_word_index_answers_whether_matches_are_few(people):
    """The first question a search asks PostgreSQL (are there only a few matches, and which) is answered by the
    GIN index over the tickets' stored words, never by reading every ticket or any message."""
    await create(people["reporter"], title="Printer offline")
    for person in ("reporter", "agent"):
        viewer = await viewer_for(people[person].user)
        condition = " AND ".join(search._stored_word(word, viewer.is_superuser,
                                                     sorted(viewer.admin_desk_ids | set(viewer.max_tier)))
                                 for word in ("printer", "jam"))
        async with in_transaction() as connection:
            await connection.execute_script("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
            plan = "\n".join(row["QUERY PLAN"] for row in await connection.execute_query_dict(
                f"EXPLAIN SELECT id FROM loket_ticket WHERE {condition} LIMIT 1001"))
        assert "Bitmap Index Scan on loket_ticket_search_words" in plan, plan
        assert "loket_message" not in plan, plan


async def test_many_matches_are_paged_like_few(people, monkeypatch):
    """Past a few matches the search walks the newest tickets instead of listing every match: the same
    tickets come back, newest first, page after page."""
    reporter = people["reporter"]
    numbers = [(await create(reporter, title=f"Scanner {i} jams on every page"))["number"] for i in range(5)]
    await create(reporter, title="Printer offline")
    few = await found(reporter, "scanner jams")
    monkeypatch.setattr(search, "FEW_MATCHES", 2)
    many = await found(reporter, "scanner jams")
    assert few == many == list(reversed(numbers))
    page = (await reporter.ok("""query($s: String) { tickets(first: 2, filter: {search: $s}) {
        edges { node { number } } pageInfo { endCursor } } }""", s="scanner jams"))["tickets"]
    rest = (await reporter.ok("""query($s: String, $a: String) { tickets(first: 10, after: $a, filter: {search: $s}) {
        edges { node { number } } } }""", s="scanner jams", a=page["pageInfo"]["endCursor"]))["tickets"]
    assert [e["node"]["number"] for e in page["edges"] + rest["edges"]] == list(reversed(numbers))


async def test_a_changed_title_is_searched_by_its_new_words(people):
    from loket.core.models import Ticket

    reporter = people["reporter"]
    number = (await create(reporter, title="Scanner offline"))["number"]
    await Ticket.filter(number=number).update(title="Plotter offline")
    assert await found(reporter, "plotter") == [number]
    assert await found(reporter, "scanner") == []
