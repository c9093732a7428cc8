"""SLA clocks with their running and paused segments, and timers for timed transitions."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class SlaClock(Model):
    """One target of one ticket (first response or resolution): how much time it has used, when it is due."""

    id = fields.IntField(primary_key=True)
    ticket = fields.ForeignKeyField("loket.Ticket", related_name="sla_clocks", on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=32, description="first_response or resolution")
    target_seconds = fields.IntField()
    working_time = fields.BooleanField(default=False, description="Counted in the desk calendar, not plain hours")
    state = fields.CharField(max_length=16, default="running", description="running, paused or stopped")
    used_seconds = fields.IntField(default=0, description="Counted time used before running_since")
    running_since = fields.DatetimeField(null=True)
    due_at = fields.DatetimeField(null=True, description="When the target is missed, if it keeps running")
    warned_at = fields.DatetimeField(null=True)
    breached_at = fields.DatetimeField(null=True)
    stopped_at = fields.DatetimeField(null=True)

    class Meta:
        table = "loket_sla_clock"
        unique_together = (("ticket", "kind"),)


class SlaSegment(Model):
    """A stretch during which a clock ran or stood still, and why."""

    id = fields.IntField(primary_key=True)
    clock = fields.ForeignKeyField("loket.SlaClock", related_name="segments", on_delete=fields.CASCADE)
    state = fields.CharField(max_length=16, description="running or paused")
    reason = fields.CharField(max_length=64, default="")
    note = fields.TextField(default="")
    started_at = fields.DatetimeField()
    ended_at = fields.DatetimeField(null=True)

    class Meta:
        table = "loket_sla_segment"
        indexes = (("clock_id", "ended_at"),)  # a clock's open segment, read by every event on its ticket


class Timer(Model):
    """A timed transition: fires once at ``due_at`` if its ticket is still in ``expect_status``."""

    id = fields.BigIntField(primary_key=True)
    ticket = fields.ForeignKeyField("loket.Ticket", related_name="timers", on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=64)
    due_at = fields.DatetimeField()
    status = fields.CharField(max_length=16, default="pending", description="pending, firing, fired, cancelled")
    expect_status = fields.CharField(max_length=32, null=True)
    payload = fields.JSONField(default=dict)
    armed_at = fields.DatetimeField()
    claimed_by = fields.CharField(max_length=64, null=True)
    claimed_at = fields.DatetimeField(null=True)
    fired_at = fields.DatetimeField(null=True)
    outcome = fields.CharField(max_length=32, null=True, description="What firing did, or why it did nothing")

    class Meta:
        table = "loket_timer"
        indexes = (("status", "due_at"), ("ticket_id", "status"))
