"""Bappenas "HelpUs" IT self-service desk (Pusdatinrenbang): sign-in through the ministry's SSO, a service
catalogue with troubleshooting guides, Admin HelpUs -> PIC Teknisi, a 1x24 h complaint window after each
resolution, then the desk's own rating."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import (
    DemoData,
    DemoTicket,
    DemoUser,
    DeskSpec,
    Duration,
    RatingForm,
    RatingQuestion,
    TeamSpec,
    Window,
    default_workflow,
)
from loket.plugins.helpus import catalogue, contact, sso

DESK = "helpus"
PHONE_FIELD = "telepon"
COMPLAINT_WINDOW = Duration.hours(24)

# For 1x24 hours after a resolution the user may complain (the request goes back to the PIC); when the window
# passes with no complaint, the request is completed by itself and the user is asked to rate it.
WORKFLOW = default_workflow().changed(
    "reopen", label={"id": "Ajukan keluhan", "en": "File a complaint"},
).with_windows(Window(
    "complaint_window", "reopen", COMPLAINT_WINDOW, in_categories=("resolved",), then="auto_complete",
    label={"id": "Batas pengajuan keluhan; setelahnya permohonan selesai otomatis",
           "en": "Complaints accepted until then; the request completes by itself afterwards"},
    message={"id": "Keluhan hanya dapat diajukan dalam 1x24 jam setelah permohonan diselesaikan (sampai {until}). "
                   "Silakan ajukan permohonan baru.",
             "en": "Complaints are accepted within 1x24 hours of the resolution (until {until}). Please file a new "
                   "request."}),
)

STATUS_LABELS = {
    "new": {"id": "Permohonan baru", "en": "New request"},
    "in_progress": {"id": "Tahapan proses", "en": "In process"},
    "waiting_on_reporter": {"id": "Menunggu tanggapan pengguna", "en": "Waiting for the user"},
    "resolved": {"id": "Selesai (keluhan dapat diajukan 1x24 jam)", "en": "Done (complaints open for 1x24 h)"},
    "closed": {"id": "Layanan terselesaikan", "en": "Completed"},
}

def desk_spec() -> DeskSpec:
    return DeskSpec(
        slug=DESK,
        name="HelpUs Bappenas",
        description="Layanan mandiri TI Kementerian PPN/Bappenas.",
        teams=(
            TeamSpec("admin-helpus", "Admin HelpUs", tier=1, escalates_to="pic-teknisi"),
            TeamSpec("pic-teknisi", "PIC Teknisi", tier=2),
        ),
        topic_levels=({"id": "Layanan", "en": "Service"},),
        topics=catalogue.services(),
        fields=catalogue.fields(),
        status_labels=STATUS_LABELS,
        channels=("web",),
        title_max_length=150,
        description_min_length=10,
        message_min_length=5,
        workflow=WORKFLOW,
        sso_trusted_domains={sso.PROVIDER: sso.TRUSTED_DOMAINS},
    )

@hookimpl
def register_desks() -> list[DeskSpec]:
    return [desk_spec()]

@hookimpl
def register_translations():
    return sso.TRANSLATIONS

@hookimpl(specname="attachment_policy")
def helpus_attachment_policy(desk, purpose):
    if desk.slug != DESK or purpose not in ("ticket", "message", "resolution"):
        return None
    return catalogue.attachment_policy()

@hookimpl(specname="ticket_links")
def helpus_ticket_links(desk, ticket):
    if desk.slug != DESK:
        return []
    link = contact.whatsapp_link(str(ticket.fields.get(PHONE_FIELD) or ""))
    return [link] if link else []

@hookimpl(specname="rating_form")
def helpus_rating_form(desk):
    if desk.slug != DESK:
        return None
    return RatingForm(slug="helpus-rating", title={"id": "Penilaian layanan HelpUs", "en": "Rate HelpUs"},
                      questions=(
                          RatingQuestion("stars", {"id": "Kepuasan atas layanan", "en": "Satisfaction"}, kind="stars"),
                          RatingQuestion("kecepatan", {"id": "Kecepatan penanganan", "en": "Speed of handling"},
                                         kind="scale", choices=("Lambat", "Cukup", "Cepat", "Sangat cepat")),
                          RatingQuestion("saran", {"id": "Saran untuk Pusdatinrenbang", "en": "Suggestions"},
                                         kind="text", required=False),
                      ))

@hookimpl(specname="password_login_allowed")
def helpus_password_login_allowed(is_superuser, is_desk_admin, providers):
    """Employees whose account the SSO created sign in through the SSO; local administrators, and accounts that
    existed before they were linked (core does not name those providers), keep their password."""
    if sso.PROVIDER in providers and not (is_superuser or is_desk_admin):
        return False
    return None

@hookimpl(specname="authenticate_external")
def helpus_authenticate_external(provider, credential, settings):
    return sso.authenticate(provider, credential)

@hookimpl
def demo_data() -> DemoData:
    phone = {PHONE_FIELD: "081234567890"}
    return DemoData(
        users=(
            DemoUser("pegawai@helpus.demo", "Putri Pegawai", "demo-pegawai", description="reporter: employee"),
            DemoUser("admin.helpus@helpus.demo", "Hadi Admin HelpUs", "demo-adminhelpus",
                     teams=((DESK, "admin-helpus"),), description="agent: Admin HelpUs"),
            DemoUser("pic@helpus.demo", "Joko PIC Teknisi", "demo-pic",
                     teams=((DESK, "pic-teknisi"),), description="agent: PIC technician"),
            DemoUser("admin@helpus.demo", "Maya Admin Desk HelpUs", "demo-admin-helpus", admin_of=(DESK,),
                     description="desk admin: HelpUs"),
        ),
        tickets=(
            DemoTicket(DESK, "pegawai@helpus.demo", "Printer ruang rapat tidak mencetak",
                       "Printer di ruang rapat lantai 3 menampilkan lampu oranye dan tidak mau mencetak.",
                       topic="printer", fields=phone),
            DemoTicket(DESK, "pegawai@helpus.demo", "Wi-Fi lantai 5 sering terputus",
                       "Sambungan Wi-Fi BAPPENAS di lantai 5 terputus setiap beberapa menit sejak pagi.",
                       topic="jaringan", fields=phone, taken_by="admin.helpus@helpus.demo",
                       replies=(("admin.helpus@helpus.demo",
                                 "Sudah kami hubungi lewat WhatsApp; mohon lupakan jaringan lalu sambungkan ulang."),)),
            DemoTicket(DESK, "pegawai@helpus.demo", "Kotak surat email penuh",
                       "Email dinas tidak bisa menerima surat karena kuota kotak surat penuh.",
                       topic="email", fields=phone),
        ),
    )
