"""My own profile: my display name and language (the language of my mails, and of messages when a request
names none), and my password, changed with the old one, which ends my other sign-ins."""

from __future__ import annotations

import pytest

from loket.core.auth.accounts import set_password
from tests.admin.people_ops import LOG, ME, SEND_RESET, field_of, mails_to
from tests.people import Person

pytestmark = pytest.mark.asyncio


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


UPDATE = """mutation($name: String, $language: String) {
  updateProfile(input: {displayName: $name, language: $language}) { user {
  displayName language } } }"""
CHANGE = """mutation($old: String!, $new: String!) { changePassword(input: {oldPassword: $old, newPassword: $new}) {
  sessionsEnded } }"""


async def without_language(client, token: str, query: str, variables: dict | None = None) -> dict:
    """A request with no Accept-Language header."""
    response = await client.http.post("/graphql", json={"query": query, "variables": variables or {}},
                                      headers={"Authorization": f"Bearer {token}"})
    return response.json()


async def test_my_name_and_language_are_mine_to_change_and_audited(people: dict[str, Person]) -> None:
    agent = people["agent"]
    changed = (await agent.ok(UPDATE, name="  Agen Satu ", language="id"))["updateProfile"]["user"]
    assert changed == {"displayName": "Agen Satu", "language": "id"}
    assert (await agent.ok(ME))["me"]["displayName"] == "Agen Satu"
    refused = await agent.run(UPDATE, name=" ")
    assert refused.error_codes == ["DISPLAY_NAME_REQUIRED"] and field_of(refused) == "input.displayName"
    refused = await agent.run(UPDATE, language="xx")
    assert refused.error_codes == ["LANGUAGE_UNSUPPORTED"] and field_of(refused) == "input.language"
    [entry] = [e["node"] for e in (await people["superuser"].ok(LOG))["auditLog"]["edges"]]
    assert entry["action"] == "profile.update" and entry["actor"] == "agent@test.example"
    assert entry["before"] == {"displayName": "Agent", "language": None}
    assert entry["after"] == {"displayName": "Agen Satu", "language": "id"}


async def test_my_language_speaks_when_a_request_names_none(people: dict[str, Person], client) -> None:
    agent = people["agent"]
    bad = "{ ticket(number: \"NOPE\") { number } }"
    await agent.ok(UPDATE, language="id")
    answer = await without_language(client, agent.client.token, bad)
    assert answer["errors"][0]["message"].startswith("Tiket NOPE tidak ada")
    assert (await agent.run(bad)).errors[0]["message"].startswith("There is no ticket"), "the header wins"
    await agent.ok(UPDATE, language="en")
    answer = await without_language(client, agent.client.token, bad)
    assert answer["errors"][0]["message"].startswith("There is no ticket")


async def test_my_mails_come_in_my_language(people: dict[str, Person]) -> None:
    admin, agent = people["admin"], people["agent"]
    await agent.ok(UPDATE, language="id")
    await admin.ok(SEND_RESET, user=str(agent.user.id))
    await agent.ok(UPDATE, language="en")
    await admin.ok(SEND_RESET, user=str(agent.user.id))
    first, second = await mails_to("agent@test.example", "reset_password")
    assert (first.language, first.subject) == ("id", "Atur ulang kata sandi")
    assert (second.language, second.subject) == ("en", "Reset your password")


async def test_changing_my_password_needs_the_old_one_and_ends_my_other_sessions(people: dict[str, Person],
                                                                               client) -> None:
    agent = people["agent"]
    await set_password(agent.user, "the-old-password")
    here = client.as_user(await client.login("agent@test.example", "the-old-password"))
    elsewhere = client.as_user(await client.login("agent@test.example", "the-old-password"))

    refused = await here.execute(CHANGE, {"old": "not-the-password", "new": "a-brand-new-password"})
    assert refused.error_codes == ["OLD_PASSWORD_WRONG"]
    assert refused.errors[0]["extensions"]["field"] == "input.oldPassword"
    refused = await here.execute(CHANGE, {"old": "the-old-password", "new": "short"})
    assert refused.error_codes == ["PASSWORD_TOO_SHORT"]
    assert refused.errors[0]["extensions"]["field"] == "input.newPassword"
    assert (await elapsed_ok(elsewhere)), "refusals end nothing"

    ended = (await here.execute(CHANGE, {"old": "the-old-password", "new": "a-brand-new-password"})).ok()
    assert ended["changePassword"]["sessionsEnded"] == 2  # the other sign-in, and the test's own token
    assert (await here.execute(ME)).ok()["me"]["email"] == "agent@test.example"
    assert (await elsewhere.execute(ME)).error_codes == ["TOKEN_REVOKED"]
    assert await client.login("agent@test.example", "a-brand-new-password")
    entries = [e["node"] for e in (await people["superuser"].ok(LOG))["auditLog"]["edges"]]
    assert [(e["action"], e["after"]) for e in entries] == [
        ("profile.update", {"password": "changed", "sessionsEnded": 2})]
    assert "the-old-password" not in str(entries) and "a-brand-new-password" not in str(entries)


async def elapsed_ok(person_client) -> bool:
    return (await person_client.execute(ME)).ok()["me"] is not None
