"""A desk admin words a status the desk's way at run time: the desk shows it at once, the change is audited with
its before and after, and going back to the plugin's words is one more change."""

from __future__ import annotations

import pytest

from tests.people import Person

pytestmark = pytest.mark.asyncio


@pytest.fixture
def plugins(test_desk_plugins):
    return test_desk_plugins


SET = """mutation($status: String!, $label: [LocalizedTextInput!]) {
  setStatusLabel(input: {desk: "testdesk", status: $status, label: $label}) { desk { statuses { name label } } } }"""
STATUSES = '{ desk(slug: "testdesk") { statuses { name label } } }'
LOG = """query($filter: AuditFilterInput) { auditLog(filter: $filter) {
  edges { node { actor desk action target before after } } hasNextPage } }"""


def label_of(desk: dict, status: str) -> str:
    return next(s["label"] for s in desk["statuses"] if s["name"] == status)


async def test_an_admin_words_a_status_and_the_log_keeps_before_and_after(people: dict[str, Person]) -> None:
    admin, reporter = people["admin"], people["reporter"]
    before = label_of((await reporter.ok(STATUSES))["desk"], "new")
    changed = await admin.ok(SET, status="new", label=[{"language": "en", "text": "Received"},
                                                        {"language": "id", "text": "Diterima"}])
    assert label_of(changed["setStatusLabel"]["desk"], "new") == "Received"
    assert label_of((await reporter.ok(STATUSES))["desk"], "new") == "Received"

    entry = (await admin.ok(LOG))["auditLog"]["edges"][0]["node"]
    assert entry["actor"] == "admin@test.example" and entry["desk"] == "testdesk"
    assert entry["action"] == "status_label.set" and entry["target"] == "status_label:new"
    assert entry["after"] == {"en": "Received", "id": "Diterima"}
    assert entry["before"] is None or before in str(entry["before"])

    await admin.ok(SET, status="new", label=None)
    assert label_of((await reporter.ok(STATUSES))["desk"], "new") == before
    assert len((await admin.ok(LOG))["auditLog"]["edges"]) == 2


async def test_bad_labels_and_strangers_change_nothing(people: dict[str, Person]) -> None:
    admin = people["admin"]
    refused = await admin.run(SET, status="no_such_status", label=[{"language": "en", "text": "X"}])
    assert refused.error_codes == ["UNKNOWN_STATUS"] and refused.errors[0]["extensions"]["field"] == "input.status"
    refused = await admin.run(SET, status="new", label=[{"language": "en", "text": "  "}])
    assert refused.error_codes == ["LABEL_REQUIRED"] and refused.errors[0]["extensions"]["field"] == "input.label.text"
    refused = await admin.run(SET, status="new", label=[{"language": "english!", "text": "Received"}])
    assert refused.error_codes == ["LANGUAGE_INVALID"]
    for role in ("reporter", "agent", "outsider"):
        refused = await people[role].run(SET, status="new", label=[{"language": "en", "text": "Mine"}])
        assert refused.error_codes == ["FORBIDDEN"], role
        assert (await people[role].run(LOG)).error_codes == ["FORBIDDEN"], role
    assert (await admin.ok(LOG))["auditLog"]["edges"] == []
    assert (await people["superuser"].ok(LOG))["auditLog"]["edges"] == []
