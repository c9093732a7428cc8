"""LKPP's SPSE user support: the national "LPSE Support 2.0" desk and local LPSE desks.

Each part lives in its own module; pluggy finds the hook implementations imported here (``specname``
lets several implementations of one hook live side by side).
"""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import DemoData, DemoTicket, DemoUser
from loket.plugins.spse.bogor import (
    bogor_attachment_policy,
    bogor_demo_data,
    bogor_rating_form,
    bogor_ticket_number,
    bogor_translations,
    register_bogor_desk,
    validate_bogor_ticket,
)
from loket.plugins.spse.faq import FAQ
from loket.plugins.spse.priority import spse_ticket_priority, spse_validate_ticket
from loket.plugins.spse.tender import spse_lookup_tender, spse_tender_translations
from loket.plugins.spse.national import (
    DESK as NATIONAL_DESK,
    national_attachment_policy,
    national_rating_form,
    national_ticket_number,
    register_national_desk,
)

LOCAL_DESK = "lpse-kota-bogor"

__all__ = [
    "bogor_attachment_policy",
    "bogor_demo_data",
    "bogor_rating_form",
    "bogor_ticket_number",
    "bogor_translations",
    "demo_data",
    "national_attachment_policy",
    "national_rating_form",
    "national_ticket_number",
    "register_bogor_desk",
    "register_national_desk",
    "spse_lookup_tender",
    "spse_tender_translations",
    "spse_ticket_priority",
    "spse_validate_ticket",
    "validate_bogor_ticket",
]


@hookimpl
def demo_data() -> DemoData:
    return DemoData(
        users=(
            DemoUser("penyedia@spse.demo", "Budi Penyedia", "demo-penyedia", description="reporter: vendor"),
            DemoUser("ppk@spse.demo", "Siti PPK", "demo-ppk", description="reporter: PPK"),
            DemoUser("helpdesk.lpse@spse.demo", "Sari Helpdesk LPSE", "demo-helpdesk",
                     teams=((NATIONAL_DESK, "lpse-level-1"),), description="agent: LPSE level 1"),
            DemoUser("adminppe@spse.demo", "Andi Admin PPE", "demo-adminppe",
                     teams=((NATIONAL_DESK, "admin-ppe"),), description="agent: level 2 Admin PPE"),
            DemoUser("teknis@spse.demo", "Tono Tim Teknis", "demo-teknis",
                     teams=((NATIONAL_DESK, "tim-teknis-lkpp"),), description="agent: level 2 technical team"),
            DemoUser("admin@spse.demo", "Rina Admin LKPP", "demo-admin-lkpp", admin_of=(NATIONAL_DESK,),
                     description="desk admin: LPSE Support"),
            DemoUser("helpdesk@lpse-bogor.demo", "Dewi Helpdesk Bogor", "demo-bogor",
                     teams=((LOCAL_DESK, "helpdesk"),), description="agent: LPSE Kota Bogor"),
        ),
        tickets=(
            DemoTicket(NATIONAL_DESK, "penyedia@spse.demo", "Tidak bisa mengunggah dokumen penawaran",
                       "Saat mengunggah dokumen penawaran di SPSE muncul pesan galat dan unggahan berhenti di 90%.",
                       topic="spse-upload-penawaran", application="spse", application_version="4.4",
                       reporter_category="Rekanan/Penyedia", origin="LPSE Kota Bogor",
                       fields={"error_code": "ERR-UPLOAD-413", "spse_build": "SPSE v4.4u20230105",
                               "fiscal_year": 2026, "hps_value": "2500000000",
                               "procurement_category": "Pekerjaan Konstruksi"}),
            DemoTicket(NATIONAL_DESK, "penyedia@spse.demo", "Lupa kata sandi akun SPSE",
                       "Penyedia menelepon call center karena lupa kata sandi dan email pemulihan tidak diterima.",
                       topic="spse-lupa-password", application="spse", application_version="4.4",
                       reporter_category="Rekanan/Penyedia", origin="LPSE Kota Makassar",
                       channel="phone", opened_by="helpdesk.lpse@spse.demo", taken_by="helpdesk.lpse@spse.demo",
                       replies=(("helpdesk.lpse@spse.demo",
                                 "Tautan atur ulang kata sandi sudah kami kirim ulang ke email terdaftar."),)),
            DemoTicket(NATIONAL_DESK, "ppk@spse.demo", "Jadwal tahapan tidak bisa diubah",
                       "Tombol simpan pada perubahan jadwal tahapan tender tidak merespons sejak pagi ini.",
                       topic="spse-jadwal", application="spse", application_version="4.5",
                       reporter_category="PPK", origin="LPSE Provinsi Jawa Barat"),
            DemoTicket(NATIONAL_DESK, "ppk@spse.demo", "RUP belum tampil di pengumuman",
                       "RUP yang sudah diinput minggu lalu belum tampil di halaman pengumuman SiRUP.",
                       topic="sirup-pengumuman", application="sirup", application_version="2.3",
                       reporter_category="PPK", origin="LPSE Kementerian Keuangan"),
        ),
        guides=FAQ,
    )
