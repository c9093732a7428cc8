"""Issue 7, done when: a person registers, reads the confirmation mail from the SMTP server, confirms, opens
a ticket under each help topic, and receives the reply email with its link after an agent claims, replies
and transfers it."""

from __future__ import annotations

import re

from loket.core.models import Team
from tests.notify.conftest import clock, mailbox, send, settings, smtp_settings  # noqa: F401 - fixtures
from tests.people import sign_up
from tests.smtp_server import html_of, link_in, text_of, token_in

LEAVES = ["siks-ng", "bantuan-umum", "dtks", "email-upgrade-kuota", "email-perubahan", "email-penghapusan", "jaringan"]
REGISTER = """mutation($e: String!, $p: String!, $n: String!) {
  register(input: {email: $e, password: $p, displayName: $n}) {
  email } }"""
CREATE = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number
  position { team { slug } } } } }"""
TICKET = """query($n: String!) { ticket(number: $n) { number statusLabel position { team { slug } }
  messages { nodes { body author { displayName } } } } }"""
TAKE = "mutation($n: String!) { takeTicket(input: {number: $n}) { ticket { statusLabel } } }"
REPLY = "mutation($n: String!, $m: String!) { reply(input: {number: $n, message: $m}) { ticket { number } } }"
TRANSFER = """mutation($n: String!, $to: String!) { transferTicket(input: {number: $n, toTeam: $to,
  message: "Dialihkan ke bagian yang berwenang."}) { ticket { statusLabel position { team { slug } } } } }"""


async def test_register_confirm_open_under_every_topic_and_get_each_reply_by_mail(client, settings, mailbox,  # noqa: F811
                                                                                   send, clock):
    agents = {}
    for team in await Team.filter(desk__slug="kemsos"):
        agents[team.slug] = await sign_up(client, settings, f"petugas-{team.slug}@kemsos.example",
                                          f"Petugas {team.name}", teams=(("kemsos", team.slug),), language="id")

    (await client.execute(REGISTER, {"e": "warga@contoh.id", "p": "kata-sandi-warga", "n": "Siti Warga"},
                          language="id")).ok()
    assert await send() == 1
    [confirmation] = mailbox.to("warga@contoh.id")
    assert confirmation["Subject"] == "Konfirmasi alamat email Anda"
    (await client.execute("mutation($t: String!) { confirmEmail(input: {token: $t}) { email } }",
                          {"t": token_in(confirmation)})).ok()
    reporter = client.as_user(await client.login("warga@contoh.id", "kata-sandi-warga"))
    reporter.language = "id"

    numbers = {}
    for topic in LEAVES:
        created = (await reporter.execute(CREATE, {"input": {
            "desk": "kemsos", "topic": topic, "title": f"Kendala {topic}",
            "description": "Mohon bantuan, uraian masalah lengkap ada di sini."}})).ok()["createTicket"]["ticket"]
        numbers[topic] = created["number"]
        department = created["position"]["team"]["slug"]
        agent = agents[department]
        await agent.ok(TAKE, n=created["number"])
        await agent.ok(REPLY, n=created["number"], m=f"Laporan {topic} sedang kami tangani.")
        target = "layanan" if department != "layanan" else "dtks"
        moved = (await agent.ok(TRANSFER, n=created["number"], to=target))["transferTicket"]["ticket"]
        assert moved == {"statusLabel": "Terbuka", "position": {"team": {"slug": target}}}

    assert await send() == len(LEAVES), "one mail per public reply; the transfer note is internal"
    replies = mailbox.to("warga@contoh.id")[1:]
    assert len(replies) == len(LEAVES)
    for topic, mail in zip(LEAVES, replies):
        number = numbers[topic]
        assert mail["Subject"] == f"[Ticket#{number}] Balasan petugas: Kendala {topic}"
        assert f"telah membalas tiket Anda Ticket#{number}:\n\nLaporan {topic} sedang kami tangani." in text_of(mail)
        assert f"Ticket#{number}</b>" in html_of(mail)
        link = link_in(mail)
        assert link == f"https://helpdesk.example/app/tickets/{number}"
        followed = (await reporter.execute(TICKET, {"n": re.search(r"/tickets/(\w+)$", link).group(1)})).ok()
        assert followed["ticket"]["statusLabel"] == "Terbuka"
        assert followed["ticket"]["messages"]["nodes"][0]["body"] == f"Laporan {topic} sedang kami tangani."

    # The department it went to takes it and resolves it: that mail names the ticket the desk's way too.
    number = numbers["dtks"]
    await agents["layanan"].ok(TAKE, n=number)
    await agents["layanan"].ok("""mutation($n: String!) { resolveTicket(input: {number: $n,
        solution: "Data Anda sudah diperbarui."}) { ticket { statusLabel } } }""", n=number)
    assert await send() == 1
    resolved = mailbox.to("warga@contoh.id")[-1]
    assert resolved["Subject"] == f"[Ticket#{number}] Tiket terselesaikan: Kendala dtks"
    assert "Data Anda sudah diperbarui." in text_of(resolved) and link_in(resolved).endswith(f"/tickets/{number}")
