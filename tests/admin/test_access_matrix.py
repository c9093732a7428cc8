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
            title: [{language: "en", text: "Paper jam"}], body: [{language: "en", text: "Open the tray."}]}) {
            guide { id } } }""", key=f"jam-{role.replace('_', '-')}")
        ids[f"guide_{role}"] = written["writeGuide"]["guide"]["id"]
    return ids


async def add_canned(people: dict[str, Person]) -> dict[str, Any]:
    ids = {}
    for role in ("admin", "superuser"):
        added = await people["superuser"].ok(
            """mutation($name: String!) { addCannedResponse(input: {desk: "testdesk", name: $name,
            body: "Dear {{ reporter.name }}"}) { cannedResponse { id } } }""", name=f"greeting {role}")
        ids[f"canned_{role}"] = added["addCannedResponse"]["cannedResponse"]["id"]
    return ids


async def add_topics(people: dict[str, Person]) -> dict[str, Any]:
    for role in ("admin", "superuser"):
        await people["superuser"].ok(
            """mutation($slug: String!) { addTopic(input: {desk: "testdesk", slug: $slug,
            name: [{language: "en", text: "Scanner"}], parent: "hardware"}) { desk { slug } } }""",
            slug=f"scanner-{role}")
    return {}


async def add_fields(people: dict[str, Person]) -> dict[str, Any]:
    for role in ("admin", "superuser"):
        await people["superuser"].ok(
            """mutation($key: String!) { addField(input: {desk: "testdesk", key: $key, kind: TEXT,
            label: [{language: "en", text: "Room"}], topics: ["printer"]}) { desk { slug } } }""", key=f"room_{role}")
    return {}


async def add_reasons(people: dict[str, Person]) -> dict[str, Any]:
    for role in ("admin", "superuser"):
        await people["superuser"].ok(
            """mutation($reason: String!) { addPauseReason(input: {desk: "testdesk", reason: $reason,
            label: [{language: "en", text: "Vendor"}]}) { desk { slug } } }""", reason=f"vendor-{role}")
    return {}


async def retire_topics(people: dict[str, Person]) -> dict[str, Any]:
    await add_topics(people)
    for role in ("admin", "superuser"):
        await people["superuser"].ok('mutation($t: String!) { retireTopic(input: {desk: "testdesk", topic: $t}) '
                                     '{ desk { slug } } }', t=f"scanner-{role}")
    return {}


async def retire_reasons(people: dict[str, Person]) -> dict[str, Any]:
    await add_reasons(people)
    for role in ("admin", "superuser"):
        await people["superuser"].ok(
            'mutation($r: String!) { retirePauseReason(input: {desk: "testdesk", reason: $r}) { desk { slug } } }',
            r=f"vendor-{role}")
    return {}


async def publish_guides(people: dict[str, Person]) -> dict[str, Any]:
    ids = await write_guides(people)
    for guide in ids.values():
        await people["superuser"].ok("mutation($id: ID!) { publishGuide(input: {id: $id}) { guide { id } } }",
                                     id=guide)
    return ids


DESK = '{ desk { slug } }'
CALENDAR = '{ calendar { timeZone } }'
DESK_OPERATIONS = [
    Operation("setStatusLabel", 'mutation($t: String!) { setStatusLabel(input: {desk: "testdesk", status: "new", '
              'label: [{language: "en", text: $t}]}) %s }' % DESK, {"t": "Received by {role}"}),
    Operation("addTopic", 'mutation($slug: String!) { addTopic(input: {desk: "testdesk", slug: $slug, '
              'name: [{language: "en", text: "Scanner"}], parent: "hardware"}) %s }' % DESK,
              {"slug": "scanner-{role}"}),
    Operation("renameTopic", 'mutation($t: String!) { renameTopic(input: {desk: "testdesk", topic: "laptop", '
              'name: [{language: "en", text: $t}]}) %s }' % DESK, {"t": "Notebook of {role}"}),
    Operation("moveTopic", 'mutation($t: String!) { moveTopic(input: {desk: "testdesk", topic: $t, position: 0}) '
              '%s }' % DESK, {"t": "scanner-{role}"}, prepare=add_topics),
    Operation("retireTopic", 'mutation($t: String!) { retireTopic(input: {desk: "testdesk", topic: $t}) %s }' % DESK,
              {"t": "scanner-{role}"}, prepare=add_topics),
    Operation("restoreTopic", 'mutation($t: String!) { restoreTopic(input: {desk: "testdesk", topic: $t}) %s }'
              % DESK, {"t": "scanner-{role}"}, prepare=retire_topics),
    Operation("deleteTopic", 'mutation($t: String!) { deleteTopic(input: {desk: "testdesk", topic: $t}) %s }' % DESK,
              {"t": "scanner-{role}"}, prepare=add_topics),
    Operation("addField", 'mutation($key: String!) { addField(input: {desk: "testdesk", key: $key, kind: TEXT, '
              'label: [{language: "en", text: "Room"}], required: true, topics: ["printer"]}) %s }' % DESK,
              {"key": "room_{role}"}),
    Operation("changeField", 'mutation($h: String!) { changeField(input: {desk: "testdesk", key: "asset_tag", '
              'help: [{language: "en", text: $h}]}) %s }' % DESK, {"h": "On the sticker ({role})"}),
    Operation("removeField", 'mutation($key: String!) { removeField(input: {desk: "testdesk", key: $key}) %s }'
              % DESK, {"key": "room_{role}"}, prepare=add_fields),
    Operation("addPauseReason", 'mutation($r: String!) { addPauseReason(input: {desk: "testdesk", reason: $r, '
              'label: [{language: "en", text: "Vendor"}]}) %s }' % DESK, {"r": "vendor-{role}"}),
    Operation("relabelPauseReason", 'mutation($r: String!) { relabelPauseReason(input: {desk: "testdesk", '
              'reason: $r, label: [{language: "en", text: "Supplier"}]}) %s }' % DESK, {"r": "vendor-{role}"},
              prepare=add_reasons),
    Operation("retirePauseReason", 'mutation($r: String!) { retirePauseReason(input: {desk: "testdesk", '
              'reason: $r}) %s }' % DESK, {"r": "vendor-{role}"}, prepare=add_reasons),
    Operation("restorePauseReason", 'mutation($r: String!) { restorePauseReason(input: {desk: "testdesk", '
              'reason: $r}) %s }' % DESK, {"r": "vendor-{role}"}, prepare=retire_reasons),
    Operation("setOfficeHours", 'mutation($c: String!) { setOfficeHours(input: {desk: "testdesk", hours: '
              '[{weekday: 1, opens: "08:00", closes: $c}]}) %s }' % CALENDAR, {"c": "{closes}"}),
    Operation("setCalendarTimeZone", 'mutation($z: String!) { setCalendarTimeZone(input: {desk: "testdesk", '
              'timeZone: $z}) %s }' % CALENDAR, {"z": "{zone}"}),
    Operation("setNationalHolidays", 'mutation { setNationalHolidays(input: {desk: "testdesk", country: "ID"}) '
              '%s }' % CALENDAR),
    Operation("setHoliday", 'mutation($d: Date!) { setHoliday(input: {desk: "testdesk", date: $d, '
              'name: "Hari jadi"}) %s }' % CALENDAR, {"d": "{day}"}),
    Operation("removeHoliday", 'mutation($d: Date!) { removeHoliday(input: {desk: "testdesk", date: $d}) %s }'
              % CALENDAR, {"d": "{day}"}),
    Operation("setSlaTargets", 'mutation($r: String!) { setSlaTargets(input: {desk: "testdesk", targets: '
              '[{resolution: $r}]}) { targetSet { since } } }', {"r": "{hours} hours"}),
    Operation("writeGuide", 'mutation($key: String!) { writeGuide(input: {desk: "testdesk", key: $key, '
              'title: [{language: "en", text: "Paper jam"}], body: [{language: "en", text: "Open the tray."}]}) '
              '{ guide { id } } }', {"key": "faq-{slug}"}),
    Operation("editGuide", 'mutation($id: ID!) { editGuide(input: {id: $id, keywords: ["tray"]}) { guide { id } } }',
              {"id": "{guide}"}, prepare=write_guides),
    Operation("publishGuide", "mutation($id: ID!) { publishGuide(input: {id: $id}) { guide { id } } }",
              {"id": "{guide}"}, prepare=write_guides),
    Operation("unpublishGuide", "mutation($id: ID!) { unpublishGuide(input: {id: $id}) { guide { id } } }",
              {"id": "{guide}"}, prepare=publish_guides),
    Operation("deleteGuide", "mutation($id: ID!) { deleteGuide(input: {id: $id}) { deletedId } }", {"id": "{guide}"},
              prepare=write_guides),
    Operation("addCannedResponse", 'mutation($n: String!) { addCannedResponse(input: {desk: "testdesk", name: $n, '
              'body: "Dear {{ reporter.name }}"}) { cannedResponse { id } } }', {"n": "hello {role}"}),
    Operation("changeCannedResponse", 'mutation($id: ID!) { changeCannedResponse(input: {id: $id, body: "Hi"}) '
              '{ cannedResponse { id } } }', {"id": "{canned}"}, prepare=add_canned),
    Operation("deleteCannedResponse", "mutation($id: ID!) { deleteCannedResponse(input: {id: $id}) { deletedId } }",
              {"id": "{canned}"}, prepare=add_canned),
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
            'mutation($e: String!) { inviteUser(input: {email: $e, displayName: "Target", teams: %s}) '
            '{ account { id } } }' % teams, e=f"target-{role}@test.example")
        ids[f"user_{role}"] = invited["inviteUser"]["account"]["id"]
    return ids


async def plain_accounts(people: dict[str, Person]) -> dict[str, Any]:
    return await accounts(people, staff=False)


async def agents(people: dict[str, Person]) -> dict[str, Any]:
    return await accounts(people, staff=True)


async def deactivated_agents(people: dict[str, Person]) -> dict[str, Any]:
    ids = await agents(people)
    for user in ids.values():
        await people["superuser"].ok("mutation($u: ID!) { deactivateUser(input: {user: $u}) { account { id } } }",
                                     u=user)
    return ids


async def desk_admins(people: dict[str, Person]) -> dict[str, Any]:
    ids = await plain_accounts(people)
    for user in ids.values():
        await people["superuser"].ok('mutation($u: ID!) { grantDeskAdmin(input: {user: $u, desk: "testdesk"}) '
                                     '{ account { id } } }', u=user)
    return ids


ACCOUNT = "{ account { id } }"
PEOPLE_OPERATIONS = [
    Operation("people", '{ people(filter: {desk: "testdesk"}) { edges { node { email } } } }', changes=False),
    Operation("inviteUser", 'mutation($e: String!) { inviteUser(input: {email: $e, displayName: "New agent", '
              'teams: [{desk: "testdesk", team: "second"}]}) %s }' % ACCOUNT, {"e": "new-{role}@test.example"}),
    Operation("grantTeamMembership", 'mutation($u: ID!) { grantTeamMembership(input: {user: $u, desk: "testdesk", '
              'team: "intake"}) %s }' % ACCOUNT, {"u": "{user}"}, prepare=plain_accounts),
    Operation("revokeTeamMembership", 'mutation($u: ID!) { revokeTeamMembership(input: {user: $u, '
              'desk: "testdesk", team: "intake"}) %s }' % ACCOUNT, {"u": "{user}"}, prepare=agents),
    Operation("grantDeskAdmin", 'mutation($u: ID!) { grantDeskAdmin(input: {user: $u, desk: "testdesk"}) %s }'
              % ACCOUNT, {"u": "{user}"}, prepare=plain_accounts),
    Operation("revokeDeskAdmin", 'mutation($u: ID!) { revokeDeskAdmin(input: {user: $u, desk: "testdesk"}) %s }'
              % ACCOUNT, {"u": "{user}"}, prepare=desk_admins),
    Operation("setSuperuser", 'mutation($u: ID!) { setSuperuser(input: {user: $u, granted: true}) %s }' % ACCOUNT,
              {"u": "{user}"}, prepare=plain_accounts, superuser_only=True),
    Operation("deactivateUser", 'mutation($u: ID!) { deactivateUser(input: {user: $u}) %s }' % ACCOUNT,
              {"u": "{user}"}, prepare=agents),
    Operation("reactivateUser", 'mutation($u: ID!) { reactivateUser(input: {user: $u}) %s }' % ACCOUNT,
              {"u": "{user}"}, prepare=deactivated_agents),
    Operation("sendPasswordReset", 'mutation($u: ID!) { sendPasswordReset(input: {user: $u}) %s }' % ACCOUNT,
              {"u": "{user}"}, prepare=agents),
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
            await everyone["superuser"].ok('mutation($d: Date!) { setHoliday(input: {desk: "testdesk", date: $d, '
                                           'name: "Libur"}) { calendar { timeZone } } }', d=values["day"])
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
