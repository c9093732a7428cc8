"""Kemensos Pusdatin Kesos helpdesk: help topics, agents who claim and transfer tickets between
departments, numbers like Ticket#8881358, a 2x24 hour handling limit, and its own email to the reporter on
every agent reply."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from functools import cache
from importlib import resources

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import (
    DemoData,
    DemoTicket,
    DemoUser,
    DeskSpec,
    EmailTemplate,
    SlaTarget,
    TeamSpec,
    TopicSpec,
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
        description_min_length=15,
        message_min_length=5,
        sla_targets=(SlaTarget(resolution=timedelta(hours=48)),),  # the default handling limit: 2x24 hours
        sla_warning_before=timedelta(hours=6),
    )


@hookimpl
def register_desks():
    return [desk_spec()]


REPLY_MAIL = {
    "id": EmailTemplate(
        subject="[Ticket#$ticket_number] Balasan petugas: $ticket_title",
        text="Yth. $recipient_name,\n\n$agent_name telah membalas tiket Anda Ticket#$ticket_number:\n\n$message\n\n"
             "Pantau perkembangan tiket Anda secara daring:\n$link\n\n$desk_name\n",
        html="<p>Yth. $recipient_name,</p><p>$agent_name telah membalas tiket Anda <b>Ticket#$ticket_number</b>:</p>"
             "<blockquote style=\"white-space:pre-wrap\">$message</blockquote>"
             "<p><a href=\"$link\">Pantau perkembangan tiket</a></p><p>$desk_name</p>"),
    "en": EmailTemplate(
        subject="[Ticket#$ticket_number] Reply from our agent: $ticket_title",
        text="Dear $recipient_name,\n\n$agent_name replied to your ticket Ticket#$ticket_number:\n\n$message\n\n"
             "Follow your ticket's progress online:\n$link\n\n$desk_name\n",
        html="<p>Dear $recipient_name,</p><p>$agent_name replied to your ticket <b>Ticket#$ticket_number</b>:</p>"
             "<blockquote style=\"white-space:pre-wrap\">$message</blockquote>"
             "<p><a href=\"$link\">Follow the ticket's progress</a></p><p>$desk_name</p>"),
}


@hookimpl
def email_template(desk, kind, language):
    """The reply email names the ticket as the desk shows it (Ticket#8881358); other mails are core's."""
    if desk is None or desk.slug != DESK or kind != "ticket_reply":
        return None
    return REPLY_MAIL.get(language, REPLY_MAIL["id"])


@hookimpl
def ticket_number(desk, sequence):
    """Seven random digits (shown as Ticket#8881358): unguessable; core asks again on a collision."""
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
