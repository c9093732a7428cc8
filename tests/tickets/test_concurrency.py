"""Many people acting on one ticket at the same moment: every answer is a success or a typed refusal (never
INTERNAL_ERROR), and the stored ticket tells one consistent story: one event per accepted action, sequence
numbers 1, 2, 3, ... up to the ticket's version.

The requests run concurrently in one process, each in its own transaction on its own pooled connection (on
PostgreSQL up to the pool's five; the others wait for a connection, which must not starve anyone).
"""

from __future__ import annotations

import asyncio
import itertools

import pytest

from loket.core.models import Message, Rating, Ticket, TicketEvent
from tests.graphql_client import Response
from tests.ticket_ops import create


FIELDS = "ticket { number status { name } version }"
TAKE = "mutation($n: String!) { takeTicket(input: {number: $n}) { %s } }" % FIELDS
REPLY = """mutation($n: String!, $m: String!, $internal: Boolean = false) {
  reply(input: {number: $n, message: $m, internal: $internal}) { %s } }""" % FIELDS
ESCALATE = """mutation($n: String!, $m: String!, $to: String) {
  escalateTicket(input: {number: $n, message: $m, toTeam: $to}) { %s } }""" % FIELDS
TRANSFER = """mutation($n: String!, $m: String!, $to: String) {
  transferTicket(input: {number: $n, message: $m, toTeam: $to}) { %s } }""" % FIELDS
FEEDBACK = "mutation($n: String!, $m: String!) { requestFeedback(input: {number: $n, message: $m}) { %s } }" % FIELDS
RESOLVE = "mutation($n: String!, $m: String!) { resolveTicket(input: {number: $n, solution: $m}) { %s } }" % FIELDS
CONFIRM = """mutation($n: String!, $solved: Boolean!, $reason: String) {
  confirmResolution(input: {number: $n, solved: $solved, reason: $reason}) { %s } }""" % FIELDS
FORCE_CLOSE = ("mutation($n: String!, $reason: String) "
               "{ forceCloseTicket(input: {number: $n, reason: $reason}) { %s } }" % FIELDS)
RATE = ("mutation($n: String!, $answers: JSON!) { rateTicket(input: {number: $n, answers: $answers}) { rating "
        "{ stars } } }")

AGENTS = ("agent", "agent2", "admin", "superuser")
EVERYONE = ("reporter", *AGENTS)
DEADLINE = 240  # seconds for a whole burst: a starved pool fails the test instead of hanging it


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


async def burst(calls) -> list[Response]:
    """Start every call at once and wait for all of their answers."""
    return await asyncio.wait_for(asyncio.gather(*calls), DEADLINE)


def outcomes(results: list[Response], refusals: set[str]) -> list[Response]:
    """The accepted answers, after checking that every other one is a refusal with one of the expected codes."""
    accepted = []
    for result in results:
        assert result.status == 200, result.body
        if not result.errors:
            accepted.append(result)
            continue
        assert "INTERNAL_ERROR" not in result.error_codes, result.errors
        assert len(result.errors) == 1 and set(result.error_codes) <= refusals, result.errors
    return accepted


async def consistent(number: str) -> list[TicketEvent]:
    """The ticket's events, checked to be numbered 1..version without a gap; each step message is stored."""
    ticket = await Ticket.get(number=number)
    events = await TicketEvent.filter(ticket_id=ticket.id).order_by("seq")
    assert [event.seq for event in events] == list(range(1, ticket.version + 1))
    messages = await Message.filter(ticket_id=ticket.id).count()
    assert messages == sum(1 for event in events if event.message_id is not None)
    return events


async def taken(people) -> str:
    number = (await create(people["reporter"]))["number"]
    await people["agent"].ok(TAKE, n=number)
    return number


async def test_fifty_concurrent_replies_are_all_accepted_in_one_order(people):
    number = await taken(people)
    writers = list(itertools.islice(itertools.cycle(EVERYONE), 50))
    results = await burst(people[who].run(REPLY, n=number, m=f"Reply number {i:02d} from {who}")
                          for i, who in enumerate(writers))
    accepted = outcomes(results, set())
    assert len(accepted) == 50
    # Each reply saw the ticket as the one before left it: the versions they answer are 3..52, one each.
    assert sorted(r.data["reply"]["ticket"]["version"] for r in accepted) == list(range(3, 53))
    events = await consistent(number)
    assert [event.kind for event in events] == ["created", "taken", *["replied"] * 50]
    assert await Message.filter(ticket__number=number, purpose="reply").count() == 50


async def test_concurrent_escalations_move_the_ticket_once(people):
    number = await taken(people)
    writers = list(itertools.islice(itertools.cycle(AGENTS), 30))
    results = await burst(people[who].run(ESCALATE, n=number, m=f"Needs the experts ({i})", to="experts")
                          for i, who in enumerate(writers))
    # The first moves it to the experts; after that it is no longer the intake agents' to move (or to see),
    # and the experts are no step up from where it is.
    accepted = outcomes(results, {"ESCALATE_UPWARDS_ONLY", "ACTION_NOT_ALLOWED_FOR_YOU", "TICKET_NOT_FOUND"})
    assert len(accepted) == 1
    assert accepted[0].data["escalateTicket"]["ticket"] == {"number": number, "status": {"name": "new"}, "version": 3}
    assert [event.kind for event in await consistent(number)] == ["created", "taken", "escalated"]


async def test_a_reporter_answering_a_resolution_yes_and_no_at_once_gets_one_answer_through(people):
    number = await taken(people)
    await people["agent"].ok(RESOLVE, n=number, m="Replaced the power board.")
    results = await burst(
        people["reporter"].run(CONFIRM, n=number, solved=i % 2 == 0, reason=None if i % 2 == 0 else
                               f"Still black after restart {i}") for i in range(30))
    accepted = outcomes(results, {"ACTION_NOT_ALLOWED_IN_STATUS"})
    assert len(accepted) == 1
    status = accepted[0].data["confirmResolution"]["ticket"]["status"]["name"]
    events = await consistent(number)
    assert [event.kind for event in events] == ["created", "taken", "resolved",
                                                "confirmed" if status == "closed" else "reopened"]
    assert (await Ticket.get(number=number)).status == status.lower()


async def test_replies_racing_a_force_close_land_before_it_or_are_refused(people):
    number = await taken(people)
    writers = list(itertools.islice(itertools.cycle(EVERYONE), 29))
    calls = [people[who].run(REPLY, n=number, m=f"One more detail {i:02d}") for i, who in enumerate(writers)]
    calls.insert(15, people["reporter"].run(FORCE_CLOSE, n=number, reason="Solved it myself, thanks"))
    results = await burst(calls)
    accepted = outcomes(results, {"ACTION_NOT_ALLOWED_IN_STATUS"})
    assert not results[15].errors, "the reporter may close an open ticket at any time"
    events = await consistent(number)
    kinds = [event.kind for event in events]
    assert kinds.count("force_closed") == 1 and kinds[-1] == "force_closed", "nothing replied after the close"
    assert kinds.count("replied") == len(accepted) - 1
    assert (await Ticket.get(number=number)).status == "closed"


async def test_concurrent_ratings_store_one_and_refuse_the_rest_as_already_rated(people):
    number = await taken(people)
    await people["reporter"].ok(FORCE_CLOSE, n=number, reason=None)
    results = await burst(people["reporter"].run(RATE, n=number, answers={"stars": 1 + i % 5}) for i in range(30))
    accepted = outcomes(results, {"ALREADY_RATED"})
    assert len(accepted) == 1
    rating = await Rating.get(ticket__number=number)
    assert rating.stars == accepted[0].data["rateTicket"]["rating"]["stars"]
    assert [event.kind for event in await consistent(number)][-1] == "rated"
    assert await TicketEvent.filter(ticket__number=number, kind="rated").count() == 1


async def test_fifty_writers_of_every_kind_on_one_ticket(people):
    """Replies, notes, hand-overs, a resolution, feedback requests, confirmations and a close, all at once."""
    number = await taken(people)
    kinds = itertools.cycle([
        ("reporter", REPLY, {"m": "The screen flickers too."}),
        ("agent", REPLY, {"m": "Checking the power board."}),
        ("agent2", REPLY, {"m": "Internal: same model as last week.", "internal": True}),
        ("admin", REPLY, {"m": "Admin note on this laptop.", "internal": True}),
        ("agent", FEEDBACK, {"m": "Which adapter do you use?"}),
        ("agent", RESOLVE, {"m": "Replaced the power board."}),
        ("reporter", CONFIRM, {"solved": False, "reason": "It still does not start."}),
        ("agent2", ESCALATE, {"m": "Over to the experts please.", "to": "experts"}),
        ("superuser", TRANSFER, {"m": "Second line handles laptops.", "to": "second"}),
        ("agent2", TAKE, {}),
    ])
    calls = [people[who].run(document, n=number, **variables) for who, document, variables in
             itertools.islice(kinds, 49)]
    calls.append(people["reporter"].run(FORCE_CLOSE, n=number, reason="Bought a new one."))
    results = await burst(calls)
    accepted = outcomes(results, {"ACTION_NOT_ALLOWED_IN_STATUS", "ACTION_NOT_ALLOWED_FOR_YOU", "TICKET_NOT_FOUND",
                                  "ALREADY_TAKEN", "ESCALATE_UPWARDS_ONLY", "TRANSFER_SAME_TIER_ONLY"})
    events = await consistent(number)
    assert len(events) == 2 + len(accepted), "one event per accepted action"
    assert (await Ticket.get(number=number)).status == "closed"
