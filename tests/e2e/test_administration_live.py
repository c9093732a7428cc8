"""A desk admin runs a desk without a developer, tried as a new user would: two real ``loket serve`` processes on
one database (SQLite and PostgreSQL) and one Redis, the admin working on the first, everyone else on the second.

The admin adds an agent to a team, and the agent sees the queue at once; adds a topic with a required field, and
the ticket form shows it; writes a guide, and a reporter finds it before filing; declares a holiday, and an open
ticket's SLA due time moves past it; writes a canned response, and an agent uses it; deactivates a user, whose
token stops working at once on the other process; and reads all of it in the audit log.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.databases import BACKENDS, throwaway_database
from tests.e2e.live import GraphQLFailed, Person, login
from tests.plugins.installation import installed_plugin
from tests.redis_server import machine_redis, unique_channel
from tests.server_process import loket_env, run_loket, running_server

pytestmark = pytest.mark.asyncio

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "desk-runs-itself"
DESK = "kalender"
JAKARTA = ZoneInfo("Asia/Jakarta")
PROPAGATION = 5.0  # seconds another process may take to read a changed desk (moments, in practice)

ACCOUNT = 'query($e: String!) { people(filter: {email: $e}) { edges { node { id } } } }'
INCOMING = '{ tickets(queue: INCOMING) { edges { node { number title } } } }'
FORM = """query($t: String!) { desk(slug: "kalender") { topics { slug }
  fieldsForTopic(topic: $t) { key required } } }"""
CREATE = """mutation($title: String!, $topic: String!, $fields: JSON) { createTicket(input: {desk: "kalender",
  title: $title, description: "Tidak bisa tersambung ke VPN kantor sejak pagi.", topic: $topic, fields: $fields})
  { ticket { number slaDueAt } } }"""
DUE = 'query($n: String!) { ticket(number: $n) { slaDueAt messages { nodes { body } } } }'


@dataclass
class Desk:
    """The deployment: its two server processes and everyone signed in on the one they use."""

    admin: Person  # on the first process
    agent: Person  # the rest on the second
    leaver: Person
    leaver_on_first: Person
    reporter: Person


def email(name: str) -> str:
    return f"{name}@kalender.example"


@pytest.fixture(params=BACKENDS)
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[dict[str, str], Path]]:
    """A migrated database with the calendar desk installed and its people created at the console."""
    with installed_plugin(tmp_path / "site", name="kalender", module="tests.plugins.loket_calendar_desk",
                          distribution="loket-calendar-desk"), \
            throwaway_database(request.param, tmp_path) as url:
        python_path = [str(tmp_path / "site"), str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
        env = loket_env(url, tmp_path / "var", PYTHONPATH=os.pathsep.join(python_path), LOKET_NEW_USER_PASSWORD=PASSWORD,
                        LOKET_REDIS_URL=machine_redis(), LOKET_REDIS_CHANNEL=unique_channel())
        assert run_loket("migrate", env=env, cwd=tmp_path).returncode == 0
        for name, duties in (("boss", ["--admin-of", DESK]), ("agent", []), ("leaver", ["--team", f"{DESK}/l1"]),
                             ("rep", [])):
            created = run_loket("createuser", "--email", email(name), "--name", name.title(), *duties, env=env,
                                cwd=tmp_path)
            assert created.returncode == 0, created.stderr
        yield env, tmp_path


async def eventually(check, what: str):
    """``check()``'s answer once it is truthy, asking again until PROPAGATION has passed."""
    deadline = asyncio.get_running_loop().time() + PROPAGATION
    while True:
        answer = await check()
        if answer:
            return answer
        assert asyncio.get_running_loop().time() < deadline, f"not within {PROPAGATION} s: {what}"
        await asyncio.sleep(0.1)


def working_day_before(due: datetime) -> date:
    """A weekday after today and before ``due``'s day (Jakarta time), on which the desk would work."""
    day = datetime.now(JAKARTA).date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    assert day < due.astimezone(JAKARTA).date(), "three working days always span a working day in between"
    return day


async def test_a_desk_admin_runs_the_desk_at_run_time(site: tuple[dict[str, str], Path]) -> None:
    env, folder = site
    with running_server(env, folder) as first, running_server(env, folder) as second:
        def on(base: str, name: str) -> Person:
            return Person(name, email(name), login(base, email(name), PASSWORD), base)

        desk = Desk(admin=on(first, "boss"), agent=on(second, "agent"), leaver=on(second, "leaver"),
                    leaver_on_first=on(first, "leaver"), reporter=on(second, "rep"))
        await run_the_desk(desk)


async def run_the_desk(desk: Desk) -> None:
    admin, agent, reporter = desk.admin, desk.agent, desk.reporter

    async def user_id(address: str) -> str:
        return (await admin.ok(ACCOUNT, e=address))["people"]["edges"][0]["node"]["id"]

    # A ticket waits in level 1's queue; an agent without a team does not see it, until the admin adds them.
    filed = (await reporter.ok(CREATE, title="VPN putus", topic="network", fields=None))["createTicket"]["ticket"]
    assert await agent.ok(INCOMING) == {"tickets": {"edges": []}}
    await admin.ok('mutation($u: ID!) { grantTeamMembership(input: {user: $u, desk: "kalender", team: "l1"}) '
                   '{ account { id } } }', u=await user_id(email("agent")))
    queue = (await agent.ok(INCOMING))["tickets"]["edges"]
    assert [edge["node"]["number"] for edge in queue] == [filed["number"]]

    # A topic with a required field: the form on the other process asks for it, and filing enforces it.
    await admin.ok("""mutation { addTopic(input: {desk: "kalender", slug: "vpn", name: [{language: "en", text: "VPN"},
        {language: "id", text: "VPN"}]}) { desk { slug } } }""")
    await admin.ok("""mutation { addField(input: {desk: "kalender", key: "vpn_account", kind: TEXT, required: true,
        label: [{language: "en", text: "VPN account"}], topics: ["vpn"]}) { desk { slug } } }""")

    async def form_asks() -> bool:
        form = (await reporter.ok(FORM, t="network"))["desk"]
        if "vpn" not in [topic["slug"] for topic in form["topics"]]:
            return False
        fields = (await reporter.ok(FORM, t="vpn"))["desk"]["fieldsForTopic"]
        return {"key": "vpn_account", "required": True} in fields

    await eventually(form_asks, "the new topic and its required field on the other process's form")
    refused = await reporter.run(CREATE, title="VPN baru", topic="vpn", fields={})
    assert refused["errors"][0]["extensions"]["field"] == "input.fields.vpn_account", refused
    await reporter.ok(CREATE, title="VPN baru", topic="vpn", fields={"vpn_account": "rep.vpn"})

    # A guide on the topic: a reporter finds it before filing, by topic and by a word of it.
    guide = (await admin.ok("""mutation { writeGuide(input: {desk: "kalender", key: "vpn-reset", topic: "vpn",
        title: [{language: "en", text: "Reset your VPN token"}],
        body: [{language: "en", text: "Open the VPN client, choose Reset token, sign in again."}]}) {
        guide { id } } }"""))
    await admin.ok("mutation($id: ID!) { publishGuide(input: {id: $id}) { guide { id } } }",
                   id=guide["writeGuide"]["guide"]["id"])

    async def found() -> bool:
        by_topic = (await reporter.ok('{ guides(desk: "kalender", topic: "vpn") { key } }'))["guides"]
        by_word = (await reporter.ok('{ guides(desk: "kalender", search: "token") { key } }'))["guides"]
        return {"key": "vpn-reset"} in by_topic and {"key": "vpn-reset"} in by_word

    await eventually(found, "the published guide, by topic and by search, on the other process")

    # A holiday before the open ticket is due: its due time moves a working day later.
    due = datetime.fromisoformat(filed["slaDueAt"])
    holiday = working_day_before(due)
    await admin.ok('mutation($d: Date!) { setHoliday(input: {desk: "kalender", date: $d, '
                   'name: "Cuti bersama kantor"}) { calendar { timeZone } } }', d=holiday.isoformat())
    moved = datetime.fromisoformat((await reporter.ok(DUE, n=filed["number"]))["ticket"]["slaDueAt"])
    assert moved > due + timedelta(hours=23), (due, moved)
    same_hour = datetime.combine(moved.astimezone(JAKARTA).date(), due.astimezone(JAKARTA).timetz())
    assert abs(moved - same_hour) < timedelta(seconds=2), (due, moved)  # the time used is kept in whole seconds
    assert moved.astimezone(JAKARTA).date() != holiday

    # A canned response: the agent fills it in for the ticket and replies with it.
    canned = await admin.ok("""mutation { addCannedResponse(input: {desk: "kalender", name: "Diterima",
        body: "Halo {{ reporter.name }}, tiket {{ ticket.number }} sedang kami tangani."}) {
        cannedResponse { id } } }""")
    canned_id = canned["addCannedResponse"]["cannedResponse"]["id"]
    text = (await agent.ok("query($n: String!, $id: ID!) { renderCannedResponse(number: $n, id: $id) }",
                           n=filed["number"], id=canned_id))["renderCannedResponse"]
    assert text == f"Halo Rep, tiket {filed['number']} sedang kami tangani."
    await agent.ok("mutation($n: String!, $m: String!) { reply(input: {number: $n, message: $m}) "
                   "{ ticket { number } } }", n=filed["number"], m=text)
    messages = (await reporter.ok(DUE, n=filed["number"]))["ticket"]["messages"]["nodes"]
    assert text in [message["body"] for message in messages]

    # Deactivating someone on the first process ends their token on the second at once.
    assert await desk.leaver.ok("{ me { email } }") == {"me": {"email": email("leaver")}}
    await admin.ok("mutation($u: ID!) { deactivateUser(input: {user: $u}) { account { id } } }",
                   u=await user_id(email("leaver")))
    for token_user in (desk.leaver, desk.leaver_on_first):
        async with httpx.AsyncClient(base_url=token_user.base, timeout=10) as http:
            answer = await http.post("/graphql", json={"query": "{ me { email } }"},
                                     headers={"Authorization": f"Bearer {token_user.token}"})
        assert answer.status_code == 401, answer.text
        assert answer.json()["errors"][0]["extensions"]["code"] in ("ACCOUNT_DISABLED", "TOKEN_REVOKED")

    # The audit log tells all of it, the admin's name on each change.
    log = (await admin.ok('{ auditLog(filter: {desk: "kalender"}) { edges { node { actor action target } } } }'))
    entries = [edge["node"] for edge in log["auditLog"]["edges"]]
    assert {entry["actor"] for entry in entries} == {email("boss")}
    assert [entry["action"] for entry in reversed(entries)] == [
        "team_membership.grant", "topic.add", "field.add", "guide.write", "guide.publish", "holiday.set",
        "canned_response.add", "user.deactivate"]
    with pytest.raises(GraphQLFailed):
        await agent.ok('{ auditLog(filter: {desk: "kalender"}) { edges { node { action } } } }')
