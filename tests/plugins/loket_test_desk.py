"""A small desk defined in tests to prove core generic: tiers, a topic tree, an application with versions,
extra fields, a priority rule, its own numbers, attachment policy, status labels and rating form."""

from __future__ import annotations

from decimal import Decimal

from loket.core.errors import InvalidInputError
from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import (
    ApplicationSpec,
    AttachmentPolicy,
    DeskSpec,
    FieldSpec,
    PriorityDecision,
    PrioritySpec,
    RatingForm,
    RatingQuestion,
    TeamSpec,
    TopicSpec,
)

SLUG = "testdesk"

DESK = DeskSpec(
    slug=SLUG,
    name="Test Desk",
    language="en",
    teams=(
        TeamSpec("intake", "Intake", tier=1, escalates_to="experts"),
        TeamSpec("second", "Second line", tier=1),
        TeamSpec("experts", "Experts", tier=2),
        TeamSpec("specialists", "Specialists", tier=3),
    ),
    topic_levels=("Category", "Sub-category"),
    topics=(
        TopicSpec("hardware", "Hardware", children=(TopicSpec("laptop", "Laptop"), TopicSpec("printer", "Printer"))),
        TopicSpec("software", "Software", children=(
            TopicSpec("mail", "Mail"),
            TopicSpec("erp-payments", "ERP payments", applications=("erp",), fields=("amount",)),
        )),
    ),
    applications=(ApplicationSpec("erp", "ERP", versions=("1.0", "2.0")), ApplicationSpec("mailer", "Mailer")),
    fields=(
        FieldSpec("phone", "Phone", kind="phone", required=True),
        FieldSpec("asset_tag", "Asset tag", pattern=r"AT-\d{4}", topics=("hardware",)),
        FieldSpec("amount", "Amount", kind="money"),
        FieldSpec("triage_note", "Triage note", agent_only=True),
    ),
    priorities=(PrioritySpec("low", "Low", 1), PrioritySpec("normal", "Normal", 2), PrioritySpec("high", "High", 3)),
    default_priority="normal",
    status_labels={"new": {"en": "Open", "id": "Terbuka"}, "closed": {"en": "Done", "id": "Selesai"}},
    reporter_categories=("staff", "vendor"),
    title_max_length=60,
    description_min_length=15,
    message_min_length=10,
)


@hookimpl
def register_desks():
    return [DESK]


@hookimpl
def ticket_number(desk, ticket, now, sequence):
    if desk.slug != SLUG:
        return None
    prefix = {"phone": "TPH", "email": "TEM"}.get(ticket.channel, "TWB")
    scope = f"{prefix}{now:%y%m%d}"

    async def number():
        return f"{scope}{await sequence(scope):04d}"

    return number()


@hookimpl
def ticket_priority(desk, ticket):
    if desk.slug != SLUG:
        return None
    if "printer" in ticket.topic_path:
        return PriorityDecision("low", "printers wait")
    if Decimal(ticket.fields.get("amount") or 0) >= Decimal("1000000000"):
        return PriorityDecision("high", {"en": "amount of one billion or more", "id": "nilai satu miliar atau lebih"})
    return None


@hookimpl
def validate_ticket(desk, ticket):
    if desk.slug == SLUG and ticket.application == "erp" and ticket.application_version == "1.0" \
            and "erp-payments" in ticket.topic_path:
        raise InvalidInputError("TEST_ERP_1_HAS_NO_PAYMENTS", field="applicationVersion")


@hookimpl
def register_translations():
    return {"en": {"TEST_ERP_1_HAS_NO_PAYMENTS": "ERP 1.0 has no payments module"},
            "id": {"TEST_ERP_1_HAS_NO_PAYMENTS": "ERP 1.0 tidak memiliki modul pembayaran"}}


@hookimpl
def attachment_policy(desk, purpose):
    if desk.slug != SLUG:
        return None
    if purpose in ("ticket", "message", "resolution"):
        return AttachmentPolicy(extensions=("pdf", "PNG", "txt"), max_bytes=1024 * 1024, max_files=3)
    return None


@hookimpl
def rating_form(desk):
    if desk.slug != SLUG:
        return None
    return RatingForm(slug="test-stars", title="How did we do?", questions=(
        RatingQuestion("stars", "Stars", kind="stars"),
        RatingQuestion("tags", "What stood out", kind="tags", required=False, tags_by_stars={
            1: ("slow", "rude"), 2: ("slow", "rude"), 3: ("ok",), 4: ("fast", "friendly"),
            5: ("fast", "friendly", "proactive")}),
        RatingQuestion("message", "Message", kind="text", required=False),
    ))


@hookimpl
def lookup_reference(desk, kind, key):
    from loket.core.plugin_types import ReferenceResult

    if desk.slug != SLUG or kind != "asset":
        return None
    if key == "AT-0000":
        return ReferenceResult(found=False, unavailable=True, message="asset register is down")
    assets = {"AT-1234": {"model": "X13", "bought": 2023}}
    if key in assets:
        return ReferenceResult(found=True, data=assets[key])
    return ReferenceResult(found=False, message={"en": "no such asset", "id": "aset tidak ada"})
