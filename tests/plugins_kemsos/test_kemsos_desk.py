"""The Kemsos helpdesk (seeds/kemsos-helpdesk.txt): help topics, Ticket#NNNNNNN numbers, the 2x24 hour
handling limit, agents who claim, reply and transfer between departments, Open/Resolved/Closed."""

from __future__ import annotations

import asyncio
import re

import pytest

from loket.core.models import Team, Ticket
from tests.people import Person, sign_up

CREATE = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket {
  number statusLabel topicPath position { team { slug } } sla { kind targetSeconds } } } }"""
TICKET = """query($n: String!) { ticket(number: $n) { statusLabel assignee { displayName } position { team { slug } }
  messages { nodes { body author { displayName } } } } }"""
LEAVES = ["siks-ng", "bantuan-umum", "dtks", "email-upgrade-kuota", "email-perubahan", "email-penghapusan", "jaringan"]


@pytest.fixture
async def kemsos(client, settings, app) -> dict[str, Person]:
    roles = (("operator", None), ("agen", "layanan"), ("siksng", "siks-ng"), ("email", "email"))
    return {role: await sign_up(client, settings, f"{role}@kemsos.example", role.title(),
                                teams=(("kemsos", team),) if team else (), language="id")
            for role, team in roles}


def report(topic: str, **extra) -> dict:
    return {"desk": "kemsos", "topic": topic, "title": "Permintaan bantuan",
            "description": "Mohon bantuan, uraian masalah lengkap ada di sini.", **extra}


async def test_a_ticket_under_every_help_topic(kemsos):
    for topic in LEAVES:
        ticket = (await kemsos["operator"].ok(CREATE, input=report(topic)))["createTicket"]["ticket"]
        assert re.fullmatch(r"[1-9]\d{6}", ticket["number"]), "shown as Ticket#8881358"
        assert ticket["statusLabel"] == "Terbuka"
        assert ticket["sla"] == [{"kind": "resolution", "targetSeconds": 48 * 3600}], "handling limit 2x24 hours"
    routed = {t.topic_id: t.team_id for t in await Ticket.all()}
    teams = dict(await Team.filter(desk__slug="kemsos").values_list("id", "slug"))
    assert sorted({teams[team] for team in routed.values()}) == ["dtks", "email", "jaringan", "layanan", "siks-ng"]


async def test_a_topic_with_details_needs_one_chosen(kemsos):
    response = await kemsos["operator"].run(CREATE, input=report("email-kemsos"))
    assert response.error_codes == ["TOPIC_NEEDS_SUBTOPIC"]
    assert response.errors[0]["message"] == "Pilih sub kategori dari 'email-kemsos'"


async def test_numbers_are_unique_and_unguessable(kemsos):
    tickets = await asyncio.gather(*(kemsos["operator"].ok(CREATE, input=report("bantuan-umum")) for _ in range(12)))
    numbers = sorted(int(t["createTicket"]["ticket"]["number"]) for t in tickets)
    assert len(set(numbers)) == 12
    assert numbers != list(range(numbers[0], numbers[0] + 12)), "not a sequence one could guess"


async def test_agents_claim_reply_transfer_then_resolved_and_closed(kemsos):
    number = (await kemsos["operator"].ok(CREATE, input=report("siks-ng")))["createTicket"]["ticket"]["number"]
    await kemsos["siksng"].ok("mutation($n: String!) { takeTicket(input: {number: $n}) { ticket { number } } }",
                              n=number)
    await kemsos["siksng"].ok("""mutation($n: String!) { reply(input: {number: $n,
        message: "Akun Anda sedang kami periksa."}) { ticket { number } } }""", n=number)
    moved = await kemsos["siksng"].ok("""mutation($n: String!) { transferTicket(input: {number: $n, toTeam: "email",
        message: "Masalahnya ada di akun email dinas."}) { ticket { position { team { slug } } statusLabel } } }""",
                                      n=number)
    assert moved["transferTicket"]["ticket"] == {"position": {"team": {"slug": "email"}}, "statusLabel": "Terbuka"}
    await kemsos["email"].ok("mutation($n: String!) { takeTicket(input: {number: $n}) { ticket { number } } }",
                             n=number)
    resolved = await kemsos["email"].ok("""mutation($n: String!) { resolveTicket(input: {number: $n,
        solution: "Kata sandi email sudah direset."}) { ticket { statusLabel } } }""", n=number)
    assert resolved["resolveTicket"]["ticket"]["statusLabel"] == "Terselesaikan"
    closed = await kemsos["operator"].ok("""mutation($n: String!) {
  confirmResolution(input: {number: $n, solved: true}) {
        ticket { statusLabel } } }""", n=number)
    assert closed["confirmResolution"]["ticket"]["statusLabel"] == "Ditutup"
    seen = (await kemsos["operator"].ok(TICKET, n=number))["ticket"]
    assert [m["body"] for m in seen["messages"]["nodes"]][:1] == ["Akun Anda sedang kami periksa."]


async def test_the_desk_shows_its_topics_in_both_languages(kemsos):
    query = '{ desk(slug: "kemsos") { topicLevels topics { name description children { name } } } }'
    indonesian = (await kemsos["operator"].ok(query))["desk"]
    assert [t["name"] for t in indonesian["topics"]] == [
        "Aplikasi SIKS-NG", "Bantuan Umum", "Data Terpadu Kesejahteraan Sosial", "Email Kemsos", "Internet / Jaringan"]
    english = (await kemsos["operator"].client.execute(query, language="en")).ok()["desk"]
    assert english["topics"][3]["children"][0]["name"] == "Quota upgrade"
