"""A desk admin shapes the desk's extra ticket fields at run time: adds a topic with a required field and the
ticket form asks for it at once, changes a field's label, requirement, choices and help text, and removes a field
they added from a topic; bad fields are refused naming the input, and every change is in the audit log."""

from __future__ import annotations

import asyncio

import pytest

from tests.people import Person
from tests.ticket_ops import CREATE, ticket_input

pytestmark = pytest.mark.asyncio


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


ADD_TOPIC = """mutation($input: AddTopicInput!) { addTopic(input: $input) { desk { slug } } }"""
ADD = """mutation($input: AddFieldInput!) { addField(input: $input) { desk { fields { key } } } }"""
CHANGE = """mutation($input: ChangeFieldInput!) { changeField(input: $input) { desk { fields { key } } } }"""
REMOVE = """mutation($key: String!, $topic: String) { removeField(input: {desk: "testdesk", key: $key, topic: $topic}) {
  desk { fields { key } } } }"""
FORM = """query($topic: String) { desk(slug: "testdesk") { fieldsForTopic(topic: $topic) {
  key label kind required choices help topics } } }"""
LOG = """query($action: String) { auditLog(filter: {action: $action}) { edges { node { action target before after } } } }"""
PHONE = "+62 812 3456 7890"
AT = {"desk": "testdesk"}


async def form(person: Person, topic: str | None) -> dict[str, dict]:
    return {field["key"]: field for field in (await person.ok(FORM, topic=topic))["desk"]["fieldsForTopic"]}


def words(en: str, id: str | None = None) -> list[dict]:
    return [{"language": "en", "text": en}] + ([{"language": "id", "text": id}] if id else [])


async def test_a_topic_added_with_a_required_field_asks_for_it_on_the_form(people: dict[str, Person]) -> None:
    admin, reporter = people["admin"], people["reporter"]
    await admin.ok(ADD_TOPIC, input={**AT, "slug": "vpn", "name": words("VPN"), "parent": "software"})
    await admin.ok(ADD, input={**AT, "key": "vpn_account", "kind": "TEXT", "label": words("VPN account", "Akun VPN"),
                               "required": True, "help": words("The name you sign in to the VPN with"),
                               "topics": ["vpn"]})

    shown = await form(reporter, "vpn")
    assert shown["vpn_account"] == {"key": "vpn_account", "label": "VPN account", "kind": "TEXT", "required": True,
                                    "choices": [], "help": "The name you sign in to the VPN with", "topics": ["vpn"]}
    assert "vpn_account" not in await form(reporter, "mail")
    without = await reporter.run(CREATE, input=ticket_input(topic="vpn", fields={"phone": PHONE}))
    assert without.error_codes == ["FIELD_REQUIRED"]
    assert without.errors[0]["extensions"]["field"] == "input.fields.vpn_account"
    created = await reporter.ok(CREATE, input=ticket_input(topic="vpn",
                                                           fields={"phone": PHONE, "vpn_account": "budi.s"}))
    assert created["createTicket"]["ticket"]["fields"]["vpn_account"] == "budi.s"

    entry = (await admin.ok(LOG, action="field.add"))["auditLog"]["edges"][0]["node"]
    assert entry["target"] == "field:vpn_account" and entry["before"] is None
    assert entry["after"]["required"] is True and entry["after"]["label"] == {"en": "VPN account", "id": "Akun VPN"}


async def test_an_admin_changes_the_plugins_fields_and_adds_a_choice(people: dict[str, Person]) -> None:
    admin, reporter = people["admin"], people["reporter"]
    await admin.ok(CHANGE, input={**AT, "key": "asset_tag", "label": words("Inventory number"), "required": True,
                                  "help": words("On the sticker under the device")})
    shown = (await form(reporter, "laptop"))["asset_tag"]
    assert (shown["label"], shown["required"], shown["help"]) == ("Inventory number", True,
                                                                   "On the sticker under the device")
    refused = await reporter.run(CREATE, input=ticket_input(fields={"phone": PHONE}))
    assert refused.errors[0]["extensions"]["field"] == "input.fields.asset_tag"

    await admin.ok(ADD, input={**AT, "key": "floor", "kind": "CHOICE", "label": words("Floor"), "choices": ["1", "2"]})
    await admin.ok(CHANGE, input={**AT, "key": "floor", "choices": ["1", "2", "3"], "topics": ["hardware"]})
    assert (await form(reporter, "printer"))["floor"]["choices"] == ["1", "2", "3"]
    assert "floor" not in await form(reporter, "mail")
    refused = await reporter.run(CREATE, input=ticket_input(fields={"phone": PHONE, "asset_tag": "AT-1234",
                                                                    "floor": "9"}))
    assert refused.error_codes == ["NOT_A_CHOICE"]
    log = [edge["node"] for edge in (await admin.ok(LOG, action="field"))["auditLog"]["edges"]]
    assert [entry["action"] for entry in log] == ["field.change", "field.add", "field.change"]
    assert log[-1]["before"]["required"] is False and log[-1]["after"]["required"] is True


async def test_a_field_an_admin_added_is_removed_topic_by_topic(people: dict[str, Person]) -> None:
    admin, reporter = people["admin"], people["reporter"]
    await admin.ok(ADD, input={**AT, "key": "room", "kind": "TEXT", "label": words("Room"),
                               "topics": ["mail", "printer"]})
    await admin.ok(REMOVE, key="room", topic="mail")
    assert "room" not in await form(reporter, "mail") and "room" in await form(reporter, "printer")
    await admin.ok(REMOVE, key="room", topic="printer")
    assert "room" not in await form(reporter, "printer")
    refused = await admin.run(REMOVE, key="phone")
    assert refused.error_codes == ["FIELD_NOT_ADDED"] and refused.errors[0]["extensions"]["field"] == "input.key"
    actions = [edge["node"]["action"] for edge in (await admin.ok(LOG, action="field"))["auditLog"]["edges"]]
    assert actions == ["field.remove", "field.remove", "field.add"]


async def test_bad_fields_change_nothing(people: dict[str, Person]) -> None:
    admin = people["admin"]
    base = {**AT, "key": "floor", "kind": "TEXT", "label": words("Floor")}
    cases = [
        (ADD, {**base, "kind": "CHOICE"}, "CHOICES_REQUIRED", "input.choices"),
        (ADD, {**base, "kind": "CHOICE", "choices": ["1", "1"]}, "CHOICES_REQUIRED", "input.choices"),
        (ADD, {**base, "choices": ["1"]}, "CHOICES_NOT_ALLOWED", "input.choices"),
        (ADD, {**base, "kind": "COLOUR"}, "INVALID_VARIABLE", "input.kind"),
        (ADD, {**base, "topics": ["nowhere"]}, "UNKNOWN_TOPIC", "input.topics"),
        (ADD, {**base, "key": "phone"}, "FIELD_EXISTS", "input.key"),
        (ADD, {**base, "key": "Floor no."}, "FIELD_KEY_INVALID", "input.key"),
        (ADD, {**base, "label": []}, "LABEL_REQUIRED", "input.label"),
        (CHANGE, {**AT, "key": "nothing", "required": True}, "UNKNOWN_FIELD", "input.key"),
        (CHANGE, {**AT, "key": "phone", "choices": ["a"]}, "CHOICES_NOT_ALLOWED", "input.choices"),
        (CHANGE, {"desk": "nowhere", "key": "phone", "required": True}, "UNKNOWN_DESK", "input.desk"),
    ]
    for document, given, code, field in cases:
        refused = await admin.run(document, input=given)
        assert refused.error_codes == [code], (given, refused.errors)
        assert refused.errors[0]["extensions"]["field"] == field, given
    assert (await admin.ok(LOG))["auditLog"]["edges"] == []
    assert set(await form(admin, "laptop")) == {"phone", "asset_tag", "triage_note"}


@pytest.mark.parametrize("role", ["anonymous", "reporter", "agent", "outsider", "admin", "superuser"])
async def test_only_the_desks_admins_and_superusers_change_fields(people: dict[str, Person], client, role) -> None:
    changes = [(ADD, {"input": {**AT, "key": "room", "kind": "TEXT", "label": words("Room"), "topics": ["mail"]}}),
               (CHANGE, {"input": {**AT, "key": "phone", "required": False}}), (REMOVE, {"key": "room"})]
    for document, variables in changes:
        answer = await (client.execute(document, variables) if role == "anonymous"
                        else people[role].run(document, **variables))
        if role in ("admin", "superuser"):
            assert not answer.errors, answer.errors
        else:
            assert answer.error_codes == ["UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN"], (role, document)
    assert (await form(people["reporter"], "mail"))["phone"]["required"] is (role not in ("admin", "superuser"))


async def test_two_admins_changing_one_field_at_once_both_count(people: dict[str, Person]) -> None:
    admin, superuser = people["admin"], people["superuser"]
    await asyncio.gather(admin.ok(CHANGE, input={**AT, "key": "asset_tag", "label": words("Inventory number")}),
                         superuser.ok(CHANGE, input={**AT, "key": "asset_tag", "help": words("On the sticker")}),
                         admin.ok(CHANGE, input={**AT, "key": "asset_tag", "required": True}))
    field = (await form(people["reporter"], "laptop"))["asset_tag"]
    assert (field["label"], field["help"], field["required"]) == ("Inventory number", "On the sticker", True)
    assert len((await admin.ok(LOG, action="field.change"))["auditLog"]["edges"]) == 3
