"""Kemensos Pusdatin Kesos helpdesk: help topics, agents who claim and transfer tickets between
departments, numbers like Ticket#8881358, a 2x24 hour handling limit, and its own email to the reporter on
every agent reply."""

from __future__ import annotations

import json
import secrets
from functools import cache
from importlib import resources

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import (
    DemoData,
    DemoTicket,
    DemoUser,
    ActionSpec,
    Choice,
    DeskSpec,
    Duration,
    EmailTemplate,
    MessageRule,
    SlaTarget,
    TeamSpec,
    TopicSpec,
    default_workflow,
)

DESK = "kemsos"


@cache
def _topics_data() -> dict:
    return json.loads(resources.files("loket.plugins.kemsos").joinpath("data/help_topics.json").read_text("utf-8"))


def _topic(data: dict) -> TopicSpec:
    return TopicSpec(slug=data["slug"], name=data["name"], description=data.get("description", ""),
                     team=data.get("team"), children=tuple(_topic(child) for child in data.get("children", ())))


def desk_spec() -> DeskSpec:
    return DeskSpec(
        slug=DESK,
        name="Helpdesk Pusdatin Kesos Kemensos",
        description="Bantuan aplikasi SIKS-NG, data terpadu kesejahteraan sosial, email dinas dan jaringan.",
        teams=(
            TeamSpec("layanan", "Layanan Helpdesk", tier=1),
            TeamSpec("siks-ng", "Departemen SIKS-NG", tier=1),
            TeamSpec("dtks", "Departemen Data Terpadu Kesejahteraan Sosial", tier=1),
            TeamSpec("email", "Departemen Email Kemensos", tier=1),
            TeamSpec("jaringan", "Departemen Internet dan Jaringan", tier=1),
        ),
        topic_levels=({"id": "Topik Bantuan", "en": "Help Topic"}, {"id": "Rincian", "en": "Detail"}),
        topics=tuple(_topic(topic) for topic in _topics_data()["topics"]),
        # Departments are peers: a ticket moves between them by transfer, which is how this desk escalates.
        status_labels={
            "new": {"id": "Terbuka", "en": "Open"},
            "in_progress": {"id": "Terbuka", "en": "Open"},
            "waiting_on_reporter": {"id": "Terbuka", "en": "Open"},
            "resolved": {"id": "Terselesaikan", "en": "Resolved"},
            "closed": {"id": "Ditutup", "en": "Closed"},
        },
        channels=("web", "email"),
        number_display="Ticket#{number}",
        description_min_length=15,
        message_min_length=5,
        sla_targets=(SlaTarget(resolution=Duration.hours(48)),),  # the default handling limit: 2x24 hours
        sla_warning_before=Duration.hours(6),
        workflow=default_workflow().with_actions(AGENT_CLOSE),
    )


CLOSE_REASONS = (
    Choice("selesai", {"id": "Permasalahan sudah selesai", "en": "The problem is solved"}),
    Choice("tidak-ada-tanggapan", {"id": "Pelapor tidak menanggapi", "en": "The reporter did not respond"}),
    Choice("duplikat", {"id": "Tiket ganda", "en": "Duplicate ticket"}),
    Choice("di-luar-layanan", {"id": "Di luar lingkup layanan helpdesk", "en": "Outside the helpdesk's scope"}),
    Choice("lainnya", {"id": "Alasan lain", "en": "Another reason"}),
)

# Agents close a ticket "for various reasons" (osTicket's close), as the reporter may close their own.
AGENT_CLOSE = ActionSpec(
    "close", "close", {"id": "Tutup tiket", "en": "Close ticket"},
    starts_in=("new", "open", "waiting_on_reporter", "waiting_on_third_party", "resolved"), to="closed",
    who=("assignee", "holding_team"), reasons=CLOSE_REASONS,
    message=MessageRule(required=False, name="message"))


@hookimpl
def register_desks():
    return [desk_spec()]


def _mail(greeting: str, what: str, follow: str, button: str, subject: str) -> EmailTemplate:
    return EmailTemplate(
        subject=f"[$display_number] {subject}: $ticket_title",
        text=f"{greeting} $recipient_name,\n\n$agent_name {what} $display_number:\n\n$message\n\n"
             f"{follow}:\n$link\n\n$desk_name\n",
        html=f"<p>{greeting} $recipient_name,</p><p>$agent_name {what} <b>$display_number</b>:</p>"
             "<blockquote style=\"white-space:pre-wrap\">$message</blockquote>"
             f"<p><a href=\"$link\">{button}</a></p><p>$desk_name</p>")


_ID = ("Yth.", "Pantau perkembangan tiket Anda secara daring", "Pantau perkembangan tiket")
_EN = ("Dear", "Follow your ticket's progress online", "Follow the ticket's progress")
TICKET_MAILS = {
    ("ticket_reply", "id"): _mail(_ID[0], "telah membalas tiket Anda", *_ID[1:], "Balasan petugas"),
    ("ticket_reply", "en"): _mail(_EN[0], "replied to your ticket", *_EN[1:], "Reply from our agent"),
    ("ticket_feedback_requested", "id"): _mail(_ID[0], "memerlukan informasi tambahan untuk tiket Anda", *_ID[1:],
                                               "Mohon informasi tambahan"),
    ("ticket_feedback_requested", "en"): _mail(_EN[0], "needs more information on your ticket", *_EN[1:],
                                               "More information needed"),
    ("ticket_resolved", "id"): _mail(_ID[0], "telah menyelesaikan tiket Anda", *_ID[1:], "Tiket terselesaikan"),
    ("ticket_resolved", "en"): _mail(_EN[0], "resolved your ticket", *_EN[1:], "Ticket resolved"),
}


@hookimpl
def email_template(desk, kind, language):
    """Mails about a ticket name it as the desk shows it (Ticket#8881358); account mails are core's."""
    if desk is None or desk.slug != DESK:
        return None
    return TICKET_MAILS.get((kind, language)) or TICKET_MAILS.get((kind, "id"))


@hookimpl
def ticket_number(desk, sequence):
    """Seven random digits (shown as Ticket#8881358, see ``number_display``): unguessable; core asks again on a
    collision."""
    if desk.slug != DESK:
        return None
    return f"{secrets.randbelow(9_000_000) + 1_000_000}"


@hookimpl
def demo_data() -> DemoData:
    return DemoData(
        users=(
            DemoUser("operator@kemsos.demo", "Wati Operator Daerah", "demo-operator", description="reporter"),
            DemoUser("agen@kemsos.demo", "Rudi Agen Helpdesk", "demo-agen",
                     teams=((DESK, "layanan"),), description="agent: Layanan Helpdesk"),
            DemoUser("siksng@kemsos.demo", "Lina Agen SIKS-NG", "demo-siksng",
                     teams=((DESK, "siks-ng"),), description="agent: SIKS-NG department"),
            DemoUser("admin@kemsos.demo", "Bayu Admin Pusdatin", "demo-admin-kemsos", admin_of=(DESK,),
                     description="desk admin: Helpdesk Pusdatin Kesos"),
        ),
        tickets=(
            DemoTicket(DESK, "operator@kemsos.demo", "Tidak bisa masuk ke aplikasi SIKS-NG",
                       "Sejak pagi akun operator kabupaten tidak bisa masuk ke SIKS-NG, muncul pesan sesi habis.",
                       topic="siks-ng", taken_by="siksng@kemsos.demo"),
            DemoTicket(DESK, "operator@kemsos.demo", "Kuota email dinas penuh",
                       "Kotak masuk email dinas saya penuh sehingga email baru tidak bisa diterima.",
                       topic="email-upgrade-kuota"),
            DemoTicket(DESK, "operator@kemsos.demo", "Perbaikan data penerima di DTKS",
                       "Ada keluarga penerima manfaat yang alamatnya salah di DTKS dan perlu diperbaiki.",
                       topic="dtks"),
        ),
    )
