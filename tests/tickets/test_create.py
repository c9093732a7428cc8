"""Opening tickets: the desk's rules, numbers, priority, on-behalf intake, and refusals that change nothing."""

from __future__ import annotations

import asyncio
import re

import pytest

from loket.core.models import Ticket, TicketCounter, TicketEvent, User
from tests.ticket_ops import CREATE, action_names, create, ticket_input


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


async def test_a_reporter_opens_a_ticket(people):
    ticket = await create(people["reporter"])
    assert re.fullmatch(r"TWB\d{6}0001", ticket["number"])
    assert ticket["status"]["name"] == "new" and ticket["statusLabel"] == "Open"
    assert ticket["topic"] == "laptop" and ticket["topicPath"] == ["Hardware", "Laptop"]
    assert ticket["fields"] == {"phone": "+6281234567890", "asset_tag": "AT-1234"}
    assert ticket["priority"] == {"slug": "normal", "name": "Normal", "rank": 2, "reason": None}
    assert ticket["reporter"] == {"displayName": "Reporter", "email": "reporter@test.example"}
    assert ticket["position"] == {"tier": 1, "team": {"slug": "intake", "name": "Intake"}}
    assert ticket["channel"] == "WEB" and ticket["version"] == 1
    assert set(action_names(ticket["availableActions"])) == {"reply", "force_close"}


async def test_numbers_follow_the_desk_format_and_count_per_day(people):
    first = await create(people["reporter"])
    second = await create(people["reporter"])
    assert int(second["number"][-4:]) == int(first["number"][-4:]) + 1
    assert first["number"][:9] == second["number"][:9]


async def test_numbers_are_unique_under_concurrent_creation(people):
    tickets = await asyncio.gather(*(create(people["reporter"], title=f"Parallel {i}") for i in range(12)))
    numbers = sorted(t["number"] for t in tickets)
    assert len(set(numbers)) == 12
    assert [int(n[-4:]) for n in numbers] == list(range(1, 13))


async def test_a_number_already_taken_is_asked_again(people):
    first = await create(people["reporter"])
    await TicketCounter.all().update(value=0)  # e.g. counters lost in a restore: the next number is taken
    second = await create(people["reporter"], title="After the restore")
    assert second["number"] == first["number"][:-4] + "0002"
    assert sorted(await Ticket.all().values_list("number", flat=True)) == [first["number"], second["number"]]
    assert await TicketCounter.all().values_list("value", flat=True) == [2]


async def test_priority_comes_from_the_desks_rule_with_a_reason_for_agents(people):
    printer = await create(people["reporter"], topic="printer")
    assert printer["priority"]["slug"] == "low"
    billion = await create(people["reporter"], topic="erp-payments", application="erp", applicationVersion="2.0",
                           fields={"phone": "081234567890", "amount": "2500000000"})
    assert billion["priority"]["slug"] == "high"
    seen_by_agent = await people["agent"].ok("query($n: String!) { ticket(number: $n) { priority { reason } } }",
                                             n=billion["number"])
    assert seen_by_agent["ticket"]["priority"]["reason"] == "amount of one billion or more"


async def test_a_reporter_cannot_type_a_priority(people):
    response = await people["reporter"].run(CREATE, input=ticket_input(priority="high"))
    assert response.errors and response.data is None
    assert await Ticket.all().count() == 0


async def test_an_agent_records_a_phone_call_on_someones_behalf(people):
    ticket = await create(people["agent"], channel="PHONE", onBehalfOf={"email": "Caller@Vendor.example",
                                                                          "displayName": "Caller"},
                          reporterCategory="vendor", origin="Branch office")
    assert ticket["number"].startswith("TPH")
    assert ticket["channel"] == "PHONE" and ticket["reporterCategory"] == "vendor"
    assert ticket["reporter"]["email"] == "caller@vendor.example"
    assert ticket["createdBy"]["displayName"] == "Agent"
    caller = await User.get(email="caller@vendor.example")
    assert caller.password_hash is None, "a reporter created at intake signs in later by other means"


async def test_a_reporter_cannot_open_tickets_for_others_or_record_channels(people):
    on_behalf = await people["reporter"].run(CREATE, input=ticket_input(onBehalfOf={"email": "x@y.example"}))
    assert on_behalf.error_codes == ["ON_BEHALF_NEEDS_AGENT"]
    phone = await people["reporter"].run(CREATE, input=ticket_input(channel="PHONE"))
    assert phone.error_codes == ["ON_BEHALF_NEEDS_AGENT"]
    assert phone.errors[0]["extensions"]["field"] == "input.channel"


async def test_every_broken_rule_is_reported_at_once_naming_its_field(people):
    response = await people["reporter"].run(CREATE, input=ticket_input(
        title="x" * 61, description="too short", topic="hardware", application="erp", applicationVersion="9.9",
        fields={"phone": "not a phone", "asset_tag": "123", "colour": "red"}, reporterCategory="alien"))
    found = {(e["extensions"]["code"], e["extensions"]["field"]) for e in response.errors}
    assert found == {
        ("TITLE_TOO_LONG", "input.title"), ("TEXT_TOO_SHORT", "input.description"),
        ("TOPIC_NEEDS_SUBTOPIC", "input.topic"), ("UNKNOWN_APPLICATION_VERSION", "input.applicationVersion"),
        ("UNKNOWN_FIELD", "input.fields.colour"),
        ("PHONE_INVALID", "input.fields.phone"), ("FIELD_PATTERN_MISMATCH", "input.fields.asset_tag"),
        ("NOT_A_CHOICE", "input.reporterCategory")}
    assert await Ticket.all().count() == 0 and await TicketEvent.all().count() == 0


async def test_messages_are_in_the_callers_language(people):
    response = await people["reporter"].client.execute(CREATE, {"input": ticket_input(title="")}, language="id")
    assert response.errors[0]["message"] == "Judul wajib diisi"
    english = await people["reporter"].client.execute(CREATE, {"input": ticket_input(title="")}, language="en")
    assert english.errors[0]["message"] == "Title is required"


async def test_required_fields_and_topic_restrictions(people):
    missing = await people["reporter"].run(CREATE, input=ticket_input(fields={}))
    assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in missing.errors] == [
        ("FIELD_REQUIRED", "input.fields.phone")]
    wrong_app = await people["reporter"].run(CREATE, input=ticket_input(topic="erp-payments", application="mailer"))
    assert "TOPIC_NOT_FOR_APPLICATION" in wrong_app.error_codes


async def test_a_plugin_can_refuse_with_its_own_rule_and_words(people):
    response = await people["reporter"].client.execute(CREATE, {"input": ticket_input(
        topic="erp-payments", application="erp", applicationVersion="1.0", fields={"phone": "081234567890"})},
        language="en")
    assert response.error_codes == ["TEST_ERP_1_HAS_NO_PAYMENTS"]
    assert response.errors[0]["message"] == "ERP 1.0 has no payments module"
    assert response.errors[0]["extensions"]["field"] == "input.applicationVersion"


async def test_agent_only_fields_are_refused_from_reporters(people):
    response = await people["reporter"].run(CREATE, input=ticket_input(
        fields={"phone": "081234567890", "triage_note": "urgent please"}))
    assert response.error_codes == ["FIELD_FOR_AGENTS_ONLY"]
    by_agent = await create(people["agent"], fields={"phone": "081234567890", "triage_note": "checked"})
    assert by_agent["fields"]["triage_note"] == "checked"


async def test_creating_needs_a_token(client):
    response = await client.execute(CREATE, {"input": ticket_input()})
    assert response.error_codes == ["UNAUTHENTICATED"]


async def test_the_desk_describes_its_forms(people):
    desk = (await people["reporter"].ok("""{ desk(slug: "testdesk") {
        topicLevels topics { slug children { slug applications fieldKeys } }
        applications { slug versions } fieldsForTopic(topic: "erp-payments") { key kind required }
        priorities { slug rank } statuses { name label } limits { titleMaxLength descriptionMinLength messageMinLength }
        attachmentRules(purpose: "ticket") { extensions maxBytes maxFiles }
        ratingForm { slug questions { key kind tagsByStars { stars tags } } } } }"""))["desk"]
    assert desk["topicLevels"] == ["Category", "Sub-category"]
    assert desk["topics"][1]["children"][1] == {"slug": "erp-payments", "applications": ["erp"], "fieldKeys": ["amount"]}
    assert [f["key"] for f in desk["fieldsForTopic"]] == ["phone", "amount", "triage_note"]
    assert desk["priorities"][0] == {"slug": "high", "rank": 3}
    assert {"name": "new", "label": "Open"} in desk["statuses"]
    assert {"name": "in_progress", "label": "In progress"} in desk["statuses"]
    assert desk["limits"] == {"titleMaxLength": 60, "descriptionMinLength": 15, "messageMinLength": 10}
    assert desk["attachmentRules"] == {"extensions": ["pdf", "png", "txt"], "maxBytes": 1048576.0, "maxFiles": 3}
    assert desk["ratingForm"]["questions"][1]["tagsByStars"][4] == {"stars": 5, "tags": ["fast", "friendly", "proactive"]}
