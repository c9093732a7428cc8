"""Handing out work: a team's members with their load, the default workflow's `assign` action (an admin, or
the holder handing over to a colleague of the holding team), and finding whom a ticket is opened for."""

from __future__ import annotations

import pytest

from tests.admin.people_ops import DEACTIVATE
from tests.people import Person
from tests.ticket_ops import TAKE, create

pytestmark = pytest.mark.asyncio


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


MEMBERS = """query($team: String!) { teamMembers(desk: "testdesk", team: $team) {
  person { displayName email } isActive openTickets } }"""
ASSIGN = """mutation($n: String!, $to: String) { performAction(input: {number: $n, action: "assign", toPerson: $to}) {
  ticket { status { name } assignee { email } } } }"""
FIND = """query($text: String!) { findReporters(desk: "testdesk", text: $text) { displayName email } }"""
ACTIONS = """query($n: String!) { ticket(number: $n) { availableActions { name inputs { name required
  choices { value } } } } }"""


def loads(data: dict) -> dict[str, int]:
    return {m["person"]["email"]: m["openTickets"] for m in data["teamMembers"]}


async def test_a_teams_members_with_their_load(people: dict[str, Person]) -> None:
    agent = people["agent"]
    assert loads(await agent.ok(MEMBERS, team="intake")) == {"agent@test.example": 0, "agent2@test.example": 0}
    first, second = (await create(people["reporter"]))["number"], (await create(people["reporter"]))["number"]
    await agent.ok(TAKE, n=first)
    await agent.ok(TAKE, n=second)
    closing = """mutation($n: String!) { forceCloseTicket(input: {number: $n}) { ticket { status { name } } } }"""
    await people["reporter"].ok(closing, n=second)
    for role in ("agent", "second", "admin", "superuser"):
        seen = await people[role].ok(MEMBERS, team="intake")
        assert loads(seen) == {"agent@test.example": 1, "agent2@test.example": 0}, role
    for role in ("reporter", "outsider"):
        assert (await people[role].run(MEMBERS, team="intake")).error_codes == ["FORBIDDEN"], role
    refused = await agent.run(MEMBERS, team="layanan")
    assert refused.error_codes == ["TEAM_NOT_OF_DESK"]


async def test_an_admin_assigns_a_new_ticket_and_the_holder_hands_it_over(people: dict[str, Person]) -> None:
    admin, agent, agent2 = people["admin"], people["agent"], people["agent2"]
    number = (await create(people["reporter"]))["number"]
    offered = {a["name"]: a for a in (await admin.ok(ACTIONS, n=number))["ticket"]["availableActions"]}
    [to_person] = offered["assign"]["inputs"]
    assert to_person["required"] and {c["value"] for c in to_person["choices"]} == {
        "agent@test.example", "agent2@test.example"}
    names = [a["name"] for a in (await agent.ok(ACTIONS, n=number))["ticket"]["availableActions"]]
    assert "assign" not in names, "a new ticket is not an agent's to hand out"
    assert (await agent.run(ASSIGN, n=number, to="agent2@test.example")).error_codes == [
        "ACTION_NOT_ALLOWED_FOR_YOU"]

    refused = await admin.run(ASSIGN, n=number, to="second@test.example")
    assert refused.error_codes == ["NOT_AN_AGENT_OF_TEAM"]
    assigned = (await admin.ok(ASSIGN, n=number, to="agent2@test.example"))["performAction"]["ticket"]
    assert assigned == {"status": {"name": "in_progress"}, "assignee": {"email": "agent2@test.example"}}
    handed = (await agent2.ok(ASSIGN, n=number, to="agent@test.example"))["performAction"]["ticket"]
    assert handed == {"status": {"name": "in_progress"}, "assignee": {"email": "agent@test.example"}}
    assert (await agent2.run(ASSIGN, n=number, to="agent2@test.example")).error_codes

    await admin.ok(DEACTIVATE, user=str(agent2.user.id))
    assert (await admin.run(ASSIGN, n=number, to="agent2@test.example")).error_codes == ["NOT_AN_AGENT_OF_TEAM"]


async def test_the_desks_staff_find_whom_a_ticket_is_for(people: dict[str, Person]) -> None:
    found = (await people["agent"].ok(FIND, text="Other"))["findReporters"]
    assert found == [{"displayName": "Other Reporter", "email": "other_reporter@test.example"}]
    assert [p["email"] for p in (await people["admin"].ok(FIND, text="rep"))["findReporters"]] == [
        "reporter@test.example"]
    refused = await people["agent"].run(FIND, text="r")
    assert refused.error_codes == ["TEXT_TOO_SHORT"] and refused.errors[0]["extensions"]["field"] == "text"
    for role in ("reporter", "outsider"):
        assert (await people[role].run(FIND, text="rep")).error_codes == ["FORBIDDEN"], role
