"""The LPSE Support FAQ page, as ``loket demo`` fills it: articles drawn from LKPP's guide and service standard,
written through the admins' service (audited as the demo's doing), searchable, counted, editable by the desk's
admin like any article, and written once however often the demo runs."""

from __future__ import annotations

import pytest

from loket.core.demo import load_demo
from loket.core.models import Desk, DeskAdmin, User
from tests.people import sign_up

pytestmark = pytest.mark.asyncio

FAQ = """query($s: String) { faq(desk: "lpse-support", search: $s) { id key topic title body } }"""
RECORD = """mutation($g: String!) {
  recordGuideOutcome(input: {desk: "lpse-support", guide: $g, solved: true}) { outcome { guide } } }"""
UNPUBLISH = """mutation($id: ID!) { unpublishGuide(input: {id: $id}) { guide { published } } }"""
LOG = """{ auditLog(filter: {action: "guide"}) { edges { node { actor desk action target } } } }"""


async def test_the_demo_fills_the_faq_page_once_and_admins_own_it(client, settings, app):
    first = await load_demo(app.state.runtime)
    assert first.guides_created == 6
    assert (await load_demo(app.state.runtime)).guides_created == 0

    vendor = await sign_up(client, settings, "vendor@lpse.example", "Vendor", language="id")
    faq = (await vendor.ok(FAQ))["faq"]
    assert len(faq) == 6 and {a["topic"] for a in faq} == {None}
    assert faq[0]["title"] == "Bagaimana cara membuat tiket?"
    found = (await vendor.ok(FAQ, s="500 MB"))["faq"]
    assert [a["key"] for a in found] == ["file-pendukung"] and ".rhs" in found[0]["body"]
    assert [a["key"] for a in (await vendor.ok(FAQ, s="3x24"))["faq"]] == ["waktu-layanan"]
    await vendor.ok(RECORD, g="file-pendukung")

    admin = await sign_up(client, settings, "admin@lpse.example", "Admin")
    await DeskAdmin.create(user=admin.user, desk=await Desk.get(slug="lpse-support"))
    entries = [e["node"] for e in (await admin.ok(LOG))["auditLog"]["edges"]]
    assert len(entries) == 6
    assert {(e["actor"], e["desk"], e["action"]) for e in entries} == {
        ("console (loket demo)", "lpse-support", "guide.write")}
    await admin.ok(UNPUBLISH, id=faq[0]["id"])
    assert len((await vendor.ok(FAQ))["faq"]) == 5
    assert await User.filter(email="admin@spse.demo").exists()  # the desk's demo admin, who can do the same
