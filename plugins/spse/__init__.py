"""LKPP "LPSE Support 2.0" and local LPSE desks (SPSE user support)."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import DemoData, DemoTicket, DemoUser, DeskSpec, TeamSpec

NATIONAL_DESK = "lpse-support"
LOCAL_DESK = "lpse-kota-bogor"


@hookimpl
def register_desks() -> list[DeskSpec]:
    return [
        DeskSpec(
            slug=NATIONAL_DESK,
            name="LPSE Support 2.0 (LKPP)",
            description="Dukungan teknis SPSE, SIKaP, e-Purchasing, SiRUP, Portal eProc, Inaproc dan aplikasi LKPP lain.",
            teams=(
                TeamSpec("lpse-level-1", "LPSE Level 1 (Helpdesk, Verifikator, Admin Agency LPSE)", tier=1),
                TeamSpec("admin-ppe", "Admin PPE LKPP", tier=2),
                TeamSpec("helpdesk-lkpp-nonteknis", "Helpdesk LKPP Non-Teknis", tier=2),
                TeamSpec("helpdesk-lkpp-teknis", "Helpdesk LKPP Teknis", tier=2),
                TeamSpec("tim-teknis-lkpp", "Tim Teknis LKPP", tier=2),
                TeamSpec("teknis-direktorat", "Tim Teknis Direktorat Lain", tier=3),
            ),
        ),
        DeskSpec(
            slug=LOCAL_DESK,
            name="Helpdesk LPSE Kota Bogor",
            description="Layanan helpdesk LPSE Kota Bogor untuk penyedia (registrasi dan verifikasi dokumen).",
            teams=(TeamSpec("helpdesk", "Helpdesk LPSE Kota Bogor", tier=1),),
        ),
    ]


@hookimpl
def demo_data() -> DemoData:
    return DemoData(
        users=(
            DemoUser("penyedia@spse.demo", "Budi Penyedia", "demo-penyedia", description="reporter: vendor"),
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
                       "Saat mengunggah dokumen penawaran di SPSE muncul pesan galat dan unggahan berhenti di 90%."),
            DemoTicket(NATIONAL_DESK, "penyedia@spse.demo", "Lupa kata sandi akun SPSE",
                       "Penyedia menelepon call center karena lupa kata sandi dan email pemulihan tidak diterima.",
                       channel="phone", opened_by="helpdesk.lpse@spse.demo", taken_by="helpdesk.lpse@spse.demo",
                       replies=(("helpdesk.lpse@spse.demo", "Tautan atur ulang kata sandi sudah kami kirim ulang."),)),
        ),
    )
