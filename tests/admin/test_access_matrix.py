"""Every administrative operation, tried by everyone: an anonymous caller, a reporter, an agent of the desk, an
admin of another desk, an admin of this desk and a superuser.

The first four are refused (UNAUTHENTICATED for the anonymous caller, FORBIDDEN for the others) and change nothing
(the audit log stays as it was); this desk's admin and a superuser succeed, each with their own input.
Superuser-only operations refuse this desk's admin too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from loket.core.models import AuditEntry, Desk, DeskAdmin
from tests.people import Person, sign_up

pytestmark = pytest.mark.asyncio

REFUSED = ("anonymous", "reporter", "agent", "other_admin")
EN = [{"language": "en", "text": "Words"}]

Prepare = Callable[[dict[str, Person]], Awaitable[dict[str, Any]]]


async def nothing(people: dict[str, Person]) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Operation:
    """A GraphQL document and the variables each role sends (``{role}`` in a string becomes the role's name, and
    ``{<name>}`` a value ``prepare`` made as a superuser beforehand)."""

    name: str
    document: str
    variables: dict[str, Any] = field(default_factory=dict)
    prepare: Prepare = nothing
    superuser_only: bool = False
    changes: bool = True  # a successful run adds an audit entry


def fill(value: Any, values: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return value.format(**values)
    if isinstance(value, list):
        return [fill(item, values) for item in value]
    if isinstance(value, dict):
        return {key: fill(item, values) for key, item in value.items()}
    return value


async def write_guides(people: dict[str, Person]) -> dict[str, Any]:
    ids = {}
    for role in ("admin", "superuser"):
        written = await people["superuser"].ok(
            """mutation($key: String!) { writeGuide(input: {desk: "testdesk", key: $key, topic: "printer",
            title: [{language: "en", text: "Paper jam"}], body: [{language: "en", text: "Open the tray."}]}) { id } }""",
            key=f"jam-{role.replace('_', '-')}")
        ids[f"guide_{role}"] = written["writeGuide"]["id"]
    return ids


async def add_canned(people: dict[str, Person]) -> dict[str, Any]:
    ids = {}
    for role in ("admin", "superuser"):
        added = await people["superuser"].ok(
            """mutation($name: String!) { addCannedResponse(input: {desk: "testdesk", name: $name,
            body: "Dear {{ reporter.name }}"}) { id } }""", name=f"greeting {role}")
        ids[f"canned_{role}"] = added["addCannedResponse"]["id"]
    return ids


async def add_topics(people: dict[str, Person]) -> dict[str, Any]:
    for role in ("admin", "superuser"):
        await people["superuser"].ok(
            """mutation($slug: String!) { addTopic(desk: "testdesk", input: {slug: $slug,
            name: [{language: "en", text: "Scanner"}], parent: "hardware"}) { slug } }""", slug=f"scanner-{role}")
    return {}


async def add_fields(people: dict[str, Person]) -> dict[str, Any]:
    for role in ("admin", "superuser"):
        await people["superuser"].ok(
            """mutation($key: String!) { addField(desk: "testdesk", input: {key: $key, kind: "text",
            label: [{language: "en", text: "Room"}], topics: ["printer"]}) { slug } }""", key=f"room_{role}")
    return {}


async def add_reasons(people: dict[str, Person]) -> dict[str, Any]:
    for role in ("admin", "superuser"):
        await people["superuser"].ok(
            """mutation($reason: String!) { addPauseReason(desk: "testdesk", reason: $reason,
            label: [{language: "en", text: "Vendor"}]) { slug } }""", reason=f"vendor-{role}")
    return {}


async def retire_topics(people: dict[str, Person]) -> dict[str, Any]:
    await add_topics(people)
    for role in ("admin", "superuser"):
        await people["superuser"].ok('mutation($t: String!) { retireTopic(desk: "testdesk", topic: $t) { slug } }',
                                     t=f"scanner-{role}")
    return {}


async def retire_reasons(people: dict[str, Person]) -> dict[str, Any]:
    await add_reasons(people)
    for role in ("admin", "superuser"):
        await people["superuser"].ok(
            'mutation($r: String!) { retirePauseReason(desk: "testdesk", reason: $r) { slug } }', r=f"vendor-{role}")
    return {}


async def publish_guides(people: dict[str, Person]) -> dict[str, Any]:
    ids = await write_guides(people)
    for guide in ids.values():
        await people["superuser"].ok("mutation($id: ID!) { publishGuide(id: $id) { id } }", id=guide)
    return ids


DESK_OPERATIONS = [
    Operation("setStatusLabel", 'mutation($t: String!) { setStatusLabel(desk: "testdesk", status: "new", '
              'label: [{language: "en", text: $t}]) { slug } }', {"t": "Received by {role}"}),
    Operation("addTopic", 'mutation($slug: String!) { addTopic(desk: "testdesk", input: {slug: $slug, '
              'name: [{language: "en", text: "Scanner"}], parent: "hardware"}) { slug } }', {"slug": "scanner-{role}"}),
    Operation("renameTopic", 'mutation($t: String!) { renameTopic(desk: "testdesk", topic: "laptop", '
              'name: [{language: "en", text: $t}]) { slug } }', {"t": "Notebook of {role}"}),
    Operation("moveTopic", 'mutation($t: String!) { moveTopic(desk: "testdesk", topic: $t, position: 0) '
              '{ slug } }', {"t": "scanner-{role}"}, prepare=add_topics),
    Operation("retireTopic", 'mutation($t: String!) { retireTopic(desk: "testdesk", topic: $t) { slug } }',
              {"t": "scanner-{role}"}, prepare=add_topics),
    Operation("restoreTopic", 'mutation($t: String!) { restoreTopic(desk: "testdesk", topic: $t) { slug } }',
              {"t": "scanner-{role}"}, prepare=retire_topics),
    Operation("deleteTopic", 'mutation($t: String!) { deleteTopic(desk: "testdesk", topic: $t) { slug } }',
              {"t": "scanner-{role}"}, prepare=add_topics),
    Operation("addField", 'mutation($key: String!) { addField(desk: "testdesk", input: {key: $key, kind: "text", '
              'label: [{language: "en", text: "Room"}], required: true, topics: ["printer"]}) { slug } }',
              {"key": "room_{role}"}),
    Operation("changeField", 'mutation($h: String!) { changeField(desk: "testdesk", input: {key: "asset_tag", '
              'help: [{language: "en", text: $h}]}) { slug } }', {"h": "On the sticker ({role})"}),
    Operation("removeField", 'mutation($key: String!) { removeField(desk: "testdesk", key: $key) { slug } }',
              {"key": "room_{role}"}, prepare=add_fields),
    Operation("addPauseReason", 'mutation($r: String!) { addPauseReason(desk: "testdesk", reason: $r, '
              'label: [{language: "en", text: "Vendor"}]) { slug } }', {"r": "vendor-{role}"}),
    Operation("relabelPauseReason", 'mutation($r: String!) { relabelPauseReason(desk: "testdesk", reason: $r, '
              'label: [{language: "en", text: "Supplier"}]) { slug } }', {"r": "vendor-{role}"}, prepare=add_reasons),
    Operation("retirePauseReason", 'mutation($r: String!) { retirePauseReason(desk: "testdesk", reason: $r) '
              '{ slug } }', {"r": "vendor-{role}"}, prepare=add_reasons),
    Operation("restorePauseReason", 'mutation($r: String!) { restorePauseReason(desk: "testdesk", reason: $r) '
              '{ slug } }', {"r": "vendor-{role}"}, prepare=retire_reasons),
    Operation("setOfficeHours", 'mutation($c: String!) { setOfficeHours(desk: "testdesk", hours: '
              '[{weekday: 1, opens: "08:00", closes: $c}]) { timeZone } }', {"c": "{closes}"}),
    Operation("setCalendarTimeZone", 'mutation($z: String!) { setCalendarTimeZone(desk: "testdesk", timeZone: $z) '
              '{ timeZone } }', {"z": "{zone}"}),
    Operation("setNationalHolidays", 'mutation { setNationalHolidays(desk: "testdesk", country: "ID") '
              '{ timeZone } }'),
    Operation("setHoliday", 'mutation($d: Date!) { setHoliday(desk: "testdesk", date: $d, name: "Hari jadi") '
              '{ timeZone } }', {"d": "{day}"}),
    Operation("removeHoliday", 'mutation($d: Date!) { removeHoliday(desk: "testdesk", date: $d) { timeZone } }',
              {"d": "{day}"}),
    Operation("setSlaTargets", 'mutation($r: String!) { setSlaTargets(desk: "testdesk", targets: '
              '[{resolution: $r}]) { since } }', {"r": "{hours} hours"}),
    Operation("writeGuide", 'mutation($key: String!) { writeGuide(input: {desk: "testdesk", key: $key, '
              'title: [{language: "en", text: "Paper jam"}], body: [{language: "en", text: "Open the tray."}]}) '
              '{ id } }', {"key": "faq-{slug}"}),
    Operation("editGuide", 'mutation($id: ID!) { editGuide(input: {id: $id, keywords: ["tray"]}) { id } }',
              {"id": "{guide}"}, prepare=write_guides),
    Operation("publishGuide", "mutation($id: ID!) { publishGuide(id: $id) { id } }", {"id": "{guide}"},
              prepare=write_guides),
    Operation("unpublishGuide", "mutation($id: ID!) { unpublishGuide(id: $id) { id } }", {"id": "{guide}"},
              prepare=publish_guides),
    Operation("deleteGuide", "mutation($id: ID!) { deleteGuide(id: $id) }", {"id": "{guide}"},
              prepare=write_guides),
    Operation("addCannedResponse", 'mutation($n: String!) { addCannedResponse(input: {desk: "testdesk", name: $n, '
              'body: "Dear {{ reporter.name }}"}) { id } }', {"n": "hello {role}"}),
    Operation("changeCannedResponse", 'mutation($id: ID!) { changeCannedResponse(input: {id: $id, body: "Hi"}) '
              '{ id } }', {"id": "{canned}"}, prepare=add_canned),
    Operation("deleteCannedResponse", "mutation($id: ID!) { deleteCannedResponse(id: $id) }", {"id": "{canned}"},
              prepare=add_canned),
    Operation("guideArticles", '{ guideArticles(desk: "testdesk") { id } }', changes=False),
    Operation("slaTargets", '{ slaTargets(desk: "testdesk") { history { since } } }', changes=False),
    Operation("auditLog of the desk", '{ auditLog(filter: {desk: "testdesk"}) { edges { node { action } } } }',
              changes=False),
]

# What differs between the two runs that succeed (an admin's and a superuser's), so that both change something.
PER_ROLE = {"admin": {"closes": "15:00", "zone": "Asia/Makassar", "day": "2031-03-05", "hours": "48",
                      "slug": "admin"},
            "superuser": {"closes": "17:00", "zone": "Asia/Jayapura", "day": "2031-03-06", "hours": "60",
                          "slug": "superuser"}}
REFUSED_VALUES = {"closes": "14:00", "zone": "Asia/Pontianak", "day": "2031-03-07", "hours": "30"}


async def accounts(people: dict[str, Person], *, staff: bool) -> dict[str, Any]:
    """One account for each run that succeeds (an agent of the desk's intake team when ``staff``)."""
    ids = {}
    for role in ("admin", "superuser"):
        teams = '[{desk: "testdesk", team: "intake"}]' if staff else "[]"
        invited = await people["superuser"].ok(
            'mutation($e: String!) { inviteUser(input: {email: $e, displayName: "Target", teams: %s}) { id } }' % teams,
            e=f"target-{role}@test.example")
        ids[f"user_{role}"] = invited["inviteUser"]["id"]
    return ids


async def plain_accounts(people: dict[str, Person]) -> dict[str, Any]:
    return await accounts(people, staff=False)


async def agents(people: dict[str, Person]) -> dict[str, Any]:
    return await accounts(people, staff=True)


async def deactivated_agents(people: dict[str, Person]) -> dict[str, Any]:
    ids = await agents(people)
    for user in ids.values():
        await people["superuser"].ok("mutation($u: ID!) { deactivateUser(user: $u) { id } }", u=user)
    return ids


async def desk_admins(people: dict[str, Person]) -> dict[str, Any]:
    ids = await plain_accounts(people)
    for user in ids.values():
        await people["superuser"].ok('mutation($u: ID!) { grantDeskAdmin(user: $u, desk: "testdesk") { id } }', u=user)
    return ids


PEOPLE_OPERATIONS = [
    Operation("people", '{ people(filter: {desk: "testdesk"}) { edges { node { email } } } }', changes=False),
    Operation("inviteUser", 'mutation($e: String!) { inviteUser(input: {email: $e, displayName: "New agent", '
              'teams: [{desk: "testdesk", team: "second"}]}) { id } }', {"e": "new-{role}@test.example"}),
    Operation("grantTeamMembership", 'mutation($u: ID!) { grantTeamMembership(user: $u, desk: "testdesk", '
              'team: "intake") { id } }', {"u": "{user}"}, prepare=plain_accounts),
    Operation("revokeTeamMembership", 'mutation($u: ID!) { revokeTeamMembership(user: $u, desk: "testdesk", '
              'team: "intake") { id } }', {"u": "{user}"}, prepare=agents),
    Operation("grantDeskAdmin", 'mutation($u: ID!) { grantDeskAdmin(user: $u, desk: "testdesk") { id } }',
              {"u": "{user}"}, prepare=plain_accounts),
    Operation("revokeDeskAdmin", 'mutation($u: ID!) { revokeDeskAdmin(user: $u, desk: "testdesk") { id } }',
              {"u": "{user}"}, prepare=desk_admins),
    Operation("setSuperuser", 'mutation($u: ID!) { setSuperuser(user: $u, granted: true) { id } }',
              {"u": "{user}"}, prepare=plain_accounts, superuser_only=True),
    Operation("deactivateUser", 'mutation($u: ID!) { deactivateUser(user: $u) { id } }', {"u": "{user}"},
              prepare=agents),
    Operation("reactivateUser", 'mutation($u: ID!) { reactivateUser(user: $u) { id } }', {"u": "{user}"},
              prepare=deactivated_agents),
    Operation("sendPasswordReset", 'mutation($u: ID!) { sendPasswordReset(user: $u) { id } }', {"u": "{user}"},
              prepare=agents),
]

OPERATIONS = DESK_OPERATIONS + PEOPLE_OPERATIONS


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


@pytest.fixture
async def everyone(people: dict[str, Person], client, settings) -> dict[str, Person]:
    other = await sign_up(client, settings, "kemsos.admin@test.example", "Kemsos Admin")
    await DeskAdmin.create(user=other.user, desk=await Desk.get(slug="kemsos"))
    anonymous = Person(user=None, client=client)
    return {**people, "other_admin": other, "anonymous": anonymous}


@pytest.mark.parametrize("operation", OPERATIONS, ids=[operation.name for operation in OPERATIONS])
async def test_who_may(operation: Operation, everyone: dict[str, Person]) -> None:
    prepared = await operation.prepare(everyone)
    if operation.name == "removeHoliday":  # a day to remove, for each run that succeeds
        for values in PER_ROLE.values():
            await everyone["superuser"].ok('mutation($d: Date!) { setHoliday(desk: "testdesk", date: $d, '
                                           'name: "Libur") { timeZone } }', d=values["day"])
    entries = await AuditEntry.all().count()
    for role in REFUSED + (("admin",) if operation.superuser_only else ()):
        values = {**REFUSED_VALUES, "role": role, "slug": role.replace("_", "-"), "user": prepared.get("user_admin", ""),
                  "guide": prepared.get("guide_admin", ""), "canned": prepared.get("canned_admin", "")}
        answer = await everyone[role].run(operation.document, **fill(operation.variables, values))
        expected = "UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN"
        assert answer.error_codes == [expected], (role, answer.body)
        assert await AuditEntry.all().count() == entries, f"{role}'s refused {operation.name} changed something"
    for role in ("superuser",) if operation.superuser_only else ("admin", "superuser"):
        values = {**PER_ROLE[role], "role": role, "guide": prepared.get(f"guide_{role}", ""),
                  "canned": prepared.get(f"canned_{role}", ""), "user": prepared.get(f"user_{role}", "")}
        answer = await everyone[role].run(operation.document, **fill(operation.variables, values))
        assert not answer.errors, (role, answer.body)
        if operation.changes:
            assert await AuditEntry.all().count() == entries + 1, f"{role}'s {operation.name} was not audited"
            entries += 1
