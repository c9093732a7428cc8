"""A desk admin writes canned responses for the desk or a team; an agent lists the ones they may use, renders one
for a ticket, edits it and replies; the reporter reads it with their name and the ticket's number. Bodies with an
unknown placeholder, bad syntax or constructs rendering could not bound are refused when saved; names are unique
within their scope; every change is audited; strangers are refused."""

from __future__ import annotations

import pytest

from loket.core.models import CannedResponse, Desk, DeskAdmin
from tests.people import Person, stored_key
from tests.ticket_ops import DETAIL, REPLY, TAKE, create

pytestmark = pytest.mark.asyncio


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


ADD = """mutation($input: AddCannedResponseInput!) { addCannedResponse(input: $input) {
  cannedResponse { id desk team name body } } }"""
CHANGE = """mutation($input: ChangeCannedResponseInput!) { changeCannedResponse(input: $input) {
  cannedResponse { id name body } } }"""
DELETE = """mutation($id: ID!) { deleteCannedResponse(input: {id: $id}) { deletedId } }"""
LIST = """{ cannedResponses(desk: "testdesk") { id team name } }"""
RENDER = """query($n: String!, $id: ID!) { renderCannedResponse(number: $n, id: $id) }"""
LOG = """query($filter: AuditFilterInput) { auditLog(filter: $filter) {
  edges { node { actor desk action target before after } } } }"""

GREETING = ("Halo {{ reporter.name }},\nterima kasih, tiket {{ ticket.number }} ({{ ticket.title }}) sedang kami "
            "tangani.\nSalam, {{ agent.name }} - {{ desk.name }}")


async def add(admin: Person, name: str, body: str = GREETING, team: str | None = None) -> dict:
    answer = await admin.ok(ADD, input={"desk": "testdesk", "name": name, "body": body, "team": team})
    return answer["addCannedResponse"]["cannedResponse"]


async def test_an_agent_replies_with_a_canned_response_and_the_reporter_reads_it_filled_in(
        people: dict[str, Person]) -> None:
    admin, agent, reporter = people["admin"], people["agent"], people["reporter"]
    greeting = await add(admin, "Salam pembuka")
    assert greeting["desk"] == "testdesk" and greeting["team"] is None
    intake = await add(admin, "Intake only", "{{ reporter.name | upper }}, we are on it.", team="intake")
    await add(admin, "Experts only", "The experts have it, {{ reporter.name }}.", team="experts")

    # The agent (of the intake team) may use the desk's and the intake team's, not the experts'.
    assert [(r["name"], r["team"]) for r in (await agent.ok(LIST))["cannedResponses"]] == [
        ("Salam pembuka", None), ("Intake only", "intake")]
    assert len((await admin.ok(LIST))["cannedResponses"]) == 3

    ticket = await create(reporter)
    await agent.ok(TAKE, n=ticket["number"])
    text = (await agent.ok(RENDER, n=ticket["number"], id=greeting["id"]))["renderCannedResponse"]
    assert text == (f"Halo Reporter,\nterima kasih, tiket {ticket['number']} (Laptop will not start) sedang kami "
                    "tangani.\nSalam, Agent - Test Desk")
    await agent.ok(REPLY, n=ticket["number"], m=text + "\nMohon coba nyalakan ulang.")

    seen = (await reporter.ok(DETAIL, n=ticket["number"]))["ticket"]["messages"]["nodes"]
    reply = [m for m in seen if m["purpose"] == "REPLY"][-1]
    assert reply["body"].startswith(f"Halo Reporter,\nterima kasih, tiket {ticket['number']}")
    assert reply["author"]["displayName"] == "Agent"

    shouted = (await agent.ok(RENDER, n=ticket["number"], id=intake["id"]))["renderCannedResponse"]
    assert shouted == "REPORTER, we are on it."
    experts = (await admin.ok(LIST))["cannedResponses"][2]
    refused = await agent.run(RENDER, n=ticket["number"], id=experts["id"])
    assert refused.error_codes == ["CANNED_RESPONSE_NOT_FOUND"]
    # The reporter has no canned responses to use.
    assert (await reporter.run(RENDER, n=ticket["number"], id=greeting["id"])).error_codes == ["FORBIDDEN"]
    assert (await reporter.run(LIST)).error_codes == ["FORBIDDEN"]


async def test_bodies_that_cannot_be_rendered_safely_are_refused_when_saved(people: dict[str, Person]) -> None:
    admin = people["admin"]
    cases = [
        ("Hi {{ reporter.email }}", "TEMPLATE_UNKNOWN_PLACEHOLDER", 1),
        ("Hi\n{{ customer }}", "TEMPLATE_UNKNOWN_PLACEHOLDER", 2),
        ("Hi\n\n{{ reporter.name ", "TEMPLATE_SYNTAX_ERROR", 3),
        ("{% for c in ticket.title %}{{ c }}{% endfor %}", "TEMPLATE_NOT_ALLOWED", 1),
        ("{{ 'x' * 100000000 }}", "TEMPLATE_NOT_ALLOWED", 1),
        ("{{ reporter.name.__class__ }}", "TEMPLATE_UNKNOWN_PLACEHOLDER", 1),
        ("{{ lipsum(1000) }}", "TEMPLATE_NOT_ALLOWED", 1),
        ("{{ reporter.name | attr('x') }}", "TEMPLATE_NOT_ALLOWED", 1),
    ]
    for body, code, line in cases:
        refused = await admin.run(ADD, input={"desk": "testdesk", "name": "x", "body": body})
        assert refused.error_codes == [code], body
        assert refused.errors[0]["extensions"]["field"] == "input.body", body
        assert refused.errors[0]["extensions"]["line"] == line, body
    long = await admin.run(ADD, input={"desk": "testdesk", "name": "x", "body": "x" * 10_001})
    assert long.error_codes == ["TEXT_TOO_LONG"] and long.errors[0]["extensions"]["field"] == "input.body"
    assert (await admin.run(ADD, input={"desk": "testdesk", "name": " ", "body": "Hi"})).error_codes == [
        "CANNED_NAME_REQUIRED"]
    unknown_team = await admin.run(ADD, input={"desk": "testdesk", "name": "x", "body": "Hi", "team": "nope"})
    assert unknown_team.error_codes == ["UNKNOWN_TEAM"] and unknown_team.errors[0]["extensions"]["field"] == "input.team"

    # A name is unique within its scope: the desk's, or one team's.
    first = await add(admin, "Thanks", "Thank you, {{ reporter.name }}.")
    duplicate = await admin.run(ADD, input={"desk": "testdesk", "name": "Thanks", "body": "Again"})
    assert duplicate.error_codes == ["CANNED_NAME_TAKEN"] and duplicate.errors[0]["extensions"]["field"] == "input.name"
    await add(admin, "Thanks", "Thank you from intake.", team="intake")
    other = await add(admin, "Bye", "Bye.")
    renamed = await admin.run(CHANGE, input={"id": other["id"], "name": "Thanks"})
    assert renamed.error_codes == ["CANNED_NAME_TAKEN"]
    assert renamed.errors[0]["extensions"]["field"] == "input.name"
    assert (await admin.run(DELETE, id="nope")).errors[0]["extensions"] == {"code": "INVALID_ID", "field": "input.id"}
    broken = await admin.run(CHANGE, input={"id": first["id"], "body": "{{ ticket.owner }}"})
    assert broken.error_codes == ["TEMPLATE_UNKNOWN_PLACEHOLDER"]
    assert sorted(await CannedResponse.all().values_list("name", "body")) == [
        ("Bye", "Bye."), ("Thanks", "Thank you from intake."), ("Thanks", "Thank you, {{ reporter.name }}.")]
    assert len((await admin.ok(LOG))["auditLog"]["edges"]) == 3


async def test_changes_are_audited_with_before_and_after(people: dict[str, Person]) -> None:
    admin = people["admin"]
    added = await add(admin, "Thanks", "Thank you, {{ reporter.name }}.", team="intake")
    changed = await admin.ok(CHANGE, input={"id": added["id"], "name": "Thank you", "body": "Thanks!"})
    assert changed["changeCannedResponse"]["cannedResponse"] == {"id": added["id"], "name": "Thank you",
                                                                  "body": "Thanks!"}
    assert (await admin.ok(DELETE, id=added["id"]))["deleteCannedResponse"]["deletedId"] == added["id"]
    assert (await admin.ok(LIST))["cannedResponses"] == []

    entries = [e["node"] for e in (await admin.ok(LOG, filter={"action": "canned_response"}))["auditLog"]["edges"]]
    assert [e["action"] for e in entries] == ["canned_response.delete", "canned_response.change",
                                              "canned_response.add"]
    assert {e["target"] for e in entries} == {f"canned_response:{stored_key(added['id'])}"}
    assert {e["desk"] for e in entries} == {"testdesk"}
    assert entries[2]["before"] is None
    assert entries[2]["after"] == {"team": "intake", "name": "Thanks", "body": "Thank you, {{ reporter.name }}."}
    assert entries[1]["before"]["name"] == "Thanks" and entries[1]["after"] == {
        "team": "intake", "name": "Thank you", "body": "Thanks!"}
    assert entries[0]["after"] is None and entries[0]["before"]["name"] == "Thank you"


async def test_who_may_write_canned_responses(people: dict[str, Person], client) -> None:
    other_admin = people["outsider"]
    await DeskAdmin.create(user=other_admin.user, desk=await Desk.get(slug="kemsos"))
    added = await add(people["admin"], "Thanks", "Thanks.")
    new = {"desk": "testdesk", "name": "Mine", "body": "Hi"}
    assert (await client.execute(ADD, {"input": new})).error_codes == ["UNAUTHENTICATED"]
    for role in ("reporter", "agent", "outsider"):
        person = people[role]
        assert (await person.run(ADD, input=new)).error_codes == ["FORBIDDEN"], role
        assert (await person.run(CHANGE, input={"id": added["id"], "body": "x"})).error_codes == ["FORBIDDEN"]
        assert (await person.run(DELETE, id=added["id"])).error_codes == ["FORBIDDEN"], role
    assert (await other_admin.run(LIST)).error_codes == ["FORBIDDEN"]
    assert (await people["superuser"].ok(ADD, input=new))["addCannedResponse"]["cannedResponse"]["name"] == "Mine"
    assert await CannedResponse.all().count() == 2
