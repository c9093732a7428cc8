"""``node(id:)`` for every kind a client refetches: the object comes back for whoever its own query shows it to,
and null for everyone else, exactly as for an id that names nothing. Malformed ids are refused."""

from __future__ import annotations

import base64

import pytest

from tests.admin.test_canned_responses import add as add_canned_response
from tests.admin.test_guides_admin import write as write_guide
from tests.exports.helpers import EXPORT
from tests.people import Person
from tests.ticket_ops import REPLY, TAKE, create


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


NODE = """query($id: ID!) { node(id: $id) { __typename id
  ... on Ticket { number } ... on Message { body } ... on TicketEvent { kind } ... on Desk { slug }
  ... on Team { slug deskSlug } ... on User { email } ... on Account { email } ... on ExportJob { format }
  ... on GuideArticle { key } ... on CannedResponse { name } ... on AuditEntry { action } } }"""
TICKET = """query($n: String!) { ticket(number: $n) { id desk { id slug } position { team { id slug } }
  messages { nodes { id body internal } } timeline { nodes { id kind } } } }"""
ME = "{ me { id email } }"
PEOPLE = """query($email: String!) { people(filter: {email: $email}) { nodes { id email } } }"""
LOG = "{ auditLog(first: 1) { nodes { id action } } }"
ARTICLES = """{ guideArticles(desk: "testdesk") { id key } }"""
GUIDES = """{ guides(desk: "testdesk", drafts: true) { id key } }"""


def forged(kind: str, key: object) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{key}".encode()).decode()


async def node(person: Person, id: str) -> dict | None:
    return (await person.ok(NODE, id=id))["node"]


async def test_ticket_parts_desks_and_teams_come_back_to_those_who_see_them(people):
    reporter, agent, outsider = people["reporter"], people["agent"], people["outsider"]
    number = (await create(reporter))["number"]
    await agent.ok(TAKE, n=number)
    await agent.ok(REPLY, n=number, m="We are looking into it.")
    await agent.ok(REPLY, n=number, m="Internal: the disk is failing.", internal=True)
    seen = (await agent.ok(TICKET, n=number))["ticket"]
    reply, note = seen["messages"]["nodes"]
    assert not reply["internal"] and note["internal"]
    created = seen["timeline"]["nodes"][0]

    for person in (reporter, agent):
        assert await node(person, seen["id"]) == {"__typename": "Ticket", "id": seen["id"], "number": number}
        assert (await node(person, reply["id"]))["body"] == "We are looking into it."
        assert await node(person, created["id"]) == {"__typename": "TicketEvent", "id": created["id"],
                                                     "kind": "CREATED"}
    assert (await node(agent, note["id"]))["body"] == "Internal: the disk is failing."
    assert await node(reporter, note["id"]) is None, "an internal note is not the reporter's to see"
    note_event = next(e for e in seen["timeline"]["nodes"] if e["kind"] == "NOTE_ADDED")
    assert await node(reporter, note_event["id"]) is None
    for hidden in (seen["id"], reply["id"], created["id"]):
        assert await node(outsider, hidden) is None, "another desk's agent sees nothing of it"

    # Desks and teams are public, as `desks` and `Desk.teams` are: anyone signed in refetches them.
    desk, team = seen["desk"], seen["position"]["team"]
    for person in (reporter, outsider):
        assert await node(person, desk["id"]) == {"__typename": "Desk", "id": desk["id"], "slug": "testdesk"}
        assert await node(person, team["id"]) == {"__typename": "Team", "id": team["id"], "slug": "intake",
                                                  "deskSlug": "testdesk"}
    assert await node(reporter, forged("Desk", 999999)) is None
    assert await node(reporter, forged("Team", 999999)) is None


async def test_people_come_back_to_themselves_and_to_their_admins(people):
    reporter, agent, admin = people["reporter"], people["agent"], people["admin"]
    me = (await agent.ok(ME))["me"]
    assert await node(agent, me["id"]) == {"__typename": "User", "id": me["id"], "email": me["email"]}
    assert await node(reporter, me["id"]) is None, "a profile is its owner's"
    assert await node(admin, me["id"]) is None

    [account] = (await admin.ok(PEOPLE, email=me["email"]))["people"]["nodes"]
    assert account["id"] != me["id"], "an account and a profile are different objects"
    assert await node(admin, account["id"]) == {"__typename": "Account", "id": account["id"], "email": me["email"]}
    assert (await node(people["superuser"], account["id"]))["email"] == me["email"]
    assert (await node(agent, account["id"]))["email"] == me["email"], "one's own account"
    assert await node(reporter, account["id"]) is None
    assert await node(people["outsider"], account["id"]) is None
    # A desk admin finds any account by its exact email (to grant a duty), but not by id: a reporter
    # without duties at the admin's desks stays hidden.
    assert await node(admin, forged("Account", reporter.user.id)) is None
    assert (await node(people["superuser"], forged("Account", reporter.user.id)))["email"] == reporter.user.email


async def test_admin_objects_come_back_to_those_their_lists_show_them_to(people):
    admin, agent, reporter, superuser = people["admin"], people["agent"], people["reporter"], people["superuser"]
    response = await add_canned_response(admin, "Greeting", "Hello {{ reporter.name }}")
    for person in (admin, agent):
        assert await node(person, response["id"]) == {"__typename": "CannedResponse", "id": response["id"],
                                                      "name": "Greeting"}
    assert await node(reporter, response["id"]) is None
    assert await node(people["outsider"], response["id"]) is None
    experts_only = await add_canned_response(admin, "Experts", "For experts", team="experts")
    assert await node(agent, experts_only["id"]) is None, "another team's response is not in the agent's list"

    article = await write_guide(admin)
    assert [a["id"] for a in (await admin.ok(ARTICLES))["guideArticles"]] == [article["id"]]
    assert [g["id"] for g in (await agent.ok(GUIDES))["guides"] if g["key"] == "ganti-toner"] == [article["id"]], \
        "a guide names its article by the same global id"
    assert (await node(admin, article["id"]))["key"] == "ganti-toner"
    assert (await node(superuser, article["id"]))["key"] == "ganti-toner"
    assert await node(agent, article["id"]) is None, "articles are listed for the desk's admins"

    [entry] = (await admin.ok(LOG))["auditLog"]["nodes"]
    assert await node(admin, entry["id"]) == {"__typename": "AuditEntry", "id": entry["id"],
                                              "action": entry["action"]}
    assert await node(agent, entry["id"]) is None
    assert await node(people["outsider"], entry["id"]) is None


async def test_an_export_comes_back_to_its_requester_alone(people):
    agent = people["agent"]
    job = (await agent.ok(EXPORT, format="CSV"))["exportTickets"]["exportJob"]
    assert await node(agent, job["id"]) == {"__typename": "ExportJob", "id": job["id"], "format": "CSV"}
    for other in ("agent2", "admin", "superuser"):
        assert await node(people[other], job["id"]) is None, other


@pytest.mark.parametrize("id", [
    "nope", "", forged("Nothing", 1), forged("Ticket", "abc"), forged("Ticket", "²"), forged("Ticket", 10**20),
    forged("ExportJob", "not-a-uuid"), forged("Attachment", 12), "%%%",
])
async def test_an_id_that_names_nothing_is_refused(people, id):
    response = await people["reporter"].run(NODE, id=id)
    assert [(e["extensions"]["code"], e["extensions"].get("field")) for e in response.errors] == [("INVALID_ID", "id")]


async def test_an_id_of_nothing_answers_null_like_one_of_something_hidden(people):
    for kind, key in (("Ticket", 999999), ("Message", 999999), ("TicketEvent", 999999), ("User", 999999),
                      ("Account", 999999), ("GuideArticle", 999999), ("CannedResponse", 999999),
                      ("AuditEntry", 999999), ("ExportJob", "00000000-0000-0000-0000-000000000000")):
        assert await node(people["superuser"], forged(kind, key)) is None, kind


async def test_node_needs_a_token(client):
    response = await client.execute(NODE, {"id": forged("Desk", 1)})
    assert response.error_codes == ["UNAUTHENTICATED"]
