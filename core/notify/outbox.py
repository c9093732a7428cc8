"""Writing notifications to the outbox, inside the transaction of whatever causes them: a rolled-back
action leaves no mail behind, and a committed one always has its mail sent (by ``loket.core.notify.sender``)."""

from __future__ import annotations

from email.utils import parseaddr

from loket.core.auth.links import GUEST_ACCESS, issue_link
from loket.core.desks.registry import DeskInfo
from loket.core.models import Message, OutboxMessage, Ticket, TicketEvent, User
from loket.core.notify.templates import find_template, render
from loket.core.plugins import gather_results
from loket.core.runtime import Runtime
from loket.core.tickets.display_numbers import display_number

# Ticket events that tell the reporter about an agent's public message, and the email each one sends.
TICKET_MAIL_KINDS = {"replied": "ticket_reply", "feedback_requested": "ticket_feedback_requested",
                     "resolved": "ticket_resolved"}


def ticket_link(rt: Runtime, number: str) -> str:
    """Where the reporter follows a ticket online (``LOKET_PUBLIC_URL``)."""
    return f"{rt.settings.public_url.rstrip('/')}/tickets/{number}"


def site_name(rt: Runtime) -> str:
    return parseaddr(rt.settings.mail_from)[0] or "Loket"


async def compose(rt: Runtime, *, kind: str, recipient: User, desk: DeskInfo | None,
                  values: dict[str, object], ticket_id: int | None = None) -> list[OutboxMessage]:
    """Render the mail of ``kind`` for ``recipient`` in their language; one unsaved row for email and one for
    each further channel plugins add."""
    language = recipient.language or (desk.spec.language if desk else rt.settings.default_language)
    spec = desk.spec if desk else None
    desk_name = spec.name if spec else site_name(rt)
    rendered = render(await find_template(rt.pm, spec, kind, language),
                      {"recipient_name": recipient.display_name, "desk_name": desk_name, **values})
    now = rt.now()
    channels = ["email"]
    for extra in await gather_results(rt.pm.hook.notification_channels(desk=spec, kind=kind)):
        channels.extend(channel for channel in extra if channel not in channels)
    return [OutboxMessage(channel=channel, kind=kind, recipient=recipient.email, subject=rendered.subject,
                          body_text=rendered.text, body_html=rendered.html, language=language,
                          desk_id=desk.id if desk else None, ticket_id=ticket_id, status="pending",
                          attempts=0, next_attempt_at=now, last_error="", created_at=now)
            for channel in channels]


async def enqueue(rt: Runtime, **details) -> list[OutboxMessage]:
    """Compose and store now (in the caller's transaction)."""
    rows = await compose(rt, **details)
    await OutboxMessage.bulk_create(rows)
    return rows


async def ticket_mails(rt: Runtime, happened: list[tuple[Ticket, TicketEvent]]) -> list[OutboxMessage]:
    """The reporter's mails for a batch of events: one per public agent message (a reply, a feedback request,
    a resolution) written by someone other than the reporter. A feedback request goes to whoever it asks (the
    reporter, or another participant such as the level-1 agent who escalated). Two queries, whatever the batch
    size, and one more for each mail to a guest, whose link is a fresh guest link (they have no password)."""
    wanted = [(ticket, event) for ticket, event in happened
              if event.kind in TICKET_MAIL_KINDS and event.visibility == "public" and event.actor_id is not None
              and event.actor_id != ticket.reporter_id and event.message_id is not None]
    if not wanted:
        return []

    def recipient_id(ticket: Ticket, event: TicketEvent) -> int:
        asked = event.kind == "feedback_requested" and ticket.asked_id is not None
        return ticket.asked_id if asked else ticket.reporter_id

    user_ids = {recipient_id(*pair) for pair in wanted} | {event.actor_id for _, event in wanted}
    users = {user.id: user for user in await User.filter(id__in=user_ids)}
    bodies = dict(await Message.filter(id__in=[event.message_id for _, event in wanted]).values_list("id", "body"))
    rows: list[OutboxMessage] = []
    for ticket, event in wanted:
        reporter = users[recipient_id(ticket, event)]
        if not reporter.is_active or reporter.id == event.actor_id:
            continue
        link = (await issue_link(rt, reporter, GUEST_ACCESS, ticket=ticket.number) if reporter.is_guest
                else ticket_link(rt, ticket.number))
        rows += await compose(rt, kind=TICKET_MAIL_KINDS[event.kind], recipient=reporter,
                              desk=rt.desks.by_id(ticket.desk_id), ticket_id=ticket.id,
                              values={"ticket_number": ticket.number, "ticket_title": ticket.title,
                                      "display_number": display_number(rt.desks.by_id(ticket.desk_id).spec,
                                                                       ticket.number),
                                      "agent_name": users[event.actor_id].display_name,
                                      "message": bodies.get(event.message_id, ""), "link": link})
    return rows
