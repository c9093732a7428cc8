"""A desk's help topics (categories and sub-categories), mirrored from its plugin."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Topic(Model):
    """A help topic, category or service of a desk, possibly under a parent (a sub-category)."""

    id = fields.IntField(primary_key=True)
    desk = fields.ForeignKeyField("loket.Desk", related_name="topics", on_delete=fields.CASCADE)
    parent = fields.ForeignKeyField("loket.Topic", related_name="children", null=True, on_delete=fields.CASCADE)
    slug = fields.CharField(max_length=100)
    name = fields.CharField(max_length=300)
    depth = fields.IntField(default=0)
    position = fields.IntField(default=0)
    is_active = fields.BooleanField(default=True)

    class Meta:
        table = "loket_topic"
        unique_together = (("desk", "slug"),)
