"""Connections page forward (first/after) and backward (last/before) over the same list: the pages meet, in
the same order, with pageInfo saying on which side more items lie. Arguments of both directions are refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from loket.core.models import Ticket
from tests.admin.test_canned_responses import add as add_canned_response
from tests.exports.helpers import EXPORT
from tests.ticket_ops import REPLY, TAKE, create


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


PAGE = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
TICKETS = """query($first: Int, $after: String, $last: Int, $before: String, $order: TicketOrder = NEWEST) {
  tickets(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
    totalCount edges { cursor node { number } } %s } }""" % PAGE
MESSAGES = """query($n: String!, $first: Int, $after: String, $last: Int, $before: String) { ticket(number: $n) {
  messages(first: $first, after: $after, last: $last, before: $before) { edges { cursor node { body } } %s }
  } }""" % PAGE
TIMELINE = """query($n: String!, $first: Int, $after: String, $last: Int, $before: String) { ticket(number: $n) {
  timeline(first: $first, after: $after, last: $last, before: $before) { edges { cursor node { seq } } %s }
  } }""" % PAGE
PEOPLE = """query($first: Int, $after: String, $last: Int, $before: String) {
  people(first: $first, after: $after, last: $last, before: $before) { edges { cursor node { email } } %s } }""" \
    % PAGE
AUDIT = """query($first: Int, $after: String, $last: Int, $before: String) {
  auditLog(first: $first, after: $after, last: $last, before: $before) { edges { cursor node { id } } %s } }""" \
    % PAGE
EXPORTS = """query($first: Int, $after: String, $last: Int, $before: String) {
  exportJobs(first: $first, after: $after, last: $last, before: $before) { edges { cursor node { id } } %s } }""" \
    % PAGE


def value(node: dict):
    return next(iter(node.values()))


async def walk(person, query: str, path: list[str], size: int, **variables) -> list[list]:
    """Every page of a list, forward then backward (pages of ``size``), checking pageInfo on the way.
    Answers the forward and the backward walk, each as the items in the list's order."""
    def connection(data: dict) -> dict:
        for key in path:
            data = data[key]
        return data

    forward, after, pages = [], None, 0
    while True:
        page = connection(await person.ok(query, first=size, after=after, **variables))
        items = [value(edge["node"]) for edge in page["edges"]]
        info = page["pageInfo"]
        assert info["hasPreviousPage"] is (pages > 0), (pages, info)
        assert (info["startCursor"], info["endCursor"]) == (page["edges"][0]["cursor"], page["edges"][-1]["cursor"])
        forward += items
        pages += 1
        if not info["hasNextPage"]:
            break
        assert len(items) == size
        after = info["endCursor"]
    backward, before, pages = [], None, 0
    while True:
        page = connection(await person.ok(query, last=size, before=before, **variables))
        items = [value(edge["node"]) for edge in page["edges"]]
        info = page["pageInfo"]
        assert info["hasNextPage"] is (pages > 0), (pages, info)
        backward = items + backward
        pages += 1
        if not info["hasPreviousPage"]:
            break
        assert len(items) == size
        before = info["startCursor"]
    return [forward, backward]


async def test_tickets_page_both_ways_in_either_order(people):
    reporter, agent = people["reporter"], people["agent"]
    numbers = [(await create(reporter, title=f"Problem number {i}"))["number"] for i in range(7)]
    # Some tickets without a due time (they come last by due time), some sharing one (the id breaks the tie).
    tickets = await Ticket.filter(number__in=numbers).order_by("id")
    base = tickets[0].sla_due_at or tickets[0].created_at
    for index, ticket in enumerate(tickets):
        due = None if index in (1, 4) else base + timedelta(hours=[3, 0, 1, 1, 0, 2, 1][index])
        await Ticket.filter(id=ticket.id).update(sla_due_at=due)
    newest = numbers[::-1]
    assert await walk(agent, TICKETS, ["tickets"], 3) == [newest, newest]
    assert await walk(agent, TICKETS, ["tickets"], 7) == [newest, newest]
    by_due = [numbers[i] for i in (2, 3, 6, 5, 0, 1, 4)]
    assert await walk(agent, TICKETS, ["tickets"], 2, order="SLA_DUE") == [by_due, by_due]
    # the middle, from either side
    middle = (await agent.ok(TICKETS, first=4))["tickets"]
    before = (await agent.ok(TICKETS, last=2, before=middle["pageInfo"]["endCursor"]))["tickets"]
    assert [e["node"]["number"] for e in before["edges"]] == newest[1:3]
    assert before["pageInfo"]["hasPreviousPage"] and before["pageInfo"]["hasNextPage"]
    assert before["totalCount"] == 7


async def test_messages_and_timeline_page_both_ways_oldest_first(people):
    reporter, agent = people["reporter"], people["agent"]
    number = (await create(reporter))["number"]
    await agent.ok(TAKE, n=number)
    bodies = [f"Reply number {i}, with enough words." for i in range(5)]
    for body in bodies:
        await agent.ok(REPLY, n=number, m=body)
    assert await walk(reporter, MESSAGES, ["ticket", "messages"], 2, n=number) == [bodies, bodies]
    seqs = [e["node"]["seq"] for e in (await agent.ok(TIMELINE, n=number, first=100))["ticket"]["timeline"]["edges"]]
    assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) >= 7  # created, taken, five replies at least
    assert await walk(agent, TIMELINE, ["ticket", "timeline"], 3, n=number) == [seqs, seqs]
    everything = (await agent.ok(MESSAGES, n=number))["ticket"]["messages"]
    assert [e["node"]["body"] for e in everything["edges"]] == bodies, "every message when no size is given"


async def test_admin_lists_and_exports_page_both_ways(people):
    superuser, admin, agent = people["superuser"], people["admin"], people["agent"]
    emails = [value(e["node"]) for e in (await superuser.ok(PEOPLE, first=100))["people"]["edges"]]
    assert len(emails) > 4
    assert await walk(superuser, PEOPLE, ["people"], 4) == [emails, emails]
    for index in range(3):
        await add_canned_response(admin, f"Response {index}", "Hello")
    entries = [value(e["node"]) for e in (await admin.ok(AUDIT, first=100))["auditLog"]["edges"]]
    assert len(entries) >= 3 and await walk(admin, AUDIT, ["auditLog"], 2) == [entries, entries]
    jobs = [(await agent.ok(EXPORT, format="CSV"))["exportTickets"]["exportJob"]["id"] for _ in range(3)]
    assert await walk(agent, EXPORTS, ["exportJobs"], 2) == [jobs[::-1], jobs[::-1]]


@pytest.mark.parametrize("arguments, field", [
    ({"first": 2, "last": 2}, "last"),
    ({"after": "x", "before": "y"}, "before"),
    ({"first": 2, "before": "y"}, "before"),
    ({"last": 2, "after": "x"}, "after"),
])
async def test_arguments_of_both_directions_are_refused_naming_the_odd_one(people, arguments, field):
    for query, variables in ((TICKETS, {}), (PEOPLE, {}), (EXPORTS, {})):
        response = await people["superuser"].run(query, **variables, **arguments)
        assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in response.errors] == [
            ("PAGE_ARGUMENTS_CONFLICT", field)], query


async def test_a_backward_page_has_the_same_bounds_and_checks(people):
    number = (await create(people["reporter"]))["number"]
    for query, extra in ((TICKETS, {}), (MESSAGES, {"n": number}), (TIMELINE, {"n": number})):
        for size in (0, 101):
            response = await people["agent"].run(query, last=size, **extra)
            assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in response.errors] == [
                ("PAGE_SIZE_OUT_OF_RANGE", "last")]
        response = await people["agent"].run(query, last=2, before="bm90IGEgY3Vyc29y", **extra)
        assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in response.errors] == [
            ("INVALID_CURSOR", "before")]
