"""Outcomes of self-service troubleshooting guides: did a guide solve the problem without a ticket."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class GuideFeedback(Model):
    """A reporter read a guide of a topic and said whether it solved the problem (a deflected request).

    One row per reporter, guide and day (the desk's day): a second answer the same day replaces the first.
    """

    id = fields.BigIntField(primary_key=True)
    desk = fields.ForeignKeyField("loket.Desk", related_name="guide_feedback", on_delete=fields.CASCADE)
    topic = fields.CharField(max_length=100, description="Slug of the topic the guide belongs to")
    guide = fields.CharField(max_length=100, description="Key of the guide within its topic")
    solved = fields.BooleanField()
    user = fields.ForeignKeyField("loket.User", related_name="guide_feedback", null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField()
    day = fields.DateField(description="The desk's day of the answer: one answer per reporter, guide and day")

    class Meta:
        table = "loket_guide_feedback"
        indexes = (("desk_id", "solved"),)
        unique_together = (("user", "desk", "topic", "guide", "day"),)
