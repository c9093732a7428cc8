"""A team shared across desks (a ministry-wide tier-1 pool): one team and one membership per agent serve the
farming and the fisheries desk. Its members take and work the tickets of both; a desk's own teams see that
desk's tickets alone, a tier-2 team oversees the pool's tickets of its own desk only, and tickets move between
the pool and each desk's own teams."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from loket.core import db
from loket.core.demo import load_demo
from loket.core.desks.sync import collect_desk_specs, sync_desks
from loket.core.errors import ConfigurationError
from loket.core.hookspecs import hookimpl
from loket.core.models import Desk, Team, TeamDesk, TeamMembership, User
from loket.core.plugin_types import DeskSpec, TeamSpec
from loket.core.plugins import get_plugin_manager
from loket.core.settings import Settings
from loket.core.workflow.access import viewer_for
from tests.databases import BACKENDS, throwaway_database
from tests.people import Person, sign_up
from tests.plugins import loket_ministry_desks

TEAM = "id slug tier shared deskSlug desks { slug }"
CREATE = """mutation($desk: String!, $title: String!) { createTicket(input: {desk: $desk, title: $title,
  description: "Please help me with this problem."}) { ticket { number position { tier team { %s } } } } }""" % TEAM
DETAIL = """query($n: String!) { ticket(number: $n) { number desk { slug } assignee { displayName }
  position { team { slug deskSlug } } } }"""
LIST = """query($queue: TicketQueue = ALL) { tickets(queue: $queue, first: 50) { edges { node { number } } } }"""
TAKE = "mutation($n: String!) { takeTicket(input: {number: $n}) { ticket { assignee { displayName } } } }"
REPLY = "mutation($n: String!) { reply(input: {number: $n, message: \"We are on it.\"}) { ticket { number } } }"
RESOLVE = """mutation($n: String!) { resolveTicket(input: {number: $n, solution: "Unlocked your account."}) {
  ticket { status { name } } } }"""
ESCALATE = """mutation($n: String!, $to: String) { escalateTicket(input: {number: $n, message: "Needs an expert.",
  toTeam: $to}) { ticket { position { tier team { slug deskSlug } } } } }"""
TRANSFER = """mutation($n: String!, $to: String!) { transferTicket(input: {number: $n, message: "Yours, I think.",
  toTeam: $to}) { ticket { position { team { slug } } } } }"""
RETURN = """mutation($n: String!) { returnTicket(input: {number: $n, message: "This is for tier one."}) {
  ticket { position { tier team { slug } } } } }"""


@pytest.fixture
def plugins():
    return [loket_ministry_desks]


@pytest.fixture
async def ministry(client, settings, app) -> dict[str, Person]:
    teams = {"citizen": (), "pool": (("fisheries", "pool"),), "farm_front": (("farming", "farm-front"),),
             "farm_expert": (("farming", "farm-experts"),), "fish_expert": (("fisheries", "fish-experts"),)}
    return {name: await sign_up(client, settings, f"{name}@ministry.example", name.replace("_", " ").title(),
                                teams=pairs)
            for name, pairs in teams.items()}


async def opened(ministry, desk: str, title: str = "Cannot sign in") -> dict:
    return (await ministry["citizen"].ok(CREATE, desk=desk, title=title))["createTicket"]["ticket"]


async def listed(person: Person, queue: str = "ALL") -> set[str]:
    return {edge["node"]["number"] for edge in (await person.ok(LIST, queue=queue))["tickets"]["edges"]}


async def sees(person: Person, number: str) -> bool:
    response = await person.run(DETAIL, n=number)
    assert response.ok() if not response.errors else response.error_codes == ["TICKET_NOT_FOUND"]
    return not response.errors


async def test_one_team_serves_both_desks_with_one_membership(ministry):
    query = """query($d: String!) { desk(slug: $d) { teams { %s } } }""" % TEAM
    teams = {desk: {team["slug"]: team for team in (await ministry["citizen"].ok(query, d=desk))["desk"]["teams"]}
             for desk in ("farming", "fisheries")}
    both = [{"slug": "farming"}, {"slug": "fisheries"}]
    assert teams["farming"]["pool"]["id"] == teams["fisheries"]["pool"]["id"], "one team, not one per desk"
    assert {key: teams["fisheries"]["pool"][key] for key in ("shared", "deskSlug", "desks", "tier")} == {
        "shared": True, "deskSlug": "fisheries", "desks": both, "tier": 1}
    assert teams["farming"]["farm-front"]["shared"] is False
    assert teams["farming"]["farm-front"]["desks"] == [{"slug": "farming"}]
    assert await Team.filter(slug="pool").count() == 1
    assert await TeamMembership.filter(user_id=ministry["pool"].user.id).count() == 1
    me = (await ministry["pool"].ok("{ me { roles { role deskSlug team { slug shared } } } }"))["me"]["roles"]
    assert [role for role in me if role["role"] == "AGENT"] == [
        {"role": "AGENT", "deskSlug": desk, "team": {"slug": "pool", "shared": True}} for desk in ("farming", "fisheries")]


async def test_a_pool_member_takes_and_works_the_tickets_of_both_desks(ministry):
    pool = ministry["pool"]
    farming, fisheries = await opened(ministry, "farming"), await opened(ministry, "fisheries", "Form does not send")
    for ticket, desk in ((farming, "farming"), (fisheries, "fisheries")):
        assert ticket["position"]["team"]["slug"] == "pool" and ticket["position"]["team"]["deskSlug"] == desk
    assert await listed(pool, "INCOMING") == {farming["number"], fisheries["number"]}
    for ticket in (farming, fisheries):
        taken = await pool.ok(TAKE, n=ticket["number"])
        assert taken["takeTicket"]["ticket"]["assignee"] == {"displayName": "Pool"}
        await pool.ok(REPLY, n=ticket["number"])
    assert (await pool.ok(RESOLVE, n=farming["number"]))["resolveTicket"]["ticket"]["status"]["name"] == "resolved"
    escalated = (await pool.ok(ESCALATE, n=fisheries["number"]))["escalateTicket"]["ticket"]["position"]
    assert escalated == {"tier": 2, "team": {"slug": "fish-experts", "deskSlug": "fisheries"}}, \
        "each desk says where its pool escalates to"
    assert await ministry["fish_expert"].ok(TAKE, n=fisheries["number"])
    assert await listed(pool) == {farming["number"], fisheries["number"]}, "what I worked on stays in my history"


async def test_a_desk_only_team_sees_its_own_desk_alone(ministry):
    front, pool = ministry["farm_front"], ministry["pool"]
    farming, fisheries = await opened(ministry, "farming"), await opened(ministry, "fisheries")
    assert await listed(front) == {farming["number"]}
    assert await sees(front, farming["number"]) and not await sees(front, fisheries["number"])
    assert await listed(front, "INCOMING") == set(), "the pool's queue is not the front office's"
    # Tickets move between the pool and the desk's own team of the same tier, and back.
    await pool.ok(TAKE, n=farming["number"])
    moved = await pool.ok(TRANSFER, n=farming["number"], to="farm-front")
    assert moved["transferTicket"]["ticket"]["position"]["team"]["slug"] == "farm-front"
    assert await listed(front, "INCOMING") == {farming["number"]}
    await front.ok(TAKE, n=farming["number"])
    back = await front.ok(TRANSFER, n=farming["number"], to="pool")
    assert back["transferTicket"]["ticket"]["position"]["team"]["slug"] == "pool"
    assert await listed(pool, "INCOMING") == {farming["number"], fisheries["number"]}
    # Another desk's team is nobody's target here.
    await pool.ok(TAKE, n=fisheries["number"])
    refused = await pool.run(TRANSFER, n=fisheries["number"], to="farm-front")
    assert refused.error_codes == ["UNKNOWN_TEAM"]


async def test_a_tier_two_team_oversees_the_pool_at_its_own_desk_only(ministry):
    farming, fisheries = await opened(ministry, "farming"), await opened(ministry, "fisheries")
    for expert, own, other in (("farm_expert", farming, fisheries), ("fish_expert", fisheries, farming)):
        assert await listed(ministry[expert]) == {own["number"]}, expert
        assert await sees(ministry[expert], own["number"]) and not await sees(ministry[expert], other["number"])
    # Up from the pool to the desk's experts, and returned to the pool.
    pool, experts = ministry["pool"], ministry["farm_expert"]
    await pool.ok(TAKE, n=farming["number"])
    up = (await pool.ok(ESCALATE, n=farming["number"], to="farm-experts"))["escalateTicket"]["ticket"]["position"]
    assert up == {"tier": 2, "team": {"slug": "farm-experts", "deskSlug": "farming"}}
    await pool.ok(TAKE, n=fisheries["number"])
    refused = await pool.run(ESCALATE, n=fisheries["number"], to="farm-experts")
    assert refused.error_codes == ["UNKNOWN_TEAM"], "another desk's experts are not fisheries' to escalate to"
    await experts.ok(TAKE, n=farming["number"])
    returned = (await experts.ok(RETURN, n=farming["number"]))["returnTicket"]["ticket"]["position"]
    assert returned == {"tier": 1, "team": {"slug": "pool"}}
    assert await listed(pool, "INCOMING") == {farming["number"]}


async def test_demo_users_join_a_shared_team_through_any_desk_it_serves(client, app):
    await load_demo(app.state.runtime)
    member = await User.get(email="pool@ministry.demo")
    assert await TeamMembership.filter(user_id=member.id).count() == 1
    token = await client.login("citizen@ministry.demo", "demo-citizen")
    mine = (await client.execute("""{ tickets(queue: MINE) { edges { node { desk { slug }
        assignee { displayName } position { team { slug } } } } } }""", token=token)).ok()["tickets"]["edges"]
    assert sorted((e["node"]["desk"]["slug"], e["node"]["assignee"]["displayName"], e["node"]["position"]["team"]["slug"])
                  for e in mine) == [("farming", "Pat Pool", "pool"), ("fisheries", "Pat Pool", "pool")]


def _declaring(**fisheries_pool) -> object:
    class Plugin:
        @hookimpl
        def register_desks(self):
            pool = dict(slug="pool", name="Pool", tier=1, shared=True)
            return [DeskSpec("farming", "Farming", teams=(TeamSpec(**pool),)),
                    DeskSpec("fisheries", "Fisheries", teams=(TeamSpec(**{**pool, **fisheries_pool}),))]

    return Plugin()


@pytest.mark.parametrize(("differs", "line"), [
    ({"tier": 2}, "desk 'fisheries': the shared team 'pool' must have the same tier in every desk that declares it "
                  "(2 here, 1 at desk 'farming')"),
    ({"name": "Pool B"}, "desk 'fisheries': the shared team 'pool' must have the same name in every desk that "
                         "declares it ('Pool B' here, 'Pool' at desk 'farming')"),
])
async def test_start_up_stops_when_desks_declare_a_shared_team_differently(differs, line):
    pm = get_plugin_manager(Settings(plugins="none"), extra_plugins=[_declaring(**differs)])
    with pytest.raises(ConfigurationError) as raised:
        await collect_desk_specs(pm, Settings(plugins="none"))
    assert str(raised.value) == line
    assert len(await collect_desk_specs(get_plugin_manager(Settings(plugins="none"), extra_plugins=[
        _declaring(escalates_to=None, receives_new_tickets=True)]), Settings(plugins="none"))) == 2, \
        "where each desk escalates from it and whether it takes new tickets are each desk's own"


async def test_an_own_team_that_becomes_shared_keeps_its_members(database):
    own = TeamSpec("pool", "Pool", tier=1)
    first = await sync_desks([DeskSpec("farming", "Farming", teams=(own,)),
                              DeskSpec("fisheries", "Fisheries", teams=(TeamSpec("l1", "L1"),))])
    team_id = first.get("farming").team_ids["pool"]
    member = await User.create(email="member@ministry.example", display_name="Member")
    await TeamMembership.create(user=member, team_id=team_id)
    farming_only = await viewer_for(member)
    assert set(farming_only.max_tier) == {first.get("farming").id}
    shared = TeamSpec("pool", "Pool", tier=1, shared=True)
    for _ in range(2):  # and again: start-up is idempotent
        second = await sync_desks([DeskSpec("farming", "Farming", teams=(shared,)),
                                   DeskSpec("fisheries", "Fisheries", teams=(shared, TeamSpec("l1", "L1")))])
        assert second.get("farming").team_ids["pool"] == second.get("fisheries").team_ids["pool"] == team_id
        assert [desk.slug for desk in second.desks_of_team(team_id)] == ["farming", "fisheries"]
        assert second.get("fisheries").team_spec(team_id) == shared
        assert await TeamDesk.filter(team_id=team_id).count() == 2
    assert (await viewer_for(member)).max_tier == {second.get("farming").id: 1, second.get("fisheries").id: 1}
    # Fisheries stops declaring it: its members no longer work there.
    await sync_desks([DeskSpec("farming", "Farming", teams=(shared,)),
                      DeskSpec("fisheries", "Fisheries", teams=(TeamSpec("l1", "L1"),))])
    assert set((await viewer_for(member)).max_tier) == {second.get("farming").id}


async def _teams_across_the_migration(url: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]], dict]:
    from tortoise.migrations.api.migrate import migrate

    settings = Settings(database_url=url)
    db.ensure_sqlite_folder(url)
    await db.open_database(settings)
    try:
        await migrate(config=db.tortoise_config(url), target="loket.0012_guide_outcome_per_day")
        desks = [await Desk.create(slug=slug, name=slug) for slug in ("farming", "fisheries")]
        connection = db.connection()
        for desk, slug, tier in ((desks[0], "l1", 1), (desks[0], "l2", 2), (desks[1], "l1", 1)):
            await connection.execute_script(
                f"INSERT INTO loket_team (desk_id, slug, name, tier, description) VALUES ({desk.id}, '{slug}', "
                f"'{slug}', {tier}, '')")
        await connection.execute_script(
            "INSERT INTO loket_user (email, display_name, is_superuser, is_active, email_confirmed, created_at) "
            "VALUES ('member@ministry.example', 'Member', FALSE, TRUE, TRUE, CURRENT_TIMESTAMP)")
        l2 = (await connection.execute_query_dict("SELECT id FROM loket_team WHERE tier = 2"))[0]["id"]
        await connection.execute_script(
            "INSERT INTO loket_team_membership (user_id, team_id, created_at) SELECT id, "
            f"{l2}, CURRENT_TIMESTAMP FROM loket_user")
        await migrate(config=db.tortoise_config(url))
        member = await User.get(email="member@ministry.example")
        teams = sorted(await Team.all().values_list("id", "desk_id"))
        served = sorted(await TeamDesk.all().values_list("team_id", "desk_id"))
        assert not await Team.filter(shared=True).exists()
        return teams, served, (await viewer_for(member)).max_tier | {"farming": desks[0].id}
    finally:
        await db.close_database()


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_migration_lets_every_existing_team_serve_its_desk(backend: str, tmp_path: Path):
    with throwaway_database(backend, tmp_path) as url:
        teams, served, tiers = asyncio.run(_teams_across_the_migration(url))
    assert served == teams and len(teams) == 3
    assert tiers == {tiers["farming"]: 2, "farming": tiers["farming"]}
