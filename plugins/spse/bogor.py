"""The local LPSE vendor desk of Kota Bogor (Helpdesk LPSE Kota Bogor, UP3I Kota Bogor).

Vendors open a ticket by choosing a service type (the topic, shown as the ticket's title), give its
source and type and, for registration, the WhatsApp number of the company's director for the document
verification video call; they then upload the verification documents (PDF, at most 4 MB each), follow
the ticket's activity, talk with the helpdesk, and evaluate the service on a two-section, 4-point
questionnaire once the ticket is closed (seeds/lpse-kota-bogor-helpdesk.txt).

The desk's vocabulary is data: ``data/bogor_catalogue.json`` (service types, fields, status words) and
``data/bogor_questionnaire.json`` (the evaluation form). The hook implementations are named apart from
the national desk's (``specname``) so ``loket.plugins.spse`` can import both side by side.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from loket.core.errors import InvalidInputError
from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import (
    ActionSpec,
    AttachmentPolicy,
    DemoData,
    DemoTicket,
    DemoUser,
    DeskSpec,
    Duration,
    FieldSpec,
    FilesRule,
    MessageRule,
    RatingForm,
    RatingQuestion,
    SlaTarget,
    TeamSpec,
    TopicSpec,
    auto_complete_after,
    default_workflow,
)

SLUG = "lpse-kota-bogor"
TEAM = "helpdesk"
REGISTRATION = "registrasi-verifikasi"
WHATSAPP_FIELD = "whatsapp_direksi"

DATA = Path(__file__).parent / "data"

# Verification documents (and every file a vendor sends): "dalam bentuk pdf max 4Mb".
PDF_ONLY = AttachmentPolicy(extensions=("pdf",), max_bytes=4 * 1024 * 1024, max_files=10)
PURPOSES = ("verification", "ticket", "message")

# An Indonesian mobile number (WhatsApp runs on mobiles): 08..., 628... or +628..., as core normalises it.
_MOBILE = re.compile(r"(?:\+62|62|0)8[1-9][0-9]{6,11}")

RESOLUTION_TARGET = Duration.hours(24)  # 1x24 hours, counted in plain hours
CONFIRMATION_WINDOW = Duration.days(3)  # an unconfirmed resolution closes itself ("Closed" when done)


# Documents speak for themselves: a vendor sends them without the 15-character message a reply needs.
DOCUMENTS = dict(who=("reporter",), message=MessageRule(required=False, min_length=0),
                 files=FilesRule("verification", min_files=1))
WORKFLOW = default_workflow().with_actions(
    ActionSpec("upload_documents", "reply", {"id": "Unggah berkas", "en": "Upload documents"}, starts_in=("new", "open"),
               **DOCUMENTS),
    ActionSpec("send_requested_documents", "answer", {"id": "Kirim kelengkapan berkas", "en": "Send the requested "
               "documents"}, starts_in=("waiting_on_reporter",), to="in_progress",
               **{**DOCUMENTS, "who": ("asked",)}),
    # The helpdesk officer closes the ticket when the service is done ("Closed By" on the status panel).
    ActionSpec("close", "close", {"id": "Tutup tiket", "en": "Close ticket"},
               starts_in=("new", "open", "waiting_on_reporter", "resolved"), to="closed", who=("assignee", "holding_team"),
               message=MessageRule(required=False)),
).with_transitions(auto_complete_after(CONFIRMATION_WINDOW, {
    "id": "Tiket selesai otomatis bila tidak dikonfirmasi dalam 3 hari",
    "en": "Completes by itself unless confirmed within 3 days"}))


def _load(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _topic(data: dict[str, Any]) -> TopicSpec:
    return TopicSpec(slug=data["slug"], name=data["name"], description=data.get("description", ""),
                     fields=tuple(data.get("fields", ())), children=tuple(_topic(c) for c in data.get("children", ())))


def _field(data: dict[str, Any]) -> FieldSpec:
    return FieldSpec(key=data["key"], label=data["label"], kind=data.get("kind", "text"),
                     required=data.get("required", False), choices=tuple(data.get("choices", ())),
                     min_length=data.get("min_length"), max_length=data.get("max_length"),
                     pattern=data.get("pattern"), help=data.get("help", ""), topics=tuple(data.get("topics", ())))


@cache
def desk() -> DeskSpec:
    catalogue = _load("bogor_catalogue.json")
    return DeskSpec(
        slug=SLUG,
        name="Helpdesk LPSE Kota Bogor",
        language="id",
        description="Layanan helpdesk LPSE Kota Bogor untuk penyedia: registrasi dan verifikasi berkas secara "
                    "daring, perubahan data, aktivasi akun dan konsultasi SPSE.",
        teams=(TeamSpec(TEAM, "Helpdesk LPSE Kota Bogor", tier=1,
                        description="Helpdesk UP3I Kota Bogor: memeriksa berkas dan memverifikasi penyedia."),),
        topic_levels=tuple(catalogue["topic_levels"]),
        topics=tuple(_topic(topic) for topic in catalogue["topics"]),
        fields=tuple(_field(field) for field in catalogue["fields"]),
        status_labels=catalogue["status_labels"],
        description_min_length=15,
        sla_targets=(SlaTarget(resolution=RESOLUTION_TARGET),),
        workflow=WORKFLOW,
    )


@cache
def questionnaire() -> RatingForm:
    data = _load("bogor_questionnaire.json")
    choices = tuple(data["choices"])
    questions = tuple(
        RatingQuestion(key=question["key"], label=question["label"], kind="scale", required=True, choices=choices,
                       section=section["label"])
        for section in data["sections"] for question in section["questions"])
    return RatingForm(slug=data["slug"], title=data["title"], questions=questions)


@hookimpl(specname="register_desks")
def register_bogor_desk():
    return [desk()]


@hookimpl(specname="register_translations")
def bogor_translations():
    return {
        "id": {"WHATSAPP_NUMBER_INVALID":
               "Nomor WhatsApp '{value}' bukan nomor ponsel Indonesia; tulis mis. 08123456789 atau +628123456789"},
        "en": {"WHATSAPP_NUMBER_INVALID":
               "WhatsApp number '{value}' is not an Indonesian mobile number; write e.g. 08123456789 or +628123456789"},
    }


@hookimpl(specname="validate_ticket")
def validate_bogor_ticket(desk, ticket):
    """The director's number must be a mobile one: the documents are verified in a WhatsApp video call."""
    if desk.slug != SLUG:
        return None
    number = ticket.fields.get(WHATSAPP_FIELD)
    if number and not _MOBILE.fullmatch(number):
        raise InvalidInputError("WHATSAPP_NUMBER_INVALID", field=f"fields.{WHATSAPP_FIELD}", value=number)
    return None


@hookimpl(specname="ticket_number")
def bogor_ticket_number(desk, now, sequence):
    """One running count for the desk, as the old helpdesk's "Ticket Number #1259"."""
    if desk.slug != SLUG:
        return None

    async def number():
        return f"BGR-{await sequence('BGR'):04d}"

    return number()


@hookimpl(specname="attachment_policy")
def bogor_attachment_policy(desk, purpose):
    if desk.slug != SLUG or purpose not in PURPOSES:
        return None
    return PDF_ONLY


@hookimpl(specname="rating_form")
def bogor_rating_form(desk):
    if desk.slug != SLUG:
        return None
    return questionnaire()


@hookimpl(specname="demo_data")
def bogor_demo_data():
    registration, data_change = (topic.name["id"] for topic in desk().topics[:2])
    return DemoData(
        users=(
            DemoUser("vendor1@bogor.demo", "PT. ABCDF", "demo-vendor1",
                     description="reporter: vendor at LPSE Kota Bogor (new SPSE user)"),
            DemoUser("admin@lpse-bogor.demo", "Agus Admin LPSE Bogor", "demo-admin-bogor", admin_of=(SLUG,),
                     description="desk admin: LPSE Kota Bogor"),
            DemoUser("vendor2@bogor.demo", "CV. Sinar Pakuan", "demo-vendor2",
                     description="reporter: vendor at LPSE Kota Bogor (verified vendor)"),
        ),
        tickets=(
            DemoTicket(SLUG, "vendor1@bogor.demo", registration,
                       "Permohonan Registrasi dan Verifikasi Berkas atas nama PT. ABCDF.",
                       topic=REGISTRATION,
                       fields={"source": "Lain-lain", "type": "Permintaan Layanan", WHATSAPP_FIELD: "08123456789"}),
            DemoTicket(SLUG, "vendor2@bogor.demo", data_change,
                       "Permohonan Perubahan Data Penyedia atas nama CV. Sinar Pakuan: alamat kantor pindah ke "
                       "Jl. Pajajaran No. 10, Bogor.",
                       topic="perubahan-data", fields={"source": "Lain-lain", "type": "Permintaan Layanan"}),
        ),
    )
