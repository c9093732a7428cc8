"""Kemensos Pusdatin Kesos helpdesk."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import DemoData, DemoTicket, DemoUser, DeskSpec, TeamSpec

DESK = "kemsos"


@hookimpl
def register_desks() -> list[DeskSpec]:
    return [
        DeskSpec(
            slug=DESK,
            name="Helpdesk Pusdatin Kesos Kemensos",
            description="Bantuan aplikasi SIKS-NG, data terpadu kesejahteraan sosial, email dinas dan jaringan.",
            teams=(
                TeamSpec("layanan", "Layanan Helpdesk", tier=1),
                TeamSpec("siks-ng", "Departemen SIKS-NG", tier=2),
                TeamSpec("dtks", "Departemen Data Terpadu Kesejahteraan Sosial", tier=2),
                TeamSpec("email", "Departemen Email Kemensos", tier=2),
                TeamSpec("jaringan", "Departemen Internet dan Jaringan", tier=2),
            ),
        )
    ]


@hookimpl
def demo_data() -> DemoData:
    return DemoData(
        users=(
            DemoUser("operator@kemsos.demo", "Wati Operator Daerah", "demo-operator", description="reporter"),
            DemoUser("agen@kemsos.demo", "Rudi Agen Helpdesk", "demo-agen",
                     teams=((DESK, "layanan"),), description="agent: Layanan Helpdesk"),
            DemoUser("siksng@kemsos.demo", "Lina Agen SIKS-NG", "demo-siksng",
                     teams=((DESK, "siks-ng"),), description="agent: SIKS-NG department"),
        ),
        tickets=(
            DemoTicket(DESK, "operator@kemsos.demo", "Tidak bisa masuk ke aplikasi SIKS-NG",
                       "Sejak pagi akun operator kabupaten tidak bisa masuk ke SIKS-NG, muncul pesan sesi habis.",
                       taken_by="agen@kemsos.demo"),
        ),
    )
