"""Accounts as a whole: inviting someone (a link to choose a password), deactivating (the token stops working
at once) and reactivating, mailing a password reset. Desk admins for the people of their desks only."""

from __future__ import annotations

import pytest

from loket.core.models import User
from tests.admin.people_ops import (
    ACCEPT,
    DEACTIVATE,
    INCOMING,
    INVITE,
    LOG,
    ME,
    PEOPLE,
    REACTIVATE,
    SEND_RESET,
    emails,
    field_of,
    mails_to,
    token_of,
)
from tests.people import Person, stored_key
from tests.ticket_ops import create

pytestmark = pytest.mark.asyncio


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


async def test_an_invited_agent_chooses_a_password_and_works_the_queue(people: dict[str, Person], client) -> None:
    admin = people["admin"]
    invited = (await admin.ok(INVITE, input={"email": "Baru@Test.example", "displayName": "Agen Baru",
                                             "language": "en", "teams": [{"desk": "testdesk", "team": "intake"}]}))
    account = invited["inviteUser"]["account"]
    assert account["email"] == "baru@test.example" and account["language"] == "en"
    assert {"role": "AGENT", "deskSlug": "testdesk", "team": {"slug": "intake"}} in account["roles"]
    [mail] = await mails_to("baru@test.example", "staff_invitation")
    assert mail.language == "en" and "Admin invited you" in mail.body_text and "accept-invitation" in mail.body_text

    assert (await client.execute(ACCEPT, {"t": token_of(mail), "p": "a-fine-new-password"})).ok()
    token = await client.login("baru@test.example", "a-fine-new-password")
    number = (await create(people["reporter"]))["number"]
    seen = (await client.as_user(token).execute(INCOMING)).ok()
    assert [e["node"]["number"] for e in seen["tickets"]["edges"]] == [number]

    [entry] = [e["node"] for e in (await admin.ok(LOG))["auditLog"]["edges"]]
    assert entry["action"] == "user.invite" and entry["desk"] == "testdesk" and entry["target"] == \
        f"user:{stored_key(account['id'])}"
    assert entry["after"]["teams"] == ["testdesk/intake"] and entry["after"]["email"] == "baru@test.example"


async def test_inviting_an_existing_address_or_beyond_ones_desk_is_refused_and_changes_nothing(
        people: dict[str, Person]) -> None:
    admin = people["admin"]
    before = await User.all().count()
    refused = await admin.run(INVITE, input={"email": "Agent@test.example",
                                             "teams": [{"desk": "testdesk", "team": "intake"}]})
    assert refused.error_codes == ["EMAIL_TAKEN"] and field_of(refused) == "input.email"
    refused = await admin.run(INVITE, input={"email": "new@test.example",
                                             "teams": [{"desk": "testdesk", "team": "layanan"}]})
    assert refused.error_codes == ["TEAM_NOT_OF_DESK"] and field_of(refused) == "input.teams.team"
    refused = await admin.run(INVITE, input={"email": "new@test.example", "adminOf": ["kemsos"]})
    assert refused.error_codes == ["FORBIDDEN"]
    refused = await admin.run(INVITE, input={"email": "new@test.example"})
    assert refused.error_codes == ["DUTY_REQUIRED"] and field_of(refused) == "input.teams"
    refused = await admin.run(INVITE, input={"email": "new@test.example", "language": "fr", "adminOf": ["testdesk"]})
    assert refused.error_codes == ["LANGUAGE_UNSUPPORTED"] and field_of(refused) == "input.language"
    for role in ("reporter", "agent", "outsider"):
        assert (await people[role].run(INVITE, input={"email": "new@test.example"})).error_codes == ["FORBIDDEN"]
    assert await User.all().count() == before and await mails_to("new@test.example") == []
    assert (await people["superuser"].ok(LOG))["auditLog"]["edges"] == []
    # a superuser invites someone without duties
    invited = (await people["superuser"].ok(INVITE, input={"email": "new@test.example"}))["inviteUser"]["account"]
    assert invited["roles"] == [{"role": "REPORTER", "deskSlug": None, "team": None}]


async def test_a_deactivated_users_token_is_refused_at_once_until_reactivated(people: dict[str, Person],
                                                                             client) -> None:
    admin, agent2 = people["admin"], people["agent2"]
    assert (await agent2.ok(ME))["me"]["email"] == "agent2@test.example"
    done = (await admin.ok(DEACTIVATE, user=str(agent2.user.id)))["deactivateUser"]["account"]
    assert done["isActive"] is False
    refused = await agent2.run(ME)
    assert refused.status == 401 and refused.error_codes in (["ACCOUNT_DISABLED"], ["TOKEN_REVOKED"])
    assert "agent2@test.example" in emails(await admin.ok(PEOPLE, filter={"active": False}))

    assert (await admin.ok(REACTIVATE, user=str(agent2.user.id)))["reactivateUser"]["account"]["isActive"] is True
    assert (await agent2.run(ME)).error_codes == ["TOKEN_REVOKED"], "its old sessions stay ended"
    entries = [(e["node"]["action"], e["node"]["desk"], e["node"]["after"])
               for e in (await admin.ok(LOG))["auditLog"]["edges"]]
    assert entries == [("user.reactivate", "testdesk", {"active": True}),
                       ("user.deactivate", "testdesk", {"active": False})]


async def test_who_may_deactivate_whom(people: dict[str, Person]) -> None:
    admin, superuser = people["admin"], people["superuser"]
    refused = await admin.run(DEACTIVATE, user=str(admin.user.id))
    assert refused.error_codes == ["CANNOT_DEACTIVATE_SELF"] and field_of(refused) == "input.user"
    refused = await superuser.run(DEACTIVATE, user=str(superuser.user.id))
    assert refused.error_codes == ["CANNOT_DEACTIVATE_SELF"]
    # another desk's agent, a superuser, someone without duties: not a desk admin's to deactivate
    for role in ("outsider", "superuser", "reporter"):
        assert (await admin.run(DEACTIVATE, user=str(people[role].user.id))).error_codes == ["FORBIDDEN"], role
        assert (await admin.run(SEND_RESET, user=str(people[role].user.id))).error_codes == ["FORBIDDEN"], role
    for role in ("reporter", "agent", "outsider"):
        refused = await people[role].run(DEACTIVATE, user=str(people["agent2"].user.id))
        assert refused.error_codes == ["FORBIDDEN"], role
    assert (await admin.run(DEACTIVATE, user="999999")).error_codes == ["NOT_FOUND"]
    assert await User.filter(is_active=False).count() == 0
    # a superuser deactivates anyone but themselves
    assert (await superuser.ok(DEACTIVATE, user=str(people["outsider"].user.id)))["deactivateUser"]["account"][
        "isActive"] is False
    assert (await people["outsider"].run(ME)).status == 401


async def test_an_admin_has_a_password_reset_mailed(people: dict[str, Person], client) -> None:
    admin, agent = people["admin"], people["agent"]
    await admin.ok(SEND_RESET, user=str(agent.user.id))
    [mail] = await mails_to("agent@test.example", "reset_password")
    reset = """mutation($t: String!, $p: String!) { resetPassword(input: {token: $t, newPassword: $p}) { email } }"""
    assert (await client.execute(reset, {"t": token_of(mail), "p": "chosen-after-reset"})).ok()
    assert await client.login("agent@test.example", "chosen-after-reset")
    [entry] = [e["node"] for e in (await admin.ok(LOG))["auditLog"]["edges"]]
    assert entry["action"] == "user.password_reset" and entry["desk"] == "testdesk"
    assert entry["before"] is None and entry["after"] is None

    await admin.ok(DEACTIVATE, user=str(people["agent2"].user.id))
    refused = await admin.run(SEND_RESET, user=str(people["agent2"].user.id))
    assert refused.error_codes == ["ACCOUNT_INACTIVE"] and field_of(refused) == "input.user"
