"""A desk's admins find the people of their desk, give them duties and take them back; superusers do so
everywhere. Every change shows in the audit log; a change beyond one's desk is refused and changes nothing."""

from __future__ import annotations

import asyncio

import pytest

from loket.core.models import User

from tests.admin.people_ops import (
    GRANT_ADMIN,
    GRANT_TEAM,
    INCOMING,
    LOG,
    ME,
    PEOPLE,
    REVOKE_ADMIN,
    REVOKE_TEAM,
    SUPERUSER,
    emails,
    field_of,
)
from tests.people import Person, sign_up, stored_key
from tests.ticket_ops import create

pytestmark = pytest.mark.asyncio


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


TESTDESK_STAFF = {"agent", "agent2", "second", "expert", "specialist", "admin"}


def address(role: str) -> str:
    return f"{role}@test.example"


async def user_id(admin: Person, email: str) -> str:
    [edge] = (await admin.ok(PEOPLE, filter={"email": email}))["people"]["edges"]
    return edge["node"]["id"]


async def test_a_desk_admin_adds_an_agent_to_a_team_and_the_agent_sees_the_queue_at_once(
        people: dict[str, Person], client, settings) -> None:
    admin = people["admin"]
    newcomer = await sign_up(client, settings, "newcomer@test.example", "Newcomer")
    number = (await create(people["reporter"]))["number"]
    assert (await newcomer.ok(INCOMING))["tickets"]["edges"] == []

    # not yet of the desk: found by the exact address only
    assert "newcomer@test.example" not in emails(await admin.ok(PEOPLE))
    found = await user_id(admin, "newcomer@test.example")
    granted = (await admin.ok(GRANT_TEAM, user=found, desk="testdesk", team="intake"))["grantTeamMembership"]["account"]
    assert {"role": "AGENT", "deskSlug": "testdesk", "team": {"slug": "intake"}} in granted["roles"]

    assert [e["node"]["number"] for e in (await newcomer.ok(INCOMING))["tickets"]["edges"]] == [number]
    assert {"role": "AGENT", "deskSlug": "testdesk"} in (await newcomer.ok(ME))["me"]["roles"]
    assert "newcomer@test.example" in emails(await admin.ok(PEOPLE, filter={"team": "intake", "desk": "testdesk"}))

    [entry] = [e["node"] for e in (await admin.ok(LOG))["auditLog"]["edges"]]
    assert entry["action"] == "team_membership.grant" and entry["target"] == f"user:{stored_key(found)}"
    assert entry["desk"] == "testdesk" and entry["actor"] == "admin@test.example"
    assert entry["before"] == {"teams": [], "admin_of": []}
    assert entry["after"] == {"teams": ["testdesk/intake"], "admin_of": []}

    # granting again changes and records nothing; revoking ends the queue at once
    await admin.ok(GRANT_TEAM, user=found, desk="testdesk", team="intake")
    await admin.ok(REVOKE_TEAM, user=found, desk="testdesk", team="intake")
    assert (await newcomer.ok(INCOMING))["tickets"]["edges"] == []
    actions = [e["node"]["action"] for e in (await admin.ok(LOG))["auditLog"]["edges"]]
    assert actions == ["team_membership.revoke", "team_membership.grant"]


async def test_a_team_of_another_desk_or_another_desks_duties_are_refused_and_change_nothing(
        people: dict[str, Person]) -> None:
    admin, agent = people["admin"], people["agent"]
    agent_id = str(agent.user.id)
    refused = await admin.run(GRANT_TEAM, user=agent_id, desk="testdesk", team="layanan")
    assert refused.error_codes == ["TEAM_NOT_OF_DESK"] and field_of(refused) == "input.team"
    assert "layanan" in refused.errors[0]["message"]
    for document, variables in ((GRANT_TEAM, {"desk": "kemsos", "team": "layanan"}),
                                (REVOKE_TEAM, {"desk": "kemsos", "team": "layanan"}),
                                (GRANT_ADMIN, {"desk": "kemsos"}), (SUPERUSER, {"granted": True})):
        assert (await admin.run(document, user=agent_id, **variables)).error_codes == ["FORBIDDEN"]
    for role in ("reporter", "agent", "outsider"):
        refused = await people[role].run(GRANT_TEAM, user=agent_id, desk="testdesk", team="second")
        assert refused.error_codes == ["FORBIDDEN"], role
    assert (await people["superuser"].ok(LOG))["auditLog"]["edges"] == []
    roles = (await agent.ok(ME))["me"]["roles"]
    assert roles == [{"role": "REPORTER", "deskSlug": None}, {"role": "AGENT", "deskSlug": "testdesk"}]


async def test_who_sees_whom(people: dict[str, Person], client) -> None:
    admin, superuser = people["admin"], people["superuser"]
    assert set(emails(await admin.ok(PEOPLE))) == {address(role) for role in TESTDESK_STAFF}
    assert set(emails(await superuser.ok(PEOPLE))) == {address(role) for role in people}
    assert emails(await admin.ok(PEOPLE, filter={"email": "Reporter@Test.example"})) == [address("reporter")]
    assert emails(await admin.ok(PEOPLE, filter={"text": "agent"})) == [address("agent2"), address("agent")]
    assert set(emails(await admin.ok(PEOPLE, filter={"role": "DESK_ADMIN"}))) == {address("admin")}
    assert emails(await superuser.ok(PEOPLE, filter={"role": "SUPERUSER"})) == [address("superuser")]
    reporters = set(emails(await superuser.ok(PEOPLE, filter={"role": "REPORTER"})))
    assert reporters == {address("reporter"), address("other_reporter")}
    assert set(emails(await superuser.ok(PEOPLE, filter={"desk": "kemsos"}))) == {address("outsider")}

    # a page at a time, newest first
    first = (await superuser.ok(PEOPLE, first=4))["people"]
    assert len(first["edges"]) == 4 and first["hasNextPage"]
    rest = (await superuser.ok(PEOPLE, first=100, after=first["endCursor"]))["people"]
    assert len(first["edges"]) + len(rest["edges"]) == len(people) and not rest["hasNextPage"]
    assert (await superuser.run(PEOPLE, first=101)).error_codes == ["PAGE_SIZE_OUT_OF_RANGE"]

    # what an admin sees of someone: their desk's roles only
    [outsider] = (await admin.ok(PEOPLE, filter={"email": address("outsider")}))["people"]["edges"]
    assert [r["role"] for r in outsider["node"]["roles"]] == ["REPORTER"]
    assert outsider["node"]["isActive"] is True and outsider["node"]["lastLoginAt"] is None

    assert (await admin.run(PEOPLE, filter={"desk": "kemsos"})).error_codes == ["FORBIDDEN"]
    for role in ("reporter", "agent", "outsider"):
        assert (await people[role].run(PEOPLE)).error_codes == ["FORBIDDEN"], role
    assert (await client.execute(PEOPLE)).error_codes == ["UNAUTHENTICATED"]


async def test_the_desk_admin_role_is_granted_at_ones_own_desk_and_superusers_by_superusers(
        people: dict[str, Person]) -> None:
    admin, superuser, agent = people["admin"], people["superuser"], people["agent"]
    agent_id = str(agent.user.id)
    await admin.ok(GRANT_ADMIN, user=agent_id, desk="testdesk")
    assert {"role": "DESK_ADMIN", "deskSlug": "testdesk"} in (await agent.ok(ME))["me"]["roles"]
    assert (await agent.ok(PEOPLE, filter={"role": "DESK_ADMIN"}))["people"]["edges"]  # an admin now
    await admin.ok(REVOKE_ADMIN, user=agent_id, desk="testdesk")
    assert (await agent.run(PEOPLE)).error_codes == ["FORBIDDEN"]
    actions = [(e["node"]["action"], e["node"]["desk"]) for e in (await admin.ok(LOG))["auditLog"]["edges"]]
    assert actions == [("desk_admin.revoke", "testdesk"), ("desk_admin.grant", "testdesk")]

    # the last active superuser keeps the role; with a second one, either may give it up
    refused = await superuser.run(SUPERUSER, user=str(superuser.user.id), granted=False)
    assert refused.error_codes == ["LAST_SUPERUSER"] and field_of(refused) == "input.user"
    made = (await superuser.ok(SUPERUSER, user=agent_id, granted=True))["setSuperuser"]["account"]
    assert made["isSuperuser"] is True
    assert (await superuser.ok(SUPERUSER, user=str(superuser.user.id), granted=False))["setSuperuser"]["account"][
        "isSuperuser"] is False
    assert (await superuser.run(PEOPLE)).error_codes == ["FORBIDDEN"]
    entries = [e["node"] for e in (await agent.ok(LOG, filter={"action": "superuser"}))["auditLog"]["edges"]]
    assert [(e["action"], e["desk"], e["after"]) for e in entries] == [
        ("superuser.revoke", None, {"superuser": False}), ("superuser.grant", None, {"superuser": True})]
    # a desk admin's log holds no deployment-wide entries
    assert all(e["node"]["desk"] == "testdesk" for e in (await admin.ok(LOG))["auditLog"]["edges"])


async def test_two_superusers_giving_up_the_role_at_once_leave_one(people: dict[str, Person], client,
                                                                     settings) -> None:
    first = people["superuser"]
    second = await sign_up(client, settings, "second.root@test.example", "Second Root", superuser=True)
    answers = await asyncio.gather(first.run(SUPERUSER, user=str(second.user.id), granted=False),
                                   second.run(SUPERUSER, user=str(first.user.id), granted=False))
    # one gives the role up; the other is refused: as the last superuser, or, when the first change committed before
    # its request began, as someone who is no superuser any more
    refusals = [answer.error_codes for answer in answers if answer.errors]
    assert len(refusals) == 1 and refusals[0] in (["LAST_SUPERUSER"], ["FORBIDDEN"]), [a.body for a in answers]
    assert await User.filter(is_superuser=True, is_active=True).count() == 1
