"""A desk admin arranges the desk's topics at run time: adds one (reporters file on it at once), renames and moves
topics, retires one (it leaves the form and is refused for new tickets, while tickets on it keep it) and restores
it; every change is in the audit log, and only the desk's admins and superusers may make it."""

from __future__ import annotations

import pytest

from tests.people import Person
from tests.ticket_ops import CREATE, RECATEGORISE, TAKE, create, ticket_input

pytestmark = pytest.mark.asyncio


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


ADD = """mutation($input: AddTopicInput!) { addTopic(input: $input) { desk { topics { slug } } } }"""
RENAME = """mutation($topic: String!, $name: [LocalizedTextInput!], $description: [LocalizedTextInput!]) {
  renameTopic(input: {desk: "testdesk", topic: $topic, name: $name, description: $description}) { desk { slug } } }"""
MOVE = """mutation($topic: String!, $position: Int!) {
  moveTopic(input: {desk: "testdesk", topic: $topic, position: $position}) { desk { slug } } }"""
RETIRE = """mutation($topic: String!) { retireTopic(input: {desk: "testdesk", topic: $topic}) { desk { slug } } }"""
RESTORE = """mutation($topic: String!) { restoreTopic(input: {desk: "testdesk", topic: $topic}) { desk { slug } } }"""
DELETE = """mutation($topic: String!) { deleteTopic(input: {desk: "testdesk", topic: $topic}) { desk { slug } } }"""
TOPICS = """query($all: Boolean = false) { desk(slug: "testdesk") { topics(includeRetired: $all) {
  slug name description retired team children { slug name retired team children { slug } } } } }"""
LOG = """query($action: String) { auditLog(filter: {action: $action}) { edges { node { action target before after } } } }"""


def tree(desk: dict) -> list:
    """The topic tree as (slug, [child slugs]) pairs."""
    return [(topic["slug"], [child["slug"] for child in topic["children"]]) for topic in desk["topics"]]


async def topics(person: Person, *, all: bool = False) -> dict:
    return (await person.ok(TOPICS, all=all))["desk"]


def vpn(**extra) -> dict:
    return {"desk": "testdesk", "slug": "vpn", "parent": "software",
            "name": [{"language": "en", "text": "VPN"}, {"language": "id", "text": "VPN kantor"}], **extra}


async def test_an_added_topic_is_offered_at_once_and_its_tickets_go_to_its_team(people: dict[str, Person]) -> None:
    admin, reporter = people["admin"], people["reporter"]
    await admin.ok(ADD, input=vpn(team="second", description=[{"language": "en", "text": "Remote access"}]))
    shown = await topics(reporter)
    assert tree(shown) == [("hardware", ["laptop", "printer"]), ("software", ["mail", "erp-payments", "vpn"])]
    added = shown["topics"][1]["children"][2]
    assert (added["name"], added["team"], added["retired"]) == ("VPN", "second", False)
    ticket = await create(reporter, topic="vpn", fields={"phone": "+62 812 3456 7890"})
    assert ticket["topicPath"] == ["Software", "VPN"] and ticket["position"]["team"]["slug"] == "second"

    await admin.ok(ADD, input={"desk": "testdesk", "slug": "network", "name": [{"language": "en", "text": "Network"}],
                               "position": 0})
    assert [slug for slug, _ in tree(await topics(reporter))] == ["network", "hardware", "software"]
    entry = (await admin.ok(LOG, action="topic.add"))["auditLog"]["edges"][-1]["node"]
    assert entry["target"] == "topic:vpn" and entry["before"] is None
    assert entry["after"]["parent"] == "software" and entry["after"]["name"] == {"en": "VPN", "id": "VPN kantor"}


async def test_an_admin_renames_and_moves_topics(people: dict[str, Person]) -> None:
    admin, reporter = people["admin"], people["reporter"]
    await admin.ok(RENAME, topic="hardware", name=[{"language": "en", "text": "Devices"}],
                   description=[{"language": "en", "text": "Laptops and printers"}])
    await admin.ok(MOVE, topic="software", position=0)
    await admin.ok(MOVE, topic="laptop", position=5)  # past the end: last
    shown = await topics(reporter)
    assert tree(shown) == [("software", ["mail", "erp-payments"]), ("hardware", ["printer", "laptop"])]
    assert (shown["topics"][1]["name"], shown["topics"][1]["description"]) == ("Devices", "Laptops and printers")
    await admin.ok(MOVE, topic="hardware", position=0)
    assert [slug for slug, _ in tree(await topics(reporter))] == ["hardware", "software"]
    log = [edge["node"] for edge in (await admin.ok(LOG))["auditLog"]["edges"]]
    assert [entry["action"] for entry in log] == ["topic.move", "topic.move", "topic.move", "topic.rename"]
    assert (log[0]["before"]["position"], log[0]["after"]["position"]) == (1, 0)
    assert log[-1]["before"]["name"] == "Hardware" and log[-1]["after"]["name"] == {"en": "Devices"}


async def test_a_retired_topic_leaves_the_form_but_its_tickets_keep_it(people: dict[str, Person]) -> None:
    admin, reporter, agent = people["admin"], people["reporter"], people["agent"]
    kept = await create(reporter, topic="printer")
    other = await create(reporter, topic="mail", fields={"phone": "+62 812 3456 7890"})
    await agent.ok(TAKE, n=kept["number"])
    await agent.ok(TAKE, n=other["number"])
    await admin.ok(RETIRE, topic="hardware")

    assert tree(await topics(reporter)) == [("software", ["mail", "erp-payments"])]
    everything = await topics(admin, all=True)
    assert everything["topics"][0]["retired"] is True and tree(everything)[0] == ("hardware", ["laptop", "printer"])
    refused = await reporter.run(CREATE, input=ticket_input(topic="laptop"))
    assert refused.error_codes == ["TOPIC_RETIRED"] and refused.errors[0]["extensions"]["field"] == "input.topic"
    refused = await agent.run(RECATEGORISE, n=other["number"], topic="printer", app="mailer")
    assert refused.error_codes == ["TOPIC_RETIRED"]
    again = await agent.ok(RECATEGORISE, n=kept["number"], topic="printer", app="mailer")
    assert again["recategoriseTicket"]["ticket"]["topicPath"] == ["Hardware", "Printer"], "its own topic stays"

    await admin.ok(RESTORE, topic="hardware")
    assert tree(await topics(reporter))[0] == ("hardware", ["laptop", "printer"])
    assert (await create(reporter, topic="laptop"))["topic"] == "laptop"
    actions = [edge["node"]["action"] for edge in (await admin.ok(LOG))["auditLog"]["edges"]]
    assert actions == ["topic.restore", "topic.retire"]


async def test_retiring_a_sub_topic_leaves_its_siblings_and_the_last_topic_stays(people: dict[str, Person]) -> None:
    admin, reporter = people["admin"], people["reporter"]
    await admin.ok(RETIRE, topic="printer")
    assert tree(await topics(reporter))[0] == ("hardware", ["laptop"])
    await admin.ok(RETIRE, topic="software")
    refused = await admin.run(RETIRE, topic="hardware")
    assert refused.error_codes == ["LAST_TOPIC"] and refused.errors[0]["extensions"]["field"] == "input.topic"
    assert tree(await topics(reporter)) == [("hardware", ["laptop"])]


async def test_bad_topics_change_nothing(people: dict[str, Person]) -> None:
    admin = people["admin"]
    cases = [
        (ADD, {"input": vpn(slug="laptop")}, "TOPIC_EXISTS", "input.slug"),
        (ADD, {"input": vpn(slug="Not a slug!")}, "TOPIC_SLUG_INVALID", "input.slug"),
        (ADD, {"input": vpn(parent="nowhere")}, "UNKNOWN_TOPIC", "input.parent"),
        (ADD, {"input": vpn(team="nobody")}, "UNKNOWN_TEAM", "input.team"),
        (ADD, {"input": vpn(position=-1)}, "POSITION_INVALID", "input.position"),
        (ADD, {"input": vpn(name=[])}, "LABEL_REQUIRED", "input.name"),
        (ADD, {"input": vpn(desk="nowhere")}, "UNKNOWN_DESK", "input.desk"),
        (RENAME, {"topic": "nowhere", "name": [{"language": "en", "text": "X"}]}, "UNKNOWN_TOPIC", "input.topic"),
        (RENAME, {"topic": "laptop"}, "LABEL_REQUIRED", "input.name"),
        (MOVE, {"topic": "laptop", "position": -2}, "POSITION_INVALID", "input.position"),
        (RETIRE, {"topic": "nowhere"}, "UNKNOWN_TOPIC", "input.topic"),
        (DELETE, {"topic": "laptop"}, "TOPIC_NOT_ADDED", "input.topic"),
    ]
    for document, variables, code, field in cases:
        refused = await admin.run(document, **variables)
        assert refused.error_codes == [code], (variables, refused.errors)
        assert refused.errors[0]["extensions"]["field"] == field, variables
    await admin.ok(RETIRE, topic="software")
    refused = await admin.run(ADD, input=vpn())
    assert refused.error_codes == ["TOPIC_RETIRED"] and refused.errors[0]["extensions"]["field"] == "input.parent"
    assert [edge["node"]["action"] for edge in (await admin.ok(LOG))["auditLog"]["edges"]] == ["topic.retire"]


async def test_an_added_topic_no_ticket_uses_may_be_deleted(people: dict[str, Person]) -> None:
    admin, reporter = people["admin"], people["reporter"]
    await admin.ok(ADD, input=vpn())
    await admin.ok(ADD, input={"desk": "testdesk", "slug": "scanner", "parent": "hardware",
                               "name": [{"language": "en", "text": "Scanner"}]})
    await create(reporter, topic="vpn", fields={"phone": "+62 812 3456 7890"})
    refused = await admin.run(DELETE, topic="vpn")
    assert refused.error_codes == ["TOPIC_IN_USE"]
    assert (await admin.run(DELETE, topic="software")).error_codes == ["TOPIC_NOT_ADDED"]
    await admin.ok(DELETE, topic="scanner")
    assert tree(await topics(reporter, all=True)) == [("hardware", ["laptop", "printer"]),
                                                     ("software", ["mail", "erp-payments", "vpn"])]
    await admin.ok(ADD, input={"desk": "testdesk", "slug": "scanner",
                               "name": [{"language": "en", "text": "Scanners"}]})
    entry = (await admin.ok(LOG, action="topic.delete"))["auditLog"]["edges"][0]["node"]
    assert entry["before"]["slug"] == "scanner" and entry["after"] is None


@pytest.mark.parametrize("role", ["anonymous", "reporter", "agent", "outsider", "admin", "superuser"])
async def test_only_the_desks_admins_and_superusers_change_topics(people: dict[str, Person], client, role) -> None:
    changes = [(ADD, {"input": vpn()}), (RENAME, {"topic": "mail", "name": [{"language": "en", "text": "E-mail"}]}),
               (MOVE, {"topic": "software", "position": 0}), (RETIRE, {"topic": "printer"}),
               (RESTORE, {"topic": "printer"}), (DELETE, {"topic": "vpn"})]
    for document, variables in changes:
        if role == "anonymous":
            answer = await client.execute(document, variables)
        else:
            answer = await people[role].run(document, **variables)
        if role in ("admin", "superuser"):
            assert answer.errors is None or not answer.errors, answer.errors
        else:
            assert answer.error_codes == ["UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN"], (role, document)
    expected = [("hardware", ["laptop", "printer"]), ("software", ["mail", "erp-payments"])]
    if role in ("admin", "superuser"):
        expected.reverse()
    assert tree(await topics(people["reporter"])) == expected
