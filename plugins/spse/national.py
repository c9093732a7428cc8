"""LKPP "LPSE Support 2.0": the national desk for SPSE, SIKaP, e-Purchasing, SiRUP, Portal eProc and Inaproc,
run to LKPP's service standard for SPSE user support (response 1x24 h, resolution 3x24 h)."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import (
    AttachmentPolicy,
    DeskSpec,
    Duration,
    PauseReason,
    PrioritySpec,
    RatingForm,
    RatingQuestion,
    SlaTarget,
    TeamSpec,
    auto_close_after,
    default_workflow,
)
from loket.plugins.spse import catalogue

DESK = "lpse-support"


def desk_spec() -> DeskSpec:
    data = catalogue.load()
    return DeskSpec(
        slug=DESK,
        name="LPSE Support 2.0 (LKPP)",
        description="Dukungan teknis SPSE, SIKaP, e-Purchasing, SiRUP, Portal eProc, Inaproc dan aplikasi LKPP lain.",
        teams=(
            TeamSpec("lpse-level-1", "LPSE Level 1 (Helpdesk, Verifikator, Admin Agency LPSE)", tier=1,
                     escalates_to="admin-ppe"),
            TeamSpec("admin-ppe", "Admin PPE LKPP", tier=2, escalates_to="teknis-direktorat"),
            TeamSpec("helpdesk-lkpp-nonteknis", "Helpdesk LKPP Non-Teknis", tier=2),
            TeamSpec("helpdesk-lkpp-teknis", "Helpdesk LKPP Teknis", tier=2),
            TeamSpec("tim-teknis-lkpp", "Tim Teknis LKPP", tier=2, escalates_to="teknis-direktorat"),
            TeamSpec("teknis-direktorat", "Tim Teknis Direktorat Lain", tier=3),
        ),
        topic_levels=tuple(data["topic_levels"]),
        topics=catalogue.topics(),
        applications=catalogue.applications(),
        fields=catalogue.fields(),
        priorities=(PrioritySpec("emergency", "Emergency", 4), PrioritySpec("major", "Major", 3),
                    PrioritySpec("medium", "Medium", 2), PrioritySpec("minor", "Minor", 1)),
        default_priority="minor",
        status_labels={
            "new": {"id": "Baru", "en": "New"},
            "in_progress": {"id": "Sedang dikerjakan", "en": "In progress"},
            "waiting_on_reporter": {"id": "Menunggu feedback", "en": "Waiting for feedback"},
            "resolved": {"id": "Menunggu konfirmasi pelapor", "en": "Awaiting the reporter's confirmation"},
            "closed": {"id": "Selesai", "en": "Closed"},
        },
        reporter_categories=tuple(data["reporter_categories"]),
        origins=tuple(data["origins"]),
        title_max_length=100,
        description_min_length=15,
        message_min_length=15,
        # The service standard: response 1x24 hours, resolution 3x24 hours, counted literally.
        sla_targets=(SlaTarget(first_response=Duration.hours(24), resolution=Duration.hours(72)),),
        sla_warning_before=Duration.hours(4),
        pause_reasons=(
            PauseReason("pengembangan", {"id": "Membutuhkan pengembangan lebih lanjut", "en": "Needs further development"}),
            PauseReason("infrastruktur", {"id": "Masalah infrastruktur", "en": "Infrastructure"}),
            PauseReason("jaringan", {"id": "Masalah jaringan", "en": "Network"}),
            PauseReason("koordinasi", {"id": "Koordinasi dengan unit lain di dalam atau di luar LKPP",
                                        "en": "Coordination with another unit inside or outside LKPP"}),
        ),
        # Level 2 may ask the level-1 user who escalated (a participant), who then answers on the ticket.
        # Missing data not sent within 3x24 hours closes the ticket.
        workflow=default_workflow().changed("request_feedback", asks=("reporter", "participant")).with_transitions(
            auto_close_after(Duration.hours(72), {
                "id": "Tiket ditutup otomatis bila data yang diminta tidak dikirim dalam 3x24 jam",
                "en": "Closes by itself unless the requested data is sent within 3x24 hours"})),
    )


@hookimpl(specname="register_desks")
def register_national_desk():
    return [desk_spec()]


@hookimpl(specname="ticket_number")
def national_ticket_number(desk, ticket, now, sequence):
    """TPS (a reporter in SPSE), TAS (an LPSE user on someone's behalf), THS (the call center or walk-in
    desk) + yymmdd + a four-digit daily sequence per prefix, e.g. TPS2006150019."""
    if desk.slug != DESK:
        return None
    prefixes = catalogue.load()["number_prefixes"]
    source = ticket.channel if ticket.channel != "web" else ("agent_web" if ticket.by_agent else "reporter")
    scope = f"{prefixes[source]}{now:%y%m%d}"

    async def number() -> str:
        return f"{scope}{await sequence(scope):04d}"

    return number()


@hookimpl(specname="attachment_policy")
def national_attachment_policy(desk, purpose):
    """The seed's extension list in any letter case, 500 MB per file."""
    if desk.slug != DESK or purpose not in ("ticket", "message", "resolution"):
        return None
    rules = catalogue.load()["attachments"]
    return AttachmentPolicy(extensions=tuple(rules["extensions"]), max_bytes=rules["max_megabytes"] * 1024 * 1024,
                            max_files=rules["max_files"])


@hookimpl(specname="rating_form")
def national_rating_form(desk):
    """1 to 5 stars; the tags offered depend on the stars given; and a message."""
    if desk.slug != DESK:
        return None
    tags = {int(stars): tuple(offered) for stars, offered in catalogue.load()["rating_tags"].items()}
    return RatingForm(slug="lpse-support-rating", title={"id": "Penilaian layanan", "en": "Rate the service"},
                      questions=(
                          RatingQuestion("stars", {"id": "Bintang", "en": "Stars"}, kind="stars"),
                          RatingQuestion("tags", {"id": "Yang paling terasa", "en": "What stood out"}, kind="tags",
                                         required=False, tags_by_stars=tags),
                          RatingQuestion("message", {"id": "Pesan", "en": "Message"}, kind="text", required=False),
                      ))
