"""Who may see and do what to SOMEONE ELSE's ticket: every role against every operation, on a ticket at
tier 1 (the reporter's, held by intake) and on one escalated to tier 2 (held by experts).

Rules under test:
- reporters see only their own tickets; to everyone who may not see a ticket it does not exist
  (TICKET_NOT_FOUND, never FORBIDDEN; ``node(id)`` answers null);
- agents see their desk's tickets held by their teams or at a tier no higher than theirs, and the tickets
  they acted on; an agent of another desk sees nothing; desk admins and superusers see everything;
- only the reporter side confirms, reopens, force-closes and rates; only the holding team takes; only the
  assignee requests feedback and resolves;
- internal notes and files never reach a reporter, through any field;
- every refusal leaves the ticket exactly as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from loket.core.models import Message, Team, TeamMembership, Ticket, TicketEvent
from tests.ticket_ops import (
    action_names,
    CONFIRM,
    ESCALATE,
    FORCE_CLOSE,
    RATE,
    RECATEGORISE,
    REPLY,
    REQUEST_FEEDBACK,
    RESOLVE,
    RETURN,
    TAKE,
    TRANSFER,
    create,
)


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


ROLES = ("reporter", "other_reporter", "agent", "agent2", "second", "expert", "specialist", "admin", "superuser",
         "outsider", "anonymous")

# --- the two tickets and who is who to them ------------------------------------------------------------


@dataclass(frozen=True)
class Position:
    """Where the reporter's ticket is, and who is who to it there (written out, not computed)."""

    name: str
    handler: str  # who takes it at that tier
    visible: frozenset[str]
    holding: frozenset[str]  # the holding team; desk admins and superusers count as such
    assignee: str  # once taken
    staff: frozenset[str] = field(default=frozenset())  # of those who see it: who reads internal notes


TIER1 = Position(
    name="tier1", handler="agent",
    visible=frozenset({"reporter", "agent", "agent2", "second", "expert", "specialist", "admin", "superuser"}),
    holding=frozenset({"agent", "agent2", "admin", "superuser"}), assignee="agent",
    staff=frozenset({"agent", "agent2", "second", "expert", "specialist", "admin", "superuser"}))
# Escalated by `agent` (who took it first, so it is in their history); tier-1 colleagues lose sight of it.
TIER2 = Position(
    name="tier2", handler="expert",
    visible=frozenset({"reporter", "agent", "expert", "specialist", "admin", "superuser"}),
    holding=frozenset({"expert", "admin", "superuser"}), assignee="expert",
    staff=frozenset({"agent", "expert", "specialist", "admin", "superuser"}))
POSITIONS = {"tier1": TIER1, "tier2": TIER2}


async def reporters_ticket(people, position: Position, status: str = "new", **overrides) -> str:
    """A ticket of `reporter`, at the position, in the status; returns its number."""
    number = (await create(people["reporter"], **overrides))["number"]
    if position is TIER2:
        await people["agent"].ok(TAKE, n=number)
        await people["agent"].ok(ESCALATE, n=number, m="Needs the experts, please.")
    if status in ("in_progress", "resolved", "closed"):
        await people[position.handler].ok(TAKE, n=number)
    if status in ("resolved", "closed"):
        await people[position.handler].ok(RESOLVE, n=number, m="Replaced the power supply.")
    if status == "closed":
        await people["reporter"].ok(CONFIRM, n=number, solved=True)
    ticket = await Ticket.get(number=number)
    assert ticket.status == status
    return number


async def snapshot(number: str) -> tuple:
    """What a refused operation must leave untouched."""
    ticket = await Ticket.get(number=number)
    return (ticket.version, ticket.status, ticket.team_id, ticket.assignee_id, ticket.topic_id,
            await TicketEvent.filter(ticket_id=ticket.id).count(), await Message.filter(ticket_id=ticket.id).count())


async def as_role(people, client, role: str, document: str, **variables):
    if role == "anonymous":
        return await client.execute(document, variables)
    return await people[role].run(document, **variables)


# --- the operations ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    document: str
    variables: dict
    status: str  # the status the ticket is put in, so that only *who* decides
    allowed: str  # "holding", "assignee", "reporter" or "reporter+holding"
    action: str  # its name in Ticket.availableActions
    open_in: frozenset[str]  # the statuses the state machine allows it in
    refused_for_allowed: dict = field(default_factory=dict)  # position -> code when the desk's rules refuse


ALL = frozenset({"new", "in_progress", "waiting_on_reporter", "resolved", "closed"})
OPEN = ALL - {"closed"}
CONVERSING = OPEN - {"resolved"}
WORKED = frozenset({"new", "in_progress"})
NEW, IN_PROGRESS, RESOLVED, CLOSED = (frozenset({s}) for s in ("new", "in_progress", "resolved", "closed"))

OPERATIONS = {
    "take": Operation(TAKE, {}, "new", "holding", "take", NEW),
    "reply": Operation(REPLY, {"m": "Any news on this one?"}, "new", "reporter+holding", "reply", CONVERSING),
    "internal note": Operation(REPLY, {"m": "Looks like a faulty battery.", "internal": True}, "new", "holding",
                               "note", ALL),
    "request feedback": Operation(REQUEST_FEEDBACK, {"m": "Which model is it?"}, "in_progress", "assignee",
                                  "request_feedback", IN_PROGRESS),
    "escalate": Operation(ESCALATE, {"m": "Beyond what we can do here."}, "new", "holding", "escalate", WORKED),
    # tier 2 has no other team of its tier, tier 1 did not receive the ticket from anyone: the desk's rules
    # then refuse, which proves the caller passed the check of who may.
    "transfer": Operation(TRANSFER, {"m": "This is for the second line.", "to": "second"}, "new", "holding",
                          "transfer", WORKED, {"tier2": "TRANSFER_SAME_TIER_ONLY"}),
    "return": Operation(RETURN, {"m": "This does not belong here."}, "new", "holding", "return", WORKED,
                        {"tier1": "NOTHING_TO_RETURN_TO"}),
    "resolve": Operation(RESOLVE, {"m": "Reinstalled the mail client."}, "in_progress", "assignee", "resolve",
                         IN_PROGRESS),
    "confirm": Operation(CONFIRM, {"solved": True}, "resolved", "reporter", "confirm", RESOLVED),
    "reopen": Operation(CONFIRM, {"solved": False, "reason": "Still shows a black screen."}, "resolved", "reporter",
                        "reopen", RESOLVED),
    "force close": Operation(FORCE_CLOSE, {"reason": "Found it myself."}, "new", "reporter", "force_close", OPEN),
    "recategorise": Operation(RECATEGORISE, {"topic": "printer", "app": "mailer"}, "new", "holding",
                              "recategorise", CONVERSING),
    "rate": Operation(RATE, {"answers": {"stars": 4, "tags": ["fast"]}}, "closed", "reporter", "rate", CLOSED),
}


MATRIX_ACTIONS = {op.action for op in OPERATIONS.values()}


def allowed_roles(operation: Operation, position: Position) -> set[str]:
    return {
        "holding": set(position.holding),
        "assignee": {position.assignee},
        "reporter": {"reporter"},
        "reporter+holding": {"reporter"} | set(position.holding),
    }[operation.allowed]


def expected_refusal(role: str, allowed: set[str], position: Position) -> str | None:
    if role == "anonymous":
        return "UNAUTHENTICATED"
    if role not in position.visible:
        return "TICKET_NOT_FOUND"
    if role not in allowed:
        return "ACTION_NOT_ALLOWED_FOR_YOU"
    return None


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("name", OPERATIONS)
async def test_who_may_do_what_to_someone_elses_ticket(people, client, name, position):
    operation, where = OPERATIONS[name], POSITIONS[position]
    allowed = allowed_roles(operation, where)
    number = await reporters_ticket(people, where, operation.status)
    before = await snapshot(number)
    for role in ROLES:
        code = expected_refusal(role, allowed, where)
        if code is None:
            continue
        response = await as_role(people, client, role, operation.document, n=number, **operation.variables)
        assert response.error_codes == [code], (role, response.errors)
        assert response.data is None or not any(response.data.values()), (role, response.data)
        assert await snapshot(number) == before, f"{role}'s refused {name} changed the ticket"
    for role in sorted(allowed):
        number = await reporters_ticket(people, where, operation.status)
        before = await snapshot(number)
        response = await as_role(people, client, role, operation.document, n=number, **operation.variables)
        refused = operation.refused_for_allowed.get(position)
        if refused:
            assert response.error_codes == [refused], (role, response.errors)
            assert await snapshot(number) == before
        else:
            assert not response.errors, (role, response.errors)
            assert (await Ticket.get(number=number)).version == before[0] + 1, role


@pytest.mark.parametrize("position", POSITIONS)
async def test_available_actions_offer_exactly_what_each_role_may_do(people, position):
    """What the API offers a person matches the matrix above, for the operations in it (transfer and return
    are offered by role and status: whether a team fits is checked when they are fired)."""
    where = POSITIONS[position]
    query = "query($n: String!) { ticket(number: $n) { availableActions { name } } }"
    for status in ("new", "in_progress", "resolved", "closed"):
        number = await reporters_ticket(people, where, status)
        for role in sorted(where.visible):
            offered = set(action_names((await people[role].ok(query, n=number))["ticket"]["availableActions"])) & MATRIX_ACTIONS
            expected = {op.action for op in OPERATIONS.values()
                        if status in op.open_in and role in allowed_roles(op, where)}
            assert offered == expected, (status, role, offered)


# --- seeing: by number, by node(id), in lists ----------------------------------------------------------

SEE = """query($n: String!) { ticket(number: $n) { id number } }"""
NODE = """query($id: ID!) { node(id: $id) { __typename id ... on Ticket { number } ... on Message { body }
  ... on Attachment { name } } }"""
LIST = """{ tickets(first: 100) { totalCount edges { node { number } } } }"""
SEARCH = """query($q: String!) { tickets(filter: {search: $q}) { totalCount edges { node { number } } } }"""
PRIVATE = """query($n: String!) { ticket(number: $n) {
  messages { nodes { id body internal attachments { id name internal } } }
  lastMessage { id body internal }
  attachments { id name internal }
  timeline { nodes { kind message { id body internal } } } } }"""


async def ticket_with_conversation(people, position: Position) -> dict:
    """The reporter's ticket with a public file, a public reply, and an internal note with an internal file.
    Returns the global ids of its ticket, messages and files (as a superuser sees them)."""
    opening_file = await people["reporter"].stage("testdesk", "ticket", "screen.txt", b"what the screen shows")
    number = (await create(people["reporter"], attachmentIds=[opening_file]))["number"]
    if position is TIER2:
        await people["agent"].ok(TAKE, n=number)
        await people["agent"].ok(ESCALATE, n=number, m="Needs the experts, please.")
    handler = people[position.handler]
    await handler.ok(REPLY, n=number, m="We are looking into it.")
    note_file = await handler.stage("testdesk", "message", "diagnosis.txt", b"zebracorn battery report")
    await handler.ok(REPLY, n=number, m="Zebracorn battery, replace quietly.", internal=True, files=[note_file])
    seen = (await people["superuser"].ok("""query($n: String!) { ticket(number: $n) { id
        attachments { id internal } messages { nodes { id internal purpose } } } }""", n=number))["ticket"]
    assert [m["purpose"] for m in seen["messages"]["nodes"]] == (["ESCALATED"] if position is TIER2 else []) + ["REPLY", "NOTE"]
    return {"number": number, "ticket": seen["id"],
            "public message": next(m["id"] for m in seen["messages"]["nodes"] if m["purpose"] == "REPLY"),
            "note": next(m["id"] for m in seen["messages"]["nodes"] if m["purpose"] == "NOTE"),
            "public file": next(f["id"] for f in seen["attachments"] if not f["internal"]),
            "internal file": next(f["id"] for f in seen["attachments"] if f["internal"])}


@pytest.mark.parametrize("position", POSITIONS)
async def test_who_sees_the_ticket_its_messages_and_files(people, client, position):
    where = POSITIONS[position]
    ticket = await ticket_with_conversation(people, where)
    number = ticket["number"]
    for role in ROLES:
        by_number = await as_role(people, client, role, SEE, n=number)
        nodes = {key: await as_role(people, client, role, NODE, id=ticket[key])
                 for key in ("ticket", "public message", "note", "public file", "internal file")}
        listed = await as_role(people, client, role, LIST)
        if role == "anonymous":
            assert by_number.error_codes == ["UNAUTHENTICATED"]
            assert all(r.error_codes == ["UNAUTHENTICATED"] for r in nodes.values())
            assert listed.error_codes == ["UNAUTHENTICATED"]
            continue
        sees = role in where.visible
        staff = role in where.staff
        if sees:
            assert by_number.ok()["ticket"]["number"] == number, role
        else:
            assert by_number.error_codes == ["TICKET_NOT_FOUND"], (role, by_number.errors)
            assert by_number.errors[0]["extensions"]["field"] == "number"
        found = {key: r.ok()["node"] for key, r in nodes.items()}
        assert (found["ticket"] is not None) == sees, role
        assert (found["public message"] is not None) == sees, role
        assert (found["public file"] is not None) == sees, role
        assert (found["note"] is not None) == (sees and staff), role
        assert (found["internal file"] is not None) == (sees and staff), role
        numbers = [e["node"]["number"] for e in listed.ok()["tickets"]["edges"]]
        assert (number in numbers) == sees, (role, numbers)


@pytest.mark.parametrize("position", POSITIONS)
async def test_internal_notes_never_reach_the_reporter(people, position):
    where = POSITIONS[position]
    ticket = await ticket_with_conversation(people, where)
    number = ticket["number"]
    seen = (await people["reporter"].ok(PRIVATE, n=number))["ticket"]
    text = json.dumps(seen).lower()
    assert "zebracorn" not in text and "diagnosis.txt" not in text
    assert "needs the experts" not in text, "the hand-over note is internal too"
    assert all(not m["internal"] for m in seen["messages"]["nodes"])
    assert [m["body"] for m in seen["messages"]["nodes"]] == ["We are looking into it."]
    assert seen["lastMessage"]["body"] == "We are looking into it.", "the latest PUBLIC message"
    assert [f["name"] for f in seen["attachments"]] == ["screen.txt"]
    assert all(e["message"] is None or not e["message"]["internal"] for e in seen["timeline"]["nodes"])
    # the reporter finds the ticket by the public words, never by the note's
    for hidden in ("zebracorn", "replace quietly", "needs the experts"):
        found = await people["reporter"].ok(SEARCH, q=hidden)
        assert found["tickets"] == {"totalCount": 0, "edges": []}, hidden
    public = await people["reporter"].ok(SEARCH, q="looking into")
    assert [e["node"]["number"] for e in public["tickets"]["edges"]] == [number]
    # the desk's staff do see the note, in every field
    staff = (await people[where.handler].ok(PRIVATE, n=number))["ticket"]
    assert staff["lastMessage"]["body"] == "Zebracorn battery, replace quietly."
    assert [[f["name"] for f in m["attachments"]] for m in staff["messages"]["nodes"] if m["internal"]][-1] == ["diagnosis.txt"]
    assert any(e["message"] and e["message"]["internal"] for e in staff["timeline"]["nodes"])
    staff_search = await people[where.handler].ok(SEARCH, q="zebracorn")
    assert [e["node"]["number"] for e in staff_search["tickets"]["edges"]] == [number]


async def test_reporters_see_only_their_own_tickets_in_every_queue(people):
    mine = await reporters_ticket(people, TIER1)
    theirs = (await create(people["other_reporter"], title="Printer jams on page two"))["number"]
    for queue in ("ALL", "INCOMING", "HANDLED", "HISTORY", "MINE"):
        page = await people["reporter"].ok("query($q: TicketQueue!) { tickets(queue: $q) { totalCount "
                                           "edges { node { number } } } }", q=queue)
        numbers = [e["node"]["number"] for e in page["tickets"]["edges"]]
        assert theirs not in numbers and page["tickets"]["totalCount"] == len(numbers), queue
        assert numbers == ([mine] if queue in ("ALL", "HISTORY", "MINE") else []), queue
    searched = await people["reporter"].ok(SEARCH, q=theirs)
    assert searched["tickets"]["totalCount"] == 0, "a number of someone else's ticket finds nothing"


async def test_desks_are_walled_off_from_each_other(people):
    """The outsider sees nothing of the test desk, but does see their own desk's tickets, which the test
    desk's agents and admin in turn cannot see."""
    ours = await reporters_ticket(people, TIER1, "in_progress")
    theirs = (await create(people["other_reporter"], desk="kemsos", title="Data bantuan tidak muncul",
                           description="Data penerima bantuan tidak muncul di aplikasi.", topic="bantuan-umum",
                           application=None, fields={}))["number"]
    expectations = {"outsider": {theirs}, "agent": {ours}, "specialist": {ours}, "admin": {ours},
                    "superuser": {ours, theirs}, "other_reporter": {theirs}}
    for role, visible in expectations.items():
        listed = await people[role].ok(LIST)
        assert {e["node"]["number"] for e in listed["tickets"]["edges"]} == visible, role
        for number in (ours, theirs):
            response = await people[role].run(SEE, n=number)
            assert (response.error_codes == []) == (number in visible), (role, number, response.errors)
            if number not in visible:
                assert response.error_codes == ["TICKET_NOT_FOUND"]
    dashboard = await people["outsider"].ok("""{ dashboard { notTaken } }""")
    assert dashboard["dashboard"]["notTaken"] == 1, "the kemsos ticket waits in the outsider's queue"
    refused = await people["outsider"].run(TAKE, n=ours)
    assert refused.error_codes == ["TICKET_NOT_FOUND"]


async def test_whoever_opened_a_ticket_on_someones_behalf_is_on_the_reporter_side(people):
    """An agent who records a phone call opens the ticket for the caller: both may see it and act as its
    reporter; the caller's colleague (another reporter) may not."""
    opened = await create(people["agent"], channel="PHONE", onBehalfOf={"email": "reporter@test.example"})
    number = opened["number"]
    assert opened["reporter"]["displayName"] == "Reporter"
    mine = await people["reporter"].ok("""{ tickets(queue: MINE) { edges { node { number } } } }""")
    assert [e["node"]["number"] for e in mine["tickets"]["edges"]] == [number]
    assert (await people["other_reporter"].run(SEE, n=number)).error_codes == ["TICKET_NOT_FOUND"]
    actions = "query($n: String!) { ticket(number: $n) { availableActions { name } } }"
    assert "force_close" in action_names((await people["reporter"].ok(actions, n=number))["ticket"]["availableActions"])
    await people["reporter"].ok(FORCE_CLOSE, n=number, reason="Solved it over the phone.")
    assert (await Ticket.get(number=number)).status == "closed"


async def test_an_agent_who_moves_to_another_desk_no_longer_sees_their_old_tickets(people):
    """History counts at the desks one works at: by number and in every list alike."""
    number = await reporters_ticket(people, TIER2)  # taken and escalated away by `agent`
    agent = people["agent"]
    history = """{ tickets(queue: HISTORY) { totalCount } }"""
    assert (await agent.ok(history))["tickets"]["totalCount"] == 1
    await TeamMembership.filter(user_id=agent.user.id).delete()
    await TeamMembership.create(user_id=agent.user.id, team=await Team.get(desk__slug="kemsos", slug="layanan"))
    assert (await agent.run(SEE, n=number)).error_codes == ["TICKET_NOT_FOUND"]
    assert (await agent.ok(LIST))["tickets"] == {"totalCount": 0, "edges": []}
    assert (await agent.ok(history))["tickets"]["totalCount"] == 0


async def test_a_staged_file_is_its_uploaders_alone(people):
    staged = await people["reporter"].stage("testdesk", "ticket", "draft.txt", b"not sent yet")
    assert (await people["reporter"].ok(NODE, id=staged))["node"]["name"] == "draft.txt"
    for role in ("other_reporter", "agent", "admin", "superuser"):
        assert (await people[role].ok(NODE, id=staged))["node"] is None, role


# --- refusals by status ------------------------------------------------------------------------------------

BY_STATUS = [
    # (who, operation, the status the ticket is in)
    ("reporter", "confirm", "new"),
    ("reporter", "reopen", "in_progress"),
    ("reporter", "rate", "resolved"),
    ("reporter", "force close", "closed"),
    ("reporter", "reply", "resolved"),
    ("agent", "resolve", "resolved"),
    ("agent", "request feedback", "resolved"),
    ("agent", "recategorise", "resolved"),
    ("agent", "escalate", "resolved"),
    ("admin", "recategorise", "closed"),
]


@pytest.mark.parametrize(("role", "name", "status"), BY_STATUS)
async def test_the_status_refuses_what_the_role_may_do_elsewhere(people, role, name, status):
    operation = OPERATIONS[name]
    number = await reporters_ticket(people, TIER1, status)
    before = await snapshot(number)
    response = await people[role].run(operation.document, n=number, **operation.variables)
    assert response.error_codes == ["ACTION_NOT_ALLOWED_IN_STATUS"], response.errors
    assert await snapshot(number) == before


async def test_a_ticket_taken_by_a_colleague_cannot_be_taken_again(people):
    number = await reporters_ticket(people, TIER1, "in_progress")
    before = await snapshot(number)
    response = await people["agent2"].run(TAKE, n=number)
    assert response.error_codes == ["ALREADY_TAKEN"]
    assert await snapshot(number) == before
