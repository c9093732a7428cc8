"""Tickets, their conversation, files, activity events, ratings and number counters."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Ticket(Model):
    """A request for help at a desk. ``version`` rises by one with every event (optimistic concurrency),
    and equals the sequence number of the ticket's latest event."""

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=40, unique=True)
    desk = fields.ForeignKeyField("loket.Desk", related_name="tickets", on_delete=fields.RESTRICT)
    topic = fields.ForeignKeyField("loket.Topic", related_name="tickets", null=True, on_delete=fields.SET_NULL)
    application = fields.CharField(max_length=64, null=True)
    application_version = fields.CharField(max_length=64, null=True)
    title = fields.CharField(max_length=300)
    description = fields.TextField()
    reporter = fields.ForeignKeyField("loket.User", related_name="reported_tickets", on_delete=fields.RESTRICT)
    created_by = fields.ForeignKeyField("loket.User", related_name="created_tickets", on_delete=fields.RESTRICT)
    reporter_phone = fields.CharField(max_length=32, null=True, description="The phone a guest left to be reached at")
    channel = fields.CharField(max_length=16, default="web")
    reporter_category = fields.CharField(max_length=100, null=True)
    origin = fields.CharField(max_length=200, null=True, description="Where the ticket comes from, e.g. a local office")
    status = fields.CharField(max_length=32, default="new", db_index=True)  # a status slug of the desk's workflow
    status_since = fields.DatetimeField(null=True, description="When the ticket entered its current status")
    status_category = fields.CharField(max_length=32, default="new", db_index=True,
                                       description="What the status means to core: new, open, waiting_on_reporter, "
                                                   "waiting_on_third_party, resolved, closed or final")
    team = fields.ForeignKeyField("loket.Team", related_name="held_tickets", on_delete=fields.RESTRICT,
                                  description="The team holding the ticket now (its position)")
    assignee = fields.ForeignKeyField("loket.User", related_name="assigned_tickets", null=True,
                                      on_delete=fields.SET_NULL)
    asked = fields.ForeignKeyField("loket.User", related_name="asked_tickets", null=True, on_delete=fields.SET_NULL,
                                   description="Whom a pending question on the ticket is addressed to")
    priority = fields.CharField(max_length=32, null=True)
    priority_reason = fields.TextField(default="")
    fields_data = fields.JSONField(default=dict, source_field="fields")
    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(db_index=True)
    updated_at = fields.DatetimeField()
    taken_at = fields.DatetimeField(null=True)
    first_response_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    close_reason = fields.CharField(max_length=32, null=True)
    resolved_by = fields.ForeignKeyField("loket.User", related_name="resolved_tickets", null=True,
                                         on_delete=fields.SET_NULL)
    closed_by = fields.ForeignKeyField("loket.User", related_name="closed_tickets", null=True,
                                       on_delete=fields.SET_NULL, description="None when the system closed it")
    sla_due_at = fields.DatetimeField(null=True, description="The earliest due time of its running SLA clocks")
    sla_breached = fields.BooleanField(default=False)

    class Meta:
        table = "loket_ticket"
        # (desk, moment) pairs serve the reports' per-period counts, medians and backlog.
        indexes = (("desk_id", "status", "id"), ("team_id", "status", "id"), ("reporter_id", "id"),
                   ("assignee_id", "status", "id"), ("sla_due_at", "id"), ("desk_id", "created_at"),
                   ("desk_id", "first_response_at"), ("desk_id", "resolved_at"), ("desk_id", "closed_at"))


class Message(Model):
    """A message on a ticket: a public reply, an internal note agents alone see, or a system line."""

    id = fields.IntField(primary_key=True)
    ticket = fields.ForeignKeyField("loket.Ticket", related_name="messages", on_delete=fields.CASCADE)
    author = fields.ForeignKeyField("loket.User", related_name="messages", null=True, on_delete=fields.SET_NULL)
    visibility = fields.CharField(max_length=16, default="public", description="public or internal")
    purpose = fields.CharField(max_length=32, default="reply")
    body = fields.TextField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "loket_message"
        indexes = (("ticket_id", "id"),)


class Attachment(Model):
    """A file: staged by its uploader, then bound to a ticket (and the message it came with) on submit."""

    id = fields.UUIDField(primary_key=True)
    desk = fields.ForeignKeyField("loket.Desk", related_name="attachments", on_delete=fields.CASCADE)
    uploader = fields.ForeignKeyField("loket.User", related_name="attachments", on_delete=fields.CASCADE)
    purpose = fields.CharField(max_length=32, default="ticket")
    ticket = fields.ForeignKeyField("loket.Ticket", related_name="attachments", null=True, on_delete=fields.CASCADE)
    message = fields.ForeignKeyField("loket.Message", related_name="attachments", null=True,
                                     on_delete=fields.SET_NULL)
    visibility = fields.CharField(max_length=16, default="public")
    storage_key = fields.CharField(max_length=255, unique=True)
    original_name = fields.CharField(max_length=255)
    content_type = fields.CharField(max_length=127, default="application/octet-stream")
    size = fields.BigIntField()
    sha256 = fields.CharField(max_length=64)
    created_at = fields.DatetimeField()
    bound_at = fields.DatetimeField(null=True)

    class Meta:
        table = "loket_attachment"
        indexes = (("ticket_id", "created_at"),)


class TicketEvent(Model):
    """One thing that happened to a ticket, in order: the single source for the timeline and live updates."""

    id = fields.BigIntField(primary_key=True)
    ticket = fields.ForeignKeyField("loket.Ticket", related_name="events", on_delete=fields.CASCADE)
    seq = fields.IntField(description="1, 2, 3, ... per ticket")
    actor = fields.ForeignKeyField("loket.User", related_name="ticket_events", null=True, on_delete=fields.SET_NULL)
    kind = fields.CharField(max_length=40)
    from_status = fields.CharField(max_length=32, null=True)
    to_status = fields.CharField(max_length=32, null=True)
    from_team = fields.ForeignKeyField("loket.Team", related_name=False, null=True, on_delete=fields.SET_NULL)
    to_team = fields.ForeignKeyField("loket.Team", related_name=False, null=True, on_delete=fields.SET_NULL)
    message = fields.ForeignKeyField("loket.Message", related_name="events", null=True, on_delete=fields.SET_NULL)
    visibility = fields.CharField(max_length=16, default="public")
    payload = fields.JSONField(default=dict)
    created_at = fields.DatetimeField()

    class Meta:
        table = "loket_ticket_event"
        unique_together = (("ticket", "seq"),)
        indexes = (("actor_id", "ticket_id"), ("kind", "created_at"))  # reports count kinds per period


class Rating(Model):
    """The reporter's answers to the desk's rating form, once per ticket."""

    id = fields.IntField(primary_key=True)
    ticket = fields.OneToOneField("loket.Ticket", related_name="rating", on_delete=fields.CASCADE)
    form = fields.CharField(max_length=64)
    answers = fields.JSONField()
    stars = fields.IntField(null=True, description="The stars answer when the form has one, for reports")
    rated_by = fields.ForeignKeyField("loket.User", related_name="ratings", on_delete=fields.CASCADE)
    created_at = fields.DatetimeField()

    class Meta:
        table = "loket_rating"
        indexes = (("created_at",),)  # reports count ratings per period


class TicketCounter(Model):
    """Sequence numbers for ticket numbers, per desk and scope (e.g. a day): each increment is atomic."""

    id = fields.IntField(primary_key=True)
    desk = fields.ForeignKeyField("loket.Desk", related_name="counters", on_delete=fields.CASCADE)
    scope = fields.CharField(max_length=64)
    value = fields.IntField(default=0)

    class Meta:
        table = "loket_ticket_counter"
        unique_together = (("desk", "scope"),)


class TicketParticipant(Model):
    """Someone taking part in a ticket besides its reporter: an agent who held it (``holder``) or a person
    asked for information (``asked``). Participants may be asked, and see and follow the ticket."""

    id = fields.IntField(primary_key=True)
    ticket = fields.ForeignKeyField("loket.Ticket", related_name="participants", on_delete=fields.CASCADE)
    user = fields.ForeignKeyField("loket.User", related_name="participations", on_delete=fields.CASCADE)
    role = fields.CharField(max_length=16, description="holder or asked")
    created_at = fields.DatetimeField()

    class Meta:
        table = "loket_ticket_participant"
        unique_together = (("ticket", "user", "role"),)
        indexes = (("user_id", "ticket_id"),)
