"""Notifications: the email templates a desk gives, and messages as a channel's sender gets them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EmailTemplate:
    """An email's subject, plain text and HTML, as ``string.Template`` texts (``$name`` or ``${name}``).

    Values offered for every kind: ``recipient_name``, ``desk_name``, ``link``; ticket mails add
    ``ticket_number`` (as stored), ``display_number`` (as the desk shows it, see ``DeskSpec.number_display``),
    ``ticket_title``, ``agent_name``, ``message``. Values are HTML-escaped in ``html``.
    """

    subject: str
    text: str
    html: str = ""


@dataclass(frozen=True)
class OutgoingMessage:
    """A notification as a channel's sender gets it (``send_notification``)."""

    channel: str
    kind: str
    recipient: str
    subject: str
    text: str
    html: str
    language: str
    desk: str | None = None
    ticket_number: str | None = None
