"""Outgoing notifications: the outbox a background sender empties."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class OutboxMessage(Model):
    """A message to send (an email, or a channel a plugin adds), sent with retries.

    Written in the transaction of the event that causes it.
    """

    id = fields.IntField(primary_key=True)
    channel = fields.CharField(max_length=32, default="email")
    kind = fields.CharField(max_length=64, description="Which template made it, e.g. ticket_reply")
    recipient = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=300)
    body_text = fields.TextField()
    body_html = fields.TextField(default="")
    language = fields.CharField(max_length=8, default="id")
    desk = fields.ForeignKeyField("loket.Desk", related_name="outbox", null=True, on_delete=fields.SET_NULL)
    ticket = fields.ForeignKeyField("loket.Ticket", related_name="outbox", null=True, on_delete=fields.SET_NULL)
    status = fields.CharField(max_length=16, default="pending", description="pending, sent or failed")
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    last_error = fields.TextField(default="")
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "loket_outbox_message"
        indexes = (("status", "next_attempt_at"),)
