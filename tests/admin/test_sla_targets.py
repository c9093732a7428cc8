"""A desk admin sets the desk's SLA targets at run time: tickets opened from then on get them, a ticket keeps the
targets it was opened under (even when recategorised after the change), and every set stays readable."""

from __future__ import annotations

import pytest

from tests.admin import service_levels as shared
from tests.admin.service_levels import DESK, LOG, clock_of, open_ticket, ticket
from tests.ticket_ops import RECATEGORISE, TAKE

pytestmark = pytest.mark.asyncio
plugins, clock, staff = shared.plugins, shared.clock, shared.staff  # fixtures

H = 3600
SET = """mutation($desk: String!, $targets: [SlaTargetInput!]!) {
  setSlaTargets(input: {desk: $desk, targets: $targets}) {
    targetSet { since setBy targets { topics priorities firstResponse resolution } } } }"""
READ = """query($desk: String!) { slaTargets(desk: $desk) {
  inForce { since setBy targets { topics priorities firstResponse resolution } }
  history { since setBy targets { topics priorities firstResponse resolution } } } }"""
NEW = [{"resolution": "1 working day"},
       {"topics": ["network"], "firstResponse": "4 hours", "resolution": "72 hours"}]


async def test_a_ticket_keeps_the_targets_it_was_opened_under(staff, clock) -> None:
    old = await open_ticket(staff["reporter"])  # under the plugin's targets: 3 working days
    clock.advance(hours=1)
    changed = (await staff["admin"].ok(SET, desk=DESK, targets=NEW))["setSlaTargets"]["targetSet"]
    assert changed["setBy"] == "admin@kalender.example"
    assert changed["targets"] == [
        {"topics": [], "priorities": [], "firstResponse": None, "resolution": "1 working days"},
        {"topics": ["network"], "priorities": [], "firstResponse": "4 hours", "resolution": "72 hours"}]

    clock.advance(hours=1)
    await staff["agent"].ok(TAKE, n=old)
    await staff["agent"].ok(RECATEGORISE, n=old, topic="network")  # re-asks the policy: the old targets still
    kept = await ticket(staff["agent"], old)
    assert [clock["kind"] for clock in kept["sla"]] == ["resolution"], "no first-response target then"
    resolution = clock_of(kept, "resolution")
    assert (resolution["targetSeconds"], resolution["countsWorkingTime"]) == (24 * H, True)

    general = await ticket(staff["agent"], await open_ticket(staff["reporter"]))
    assert clock_of(general, "resolution")["targetSeconds"] == 8 * H
    network = await ticket(staff["agent"], await open_ticket(staff["reporter"], topic="network"))
    assert (clock_of(network, "resolution")["targetSeconds"], clock_of(network, "resolution")["countsWorkingTime"]) \
        == (72 * H, False)
    assert clock_of(network, "first_response")["targetSeconds"] == 4 * H


async def test_admins_read_the_targets_in_force_and_their_history(staff, clock) -> None:
    plugin = {"topics": [], "priorities": [], "firstResponse": None, "resolution": "3 working days"}
    first = (await staff["admin"].ok(READ, desk=DESK))["slaTargets"]
    assert first["inForce"] == {"since": None, "setBy": None, "targets": [plugin]}
    await staff["admin"].ok(SET, desk=DESK, targets=NEW)
    clock.advance(days=1)
    await staff["superuser"].ok(SET, desk=DESK, targets=[{"priorities": ["urgent"], "resolution": "2 hari kerja"}])
    read = (await staff["admin"].ok(READ, desk=DESK))["slaTargets"]
    assert [entry["setBy"] for entry in read["history"]] == [None, "admin@kalender.example", "superuser@test.example"]
    assert read["history"][0]["targets"] == [plugin]
    assert read["inForce"]["targets"] == [{"topics": [], "priorities": ["urgent"], "firstResponse": None,
                                           "resolution": "2 working days"}]

    entries = [e["node"] for e in (await staff["admin"].ok(LOG))["auditLog"]["edges"]]
    assert [(e["action"], e["target"], e["desk"]) for e in entries] == [("sla_targets.set", "sla_targets", DESK)] * 2
    assert entries[1]["before"] == [{"topics": [], "priorities": [], "first_response": None,
                                     "resolution": "3 working days"}]
    assert entries[0]["before"] == entries[1]["after"]


@pytest.mark.parametrize("desk, targets, code, field", [
    (DESK, [{"topics": ["printers"], "resolution": "2 hours"}], "UNKNOWN_TOPIC", "input.targets[0].topics"),
    (DESK, [{"resolution": "2 hours"}, {"priorities": ["asap"], "resolution": "1 hour"}], "UNKNOWN_PRIORITY",
     "input.targets[1].priorities"),
    (DESK, [{"resolution": "soon"}], "DURATION_INVALID", "input.targets[0].resolution"),
    (DESK, [{"firstResponse": "3"}], "DURATION_INVALID", "input.targets[0].firstResponse"),
    (DESK, [{"topics": ["general"]}], "SLA_TARGET_EMPTY", "input.targets[0]"),
    (DESK, [{"resolution": "99999999999999 days"}], "SLA_TARGET_TOO_LONG", "input.targets[0].resolution"),
    (DESK, [{"resolution": "2000 working days"}], "SLA_TARGET_TOO_LONG", "input.targets[0].resolution"),
    (DESK, [{"resolution": "2 hours"}, {"resolution": "3 hours"}], "SLA_TARGET_TWICE", "input.targets[1]"),
    ("testdesk", [{"resolution": "3 working days"}], "SLA_TARGET_NEEDS_CALENDAR", "input.targets[0].resolution"),
])
async def test_bad_targets_are_refused_and_change_nothing(staff, clock, desk, targets, code, field) -> None:
    admin = staff["admin"] if desk == DESK else staff["other_admin"]
    refused = await admin.run(SET, desk=desk, targets=targets)
    assert refused.error_codes == [code] and refused.errors[0]["extensions"]["field"] == field
    assert len((await admin.ok(READ, desk=desk))["slaTargets"]["history"]) == 1
    assert (await admin.ok(LOG))["auditLog"]["edges"] == []


async def test_only_the_desks_admins_and_superusers_set_and_read_its_targets(staff, clock, client) -> None:
    for role in ("reporter", "agent", "other_admin", "outsider"):
        assert (await staff[role].run(SET, desk=DESK, targets=NEW)).error_codes == ["FORBIDDEN"], role
        assert (await staff[role].run(READ, desk=DESK)).error_codes == ["FORBIDDEN"], role
    assert (await client.execute(SET, {"desk": DESK, "targets": NEW})).error_codes == ["UNAUTHENTICATED"]
    assert (await staff["superuser"].ok(READ, desk=DESK))["slaTargets"]["history"][0]["setBy"] is None
