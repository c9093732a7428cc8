"""A desk admin writes guides and FAQ articles at run time: reporters find the published ones before filing (by
topic and by search word, in their language), say whether they helped, and the desk's reports count them; drafts
stay with the desk's staff; every change is audited; strangers are refused and bad input changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from loket.core.models import Desk, DeskAdmin, GuideArticle
from tests.people import Person

pytestmark = pytest.mark.asyncio


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


WRITE = """mutation($input: WriteGuideInput!) { writeGuide(input: $input) {
  guide { id desk topic key title { language text } body { language text } keywords published position } } }"""
EDIT = """mutation($input: EditGuideInput!) { editGuide(input: $input) {
  guide { id title { language text } keywords } } }"""
PUBLISH = """mutation($id: ID!) { publishGuide(input: {id: $id}) { guide { id published } } }"""
UNPUBLISH = """mutation($id: ID!) { unpublishGuide(input: {id: $id}) { guide { id published } } }"""
DELETE = """mutation($id: ID!) { deleteGuide(input: {id: $id}) { deletedId } }"""
GUIDES = """query($topic: String, $search: String, $drafts: Boolean! = false) {
  guides(desk: "testdesk", topic: $topic, search: $search, drafts: $drafts) {
    id key topic topicName title body steps published } }"""
FAQ = """query($search: String) { faq(desk: "testdesk", search: $search) { id key topic title body } }"""
RECORD = """mutation($topic: String, $guide: String!) {
  recordGuideOutcome(input: {desk: "testdesk", topic: $topic, guide: $guide, solved: true}) {
    outcome { topic guide solved } } }"""
DEFLECTIONS = """{ guideDeflections(desk: "testdesk") { solved byGuide { topic guide solved } } }"""
REPORT = """query($period: ReportPeriodInput!) { deskReport(desk: "testdesk", period: $period) {
  deflections { solved byGuide { topic guide title solved } } } }"""
ARTICLES = """{ guideArticles(desk: "testdesk") { key published } }"""
LOG = """query($filter: AuditFilterInput) { auditLog(filter: $filter) {
  edges { node { actor desk action target before after } } } }"""

TONER = {"desk": "testdesk", "topic": "printer", "key": "ganti-toner",
         "title": [{"language": "en", "text": "Replace the toner"}, {"language": "id", "text": "Mengganti toner"}],
         "body": [{"language": "en", "text": "Open the front cover.\nPull the cartridge out."},
                  {"language": "id", "text": "Buka penutup depan.\nTarik kartrid keluar."}],
         "keywords": ["Tinta", "cartridge"]}


def period() -> dict:
    today = datetime.now(UTC).date()
    return {"start": (today - timedelta(days=1)).isoformat(), "end": (today + timedelta(days=1)).isoformat()}


async def write(admin: Person, **changes) -> dict:
    return (await admin.ok(WRITE, input={**TONER, **changes}))["writeGuide"]["guide"]


async def test_an_admin_writes_a_guide_and_a_reporter_finds_it_before_filing_and_it_counts(
        people: dict[str, Person]) -> None:
    admin, reporter = people["admin"], people["reporter"]
    written = await write(admin)
    assert written["published"] is False and written["topic"] == "printer" and written["position"] == 0
    assert (await reporter.ok(GUIDES, topic="printer"))["guides"] == []  # a draft: not for reporters yet

    assert (await admin.ok(PUBLISH, id=written["id"]))["publishGuide"]["guide"]["published"] is True
    by_topic = (await reporter.ok(GUIDES, topic="printer"))["guides"]
    assert by_topic == [{"id": written["id"], "key": "ganti-toner", "topic": "printer", "topicName": "Printer",
                         "title": "Replace the toner", "body": "Open the front cover.\nPull the cartridge out.",
                         "steps": [], "published": True}]
    # ... under its parent topic too, and by any word of it, in any language and letter case
    assert [g["key"] for g in (await reporter.ok(GUIDES, topic="hardware"))["guides"]] == ["ganti-toner"]
    for words in ("TONER", "kartrid", "tinta", "front cover", "printer cartridge"):
        assert [g["key"] for g in (await reporter.ok(GUIDES, search=words))["guides"]] == ["ganti-toner"], words
    assert (await reporter.ok(GUIDES, search="toner laptop"))["guides"] == []
    assert (await reporter.ok(GUIDES, topic="laptop"))["guides"] == []

    # In the reporter's language (Indonesian here), else the desk's (English).
    in_id = await reporter.client.execute(GUIDES, {"topic": "printer"}, language="id")
    assert in_id.ok()["guides"][0]["title"] == "Mengganti toner"
    await admin.ok(EDIT, input={"id": written["id"], "title": [{"language": "ms", "text": "Tukar toner"},
                                                               {"language": "en", "text": "Replace the toner"}]})
    in_id = await reporter.client.execute(GUIDES, {"topic": "printer"}, language="id")
    assert in_id.ok()["guides"][0]["title"] == "Replace the toner"

    # It solved the problem: no ticket, and the desk's reports count the request it spared.
    recorded = await reporter.ok(RECORD, topic="printer", guide="ganti-toner")
    assert recorded["recordGuideOutcome"]["outcome"] == {"topic": "printer", "guide": "ganti-toner", "solved": True}
    assert (await admin.ok(DEFLECTIONS))["guideDeflections"] == {
        "solved": 1, "byGuide": [{"topic": "printer", "guide": "ganti-toner", "solved": 1}]}
    report = (await admin.ok(REPORT, period=period()))["deskReport"]["deflections"]
    assert report == {"solved": 1, "byGuide": [{"topic": "printer", "guide": "ganti-toner",
                                                "title": "Replace the toner", "solved": 1}]}


async def test_a_desk_wide_faq_article_lists_on_the_faq_page_and_counts_without_a_topic(
        people: dict[str, Person]) -> None:
    admin, reporter = people["admin"], people["reporter"]
    second = await write(admin, topic=None, key="jam-layanan", published=True, keywords=[],
                         title=[{"language": "en", "text": "Service hours"}],
                         body=[{"language": "en", "text": "We answer Monday to Friday, 08:00 to 16:00."}])
    first = await write(admin, topic=None, key="lampiran", published=True, position=0, keywords=["pdf"],
                        title=[{"language": "en", "text": "Which files may I attach?"}],
                        body=[{"language": "en", "text": "PDF, images and office documents."}])
    await write(admin, published=True)  # a topic's guide: not on the FAQ page
    await write(admin, topic=None, key="draft", title=[{"language": "en", "text": "Soon"}])

    assert second["position"] == 0 and first["position"] == 0
    faq = (await reporter.ok(FAQ))["faq"]
    assert [(a["key"], a["topic"]) for a in faq] == [("jam-layanan", None), ("lampiran", None)]
    assert [a["key"] for a in (await reporter.ok(FAQ, search="PDF"))["faq"]] == ["lampiran"]
    everything = (await reporter.ok(GUIDES))["guides"]
    assert [g["key"] for g in everything] == ["jam-layanan", "lampiran", "ganti-toner"]

    assert (await reporter.ok(RECORD, guide="lampiran"))["recordGuideOutcome"]["outcome"]["topic"] is None
    assert (await reporter.run(RECORD, guide="draft")).error_codes == ["UNKNOWN_GUIDE"]
    assert (await admin.ok(DEFLECTIONS))["guideDeflections"]["byGuide"] == [
        {"topic": None, "guide": "lampiran", "solved": 1}]


async def test_drafts_stay_with_the_desks_staff_and_each_change_is_audited(people: dict[str, Person]) -> None:
    admin, reporter, agent = people["admin"], people["reporter"], people["agent"]
    written = await write(admin)
    assert [g["published"] for g in (await agent.ok(GUIDES, drafts=True))["guides"]] == [False]
    assert (await reporter.run(GUIDES, drafts=True)).error_codes == ["FORBIDDEN"]
    assert (await reporter.run(RECORD, topic="printer", guide="ganti-toner")).error_codes == ["UNKNOWN_GUIDE"]

    edited = await admin.ok(EDIT, input={"id": written["id"], "keywords": ["toner"],
                                         "title": [{"language": "en", "text": "Change the toner"}]})
    assert edited["editGuide"]["guide"]["title"] == [{"language": "en", "text": "Change the toner"}]
    await admin.ok(PUBLISH, id=written["id"])
    refused = await admin.run(DELETE, id=written["id"])
    assert refused.error_codes == ["GUIDE_PUBLISHED"] and refused.errors[0]["extensions"]["field"] == "input.id"
    await admin.ok(UNPUBLISH, id=written["id"])
    assert (await reporter.ok(GUIDES, topic="printer"))["guides"] == []
    assert (await admin.ok(DELETE, id=written["id"]))["deleteGuide"]["deletedId"] == written["id"]
    assert (await admin.ok(ARTICLES))["guideArticles"] == []

    entries = [e["node"] for e in (await admin.ok(LOG, filter={"action": "guide"}))["auditLog"]["edges"]]
    assert [e["action"] for e in entries] == ["guide.delete", "guide.unpublish", "guide.publish", "guide.edit",
                                              "guide.write"]
    assert {e["target"] for e in entries} == {"guide:printer/ganti-toner"}
    assert {e["desk"] for e in entries} == {"testdesk"} and {e["actor"] for e in entries} == {"admin@test.example"}
    write_entry, edit_entry, delete_entry = entries[4], entries[3], entries[0]
    assert write_entry["before"] is None and write_entry["after"]["published"] is False
    assert write_entry["after"]["title"] == {"en": "Replace the toner", "id": "Mengganti toner"}
    assert edit_entry["before"]["title"]["en"] == "Replace the toner"
    assert edit_entry["after"]["title"] == {"en": "Change the toner"} and edit_entry["after"]["keywords"] == ["toner"]
    assert delete_entry["after"] is None and delete_entry["before"]["key"] == "ganti-toner"


async def test_bad_input_is_refused_naming_the_field_and_changes_nothing(people: dict[str, Person]) -> None:
    admin = people["admin"]
    await write(admin)
    cases = [
        ({"key": "ganti-toner"}, "GUIDE_KEY_TAKEN", "input.key"),
        ({"key": "Bad Key!"}, "GUIDE_KEY_INVALID", "input.key"),
        ({"key": "x", "topic": "no-such-topic"}, "UNKNOWN_TOPIC", "input.topic"),
        ({"key": "x", "title": [{"language": "en", "text": "  "}]}, "LABEL_REQUIRED", "input.title.text"),
        ({"key": "x", "body": []}, "LABEL_REQUIRED", "input.body"),
        ({"key": "x", "body": [{"language": "english", "text": "b"}]}, "LANGUAGE_INVALID", "input.body.language"),
        ({"key": "x", "keywords": ["k"] * 21 + [str(i) for i in range(21)]}, "GUIDE_KEYWORDS_INVALID",
         "input.keywords"),
        ({"key": "x", "position": -1}, "GUIDE_POSITION_INVALID", "input.position"),
        ({"key": "x", "title": [{"language": "en", "text": "t" * 201}]}, "TEXT_TOO_LONG", "input.title.text"),
    ]
    for changes, code, field in cases:
        refused = await admin.run(WRITE, input={**TONER, **changes})
        assert refused.error_codes == [code], changes
        assert refused.errors[0]["extensions"]["field"] == field, changes
    assert await GuideArticle.all().count() == 1
    assert (await admin.run(PUBLISH, id="999999")).error_codes == ["GUIDE_NOT_FOUND"]
    assert (await admin.run(PUBLISH, id="nope")).error_codes == ["INVALID_ID"]
    assert len((await admin.ok(LOG))["auditLog"]["edges"]) == 1


async def test_who_may_write_guides(people: dict[str, Person], client) -> None:
    other_admin = people["outsider"]
    await DeskAdmin.create(user=other_admin.user, desk=await Desk.get(slug="kemsos"))
    written = await write(people["admin"])
    assert (await client.execute(WRITE, {"input": {**TONER, "key": "anon"}})).error_codes == ["UNAUTHENTICATED"]
    for role in ("reporter", "agent", "outsider"):
        person = people[role]
        assert (await person.run(WRITE, input={**TONER, "key": role})).error_codes == ["FORBIDDEN"], role
        assert (await person.run(PUBLISH, id=written["id"])).error_codes == ["FORBIDDEN"], role
        assert (await person.run(EDIT, input={"id": written["id"], "keywords": []})).error_codes == ["FORBIDDEN"]
        assert (await person.run(DELETE, id=written["id"])).error_codes == ["FORBIDDEN"], role
        assert (await person.run(ARTICLES)).error_codes == ["FORBIDDEN"], role
    superuser = people["superuser"]
    assert (await superuser.ok(WRITE, input={**TONER, "key": "root"}))["writeGuide"]["guide"]["key"] == "root"
    assert (await superuser.ok(PUBLISH, id=written["id"]))["publishGuide"]["guide"]["published"] is True
    assert await GuideArticle.all().count() == 2
