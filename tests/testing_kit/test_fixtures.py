"""The kit's fixtures: an app with the plugins a test names, on the chosen backend, a fresh database for every
test, accounts with their duties signed in through the API, and answers that say what went wrong."""

from __future__ import annotations

import pytest

from loket.core import db
from loket.core.errors import ConfigurationError
from loket.core.testing import PASSWORD, KitSettings
from tests.plugins import loket_sla_desk

ME = "{ me { email roles { role deskSlug team { slug } } } }"
LOGIN = "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }"


@pytest.fixture
def loket_plugins():
    return ["helpus", loket_sla_desk]


async def test_the_app_has_the_plugins_the_test_names_and_no_other(loket_client):
    desks = {desk["slug"] for desk in (await loket_client.ok("{ desks { slug } }"))["desks"]}
    assert desks == {"helpus", "plainsla", "officesla"}, "an installed plugin by name, a module as an object"


async def test_the_app_runs_on_the_backend_of_the_test(loket_backend, loket_settings, loket_app):
    assert loket_backend in ("sqlite", "postgres")
    assert db.connection().capabilities.dialect == loket_backend
    assert db.connection_name(loket_settings.database_url) == loket_backend


@pytest.mark.parametrize("loket_backend", ["sqlite"], indirect=True)
async def test_a_test_may_choose_its_backend(request, loket_backend, loket_app):
    assert request.node.callspec.id == "sqlite", "run once, on SQLite, whatever the backends of the session"
    assert db.connection().capabilities.dialect == "sqlite"


@pytest.mark.parametrize("turn", [1, 2])
async def test_each_test_starts_with_an_empty_database(loket_accounts, turn):
    # Whichever runs second would meet EMAIL_TAKEN if the first one's account had outlived its test.
    await loket_accounts.create("same@kit.example")


async def test_accounts_carry_the_duties_they_were_given(loket_accounts):
    agent = await loket_accounts.signed_in("agent@kit.example", teams=["plainsla/l1", "plainsla/l2"])
    admin = await loket_accounts.signed_in("admin@kit.example", admin_of=["officesla"])
    root = await loket_accounts.signed_in("root@kit.example", superuser=True)
    reporter = await loket_accounts.signed_in("reporter@kit.example")

    async def roles(client):
        return sorted((grant["role"], grant["deskSlug"], (grant["team"] or {}).get("slug"))
                      for grant in (await client.ok(ME))["me"]["roles"])

    assert await roles(agent) == [("AGENT", "plainsla", "l1"), ("AGENT", "plainsla", "l2"),
                                  ("REPORTER", None, None)]
    assert ("DESK_ADMIN", "officesla", None) in await roles(admin)
    assert ("SUPERUSER", None, None) in await roles(root)
    assert await roles(reporter) == [("REPORTER", None, None)]
    assert agent.email == "agent@kit.example" and agent.token and agent.token != admin.token


async def test_signing_in_goes_through_the_login_mutation(loket_accounts, loket_client):
    await loket_accounts.create("someone@kit.example", password="a-password-of-their-own")
    refused = await loket_client.execute(LOGIN, {"e": "someone@kit.example", "p": PASSWORD})
    assert refused.error_codes == ["INVALID_CREDENTIALS"] and refused.data is None
    with pytest.raises(AssertionError, match="INVALID_CREDENTIALS"):
        await loket_accounts.sign_in("someone@kit.example")
    someone = await loket_accounts.sign_in("someone@kit.example", "a-password-of-their-own")
    assert (await someone.ok(ME))["me"]["email"] == "someone@kit.example"
    assert (await loket_client.ok(ME))["me"] is None, "the anonymous client stays anonymous"


async def test_an_answer_with_errors_says_which_and_ok_refuses_it(loket_client):
    answer = await loket_client.execute("mutation { takeTicket(input: {number: \"1\"}) { ticket { number } } }")
    assert answer.status == 200 and answer.error_codes == ["UNAUTHENTICATED"]
    with pytest.raises(AssertionError, match="UNAUTHENTICATED"):
        answer.ok()


async def test_messages_come_in_the_language_the_client_asks_for(loket_accounts):
    english = await loket_accounts.signed_in("en@kit.example", language="en")
    indonesian = english.with_language("id")
    query = "{ ticket(number: \"404\") { number } }"
    assert (await english.execute(query)).errors[0]["message"] != (await indonesian.execute(query)).errors[0]["message"]


async def test_an_unknown_team_writes_nothing(loket_accounts):
    with pytest.raises(ConfigurationError, match="no team 'plainsla/nope'"):
        await loket_accounts.create("agent@kit.example", teams=["plainsla/nope"])
    await loket_accounts.create("agent@kit.example", teams=["plainsla/l1"])


def test_the_machines_loket_variables_do_not_reach_the_app(monkeypatch, tmp_path):
    monkeypatch.setenv("LOKET_ENV", "production")
    monkeypatch.setenv("LOKET_REDIS_URL", "redis://127.0.0.1:1/0")
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("LOKET_PLUGINS=spse\n")
    settings = KitSettings(database_url="sqlite://x.sqlite3")
    assert (settings.env, settings.redis_url, settings.plugins) == ("development", None, "all")
