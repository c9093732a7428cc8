"""Desks follow the enabled plugins; roles follow memberships and grants; the demo loads once."""

from __future__ import annotations

import pytest

from loket.core.auth.accounts import create_user
from loket.core.auth.roles import Role, add_to_team, roles_of
from loket.core.demo import load_demo
from loket.core.desks.sync import sync_desks
from loket.core.models import Desk, DeskAdmin, Team, User
from loket.core.plugin_types import DeskSpec, TeamSpec


async def test_desks_are_stored_and_updated_by_slug(database):
    first = DeskSpec("d", "Desk", teams=(TeamSpec("l1", "Level 1"),))
    await sync_desks([first])
    await sync_desks([DeskSpec("d", "Desk renamed", teams=(TeamSpec("l1", "First line", tier=1),
                                                           TeamSpec("l2", "Second line", tier=2)))])
    desk = await Desk.get(slug="d")
    assert desk.name == "Desk renamed"
    assert [(t.slug, t.name, t.tier) for t in await Team.filter(desk=desk).order_by("tier")] == [
        ("l1", "First line", 1), ("l2", "Second line", 2)]


async def test_a_desk_no_plugin_defines_is_deactivated_not_deleted(database):
    await sync_desks([DeskSpec("old", "Old desk"), DeskSpec("kept", "Kept desk")])
    await sync_desks([DeskSpec("kept", "Kept desk")])
    assert {(d.slug, d.is_active) for d in await Desk.all()} == {("old", False), ("kept", True)}


class TestOnlyEnabledPluginsDesksAreServed:
    @pytest.fixture
    def settings(self, settings):
        return settings.model_copy(update={"plugins": "kemsos"})

    async def test_desks_of_disabled_plugins_are_hidden_and_deactivated(self, client):
        assert (await client.execute("{ desks { slug } }")).ok()["desks"] == [{"slug": "kemsos"}]
        assert not await Desk.filter(slug="lpse-support", is_active=True).exists()


async def test_roles_of_an_agent_admin_and_superuser(database):
    await sync_desks([DeskSpec("d", "Desk", teams=(TeamSpec("l1", "L1", tier=1), TeamSpec("l2", "L2", tier=2)))])
    user = await create_user(email="multi@x.go.id", display_name="Multi", password="long enough", is_superuser=True)
    await add_to_team(user, await Team.get(slug="l2"))
    await add_to_team(user, await Team.get(slug="l1"))
    await add_to_team(user, await Team.get(slug="l1"))  # twice is harmless
    await DeskAdmin.create(user=user, desk=await Desk.get(slug="d"))
    grants = await roles_of(user)
    assert [(g.role, g.desk_slug, g.team.tier if g.team else None) for g in grants] == [
        (Role.REPORTER, None, None), (Role.AGENT, "d", 1), (Role.AGENT, "d", 2), (Role.DESK_ADMIN, "d", None),
        (Role.SUPERUSER, None, None)]


async def test_demo_accounts_sign_in_with_their_roles(client, settings, app):
    report = await load_demo(app.state.runtime)
    assert {u.email for u in report.created} >= {"admin@loket.local", "helpdesk.lpse@spse.demo", "pic@helpus.demo"}
    assert len(report.tickets_created) >= 3
    again = await load_demo(app.state.runtime)
    assert again.created == [] and len(again.existing) == len(report.created)
    assert again.tickets_created == [] and again.tickets_existing == len(report.tickets_created)
    assert await User.all().count() == len(report.created)
    token = await client.login("adminppe@spse.demo", "demo-adminppe")
    me = (await client.execute("{ me { roles { role deskSlug team { slug tier } } } }", token=token)).ok()["me"]
    assert {"role": "AGENT", "deskSlug": "lpse-support", "team": {"slug": "admin-ppe", "tier": 2}} in me["roles"]
    vendor = await client.login("penyedia@spse.demo", "demo-penyedia")
    mine = (await client.execute("{ tickets(queue: MINE) { totalCount edges { node { title channel assignee { displayName } } } } }",
                                 token=vendor)).ok()["tickets"]
    assert mine["totalCount"] == 2
    by_phone = next(e["node"] for e in mine["edges"] if e["node"]["channel"] == "PHONE")
    assert by_phone["assignee"] == {"displayName": "Sari Helpdesk LPSE"}
    admin = await client.login("admin@loket.local", "loket-admin")
    roles = (await client.execute("{ me { isSuperuser roles { role } } }", token=admin)).ok()["me"]
    assert roles == {"isSuperuser": True, "roles": [{"role": "REPORTER"}, {"role": "SUPERUSER"}]}
