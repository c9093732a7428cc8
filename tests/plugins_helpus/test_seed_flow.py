"""The HelpUs business process (seeds/helpus-bappenas.txt), its 21 steps replayed over GraphQL, with the
self-service guides, the WhatsApp contact link, a complaint round and an automatic completion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from loket.core.timekeeping.timers import run_due_timers
from tests.ticket_ops import action_names

CREATE = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number status { name } statusLabel
  fields position { team { slug } } } } }"""
DETAIL = """query($n: String!) { ticket(number: $n) { number status { name } statusLabel fields links { label url }
  position { tier team { slug } } assignee { displayName } availableActions { name } timeline { nodes { kind actor { displayName } } }
  attachments { name purpose } messages { nodes { body purpose } } ratingForm { slug } rating { stars answers } } }"""
TAKE = ("mutation($n: String!) { takeTicket(input: {number: $n}) { ticket { status { name } statusLabel assignee "
        "{ displayName } } } }")
ESCALATE = """mutation($n: String!, $m: String!) { escalateTicket(input: {number: $n, message: $m}) {
  ticket { status { name } position { tier team { slug } } } } }"""
RETURN = """mutation($n: String!, $m: String!) { returnTicket(input: {number: $n, message: $m}) {
  ticket { status { name } position { team { slug } } } } }"""
REPLY = "mutation($n: String!, $m: String!) { reply(input: {number: $n, message: $m}) { ticket { status { name } } } }"
RESOLVE = """mutation($n: String!, $m: String!, $files: [ID!]) { resolveTicket(input: {number: $n, solution: $m,
  attachmentIds: $files}) { ticket { status { name } statusLabel } } }"""
CONFIRM = """mutation($n: String!, $ok: Boolean!, $r: String) {
  confirmResolution(input: {number: $n, solved: $ok, reason: $r}) {
  ticket { status { name } statusLabel assignee { displayName } } } }"""
RATE = """mutation($n: String!, $a: JSON!) {
  rateTicket(input: {number: $n, answers: $a}) { rating { form stars answers } } }"""
GUIDES = """query($t: String, $s: String) { guides(desk: "helpus", topic: $t, search: $s) { key topic title steps } }"""
OUTCOME = """mutation($t: String!, $g: String!, $ok: Boolean!) {
  recordGuideOutcome(input: {desk: "helpus", topic: $t, guide: $g,
  solved: $ok}) { outcome { topic guide solved } } }"""
SERVICES = """{ desks { slug topics { slug name } fieldsForTopic(topic: "printer") { key kind required label }
  statuses { name label } } }"""

REQUEST = {"desk": "helpus", "topic": "printer", "title": "Printer ruang rapat tidak mencetak",
           "description": "Printer di ruang rapat lantai 3 menyala oranye dan dokumen tidak keluar.",
           "fields": {"telepon": "0812-3456-7890"}}


async def test_the_21_steps(helpus, app):
    now = [datetime(2026, 3, 26, 2, 0, tzinfo=UTC)]
    app.state.runtime.clock = lambda: now[0]
    pegawai, admin, pic = helpus["pegawai"], helpus["admin"], helpus["pic"]

    # 1-2. The employee opens HelpUs signed in (SSO sign-in: test_sso.py).
    # 3. The employee picks a service from the catalogue.
    desks = (await pegawai.ok(SERVICES))["desks"]
    desk = next(d for d in desks if d["slug"] == "helpus")
    services = [t["slug"] for t in desk["topics"]]
    assert {"email", "jaringan", "printer", "perangkat", "aplikasi", "akun", "vicon"} <= set(services)
    # 4. The form: the problem (the description), a phone number to reach them, attachments.
    assert desk["fieldsForTopic"] == [{"key": "telepon", "kind": "PHONE", "required": True,
                                       "label": "Nomor telepon/WhatsApp yang dapat dihubungi"}]
    missing = await pegawai.run(CREATE, input={**REQUEST, "fields": {}})
    assert missing.error_codes == ["FIELD_REQUIRED"]
    # 5. Self-service: the troubleshooting popup of the service, searchable; a guide that solves the problem
    # is counted and no request is filed.
    popup = (await pegawai.ok(GUIDES, t="printer"))["guides"]
    assert [g["key"] for g in popup] == ["printer-tidak-mencetak"] and popup[0]["title"] == "Printer tidak mencetak"
    assert len(popup[0]["steps"]) == 3
    assert [g["key"] for g in (await pegawai.ok(GUIDES, s="wifi sinyal"))["guides"]] == ["wifi-tidak-tersambung"]
    await pegawai.ok(OUTCOME, t="jaringan", g="wifi-tidak-tersambung", ok=True)
    await pegawai.ok(OUTCOME, t="printer", g="printer-tidak-mencetak", ok=False)
    unknown = await pegawai.run(OUTCOME, t="printer", g="tidak-ada", ok=True)
    assert unknown.error_codes == ["UNKNOWN_GUIDE"]
    file_id = await pegawai.stage("helpus", "ticket", "foto-printer.txt", b"lampu oranye berkedip")
    created = (await pegawai.ok(CREATE, input={**REQUEST, "attachmentIds": [file_id]}))["createTicket"]["ticket"]
    number = created["number"]
    assert created["statusLabel"] == "Permohonan baru" and created["fields"] == {"telepon": "081234567890"}
    deflections = await admin.ok('{ guideDeflections(desk: "helpus") { solved notSolved } }')
    assert deflections["guideDeflections"] == {"solved": 1, "notSolved": 1}
    assert (await pegawai.run('{ guideDeflections(desk: "helpus") { solved } }')).error_codes == ["FORBIDDEN"]

    # 6. Admin HelpUs receives the request as the employee's form.
    incoming = await admin.ok("{ tickets(queue: INCOMING) { edges { node { number } } } }")
    assert [e["node"]["number"] for e in incoming["tickets"]["edges"]] == [number]
    # 7. The admin guides the employee on WhatsApp, from the ticket's data.
    seen = (await admin.ok(DETAIL, n=number))["ticket"]
    assert seen["links"] == [{"label": "Hubungi pengguna via WhatsApp", "url": "https://wa.me/6281234567890"}]
    assert (await pegawai.ok(DETAIL, n=number))["ticket"]["links"] == [], "the link is for staff"
    await admin.ok(TAKE, n=number)
    # 8. A request the admin's guidance settles is marked done by the admin (another request, below).
    # 9. The admin forwards it to PIC Teknisi.
    forwarded = (await admin.ok(ESCALATE, n=number, m="Perlu dicek teknisi di lokasi."))["escalateTicket"]["ticket"]
    assert forwarded["position"] == {"tier": 2, "team": {"slug": "pic-teknisi"}}
    # 10. The PIC approves the verified request.
    approved = (await pic.ok(TAKE, n=number))["takeTicket"]["ticket"]
    assert approved == {"status": {"name": "in_progress"}, "statusLabel": "Tahapan proses", "assignee": {"displayName": "PIC"}}
    # 11. (A request that does not fit goes back to the admin: below.)
    # 12-14. The PIC processes and resolves it with a description and evidence files.
    evidence = await pic.stage("helpus", "resolution", "bukti-perbaikan.txt", b"toner diganti, uji cetak berhasil")
    resolved = (await pic.ok(RESOLVE, n=number, m="Toner diganti dan printer sudah diuji cetak.",
                             files=[evidence]))["resolveTicket"]["ticket"]
    assert resolved == {"status": {"name": "resolved"}, "statusLabel": "Selesai (keluhan dapat diajukan 1x24 jam)"}
    # 15-16. Within 1x24 h the employee complains; it goes back to the PIC, who confirms with the employee.
    now[0] += timedelta(hours=20)
    complaint = (await pegawai.ok(CONFIRM, n=number, ok=False, r="Hasil cetak masih bergaris."))
    assert complaint["confirmResolution"]["ticket"]["assignee"] == {"displayName": "PIC"}
    assert complaint["confirmResolution"]["ticket"]["status"]["name"] == "in_progress"
    await pic.ok(REPLY, n=number, m="Keluhan diterima, saya cek ke ruang rapat.")
    # 17-19. The PIC processes the complaint and resolves again, with description and evidence.
    evidence2 = await pic.stage("helpus", "resolution", "bukti-drum.txt", b"drum dibersihkan")
    await pic.ok(RESOLVE, n=number, m="Drum printer dibersihkan, hasil cetak bersih.", files=[evidence2])
    # 20. The window passes with no complaint: the request completes by itself; the employee is asked to rate.
    now[0] += timedelta(hours=23)
    await run_due_timers(app.state.runtime, "test")
    assert (await pegawai.ok(DETAIL, n=number))["ticket"]["status"]["name"] == "resolved", "not before 1x24 h"
    now[0] += timedelta(hours=1, seconds=1)
    await run_due_timers(app.state.runtime, "test")
    done = (await pegawai.ok(DETAIL, n=number))["ticket"]
    assert (done["status"]["name"], done["statusLabel"]) == ("closed", "Layanan terselesaikan")
    assert done["timeline"]["nodes"][-1] == {"kind": "AUTO_COMPLETED", "actor": None}
    assert "rate" in action_names(done["availableActions"]) and done["ratingForm"]["slug"] == "helpus-rating"
    assert {a["name"] for a in done["attachments"]} == {"foto-printer.txt", "bukti-perbaikan.txt", "bukti-drum.txt"}
    # 21. The employee rates with the desk's own form; the service is complete.
    rated = (await pegawai.ok(RATE, n=number, a={"stars": 5, "kecepatan": "Cepat", "saran": "Terima kasih"}))
    assert rated["rateTicket"]["rating"]["form"] == "helpus-rating"
    assert "rate" not in action_names((await pegawai.ok(DETAIL, n=number))["ticket"]["availableActions"])


async def test_admin_settles_a_request_itself_and_pic_returns_one_that_does_not_fit(helpus):
    """Step 8: the admin marks a request done after guiding the user; step 11: the PIC returns a request."""
    pegawai, admin, pic = helpus["pegawai"], helpus["admin"], helpus["pic"]
    first = (await pegawai.ok(CREATE, input={**REQUEST, "topic": "akun", "title": "Lupa kata sandi SSO",
                                             "fields": {"telepon": "+62 811-222-333"}}))["createTicket"]["ticket"]
    links = (await admin.ok(DETAIL, n=first["number"]))["ticket"]["links"]
    assert links[0]["url"] == "https://wa.me/62811222333"
    await admin.ok(TAKE, n=first["number"])
    done = await admin.ok(RESOLVE, n=first["number"], m="Dipandu lewat WhatsApp untuk reset kata sandi.")
    assert done["resolveTicket"]["ticket"]["status"]["name"] == "resolved"

    second = (await pegawai.ok(CREATE, input=REQUEST))["createTicket"]["ticket"]["number"]
    await admin.ok(TAKE, n=second)
    await admin.ok(ESCALATE, n=second, m="Mohon ditangani teknisi.")
    # The PIC returns it instead of approving (taking) it.
    back = (await pic.ok(RETURN, n=second, m="Bukan layanan teknisi: printer milik vendor sewa."))
    assert back["returnTicket"]["ticket"] == {"status": {"name": "new"}, "position": {"team": {"slug": "admin-helpus"}}}


async def test_english_labels(helpus):
    helpus["pegawai"].client.language = "en"
    desk = next(d for d in (await helpus["pegawai"].ok(SERVICES))["desks"] if d["slug"] == "helpus")
    assert {s["name"]: s["label"] for s in desk["statuses"]}["closed"] == "Completed"
    assert desk["fieldsForTopic"][0]["label"] == "Phone/WhatsApp number to reach you"
