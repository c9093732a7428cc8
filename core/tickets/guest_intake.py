"""Tickets from people without an account, at desks that allow it (``DeskSpec.guest_intake``).

The ticket is checked exactly as a reporter's own (the same rules, the same errors, the plugins'
``validate_ticket`` with ``reporter.kind == "guest"``) and numbered the same way. The guest gives a name, an
email and optionally a phone instead of signing in; what becomes of them is ``loket.core.auth.guests``'s
business. Files come later: a guest who followed the emailed link stages them like any reporter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loket.core.auth import guests, throttle
from loket.core.auth.accounts import validate_email
from loket.core.errors import PermissionDeniedError
from loket.core.models import Team, Ticket
from loket.core.plugin_types import ReporterView
from loket.core.runtime import Runtime
from loket.core.tickets.create import (
    NewTicket,
    assign_number,
    check_with_plugins,
    clean_new_ticket,
    draft_of,
    insert_ticket,
)
from loket.core.tickets.events import unit_of_work
from loket.core.tickets.validation import PHONE, collecting


@dataclass
class GuestContact:
    """Who files, as they typed it."""

    name: str
    email: str
    phone: str | None = None


async def create_guest_ticket(rt: Runtime, contact: GuestContact, new: NewTicket, language: str, *,
                              address: str | None = None) -> Ticket:
    """File ``new`` for the guest ``contact`` (throttled per client ``address`` like registering). The answer
    is the same whether the email belongs to an account or not; the mail differs (see ``tell_reporter``)."""
    await throttle.count_account_request(rt, address)
    desk = rt.desks.get(new.desk)
    if not desk.spec.guest_intake:
        raise PermissionDeniedError("GUEST_INTAKE_CLOSED", field="desk", desk=desk.slug)
    new.channel, new.on_behalf_of_email, new.attachment_ids = "web", None, []
    with collecting() as problems:
        name = " ".join(contact.name.split())
        if not name:
            problems.add("DISPLAY_NAME_REQUIRED", "name")
        email = problems.check(validate_email, contact.email, field="email")
        phone = (contact.phone or "").strip() or None
        if phone is not None:
            if PHONE.match(phone):
                phone = re.sub(r"[ \-]", "", phone)
            else:
                problems.add("PHONE_INVALID", "phone", key="phone")
        topic, fields = clean_new_ticket(desk, new, problems, by_agent=False)
    reporter = ReporterView(kind="guest", name=name, email=email, phone=phone)
    checked = await check_with_plugins(rt, desk, draft_of(desk, new, topic, fields, reporter=reporter), topic,
                                       fields, language)
    async with unit_of_work(rt) as work:
        user = await guests.reporter_for_guest(email, name, language)
        ticket = await insert_ticket(rt, work, desk, new, checked, reporter=user, created_by=user, phone=phone,
                                     guest=True)
        await assign_number(rt, work, desk, checked.draft, ticket)
        await guests.tell_reporter(rt, user, desk, ticket)
    ticket.team = await Team.get(id=ticket.team_id)
    return ticket
