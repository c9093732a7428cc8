"""Plain-data desk and tickets for the LPSE Support plugin tests (no database, no lead's desk spec needed)."""

from __future__ import annotations

from typing import Any

from loket.core.plugin_types import DeskSpec, PrioritySpec, TicketDraft
from loket.core.plugins import get_plugin_manager
from loket.core.settings import Settings
from loket.plugins.spse import priority, tender

# application > category > sub-categories, as the desk's catalogue names them
TOPICS = {
    "spse": {
        "spse-akun": ("spse-login", "spse-lupa-password", "spse-registrasi-penyedia"),
        "spse-paket": ("spse-buat-paket", "spse-edit-paket", "spse-jadwal"),
        "spse-tender": ("spse-aanwijzing", "spse-upload-penawaran", "spse-pembukaan-penawaran", "spse-evaluasi",
                        "spse-sanggah", "spse-kontrak"),
    },
    "sikap": {"sikap-penyedia": ("sikap-data-penyedia", "sikap-penilaian-kinerja")},
    "epurchasing": {"epurchasing-katalog": ("epurchasing-produk", "epurchasing-paket-pembelian")},
    "sirup": {"sirup-rup": ("sirup-input-rup", "sirup-pengumuman")},
    "portal": {"portal-akses": ("portal-login", "portal-informasi")},
    "lainnya": {"lainnya-umum": ("lainnya-pertanyaan",)},
}


def topic_path(slug: str) -> tuple[str, ...]:
    """The full path (application, category, sub-category) down to ``slug``."""
    for application, categories in TOPICS.items():
        if slug == application:
            return (application,)
        for category, subs in categories.items():
            if slug == category:
                return (application, category)
            if slug in subs:
                return (application, category, slug)
    raise KeyError(slug)


DESK = DeskSpec(
    slug="lpse-support",
    name="LPSE Support 2.0 (LKPP)",
    priorities=(PrioritySpec("emergency", {"id": "Darurat", "en": "Emergency"}, 4),
                PrioritySpec("major", "Major", 3), PrioritySpec("medium", "Medium", 2),
                PrioritySpec("minor", "Minor", 1)),
    default_priority="minor",
)
OTHER_DESK = DeskSpec(slug="lpse-kota-bogor", name="Helpdesk LPSE Kota Bogor")


def draft(topic: str | None = "spse-login", desk: str = "lpse-support", **fields: Any) -> TicketDraft:
    return TicketDraft(desk=desk, title="Tidak bisa mengunggah penawaran", description="Unggahan berhenti di 90%.",
                       topic_path=topic_path(topic) if topic else (), application="spse",
                       application_version="SPSE v4.5", fields=fields, channel="web",
                       reporter_category="Penyedia", origin="LPSE Kota Bogor")


def plugin_manager():
    """Core's hook specs and defaults plus this plugin's tender and priority modules (as __init__ will)."""
    return get_plugin_manager(Settings(plugins="none"), extra_plugins=[tender, priority])
