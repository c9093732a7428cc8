"""A desk admin keeps the desk's pause reasons at run time: adds one (agents may pause for it at once), relabels
one, retires one (no longer offered, pausing for it refused, clocks already stopped for it keep it and resume)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from loket.core.models import Desk, DeskAdmin
from tests.people import Person, sign_up
from tests.ticket_ops import TAKE

pytestmark = pytest.mark.asyncio

CREATE = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number } } }"""
PAUSE = """mutation($n: String!, $r: String!) {
  pauseSla(input: {number: $n, reason: $r, note: ""}) { ticket { number } } }"""
RESUME = """mutation($n: String!) { resumeSla(input: {number: $n}) { ticket { number } } }"""
SEGMENTS = """query($n: String!) { ticket(number: $n) { sla { kind state segments { reason { name } reasonLabel } }
  availableActions { name inputs { name choices { value } } } } }"""
ADD = """mutation($r: String!, $label: [LocalizedTextInput!]!) {
  addPauseReason(input: {desk: "plainsla", reason: $r, label: $label}) { desk { pauseReasons { slug } } } }"""
RELABEL = """mutation($r: String!, $label: [LocalizedTextInput!]!) {
  relabelPauseReason(input: {desk: "plainsla", reason: $r, label: $label}) { desk { pauseReasons { slug } } } }"""
RETIRE = """mutation($r: String!) {
  retirePauseReason(input: {desk: "plainsla", reason: $r}) { desk { pauseReasons { slug } } } }"""
RESTORE = """mutation($r: String!) {
  restorePauseReason(input: {desk: "plainsla", reason: $r}) { desk { pauseReasons { slug } } } }"""
REASONS = """query($all: Boolean = false) { desk(slug: "plainsla") { pauseReasons(includeRetired: $all) {
  slug label retired } } }"""
LOG = """{ auditLog { edges { node { action target before after } } } }"""


@pytest.fixture
def plugins():
    from tests.plugins import loket_sla_desk

    return [loket_sla_desk]


@pytest.fixture
async def staff(client, settings, app) -> dict[str, Person]:
    app.state.runtime.clock = lambda: datetime(2026, 12, 14, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    found = {role: await sign_up(client, settings, f"{role}@sla.example", role.title(), teams=teams)
             for role, teams in (("reporter", ()), ("agent", (("plainsla", "l1"),)), ("admin", ()),
                                 ("other_admin", ()))}
    await DeskAdmin.create(user=found["admin"].user, desk=await Desk.get(slug="plainsla"))
    await DeskAdmin.create(user=found["other_admin"].user, desk=await Desk.get(slug="officesla"))
    found["superuser"] = await sign_up(client, settings, "root@sla.example", "Root", superuser=True)
    return found


async def taken_ticket(staff: dict[str, Person]) -> str:
    number = (await staff["reporter"].ok(CREATE, input={
        "desk": "plainsla", "title": "Cannot reach the portal", "description": "The portal times out since morning.",
        "topic": "general"}))["createTicket"]["ticket"]["number"]
    await staff["agent"].ok(TAKE, n=number)
    return number


async def reasons(person: Person, *, all: bool = False) -> list[tuple[str, str, bool]]:
    found = (await person.ok(REASONS, all=all))["desk"]["pauseReasons"]
    return [(reason["slug"], reason["label"], reason["retired"]) for reason in found]


def offered(ticket: dict) -> list[str]:
    action = next(action for action in ticket["availableActions"] if action["name"] == "pause_clock")
    reason = next(field for field in action["inputs"] if field["name"] == "reason")
    return [choice["value"] for choice in reason["choices"]]


async def test_an_added_reason_is_offered_and_a_retired_one_is_kept_where_used(staff: dict[str, Person]) -> None:
    admin, agent = staff["admin"], staff["agent"]
    await admin.ok(ADD, r="vendor", label=[{"language": "en", "text": "Waiting for the vendor"},
                                           {"language": "id", "text": "Menunggu vendor"}])
    await admin.ok(RELABEL, r="infrastructure", label=[{"language": "en", "text": "Data centre"}])
    assert await reasons(agent) == [("infrastructure", "Data centre", False),
                                    ("coordination", "Coordination with another unit", False),
                                    ("vendor", "Waiting for the vendor", False)]
    number = await taken_ticket(staff)
    assert offered((await agent.ok(SEGMENTS, n=number))["ticket"]) == ["infrastructure", "coordination", "vendor"]
    await agent.ok(PAUSE, n=number, r="vendor")

    await admin.ok(RETIRE, r="vendor")
    assert [slug for slug, _, _ in await reasons(agent)] == ["infrastructure", "coordination"]
    assert (await reasons(admin, all=True))[-1] == ("vendor", "Waiting for the vendor", True)
    ticket = (await agent.ok(SEGMENTS, n=number))["ticket"]
    resolution = next(clock for clock in ticket["sla"] if clock["kind"] == "resolution")
    assert resolution["state"] == "PAUSED"
    assert resolution["segments"][-1] == {"reason": {"name": "vendor"}, "reasonLabel": "Waiting for the vendor"}
    await agent.ok(RESUME, n=number)
    refused = await agent.run(PAUSE, n=number, r="vendor")
    assert refused.error_codes == ["PAUSE_REASON_RETIRED"]
    assert refused.errors[0]["extensions"]["field"] == "input.reason"
    assert offered((await agent.ok(SEGMENTS, n=number))["ticket"]) == ["infrastructure", "coordination"]

    await admin.ok(RESTORE, r="vendor")
    await agent.ok(PAUSE, n=number, r="vendor")
    log = [edge["node"] for edge in (await admin.ok(LOG))["auditLog"]["edges"]]
    assert [entry["action"] for entry in log] == ["pause_reason.restore", "pause_reason.retire",
                                                  "pause_reason.change", "pause_reason.add"]
    assert log[1]["before"]["retired"] is False and log[1]["after"]["retired"] is True
    assert log[2]["before"]["label"] == {"en": "Infrastructure", "id": "Infrastruktur"}


async def test_bad_reasons_change_nothing(staff: dict[str, Person]) -> None:
    admin = staff["admin"]
    label = [{"language": "en", "text": "Lunch"}]
    cases = [(ADD, {"r": "infrastructure", "label": label}, "PAUSE_REASON_EXISTS", "input.reason"),
             (ADD, {"r": "Lunch break", "label": label}, "PAUSE_REASON_SLUG_INVALID", "input.reason"),
             (ADD, {"r": "lunch", "label": []}, "LABEL_REQUIRED", "input.label"),
             (RELABEL, {"r": "lunch", "label": label}, "UNKNOWN_PAUSE_REASON", "input.reason"),
             (RETIRE, {"r": "lunch"}, "UNKNOWN_PAUSE_REASON", "input.reason")]
    for document, variables, code, field in cases:
        refused = await admin.run(document, **variables)
        assert refused.error_codes == [code], (variables, refused.errors)
        assert refused.errors[0]["extensions"]["field"] == field
    assert (await admin.ok(LOG))["auditLog"]["edges"] == []


@pytest.mark.parametrize("role", ["anonymous", "reporter", "agent", "other_admin", "admin", "superuser"])
async def test_only_the_desks_admins_and_superusers_change_pause_reasons(staff: dict[str, Person], client,
                                                                        role) -> None:
    label = [{"language": "en", "text": "Vendor"}]
    for document, variables in ((ADD, {"r": "vendor", "label": label}), (RELABEL, {"r": "vendor", "label": label}),
                                (RETIRE, {"r": "coordination"}), (RESTORE, {"r": "coordination"})):
        if role == "anonymous":
            answer = await client.execute(document, variables)
        else:
            answer = await staff[role].run(document, **variables)
        if role in ("admin", "superuser"):
            assert not answer.errors, answer.errors
        else:
            expected = "UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN"
            assert answer.error_codes in ([expected], ["UNKNOWN_PAUSE_REASON"]), (role, document)
    slugs = [slug for slug, _, _ in await reasons(staff["agent"])]
    assert ("vendor" in slugs) is (role in ("admin", "superuser"))
