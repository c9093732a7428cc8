"""Sending the outbox: a background loop in every server process that runs timers.

Each due message is claimed with a conditional update (its attempt count and next attempt time move
forward, so a process that dies mid-send leaves it to be retried after the lease). A failure waits
``outbox_retry_seconds`` doubled per attempt, up to ``outbox_max_attempts``; then the message is marked failed.
Email goes through SMTP (aiosmtplib) when ``LOKET_SMTP_HOST`` is set, else to an ``.eml`` file under
``LOKET_DATA_DIR/outbox`` (development). Other channels go to the plugin that added them (``send_notification``).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import aiosmtplib

from loket.core.background import BackgroundLoop
from loket.core.models import Desk, OutboxMessage, Ticket
from loket.core.plugin_types import OutgoingMessage
from loket.core.plugins import first_answer
from loket.core.runtime import Runtime
from loket.core.settings import Settings

logger = logging.getLogger("loket.outbox")

LEASE = timedelta(minutes=5)


def email_of(message: OutboxMessage, settings: Settings) -> EmailMessage:
    """The MIME email of an outbox row: plain text, with the HTML as an alternative."""
    email = EmailMessage()
    email["From"] = settings.mail_from
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}")
    email["Content-Language"] = message.language
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    return email


async def deliver_email(message: OutboxMessage, settings: Settings) -> None:
    """Send through SMTP, or write an .eml file when no SMTP host is configured. Raises on failure."""
    email = email_of(message, settings)
    if not settings.smtp_host:
        folder = Path(settings.data_dir) / "outbox"

        def write() -> None:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{message.id:08d}.eml").write_bytes(email.as_bytes())

        await asyncio.to_thread(write)
        return
    await aiosmtplib.send(
        email, hostname=settings.smtp_host, port=settings.smtp_port, username=settings.smtp_username or None,
        password=settings.smtp_password or None, use_tls=settings.smtp_security == "tls",
        start_tls=True if settings.smtp_security == "starttls" else False, timeout=settings.smtp_timeout_seconds,
        cert_bundle=str(settings.smtp_ca_file) if settings.smtp_ca_file else None)


async def deliver(rt: Runtime, message: OutboxMessage) -> None:
    if message.channel == "email":
        await deliver_email(message, rt.settings)
        return
    desk = await Desk.get_or_none(id=message.desk_id) if message.desk_id else None
    ticket = await Ticket.get_or_none(id=message.ticket_id) if message.ticket_id else None
    outgoing = OutgoingMessage(channel=message.channel, kind=message.kind, recipient=message.recipient,
                               subject=message.subject, text=message.body_text, html=message.body_html,
                               language=message.language, desk=desk.slug if desk else None,
                               ticket_number=ticket.number if ticket else None)
    if await first_answer(rt.pm.hook.send_notification, channel=message.channel, message=outgoing) is None:
        raise RuntimeError(f"no plugin sends on channel {message.channel!r}")


def backoff(settings: Settings, attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: the base, doubled for each earlier failure."""
    return timedelta(seconds=settings.outbox_retry_seconds * 2 ** (attempts - 1))


async def send_pending(rt: Runtime, *, limit: int = 100) -> int:
    """Send the messages due now; returns how many were sent."""
    now = rt.now()
    due = await OutboxMessage.filter(status="pending", next_attempt_at__lte=now).order_by("next_attempt_at", "id") \
        .limit(limit)
    sent = 0
    for message in due:
        attempts = message.attempts + 1
        claimed = await OutboxMessage.filter(id=message.id, status="pending", attempts=message.attempts).update(
            attempts=attempts, next_attempt_at=now + LEASE)
        if not claimed:
            continue  # another process has it
        try:
            await deliver(rt, message)
        except Exception as exc:  # noqa: BLE001 - any failure is retried, and recorded for the operator
            give_up = attempts >= rt.settings.outbox_max_attempts
            logger.warning("sending %s #%s to %s failed (attempt %s): %s", message.channel, message.id,
                           message.recipient, attempts, exc)
            await OutboxMessage.filter(id=message.id).update(
                status="failed" if give_up else "pending", next_attempt_at=now + backoff(rt.settings, attempts),
                last_error=f"{type(exc).__name__}: {exc}"[:2000])
            continue
        await OutboxMessage.filter(id=message.id).update(status="sent", sent_at=rt.now(), last_error="")
        sent += 1
    return sent


class OutboxSender(BackgroundLoop):
    """Sends pending notifications from this server process."""

    name = "loket-outbox"

    def __init__(self, rt: Runtime, *, poll: float = 2.0) -> None:
        super().__init__(poll=poll)
        self.rt = rt

    async def run_round(self) -> bool:
        return bool(await send_pending(self.rt))
