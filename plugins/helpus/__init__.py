"""Bappenas "HelpUs" IT self-service desk."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import DemoData, DemoTicket, DemoUser, DeskSpec, TeamSpec

DESK = "helpus"


@hookimpl
def register_desks() -> list[DeskSpec]:
    return [
        DeskSpec(
            slug=DESK,
            name="HelpUs Bappenas",
            description="Layanan mandiri TI Kementerian PPN/Bappenas.",
            teams=(
                TeamSpec("admin-helpus", "Admin HelpUs", tier=1),
                TeamSpec("pic-teknisi", "PIC Teknisi", tier=2),
            ),
        )
    ]


@hookimpl
def demo_data() -> DemoData:
    return DemoData(
        users=(
            DemoUser("pegawai@helpus.demo", "Putri Pegawai", "demo-pegawai", description="reporter: employee"),
            DemoUser("admin.helpus@helpus.demo", "Hadi Admin HelpUs", "demo-adminhelpus",
                     teams=((DESK, "admin-helpus"),), description="agent: Admin HelpUs"),
            DemoUser("pic@helpus.demo", "Joko PIC Teknisi", "demo-pic",
                     teams=((DESK, "pic-teknisi"),), description="agent: PIC technician"),
        ),
        tickets=(
            DemoTicket(DESK, "pegawai@helpus.demo", "Printer ruang rapat tidak mencetak",
                       "Printer di ruang rapat lantai 3 menampilkan lampu oranye dan tidak mau mencetak."),
        ),
    )
