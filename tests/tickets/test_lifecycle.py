"""A ticket's life through the state machine: take, feedback, hand-overs, resolution, confirmation, rating."""

from __future__ import annotations

import asyncio

import pytest

from loket.core.models import Message, Rating, Ticket, TicketEvent
from tests.ticket_ops import (
    action_names,
    CONFIRM,
    DETAIL,
    ESCALATE,
    FORCE_CLOSE,
    RATE,
    RECATEGORISE,
    REPLY,
    REQUEST_FEEDBACK,
    RESOLVE,
    RETURN,
    TAKE,
    TRANSFER,
    create,
)


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


async def _taken(people, agent="agent", **overrides):
    ticket = await create(people["reporter"], **overrides)
    await people[agent].ok(TAKE, n=ticket["number"])
    return ticket["number"]


async def _version(number: str) -> int:
    return (await Ticket.get(number=number)).version


async def test_taking_moves_the_ticket_to_the_takers_handled_queue(people):
    number = (await create(people["reporter"]))["number"]
    taken = (await people["agent"].ok(TAKE, n=number))["takeTicket"]["ticket"]
    assert taken["status"]["name"] == "in_progress" and taken["assignee"]["displayName"] == "Agent"
    assert set(action_names(taken["availableActions"])) >= {"request_feedback", "resolve", "escalate", "transfer", "note"}
    handled = await people["agent"].ok('{ tickets(queue: HANDLED) { edges { node { number } } } }')
    assert [e["node"]["number"] for e in handled["tickets"]["edges"]] == [number]


async def test_exactly_one_agent_wins_a_race_to_take(people):
    number = (await create(people["reporter"]))["number"]
    results = await asyncio.gather(*(people[who].run(TAKE, n=number) for who in ("agent", "agent2", "admin") * 3))
    winners = [r for r in results if not r.errors]
    losers = [r for r in results if r.errors]
    assert len(winners) == 1
    winner_name = winners[0].data["takeTicket"]["ticket"]["assignee"]["displayName"]
    assert {r.error_codes[0] for r in losers} == {"ALREADY_TAKEN"}
    assert all(f"already taken by {winner_name}" in r.errors[0]["message"] for r in losers)
    assert await TicketEvent.filter(ticket__number=number, kind="taken").count() == 1


async def test_only_the_holding_team_may_take(people):
    number = (await create(people["reporter"]))["number"]
    for who in ("second", "reporter", "outsider"):
        response = await people[who].run(TAKE, n=number)
        assert response.errors, who
    assert (await people["second"].run(TAKE, n=number)).error_codes == ["ACTION_NOT_ALLOWED_FOR_YOU"]
    assert (await people["outsider"].run(TAKE, n=number)).error_codes == ["TICKET_NOT_FOUND"]
    assert await _version(number) == 1


async def test_feedback_round_trip(people):
    number = await _taken(people)
    asked = (await people["agent"].ok(REQUEST_FEEDBACK, n=number, m="Which laptop model is it?"))
    assert asked["requestFeedback"]["ticket"]["status"]["name"] == "waiting_on_reporter"
    answered = await people["reporter"].ok(REPLY, n=number, m="It is the model X13, bought 2023.")
    assert answered["reply"]["ticket"]["status"]["name"] == "in_progress"
    detail = (await people["agent"].ok(DETAIL, n=number))["ticket"]
    assert [(m["purpose"], m["author"]["displayName"]) for m in detail["messages"]["nodes"]] == [
        ("FEEDBACK_REQUEST", "Agent"), ("FEEDBACK", "Reporter")]
    assert [e["kind"] for e in detail["timeline"]["nodes"]] == ["CREATED", "TAKEN", "FEEDBACK_REQUESTED", "FEEDBACK_GIVEN"]


async def test_messages_honour_the_desks_minimum_length(people):
    number = await _taken(people)
    response = await people["agent"].run(REQUEST_FEEDBACK, n=number, m="model?")
    assert response.error_codes == ["TEXT_TOO_SHORT"]
    assert response.errors[0]["extensions"]["field"] == "input.message"
    assert "at least 10 characters (it has 6)" in response.errors[0]["message"]
    assert await _version(number) == 2 and await Message.all().count() == 0


async def test_internal_notes_stay_with_the_staff(people):
    number = await _taken(people)
    await people["agent"].ok(REPLY, n=number, m="Reporter sounds upset, be gentle", internal=True)
    await people["agent"].ok(REPLY, n=number, m="We are looking into it now.")
    seen_by_reporter = (await people["reporter"].ok(DETAIL, n=number))["ticket"]
    assert [m["body"] for m in seen_by_reporter["messages"]["nodes"]] == ["We are looking into it now."]
    assert "NOTE_ADDED" not in [e["kind"] for e in seen_by_reporter["timeline"]["nodes"]]
    seen_by_agent = (await people["agent2"].ok(DETAIL, n=number))["ticket"]
    assert [m["internal"] for m in seen_by_agent["messages"]["nodes"]] == [True, False]
    assert (await people["reporter"].run(REPLY, n=number, m="Can I add a note?", internal=True)).error_codes == [
        "ACTION_NOT_ALLOWED_FOR_YOU"]


async def test_escalation_goes_to_the_configured_next_tier_and_back(people):
    number = await _taken(people)
    escalated = (await people["agent"].ok(ESCALATE, n=number, m="Needs a board-level repair"))["escalateTicket"]
    assert escalated["ticket"]["status"]["name"] == "new" and escalated["ticket"]["assignee"] is None
    assert escalated["ticket"]["position"] == {"tier": 2, "team": {"slug": "experts", "name": "Experts"}}
    incoming = await people["expert"].ok('{ tickets(queue: INCOMING) { edges { node { number } } } }')
    assert [e["node"]["number"] for e in incoming["tickets"]["edges"]] == [number]
    await people["expert"].ok(TAKE, n=number)
    returned = (await people["expert"].ok(RETURN, n=number, m="Not hardware: reinstall the OS"))["returnTicket"]
    assert returned["ticket"]["position"]["team"]["slug"] == "intake"
    timeline = (await people["agent"].ok(DETAIL, n=number))["ticket"]["timeline"]["nodes"]
    assert [(e["kind"], e["fromTeam"]["slug"], e["toTeam"]["slug"]) for e in timeline[-3:]] == [
        ("ESCALATED", "intake", "experts"), ("TAKEN", "experts", "experts"), ("RETURNED", "experts", "intake")]


async def test_escalation_to_a_named_team_must_go_up(people):
    number = await _taken(people)
    sideways = await people["agent"].run(ESCALATE, n=number, m="Sending this sideways", to="second")
    assert sideways.error_codes == ["ESCALATE_UPWARDS_ONLY"]
    assert sideways.errors[0]["extensions"]["field"] == "input.toTeam"
    up_two = (await people["agent"].ok(ESCALATE, n=number, m="Straight to specialists", to="specialists"))
    assert up_two["escalateTicket"]["ticket"]["position"]["tier"] == 3


async def test_transfer_stays_on_the_same_tier(people):
    number = await _taken(people)
    up = await people["agent"].run(TRANSFER, n=number, m="To the experts please", to="experts")
    assert up.error_codes == ["TRANSFER_SAME_TIER_ONLY"]
    moved = (await people["agent"].ok(TRANSFER, n=number, m="Second line owns printers", to="second"))
    assert moved["transferTicket"]["ticket"]["position"] == {"tier": 1, "team": {"slug": "second", "name": "Second line"}}
    assert (await people["second"].ok(TAKE, n=number))["takeTicket"]["ticket"]["assignee"]["displayName"] == "Second"


async def test_a_ticket_that_never_moved_cannot_be_returned(people):
    number = await _taken(people)
    assert (await people["agent"].run(RETURN, n=number, m="Back to where it came")).error_codes == [
        "NOTHING_TO_RETURN_TO"]


async def test_resolve_not_yet_resolve_confirm_rate(people):
    number = await _taken(people)
    resolved = await people["agent"].ok(RESOLVE, n=number, m="Replaced the power board.")
    assert resolved["resolveTicket"]["ticket"]["status"]["name"] == "resolved"
    no_reason = await people["reporter"].run(CONFIRM, n=number, solved=False)
    assert no_reason.error_codes == ["TEXT_TOO_SHORT"] and no_reason.errors[0]["extensions"]["field"] == "input.reason"
    reopened = await people["reporter"].ok(CONFIRM, n=number, solved=False, reason="It still shuts down after an hour")
    assert reopened["confirmResolution"]["ticket"]["status"]["name"] == "in_progress"
    assert reopened["confirmResolution"]["ticket"]["assignee"]["displayName"] == "Agent", "back to its handler"
    await people["agent"].ok(RESOLVE, n=number, m="Replaced the battery as well.")
    closed = (await people["reporter"].ok(CONFIRM, n=number, solved=True))["confirmResolution"]["ticket"]
    assert closed["status"]["name"] == "closed" and closed["statusLabel"] == "Done" and closed["closeReason"] == "confirmed"
    assert action_names(closed["availableActions"]) == ["rate"]
    rated = (await people["reporter"].ok(RATE, n=number, answers={"stars": 5, "tags": ["fast", "proactive"],
                                                                   "message": "Thank you!"}))["rateTicket"]
    assert rated["rating"] == {"form": "test-stars", "stars": 5,
                               "answers": {"stars": 5, "tags": ["fast", "proactive"], "message": "Thank you!"}}
    assert action_names(rated["ticket"]["availableActions"]) == []
    again = await people["reporter"].run(RATE, n=number, answers={"stars": 4})
    assert again.error_codes == ["ALREADY_RATED"]
    kinds = [e["kind"] for e in (await people["agent"].ok(DETAIL, n=number))["ticket"]["timeline"]["nodes"]]
    assert kinds == ["CREATED", "TAKEN", "RESOLVED", "REOPENED", "RESOLVED", "CONFIRMED", "RATED"]


async def test_ratings_are_checked_against_the_form(people):
    number = await _taken(people)
    await people["agent"].ok(RESOLVE, n=number, m="Replaced the power board.")
    await people["reporter"].ok(CONFIRM, n=number, solved=True)
    bad = await people["reporter"].run(RATE, n=number, answers={"stars": 2, "tags": ["fast"], "colour": "red"})
    assert {(e["extensions"]["code"], e["extensions"]["field"]) for e in bad.errors} == {
        ("RATING_TAG_NOT_OFFERED", "input.answers.tags"), ("UNKNOWN_RATING_QUESTION", "input.answers.colour")}
    assert (await people["reporter"].run(RATE, n=number, answers={"stars": 6})).error_codes == ["RATING_OUT_OF_RANGE"]
    assert (await people["reporter"].run(RATE, n=number, answers={})).error_codes == ["RATING_ANSWER_REQUIRED"]
    assert (await people["agent"].run(RATE, n=number, answers={"stars": 5})).error_codes == [
        "ACTION_NOT_ALLOWED_FOR_YOU"]
    assert await Rating.all().count() == 0


async def test_a_reporter_may_force_close_at_any_time(people):
    fresh = (await create(people["reporter"]))["number"]
    closed = (await people["reporter"].ok(FORCE_CLOSE, n=fresh))["forceCloseTicket"]["ticket"]
    assert closed["status"]["name"] == "closed" and closed["closeReason"] == "force_closed"
    waiting = await _taken(people)
    await people["agent"].ok(REQUEST_FEEDBACK, n=waiting, m="Which laptop model is it?")
    closed = (await people["reporter"].ok(FORCE_CLOSE, n=waiting, reason="Found the answer in the FAQ"))
    assert closed["forceCloseTicket"]["ticket"]["status"]["name"] == "closed"
    assert (await people["reporter"].run(FORCE_CLOSE, n=waiting)).error_codes == ["ACTION_NOT_ALLOWED_IN_STATUS"]


async def test_only_the_reporter_force_closes(people):
    number = await _taken(people)
    assert (await people["agent"].run(FORCE_CLOSE, n=number)).error_codes == ["ACTION_NOT_ALLOWED_FOR_YOU"]


async def test_recategorising_recomputes_the_priority(people):
    number = await _taken(people)
    moved = (await people["agent"].ok(RECATEGORISE, n=number, topic="printer", app="mailer"))["recategoriseTicket"]
    assert moved["ticket"]["topic"] == "printer" and moved["ticket"]["priority"]["slug"] == "low"
    timeline = (await people["agent"].ok(DETAIL, n=number))["ticket"]["timeline"]["nodes"]
    assert timeline[-1]["kind"] == "RECATEGORISED"
    bad = await people["agent"].run(RECATEGORISE, n=number, topic="nowhere", app="mailer")
    assert bad.error_codes == ["UNKNOWN_TOPIC"]
    assert (await Ticket.get(number=number)).priority == "low"


async def test_moving_to_another_branch_drops_fields_the_new_topic_does_not_ask_for(people):
    number = await _taken(people)  # hardware/laptop, with an asset tag (a hardware-only field)
    moved = (await people["agent"].ok(RECATEGORISE, n=number, topic="erp-payments", app="erp", version="2.0"))
    ticket = moved["recategoriseTicket"]["ticket"]
    assert ticket["fields"] == {"phone": "+6281234567890"}
    assert ticket["application"] == "erp" and ticket["applicationVersion"] == "2.0"


async def test_each_action_checks_the_state(people):
    number = (await create(people["reporter"]))["number"]
    assert (await people["agent"].run(RESOLVE, n=number, m="Fixed it before taking")).error_codes == [
        "ACTION_NOT_ALLOWED_FOR_YOU"]
    await people["agent"].ok(TAKE, n=number)
    assert (await people["reporter"].run(CONFIRM, n=number, solved=True)).error_codes == [
        "ACTION_NOT_ALLOWED_IN_STATUS"]
    assert (await people["agent2"].run(TAKE, n=number)).error_codes == ["ALREADY_TAKEN"]


async def test_taking_a_resolved_ticket_is_refused_for_its_status_not_as_already_taken(people):
    number = await _taken(people)
    await people["agent"].ok(RESOLVE, n=number, m="Replaced the power board.")
    assert (await people["agent2"].run(TAKE, n=number)).error_codes == ["ACTION_NOT_ALLOWED_IN_STATUS"]
    assert (await people["reporter"].run(TAKE, n=number)).error_codes == ["ACTION_NOT_ALLOWED_FOR_YOU"]


async def test_two_agents_opening_tickets_for_the_same_new_caller_at_once(people):
    from tests.ticket_ops import create as open_ticket

    caller = {"email": "new.caller@vendor.example", "displayName": "New Caller"}
    tickets = await asyncio.gather(*(open_ticket(people[who], channel="PHONE", onBehalfOf=caller)
                                     for who in ("agent", "agent2", "second")))
    assert {t["reporter"]["email"] for t in tickets} == {"new.caller@vendor.example"}
