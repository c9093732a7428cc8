"""A desk's statuses, actions and clock reasons reach a client as objects: a stable `name`, which inputs and
filters take back, and a `label` in the caller's language."""

from __future__ import annotations

from tests.sla.test_clocks import PAUSE, RESUME, open_ticket
from tests.ticket_ops import REQUEST_FEEDBACK, TAKE

SEEN = """query($n: String!) { ticket(number: $n) {
  status { name label category } statusLabel
  timeline { nodes { kind fromStatus { name label } toStatus { name label category } } }
  availableActions { name label toStatus { name label category } }
  deadlines { kind action { name label } actionLabel then { name } }
  sla { kind segments { reason { name label } reasonLabel } }
  desk { statuses { name label category } actions { name starts { name } toStatus { name label } } } } }"""
FILTERED = """query($statuses: [String!]) { tickets(filter: {desk: "plainsla", statuses: $statuses}) {
  nodes { number } } }"""
ACT = """mutation($input: PerformActionInput!) { performAction(input: $input) {
  ticket { status { name label } } } }"""


async def seen(person, number: str, language: str) -> dict:
    return (await person.client.execute(SEEN, {"n": number}, language=language)).ok()["ticket"]


async def test_statuses_actions_and_reasons_carry_the_desk_labels_in_each_language(staff, clock):
    agent, reporter = staff["agent"], staff["reporter"]
    number = await open_ticket(reporter)
    await agent.ok(TAKE, n=number)
    await agent.ok(PAUSE, n=number, r="infrastructure", note="The data centre is down.")
    await agent.ok(RESUME, n=number)
    await agent.ok(REQUEST_FEEDBACK, n=number, m="Which page times out?")

    english, indonesian = await seen(agent, number, "en"), await seen(agent, number, "id")
    assert english["status"] == {"name": "waiting_on_reporter", "label": "Waiting for feedback",
                                 "category": "WAITING_ON_REPORTER"}
    assert indonesian["status"] == {"name": "waiting_on_reporter", "label": "Menunggu umpan balik",
                                    "category": "WAITING_ON_REPORTER"}
    assert english["statusLabel"] == "Waiting for feedback", "the deprecated field still answers"

    asked = english["timeline"]["nodes"][-1]
    assert (asked["kind"], asked["fromStatus"], asked["toStatus"]) == (
        "FEEDBACK_REQUESTED", {"name": "in_progress", "label": "In progress"},
        {"name": "waiting_on_reporter", "label": "Waiting for feedback", "category": "WAITING_ON_REPORTER"})
    assert indonesian["timeline"]["nodes"][-1]["fromStatus"] == {"name": "in_progress", "label": "Sedang dikerjakan"}

    closing = next(d for d in english["deadlines"] if d["kind"] == "TRANSITION")
    assert closing == {"kind": "TRANSITION", "action": {"name": "auto_close", "label": "Close automatically"},
                       "actionLabel": "Close automatically", "then": None}
    assert next(d for d in indonesian["deadlines"] if d["kind"] == "TRANSITION")["action"] == {
        "name": "auto_close", "label": "Tutup otomatis"}

    def reasons(ticket: dict) -> list[dict]:
        clock_of = next(c for c in ticket["sla"] if c["kind"] == "resolution")
        return [segment["reason"] for segment in clock_of["segments"]]

    assert {"name": "infrastructure", "label": "Infrastructure"} in reasons(english)
    assert {"name": "infrastructure", "label": "Infrastruktur"} in reasons(indonesian), "the desk's own words"
    assert {"name": "started", "label": "Dimulai"} in reasons(indonesian), "core's reasons too"

    statuses = {status["name"]: status for status in indonesian["desk"]["statuses"]}
    assert statuses["in_progress"] == {"name": "in_progress", "label": "Sedang dikerjakan", "category": "OPEN"}
    take = next(action for action in english["desk"]["actions"] if action["name"] == "take")
    assert take["starts"] == [{"name": "new"}] and take["toStatus"] == {"name": "in_progress", "label": "In progress"}


async def test_the_name_is_what_inputs_and_filters_take(staff, clock):
    agent, reporter = staff["agent"], staff["reporter"]
    number = await open_ticket(reporter)
    await agent.ok(TAKE, n=number)
    await agent.ok(REQUEST_FEEDBACK, n=number, m="Which page times out?")

    status = (await seen(agent, number, "id"))["status"]
    found = (await agent.ok(FILTERED, statuses=[status["name"]]))["tickets"]["nodes"]
    assert found == [{"number": number}]
    refused = await agent.run(FILTERED, statuses=[status["label"]])
    assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in refused.errors] == [
        ("NOT_A_CHOICE", "filter.statuses")], "the label is for people, not for inputs"

    offered = (await seen(reporter, number, "id"))["availableActions"]
    answer = next(action for action in offered if action["toStatus"] is not None)
    answered = await reporter.ok(ACT, input={"number": number, "action": answer["name"],
                                             "message": "The login page, since eight."})
    assert answered["performAction"]["ticket"]["status"]["name"] == answer["toStatus"]["name"] == "in_progress"
