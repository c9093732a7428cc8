"""What a desk's admins change at run time, and the record of every administrative change."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class AuditEntry(Model):
    """One administrative change: who made it, when, to what, and the values before and after.

    Written in the transaction of the change itself, so a change and its record stand or fall together.
    """

    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField()
    actor = fields.ForeignKeyField("loket.User", related_name="audit_entries", null=True, on_delete=fields.SET_NULL)
    actor_label = fields.CharField(max_length=300, description="Who acted, as shown: the user's email, or "
                                   "'console (<login>)' for an operator's command")
    desk = fields.ForeignKeyField("loket.Desk", related_name="audit_entries", null=True, on_delete=fields.SET_NULL,
                                  description="The desk the change belongs to (null for deployment-wide changes)")
    action = fields.CharField(max_length=64, description="What was done, e.g. 'topic.add', 'user.deactivate'")
    target = fields.CharField(max_length=300, description="What it was done to, e.g. 'topic:pengaduan', 'user:12'")
    before = fields.JSONField(null=True)
    after = fields.JSONField(null=True)

    class Meta:
        table = "loket_audit_entry"
        indexes = (("desk_id", "id"), ("actor_id", "id"), ("action", "id"))


class DeskSetting(Model):
    """One piece of a desk's configuration as its admins changed it, laid over what the desk's plugin defines.

    ``section`` names the part (``topic``, ``field``, ``calendar``, ``holiday``, ``pause_reason``,
    ``status_label``, ...) and ``key`` the item within it (a topic slug, a field key, a date); ``value`` is the
    admin's version of that item. Deleting the row returns the item to the plugin's definition.
    """

    id = fields.IntField(primary_key=True)
    desk = fields.ForeignKeyField("loket.Desk", related_name="settings", on_delete=fields.CASCADE)
    section = fields.CharField(max_length=32)
    key = fields.CharField(max_length=100)
    value = fields.JSONField()
    updated_at = fields.DatetimeField()
    updated_by = fields.ForeignKeyField("loket.User", related_name="desk_settings", null=True,
                                        on_delete=fields.SET_NULL)

    class Meta:
        table = "loket_desk_setting"
        unique_together = (("desk", "section", "key"),)


class SlaTargetSet(Model):
    """A desk's SLA targets as its admins set them, in force from ``effective_from``.

    Every change adds a set rather than editing one: a ticket keeps the targets in force when it was opened,
    so the sets of the past stay readable. ``targets`` is a list of ``{"topics", "priorities",
    "first_response", "resolution"}`` with durations written as ``Duration.parse`` reads them.
    """

    id = fields.IntField(primary_key=True)
    desk = fields.ForeignKeyField("loket.Desk", related_name="sla_target_sets", on_delete=fields.CASCADE)
    effective_from = fields.DatetimeField()
    targets = fields.JSONField()
    created_by = fields.ForeignKeyField("loket.User", related_name="sla_target_sets", null=True,
                                        on_delete=fields.SET_NULL)

    class Meta:
        table = "loket_sla_target_set"
        indexes = (("desk_id", "effective_from"),)
