"""A ministry's desks written as an outside package against the documented surface alone
(tests/plugins/loket_outside_desk.py): a status of its own, a guard before escalation, a shared tier-1 team
and guest intake, taken over GraphQL."""

from __future__ import annotations

import pytest

import re

from loket.core.models import OutboxMessage, TicketEvent
from tests.people import Person, sign_up
from tests.ticket_ops import action_names

CREATE = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number } } }"""
TAKE = "mutation($n: String!) { takeTicket(input: {number: $n}) { ticket { status { name } } } }"
ESCALATE = """mutation($input: HandoverInput!) { escalateTicket(input: $input) { ticket { status { name }
  position { team { slug } } } } }"""
ACT = """mutation($input: PerformActionInput!) { performAction(input: $input) { ticket {
  status { name } statusCategory statusLabel } } }"""
DETAIL = """query($n: String!) { ticket(number: $n) { status { name } statusCategory statusLabel version
  availableActions { name inputs { name choices { value } } } } }"""
FILTERED = """query($f: TicketFilter!) { tickets(filter: $f) { edges { node { number } } } }"""
QUEUE = """query($q: TicketQueue!) { tickets(queue: $q) { edges { node { number status { name } } } } }"""


@pytest.fixture
def plugins():
    from tests.plugins import loket_outside_desk

    return [loket_outside_desk]


@pytest.fixture
async def ministry(client, settings, app) -> dict[str, Person]:
    roles = {"employee": (), "centre": (("ministry-it", "service-centre"),), "it2": (("ministry-it", "it-tier2"),)}
    return {role: await sign_up(client, settings, f"{role}@ministry.example", role.title(), teams=teams,
                                language="id") for role, teams in roles.items()}


async def _ticket(person: Person, topic: str) -> str:
    created = await person.ok(CREATE, input={"desk": "ministry-it", "topic": topic, "title": "Minta bantuan",
                                             "description": "Uraian lengkap masalah yang saya alami hari ini."})
    return created["createTicket"]["ticket"]["number"]


async def test_the_guard_refuses_an_escalation_a_knowledge_base_article_covers(ministry):
    number = await _ticket(ministry["employee"], "email-password")
    await ministry["centre"].ok(TAKE, n=number)
    before = (await ministry["centre"].ok(DETAIL, n=number))["ticket"]["version"]
    refused = await ministry["centre"].run(ESCALATE, input={"number": number, "message": "Tolong ditangani tim TI."})
    assert refused.error_codes == ["KB_ARTICLE_APPLIES"]
    assert refused.errors[0]["extensions"]["field"] == "input.message"
    assert refused.errors[0]["message"].startswith("Artikel basis pengetahuan berlaku"), "the desk's own words"
    ticket = (await ministry["centre"].ok(DETAIL, n=number))["ticket"]
    assert (ticket["status"]["name"], ticket["version"]) == ("in_progress", before), "nothing changed"
    assert await TicketEvent.filter(ticket__number=number, kind="escalated").count() == 0

    english = await ministry["centre"].client.execute(ESCALATE, {"input": {
        "number": number, "message": "Please take it over."}}, language="en")
    assert english.errors[0]["message"].startswith("A knowledge-base article applies")
    escalated = await ministry["centre"].ok(ESCALATE, input={
        "number": number, "message": "KB-12 sudah diterapkan, masih gagal."})
    assert escalated["escalateTicket"]["ticket"] == {"status": {"name": "new"}, "position": {"team": {"slug": "it-tier2"}}}

    other = await _ticket(ministry["employee"], "laptop")
    await ministry["centre"].ok(TAKE, n=other)
    await ministry["centre"].ok(ESCALATE, input={"number": other, "message": "Perlu penggantian laptop."})


async def test_a_status_of_its_own_for_a_leadership_decision(ministry):
    number = await _ticket(ministry["employee"], "laptop")
    await ministry["centre"].ok(TAKE, n=number)
    await ministry["centre"].ok(ESCALATE, input={"number": number, "message": "Perlu penggantian laptop."})
    await ministry["it2"].ok(TAKE, n=number)
    assert "await_decision" not in action_names((await ministry["centre"].ok(DETAIL, n=number))["ticket"][
        "availableActions"]), "tier 2 and up only"
    pending = await ministry["it2"].ok(ACT, input={"number": number, "action": "await_decision",
                                                   "message": "Pengadaan laptop baru perlu persetujuan pimpinan."})
    assert pending["performAction"]["ticket"] == {"status": {"name": "pending"}, "statusCategory": "WAITING_ON_THIRD_PARTY",
                                                  "statusLabel": "Menunggu keputusan pimpinan"}
    handled = (await ministry["it2"].ok(QUEUE, q="HANDLED"))["tickets"]["edges"]
    assert {"number": number, "status": {"name": "pending"}} in [edge["node"] for edge in handled]
    assert number in [e["node"]["number"] for e in (await ministry["centre"].ok(QUEUE, q="HANDLED"))["tickets"]["edges"]]

    by_category = await ministry["it2"].ok(FILTERED, f={"categories": ["WAITING_ON_THIRD_PARTY"]})
    by_status = await ministry["it2"].ok(FILTERED, f={"desk": "ministry-it", "statuses": ["pending"]})
    assert [e["node"]["number"] for e in by_category["tickets"]["edges"]] == [number]
    assert by_status == by_category
    unknown = await ministry["it2"].run(FILTERED, f={"desk": "ministry-hr", "statuses": ["pending"]})
    assert unknown.error_codes == ["NOT_A_CHOICE"], "the HR desk runs the default workflow: no 'pending'"
    seen = (await ministry["it2"].ok(DETAIL, n=number))["ticket"]
    decide = next(a for a in seen["availableActions"] if a["name"] == "record_decision")
    assert {c["value"] for c in decide["inputs"][0]["choices"]} == {"approved", "rejected"}
    assert {"reply", "note", "force_close"} - set(action_names(
        (await ministry["employee"].ok(DETAIL, n=number))["ticket"]["availableActions"])) == {"note"}
    decided = await ministry["it2"].ok(ACT, input={"number": number, "action": "record_decision",
                                                   "reason": "approved"})
    assert decided["performAction"]["ticket"]["status"]["name"] == "in_progress"
    last = await TicketEvent.filter(ticket__number=number).order_by("-seq").first()
    assert (last.kind, last.payload) == ("status_changed", {"reason": "approved", "action": "record_decision"})


FILE = """mutation($input: CreateGuestTicketInput!) { createGuestTicket(input: $input) { number } }"""
FOLLOW = """mutation($t: String!) { followGuestLink(input: {token: $t}) { token } }"""
REPLY = """mutation($input: ReplyInput!) { reply(input: $input) { ticket { status { name } } } }"""
ASK = """mutation($input: FeedbackRequestInput!) { requestFeedback(input: $input) { ticket { status { name } } } }"""
SEEN = """query($n: String!) { ticket(number: $n) { status { name } reporter { displayName guest }
  messages { nodes { body author { displayName } } } } }"""


async def test_a_guest_files_and_follows_a_ticket(client, ministry):
    filed = await client.execute(FILE, {"input": {
        "desk": "ministry-it", "name": "Budi Tamu", "email": "budi@warga.example", "topic": "laptop",
        "title": "Laptop pinjaman rusak", "description": "Laptop pinjaman dari kementerian tidak mau menyala."}})
    number = filed.ok()["createGuestTicket"]["number"]
    mail = await OutboxMessage.get(recipient="budi@warga.example")
    token = re.search(r"[?&]token=([^\s&]+)", mail.body_text).group(1)
    guest = client.as_user((await client.execute(FOLLOW, {"t": token})).ok()["followGuestLink"]["token"])

    await ministry["centre"].ok(TAKE, n=number)
    await ministry["centre"].ok(ASK, input={"number": number, "message": "Apa merek dan tipe laptopnya?"})
    answered = await guest.execute(REPLY, {"input": {"number": number, "message": "Lenovo ThinkPad E14."}})
    assert answered.ok()["reply"]["ticket"]["status"]["name"] == "in_progress", "the guest answers the question"
    seen = (await ministry["centre"].ok(SEEN, n=number))["ticket"]
    assert seen["reporter"] == {"displayName": "Budi Tamu", "guest": True}
    assert [m["author"]["displayName"] for m in seen["messages"]["nodes"]] == ["Centre", "Budi Tamu"]


async def test_the_shared_service_centre_serves_both_desks(ministry):
    it_ticket = await _ticket(ministry["employee"], "laptop")
    created = await ministry["employee"].ok(CREATE, input={
        "desk": "ministry-hr", "title": "Data cuti salah", "description": "Sisa cuti tahunan saya tercatat salah."})
    hr_ticket = created["createTicket"]["ticket"]["number"]
    incoming = [e["node"]["number"] for e in (await ministry["centre"].ok(QUEUE, q="INCOMING"))["tickets"]["edges"]]
    assert set(incoming) == {it_ticket, hr_ticket}, "one membership, the queues of both desks"
    for number in (it_ticket, hr_ticket):
        assert (await ministry["centre"].ok(TAKE, n=number))["takeTicket"]["ticket"]["status"]["name"] == "in_progress"
    seen = [e["node"]["number"] for e in (await ministry["it2"].ok(QUEUE, q="ALL"))["tickets"]["edges"]]
    assert it_ticket in seen and hr_ticket not in seen, "the IT desk's tier 2 oversees the centre at its desk only"
