"""Reading tickets: the queues desks work from, filters, search, keyset pages and the agent's dashboard."""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.ticket_ops import CONFIRM, ESCALATE, FORCE_CLOSE, REPLY, RESOLVE, TAKE, TRANSFER, create


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


LIST = """query($queue: TicketQueue = ALL, $filter: TicketFilter, $first: Int = 100, $after: String) {
  tickets(queue: $queue, filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { number } } } }"""
PHONE = {"phone": "081234567890"}
DASHBOARD = """query($desk: String, $days: Int = 7) { dashboard(desk: $desk, days: $days) {
  notTaken waitingToBeWorked takenPerDay { day count } } }"""


async def numbers(person, **variables) -> list[str]:
    page = (await person.ok(LIST, **variables))["tickets"]
    found = [edge["node"]["number"] for edge in page["edges"]]
    assert page["totalCount"] == len(found), "totalCount counts what the filter matches"
    return found


async def opened(person, title: str, **overrides) -> str:
    return (await create(person, title=title, **overrides))["number"]


# --- queues --------------------------------------------------------------------------------------------


async def test_each_queue_lists_what_it_promises(people):
    reporter, agent = people["reporter"], people["agent"]
    waiting = await opened(reporter, "Screen flickers")
    taken = await opened(reporter, "Keyboard missing keys")
    resolved = await opened(reporter, "Mail client crashes", topic="mail", fields=PHONE)
    closed = await opened(reporter, "Printer offline", topic="printer")
    moved = await opened(reporter, "Needs another department")
    escalated = await opened(reporter, "Motherboard fried")
    for number in (taken, resolved, closed, escalated):
        await agent.ok(TAKE, n=number)
    await agent.ok(RESOLVE, n=resolved, m="Reinstalled the client.")
    await agent.ok(RESOLVE, n=closed, m="Restarted the spooler.")
    await reporter.ok(CONFIRM, n=closed, solved=True)
    await agent.ok(TRANSFER, n=moved, to="second", m="This is the second line's.")
    await agent.ok(ESCALATE, n=escalated, m="Beyond tier one.")
    others = await opened(people["other_reporter"], "Someone else's problem")

    # incoming: new and not taken, in my teams' queues only
    assert await numbers(agent, queue="INCOMING") == [others, waiting]
    assert await numbers(people["agent2"], queue="INCOMING") == [others, waiting]
    assert await numbers(people["second"], queue="INCOMING") == [moved]
    assert await numbers(people["expert"], queue="INCOMING") == [escalated]
    assert await numbers(people["specialist"], queue="INCOMING") == []
    assert await numbers(people["admin"], queue="INCOMING") == [], "a desk admin without a team has no queue"
    # handled: what I hold, or held and handed on, that is not closed
    assert await numbers(agent, queue="HANDLED") == [escalated, moved, resolved, taken]
    assert await numbers(people["agent2"], queue="HANDLED") == []
    # history: everything I acted on, including what went to another team since
    assert await numbers(agent, queue="HISTORY") == [escalated, moved, closed, resolved, taken]
    assert await numbers(people["agent2"], queue="HISTORY") == []
    # mine: what I reported
    assert await numbers(reporter, queue="MINE") == [escalated, moved, closed, resolved, taken, waiting]
    assert await numbers(people["other_reporter"], queue="MINE") == [others]
    assert await numbers(agent, queue="MINE") == []
    # all: everything I may see; the escalated ticket stays visible to agent through their history only
    assert await numbers(agent, queue="ALL") == [others, escalated, moved, closed, resolved, taken, waiting]
    assert escalated not in await numbers(people["agent2"], queue="ALL")
    assert await numbers(people["expert"], queue="ALL") == [others, escalated, moved, closed, resolved, taken,
                                                            waiting]


async def test_history_keeps_a_ticket_after_it_was_escalated_away(people):
    number = await opened(people["reporter"], "Disk failing")
    await people["agent"].ok(TAKE, n=number)
    await people["agent"].ok(ESCALATE, n=number, m="Beyond tier one.")
    await people["expert"].ok(TAKE, n=number)
    await people["expert"].ok(ESCALATE, n=number, m="Specialists only.")
    for who in ("agent", "expert"):
        assert await numbers(people[who], queue="HISTORY") == [number], who
        assert await numbers(people[who], queue="HANDLED") == [number], f"{who} handed it on; it is not closed"
    assert await numbers(people["specialist"], queue="INCOMING") == [number]
    assert await numbers(people["expert"], queue="ALL") == [number], "seen through the expert's history"
    await people["reporter"].ok(FORCE_CLOSE, n=number)
    for who in ("agent", "expert"):
        assert await numbers(people[who], queue="HANDLED") == [], f"closed: out of {who}'s Handled tab"


# --- filters -------------------------------------------------------------------------------------------


async def test_filters_narrow_the_list(people, app):
    reporter, agent = people["reporter"], people["agent"]
    runtime = app.state.runtime
    last_week = datetime.now(UTC) - timedelta(days=7)
    runtime.clock = lambda: last_week
    try:
        old = await opened(reporter, "Old laptop ticket")
    finally:
        runtime.clock = lambda: datetime.now(UTC)
    laptop = await opened(reporter, "Laptop fan noisy")
    printer = await opened(reporter, "Printer jams", topic="printer")
    mail = await opened(reporter, "Mail bounces", topic="mail", fields=PHONE)
    payments = await opened(reporter, "Payment stuck", topic="erp-payments", application="erp",
                            applicationVersion="2.0", fields={"phone": "081234567890", "amount": "1500"})
    erp_one = await opened(reporter, "ERP 1 mail question", topic="mail", application="erp", applicationVersion="1.0",
                           fields=PHONE)
    phoned = await opened(agent, "Caller cannot print", topic="printer", channel="PHONE",
                          onBehalfOf={"email": "caller@vendor.example"})
    await agent.ok(TAKE, n=laptop)
    await agent.ok(TAKE, n=mail)
    await people["agent2"].ok(TAKE, n=printer)
    await agent.ok(TRANSFER, n=payments, to="second", m="Payments belong to the second line.")

    def f(**wanted):
        return {"filter": wanted}

    everything = [phoned, erp_one, payments, mail, printer, laptop, old]
    assert await numbers(agent) == everything
    assert await numbers(agent, **f(statuses=["in_progress"])) == [mail, printer, laptop]
    assert await numbers(agent, **f(statuses=["new", "closed"])) == [phoned, erp_one, payments, old]
    assert await numbers(agent, **f(desk="testdesk", topic="hardware")) == [phoned, printer, laptop, old]
    assert await numbers(agent, **f(desk="testdesk", topic="printer")) == [phoned, printer]
    assert await numbers(agent, **f(desk="testdesk", topic="software")) == [erp_one, payments, mail]
    assert await numbers(agent, **f(priorities=["low"])) == [phoned, printer]
    assert await numbers(agent, **f(priorities=["normal"])) == [erp_one, payments, mail, laptop, old]
    assert await numbers(agent, **f(application="erp")) == [erp_one, payments]
    assert await numbers(agent, **f(application="erp", applicationVersion="2.0")) == [payments]
    assert await numbers(agent, **f(createdTo=(last_week + timedelta(hours=1)).isoformat())) == [old]
    assert await numbers(agent, **f(createdFrom=(last_week + timedelta(hours=1)).isoformat())) == everything[:-1]
    assert await numbers(agent, **f(createdFrom=last_week.isoformat(),
                                    createdTo=(last_week + timedelta(seconds=1)).isoformat())) == [old]
    # the same moments written with a Jakarta offset select the same tickets (SQLite stores times as text)
    jakarta = ZoneInfo("Asia/Jakarta")
    assert await numbers(agent, **f(createdTo=(last_week + timedelta(hours=1)).astimezone(jakarta).isoformat())) == [old]
    assert await numbers(agent, **f(createdFrom=(last_week + timedelta(hours=1)).astimezone(jakarta).isoformat())
                         ) == everything[:-1]
    assert await numbers(agent, **f(assigneeEmail="AGENT@test.example")) == [mail, laptop]
    assert await numbers(agent, **f(assigneeEmail="agent2@test.example")) == [printer]
    assert await numbers(agent, **f(assigneeEmail="nobody@test.example")) == []
    assert await numbers(agent, **f(desk="testdesk", team="second")) == [payments]
    assert await numbers(agent, **f(desk="testdesk", team="intake", statuses=["new"])) == [phoned, erp_one, old]
    assert await numbers(agent, **f(channel="PHONE")) == [phoned]
    assert await numbers(agent, **f(channel="WEB", desk="testdesk", topic="printer")) == [printer]
    # filters never widen what a person may see
    assert await numbers(people["other_reporter"], **f(desk="testdesk", topic="hardware")) == []
    assert await numbers(reporter, **f(channel="PHONE")) == [], "the call was for someone else"


async def test_filters_that_need_a_desk_or_name_nothing_known_say_so(people):
    agent = people["agent"]
    for wanted, code, field in (
        ({"topic": "hardware"}, "DESK_REQUIRED_FOR_FILTER", "filter.topic"),
        ({"team": "second"}, "DESK_REQUIRED_FOR_FILTER", "filter.team"),
        ({"desk": "testdesk", "topic": "gardening"}, "UNKNOWN_TOPIC", "filter.topic"),
        ({"desk": "testdesk", "team": "gardeners"}, "UNKNOWN_TEAM", "filter.team"),
        ({"desk": "nowhere"}, "UNKNOWN_DESK", "filter.desk"),
    ):
        response = await agent.run(LIST, filter=wanted)
        assert response.error_codes == [code], wanted
        assert response.errors[0]["extensions"]["field"] == field, wanted


# --- search --------------------------------------------------------------------------------------------


async def test_search_finds_numbers_titles_descriptions_and_messages(people):
    reporter, agent = people["reporter"], people["agent"]
    first = await opened(reporter, "Projector shows purple tint")
    second = await opened(reporter, "Cannot log in", description="The VPN token generator says EXPIRED every time.")
    third = await opened(reporter, "Slow network")
    full = await opened(reporter, "Disk 100% full")
    await agent.ok(REPLY, n=third, m="Please try the Hyperdrive cable from the store.")

    def search(term):
        return {"filter": {"search": term}}

    assert await numbers(agent, **search(first)) == [first]
    assert await numbers(agent, **search(f"  {first.lower()} ")) == [first], "numbers match whatever the case"
    assert await numbers(agent, **search(first[:-1])) == [], "a number matches exactly, not by prefix"
    assert await numbers(agent, **search("purple")) == [first]
    assert await numbers(agent, **search("PROJECTOR shows")) == [first]
    assert await numbers(agent, **search("token generator")) == [second]
    assert await numbers(agent, **search("hyperdrive")) == [third]
    assert await numbers(reporter, **search("hyperdrive")) == [third], "reporters search public replies too"
    assert await numbers(agent, **search("no such words anywhere")) == []
    assert await numbers(people["other_reporter"], **search("purple")) == []
    assert await numbers(agent, **search("100%")) == [full]
    assert await numbers(agent, **search("%")) in ([full], []), "a wildcard never matches everything"
    assert await numbers(agent, **search("_")) == []
    assert len(await numbers(agent, **search("   "))) == 4, "a blank search does not narrow"


# --- keyset pages --------------------------------------------------------------------------------------


async def test_pages_walk_every_ticket_once_newest_first(people):
    created = await asyncio.gather(*(opened(people["reporter"], f"Ticket number {i}") for i in range(23)))
    everything = await numbers(people["agent"])
    assert sorted(everything) == sorted(created) and len(everything) == 23
    walked, after, pages = [], None, 0
    while True:
        page = (await people["agent"].ok(LIST, first=5, after=after))["tickets"]
        pages += 1
        assert page["totalCount"] == 23
        batch = [edge["node"]["number"] for edge in page["edges"]]
        walked += batch
        info = page["pageInfo"]
        assert info["hasPreviousPage"] == (after is not None)
        assert info["startCursor"] == page["edges"][0]["cursor"]
        assert info["endCursor"] == page["edges"][-1]["cursor"]
        if not info["hasNextPage"]:
            break
        assert len(batch) == 5
        after = info["endCursor"]
    assert pages == 5 and len(batch) == 3
    assert walked == everything, "no ticket twice, none left out, newest first"
    # an exact multiple of the page size: the last full page says there is nothing more
    last = (await people["agent"].ok(LIST, first=3, after=after))["tickets"]
    assert len(last["edges"]) == 3 and last["pageInfo"]["hasNextPage"] is False
    beyond = (await people["agent"].ok(LIST, first=3, after=last["pageInfo"]["endCursor"]))["tickets"]
    assert beyond["edges"] == [] and beyond["pageInfo"] == {
        "hasNextPage": False, "hasPreviousPage": True, "startCursor": None, "endCursor": None}


async def test_pages_stay_stable_while_new_tickets_arrive(people):
    created = [await opened(people["reporter"], f"Early ticket {i}") for i in range(4)]
    page = (await people["agent"].ok(LIST, first=2))["tickets"]
    assert [e["node"]["number"] for e in page["edges"]] == created[::-1][:2]
    newer = await opened(people["reporter"], "Arrived meanwhile")
    rest = (await people["agent"].ok(LIST, first=10, after=page["pageInfo"]["endCursor"]))["tickets"]
    assert [e["node"]["number"] for e in rest["edges"]] == created[::-1][2:]
    assert rest["totalCount"] == 5 and newer not in [e["node"]["number"] for e in rest["edges"]]


async def test_pages_of_a_filtered_list(people):
    printers = [await opened(people["reporter"], f"Printer {i}", topic="printer") for i in range(3)]
    for i in range(2):
        await opened(people["reporter"], f"Laptop {i}")
    page = (await people["agent"].ok(LIST, first=2, filter={"priorities": ["low"]}))["tickets"]
    assert page["totalCount"] == 3 and page["pageInfo"]["hasNextPage"] is True
    rest = (await people["agent"].ok(LIST, first=2, after=page["pageInfo"]["endCursor"],
                                     filter={"priorities": ["low"]}))["tickets"]
    assert [e["node"]["number"] for e in page["edges"] + rest["edges"]] == printers[::-1]
    assert rest["pageInfo"]["hasNextPage"] is False


@pytest.mark.parametrize("first", [0, -1, 101, 1000])
async def test_page_size_is_capped(people, first):
    response = await people["agent"].run(LIST, first=first)
    assert response.error_codes == ["PAGE_SIZE_OUT_OF_RANGE"]
    assert response.errors[0]["extensions"]["field"] == "first"
    assert "100" in response.errors[0]["message"]


async def test_the_largest_page_is_allowed(people):
    await opened(people["reporter"], "Only one")
    assert len(await numbers(people["agent"], first=100)) == 1


@pytest.mark.parametrize("cursor", [
    "not a cursor",
    base64.urlsafe_b64encode(b"ticket:abc").decode(),
    base64.urlsafe_b64encode(b"Message:12").decode(),
    "",
    "%%%",
])
async def test_a_broken_cursor_is_refused(people, cursor):
    await opened(people["reporter"], "Something to page through")
    response = await people["agent"].run(LIST, first=5, after=cursor)
    assert response.error_codes == ["INVALID_CURSOR"], response.body
    assert response.errors[0]["extensions"]["field"] == "after"


async def test_listing_needs_a_token(client):
    response = await client.execute(LIST)
    assert response.error_codes == ["UNAUTHENTICATED"]


# --- dashboard -----------------------------------------------------------------------------------------


async def test_the_dashboard_counts_what_happened(people, app):
    reporter, agent = people["reporter"], people["agent"]
    tickets = [await opened(reporter, f"Dashboard ticket {i}") for i in range(7)]
    # agent takes four: two stay in progress, one is resolved, one is escalated away
    for number in tickets[:4]:
        await agent.ok(TAKE, n=number)
    await agent.ok(RESOLVE, n=tickets[1], m="Reset the password.")
    await agent.ok(ESCALATE, n=tickets[2], m="Beyond tier one.")
    await people["agent2"].ok(TAKE, n=tickets[4])
    await opened(people["other_reporter"], "Another new one")
    await agent.ok(TRANSFER, n=tickets[5], m="Second line's job.", to="second")
    # by hand: new and untaken in intake = tickets[6] and the other reporter's ticket
    today = datetime.now(ZoneInfo(app.state.settings.timezone)).date()  # the desk counts days where it is
    board = (await agent.ok(DASHBOARD, days=3))["dashboard"]
    assert board["notTaken"] == 2
    assert board["waitingToBeWorked"] == 2  # tickets[0] and tickets[3]; [1] is resolved, [2] gone up
    assert board["takenPerDay"] == [
        {"day": (today - timedelta(days=2)).isoformat(), "count": 0},
        {"day": (today - timedelta(days=1)).isoformat(), "count": 0},
        {"day": today.isoformat(), "count": 4}]
    colleague = (await people["agent2"].ok(DASHBOARD, days=1))["dashboard"]
    assert colleague == {"notTaken": 2, "waitingToBeWorked": 1, "takenPerDay": [{"day": today.isoformat(),
                                                                                  "count": 1}]}
    assert (await people["second"].ok(DASHBOARD, desk="testdesk", days=1))["dashboard"]["notTaken"] == 1
    assert (await people["expert"].ok(DASHBOARD, days=1))["dashboard"]["notTaken"] == 1
    assert (await people["reporter"].ok(DASHBOARD, days=1))["dashboard"] == {
        "notTaken": 0, "waitingToBeWorked": 0, "takenPerDay": [{"day": today.isoformat(), "count": 0}]}


async def test_the_dashboard_counts_days_in_the_past(people, app):
    runtime = app.state.runtime
    two_days_ago = datetime.now(UTC) - timedelta(days=2)
    runtime.clock = lambda: two_days_ago
    try:
        early = [await opened(people["reporter"], f"Early {i}") for i in range(2)]
        for number in early:
            await people["agent"].ok(TAKE, n=number)
    finally:
        runtime.clock = lambda: datetime.now(UTC)
    await people["agent"].ok(TAKE, n=await opened(people["reporter"], "Today"))
    days = (await people["agent"].ok(DASHBOARD, days=3))["dashboard"]["takenPerDay"]
    assert [d["count"] for d in days] == [2, 0, 1]
    assert [d["count"] for d in (await people["agent"].ok(DASHBOARD, days=2))["dashboard"]["takenPerDay"]] == [0, 1]


@pytest.mark.parametrize("days", [0, 367])
async def test_the_dashboard_range_is_bounded(people, days):
    response = await people["agent"].run(DASHBOARD, days=days)
    assert response.error_codes == ["DAYS_OUT_OF_RANGE"]
    assert response.errors[0]["extensions"]["field"] == "days"


async def test_search_finds_tickets_with_every_word_wherever_each_is(people):
    from tests.ticket_ops import REPLY, TAKE, create

    ticket = await create(people["reporter"], title="Laptop will not start",
                          description="The screen stays black after the logo.")
    other = await create(people["reporter"], title="Printer offline", description="The printer shows an error.")
    await people["agent"].ok(TAKE, n=ticket["number"])
    await people["agent"].ok(REPLY, n=ticket["number"], m="Please try the battery reset.")
    found = lambda term: people["reporter"].ok(
        "query($s: String) { tickets(filter: {search: $s}) { edges { node { number } } } }", s=term)
    for term in ("laptop logo", "LOGO black", "start battery", "  laptop   reset "):
        numbers = [e["node"]["number"] for e in (await found(term))["tickets"]["edges"]]
        assert numbers == [ticket["number"]], term
    assert (await found("laptop printer"))["tickets"]["edges"] == [], "every word must match"
    assert [e["node"]["number"] for e in (await found(other["number"]))["tickets"]["edges"]] == [other["number"]]
