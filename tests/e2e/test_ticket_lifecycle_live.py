"""The ticket lifecycle over a real server, watched live: people act over HTTP while others follow the ticket
and their queues over websockets (graphql-transport-ws), on SQLite and on PostgreSQL.

The server is ``loket serve`` in its own process with the generic test desk installed as a plugin, its people
created with ``loket createuser`` and signed in with the login mutation, as a deployment would have them.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.databases import BACKENDS, throwaway_database
from tests.e2e.live import Person, codes, event_of, live, login, update_of
from tests.plugins.installation import installed_plugin
from tests.server_process import LOKET, loket_env, run_loket, running_server
from tests.ticket_ops import (
    action_names,
    CONFIRM,
    DETAIL,
    ESCALATE,
    FORCE_CLOSE,
    RATE,
    REPLY,
    REQUEST_FEEDBACK,
    RESOLVE,
    TAKE,
    create,
)

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "live-updates-password"
PEOPLE = {  # name -> team of the test desk (None: a reporter only)
    "reporter": None,
    "other_reporter": None,
    "agent": "intake",
    "agent2": "intake",
    "expert": "experts",
}

EVENT = """seq kind fromStatus { name } toStatus { name } actor { displayName } fromTeam { slug } toTeam { slug }
  message { body internal purpose }"""
TICKET_UPDATES = """subscription($n: String!, $after: Int! = 0) {
  ticketUpdates(number: $n, afterSeq: $after) { %s } }""" % EVENT
QUEUE_UPDATES = """subscription($desk: String!, $queue: LiveQueue!) { queueUpdates(desk: $desk, queue: $queue) {
  inQueue resync
  ticket { number status { name } assignee { displayName } position { team { slug } } }
  event { seq kind fromTeam { slug } toTeam { slug } } } }"""
RATING_FORM = """query($n: String!) { ticket(number: $n) { availableActions { name }
  ratingForm { slug questions { key kind required tagsByStars { stars tags } } } } }"""


@dataclass
class Server:
    base: str
    backend: str
    people: dict[str, Person]


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp(f"live-{request.param}")
    site = folder / "site"
    with installed_plugin(site, name="testdesk", module="tests.plugins.loket_test_desk",
                          distribution="loket-test-desk"), throwaway_database(request.param, folder) as url:
        python_path = [str(site), str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
        env = loket_env(url, folder / "var", PYTHONPATH=os.pathsep.join(python_path),
                        LOKET_NEW_USER_PASSWORD=PASSWORD)
        migrated = run_loket("migrate", env=env, cwd=folder)
        assert migrated.returncode == 0, migrated.stderr
        with running_server(env, folder) as base:
            # The server stored the test desk and its teams when it started: now agents can join them.
            create_users(env, folder, parallel=request.param != "sqlite")
            people = {name: Person(name, f"{name}@live.example", login(base, f"{name}@live.example", PASSWORD),
                                   base) for name in PEOPLE}
            yield Server(base=base, backend=request.param, people=people)


def create_users(env: dict[str, str], folder: Path, *, parallel: bool) -> None:
    """``loket createuser`` for everyone; at once on PostgreSQL (SQLite takes one writing process at a time)."""
    commands = [[LOKET, "createuser", "--email", f"{name}@live.example", "--name", name.replace("_", " ").title(),
                 *(["--team", f"testdesk/{team}"] if team else [])] for name, team in PEOPLE.items()]
    if not parallel:
        for command in commands:
            result = run_loket(*command[1:], env=env, cwd=folder)
            assert result.returncode == 0, result.stderr
        return
    processes = [subprocess.Popen(command, env=env, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for command in commands]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr


def leaked(texts: list[str], secrets: list[str]) -> list[str]:
    return [secret for secret in secrets if any(secret in text for text in texts)]


async def test_a_ticket_from_question_to_rating_watched_live(server: Server):
    """create, take, request feedback, the reporter answers, an internal note, escalate to tier 2 where an
    expert takes it, resolve, "not yet", resolve again, confirm, rate: the reporter follows every public
    step as it happens and nothing internal; the agent follows every step."""
    reporter, agent, expert = (server.people[n] for n in ("reporter", "agent", "expert"))
    ticket = await create(reporter)
    number = ticket["number"]
    note = "Internal: out of warranty, do not promise a free repair."
    handover = "Mainboard fault suspected, experts please check it."

    async with AsyncExitStack() as stack:
        watches = await stack.enter_async_context(reporter.subscribe(TICKET_UPDATES, n=number))
        follows = await stack.enter_async_context(agent.subscribe(TICKET_UPDATES, n=number))
        for watcher in (watches, follows):
            created = await event_of(watcher, "created")
            assert (created["seq"], created["toStatus"]["name"], created["toTeam"]) == (1, "new", {"slug": "intake"})

        await agent.ok(TAKE, n=number)
        for watcher in (watches, follows):
            taken = await event_of(watcher, "taken")
            assert (taken["toStatus"]["name"], taken["actor"]["displayName"]) == ("in_progress", "Agent")

        await agent.ok(REQUEST_FEEDBACK, n=number, m="Which laptop model is it, please?")
        for watcher in (watches, follows):
            asked = await event_of(watcher, "feedback_requested")
            assert asked["toStatus"]["name"] == "waiting_on_reporter"
            assert asked["message"] == {"body": "Which laptop model is it, please?", "internal": False,
                                        "purpose": "FEEDBACK_REQUEST"}

        await reporter.ok(REPLY, n=number, m="A ThinkPad X1 bought in 2023.")
        for watcher in (watches, follows):
            answered = await event_of(watcher, "feedback_given")
            assert (answered["fromStatus"]["name"], answered["toStatus"]["name"]) == ("waiting_on_reporter", "in_progress")
            assert answered["message"]["body"] == "A ThinkPad X1 bought in 2023."

        await agent.ok(REPLY, n=number, m=note, internal=True)
        noted = await event_of(follows, "note_added")
        assert noted["message"] == {"body": note, "internal": True, "purpose": "NOTE"}

        await agent.ok(ESCALATE, n=number, m=handover, to="experts")
        # The reporter's next event is the escalation: the note never reached them.
        escalated = await event_of(watches, "escalated")
        assert (escalated["fromTeam"], escalated["toTeam"], escalated["toStatus"]["name"]) == (
            {"slug": "intake"}, {"slug": "experts"}, "new")
        assert escalated["message"] is None  # the hand-over note is for the desk
        assert (await event_of(follows, "escalated"))["message"]["body"] == handover

        await expert.ok(TAKE, n=number)
        for watcher in (watches, follows):
            assert (await event_of(watcher, "taken"))["actor"]["displayName"] == "Expert"

        await expert.ok(RESOLVE, n=number, m="Replaced the mainboard, it starts again.")
        for watcher in (watches, follows):
            resolved = await event_of(watcher, "resolved")
            assert resolved["toStatus"]["name"] == "resolved" and resolved["message"]["purpose"] == "RESOLUTION"

        await reporter.ok(CONFIRM, n=number, solved=False, reason="It still goes black after an hour.")
        for watcher in (watches, follows):
            reopened = await event_of(watcher, "reopened")
            assert (reopened["fromStatus"]["name"], reopened["toStatus"]["name"]) == ("resolved", "in_progress")
            assert reopened["message"]["body"] == "It still goes black after an hour."

        await expert.ok(RESOLVE, n=number, m="Updated the BIOS too and tested it for two hours.")
        for watcher in (watches, follows):
            await event_of(watcher, "resolved")

        await reporter.ok(CONFIRM, n=number, solved=True)
        for watcher in (watches, follows):
            assert (await event_of(watcher, "confirmed"))["toStatus"]["name"] == "closed"

        form = (await reporter.ok(RATING_FORM, n=number))["ticket"]
        assert "rate" in action_names(form["availableActions"])
        questions = {q["key"]: q for q in form["ratingForm"]["questions"]}
        assert questions["stars"]["kind"] == "STARS" and questions["stars"]["required"]
        offered = {row["stars"]: row["tags"] for row in questions["tags"]["tagsByStars"]}
        assert offered[5] == ["fast", "friendly", "proactive"]
        rated = await reporter.ok(RATE, n=number, answers={"stars": 5, "tags": ["fast", "proactive"],
                                                          "message": "Quick and kind, thank you."})
        assert rated["rateTicket"]["rating"]["stars"] == 5
        for watcher in (watches, follows):
            assert (await event_of(watcher, "rated"))["toStatus"]["name"] == "closed"

    seen_by_reporter = [(e["seq"], e["kind"]) for e in (d["ticketUpdates"] for d in watches.received)]
    seen_by_agent = [(e["seq"], e["kind"]) for e in (d["ticketUpdates"] for d in follows.received)]
    assert [seq for seq, _ in seen_by_agent] == list(range(1, 13))  # every event, no gap
    seqs = [seq for seq, _ in seen_by_reporter]
    assert seqs == sorted(set(seqs))  # strictly increasing
    assert (5, "NOTE_ADDED") in seen_by_agent and 5 not in seqs

    # What the reporter saw live is exactly their timeline; their ticket shows no trace of the note.
    mine = (await reporter.ok(DETAIL, n=number))["ticket"]
    assert [(e["seq"], e["kind"]) for e in mine["timeline"]["nodes"]] == seen_by_reporter
    assert mine["status"]["name"] == "closed" and mine["closeReason"] == "confirmed"
    assert mine["rating"]["answers"] == {"stars": 5, "tags": ["fast", "proactive"],
                                         "message": "Quick and kind, thank you."}
    assert leaked(watches.raw + [json.dumps(mine)], [note, handover]) == []
    # ... while the agent's stream and ticket carry it.
    theirs = (await agent.ok(DETAIL, n=number))["ticket"]
    assert [(e["seq"], e["kind"]) for e in theirs["timeline"]["nodes"]] == seen_by_agent
    assert {"body": note, "internal": True, "purpose": "NOTE", "author": {"displayName": "Agent"}} \
        in theirs["messages"]["nodes"]
    assert leaked(follows.raw, [note, handover]) == [note, handover]


async def test_a_reporter_closes_their_own_ticket_watched_live(server: Server):
    reporter = server.people["reporter"]
    number = (await create(reporter, title="Printer jams on every page"))["number"]
    async with reporter.subscribe(TICKET_UPDATES, n=number) as watches:
        await event_of(watches, "created")
        closed = (await reporter.ok(FORCE_CLOSE, n=number, reason="It works again after a restart."))
        assert closed["forceCloseTicket"]["ticket"]["status"]["name"] == "closed"
        event = await event_of(watches, "force_closed")
        assert (event["seq"], event["fromStatus"]["name"], event["toStatus"]["name"]) == (2, "new", "closed")
        assert event["message"]["body"] == "It works again after a restart."
        assert event["actor"]["displayName"] == "Reporter"
    ticket = (await reporter.ok(DETAIL, n=number))["ticket"]
    assert (ticket["status"]["name"], ticket["closeReason"]) == ("closed", "force_closed")
    assert "rate" in action_names(ticket["availableActions"]) and "reply" not in action_names(ticket["availableActions"])


async def test_a_subscriber_that_reconnects_gets_exactly_what_it_missed_then_live_events(server: Server):
    reporter, agent = server.people["reporter"], server.people["agent"]
    number = (await create(reporter))["number"]
    async with reporter.subscribe(TICKET_UPDATES, n=number) as watches:
        last = (await event_of(watches, "created"))["seq"]
    async with agent.subscribe(TICKET_UPDATES, n=number) as follows:
        await event_of(follows, "created")
        await agent.ok(TAKE, n=number)
        agent_last = (await event_of(follows, "taken"))["seq"]

    # Both are away while the agent writes a note and asks a question.
    await agent.ok(REPLY, n=number, m="Internal: check the asset register first.", internal=True)
    await agent.ok(REQUEST_FEEDBACK, n=number, m="Does it start on battery power?")

    async with reporter.subscribe(TICKET_UPDATES, n=number, after=last) as watches, \
            agent.subscribe(TICKET_UPDATES, n=number, after=agent_last) as follows:
        assert (await event_of(watches, "taken"))["seq"] == 2
        assert (await event_of(watches, "feedback_requested"))["seq"] == 4  # 3 is the agent's note
        assert (await event_of(follows, "note_added"))["seq"] == 3
        assert (await event_of(follows, "feedback_requested"))["seq"] == 4
        await reporter.ok(REPLY, n=number, m="No, not even on battery power.")
        for watcher in (watches, follows):  # live now, nothing repeated
            assert (await event_of(watcher, "feedback_given"))["seq"] == 5
    assert "check the asset register" not in "".join(watches.raw)


async def test_incoming_queues_show_tickets_arriving_and_leaving(server: Server):
    reporter, agent, agent2, expert = (server.people[n] for n in ("reporter", "agent", "agent2", "expert"))
    async with AsyncExitStack() as stack:
        intake = await live(await stack.enter_async_context(
            agent.subscribe(QUEUE_UPDATES, desk="testdesk", queue="INCOMING")))
        experts = await live(await stack.enter_async_context(
            expert.subscribe(QUEUE_UPDATES, desk="testdesk", queue="INCOMING")))

        number = (await create(reporter, title="Monitor flickers"))["number"]
        arrived = await update_of(intake, "created")
        assert arrived["inQueue"] is True
        assert arrived["ticket"]["number"] == number and arrived["ticket"]["status"]["name"] == "new"
        assert arrived["ticket"]["position"]["team"]["slug"] == "intake"

        await agent2.ok(TAKE, n=number)
        left = await update_of(intake, "taken")
        assert left["inQueue"] is False and left["ticket"]["number"] == number
        assert left["ticket"]["assignee"] == {"displayName": "Agent2"}

        await agent2.ok(ESCALATE, n=number, m="Needs a panel replacement by the experts.")
        # The experts' first update is the arrival: the ticket's creation and taking were not theirs.
        arrived = await update_of(experts, "escalated")
        assert arrived["inQueue"] is True and arrived["ticket"]["number"] == number
        assert (arrived["event"]["fromTeam"], arrived["event"]["toTeam"]) == ({"slug": "intake"},
                                                                                {"slug": "experts"})
        await expert.ok(TAKE, n=number)
        left = await update_of(experts, "taken")
        assert left["inQueue"] is False and left["ticket"]["assignee"] == {"displayName": "Expert"}

        # A ticket the agent's team never took is escalated by a colleague: the agent may no longer see it,
        # so they are told to fetch their queue again (without learning anything about the ticket).
        second = (await create(reporter, title="Docking station is dead"))["number"]
        assert (await update_of(intake, "created"))["ticket"]["number"] == second
        await agent2.ok(ESCALATE, n=second, m="Docking stations are for the experts.")
        gone = (await intake.next("a resync after the escalation"))["queueUpdates"]
        assert gone == {"inQueue": False, "resync": True, "ticket": None, "event": None}
        assert (await update_of(experts, "escalated"))["ticket"]["number"] == second
        codes_seen = await agent.error_codes(DETAIL, n=second)
        assert codes_seen == ["TICKET_NOT_FOUND"]


async def test_a_watcher_who_loses_sight_of_a_ticket_is_told_so(server: Server):
    reporter, agent, agent2 = (server.people[n] for n in ("reporter", "agent", "agent2"))
    number = (await create(reporter, title="Keyboard misses keys"))["number"]
    async with agent.subscribe(TICKET_UPDATES, n=number) as watches:
        await event_of(watches, "created")
        await agent2.ok(ESCALATE, n=number, m="Keyboards go to the experts directly.")
        assert codes(await watches.errors()) == ["TICKET_NOT_FOUND"]


async def test_nobody_watches_a_ticket_they_may_not_see(server: Server):
    reporter, other = server.people["reporter"], server.people["other_reporter"]
    number = (await create(reporter, title="Password reset does not arrive"))["number"]
    async with other.subscribe(TICKET_UPDATES, n=number) as stranger:
        errors = await stranger.errors()
    assert codes(errors) == ["TICKET_NOT_FOUND"]
    assert errors[0]["message"] == f"There is no ticket {number} that you may see"
    assert stranger.received == []
    async with other.subscribe(QUEUE_UPDATES, desk="no-such-desk", queue="INCOMING") as lost:
        assert codes(await lost.errors()) == ["UNKNOWN_DESK"]
