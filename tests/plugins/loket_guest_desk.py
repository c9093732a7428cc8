"""A desk that takes tickets from guests (people without an account), and remembers who its
``validate_ticket`` saw: a plugin object of its own for each test."""

from __future__ import annotations

from loket.core.errors import InvalidInputError
from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import DeskSpec, FieldSpec, TeamSpec, TopicSpec

SLUG = "guestdesk"

DESK = DeskSpec(
    slug=SLUG,
    name="Guest Desk",
    language="en",
    teams=(TeamSpec("front", "Front desk", tier=1),),
    topics=(TopicSpec("access", "Access"), TopicSpec("other", "Other")),
    fields=(FieldSpec("unit", "Unit", required=True),),
    message_min_length=5,
    guest_intake=True,
)


class GuestDesk:
    """The desk's hooks; ``seen`` lists the reporters ``validate_ticket`` was shown."""

    def __init__(self) -> None:
        self.seen = []

    @hookimpl
    def register_desks(self):
        return [DESK]

    @hookimpl
    def validate_ticket(self, desk, ticket):
        if desk.slug != SLUG:
            return
        self.seen.append(ticket.reporter)
        # Guests of one domain are turned away; that domain's account holders are not.
        if ticket.reporter.kind == "guest" and ticket.reporter.email.endswith("@blocked.example"):
            raise InvalidInputError("GUESTDESK_NO_GUESTS_FROM_THERE", field="email")

    @hookimpl
    def register_translations(self):
        return {"en": {"GUESTDESK_NO_GUESTS_FROM_THERE": "Please sign in to file from this address"},
                "id": {"GUESTDESK_NO_GUESTS_FROM_THERE": "Silakan masuk untuk mengirim dari alamat ini"}}
