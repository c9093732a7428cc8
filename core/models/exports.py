"""Ticket exports: a job per request, its progress and its file, readable by any server process."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class ExportJob(Model):
    """One export of a ticket list (CSV or Excel) asked for by a user.

    The job holds the list's query (queue, filter, order) and is run by whichever process claims it: the
    claim raises ``attempt`` and sets a lease that the runner renews with each batch, so a job left by a dead
    process is taken over and the old runner, finding its attempt stale, stops writing. The finished file
    lives in the attachment storage under ``storage_key`` until ``expires_at``.
    """

    id = fields.UUIDField(primary_key=True)
    requested_by = fields.ForeignKeyField("loket.User", related_name="export_jobs", on_delete=fields.CASCADE)
    format = fields.CharField(max_length=8, description="csv or xlsx")
    language = fields.CharField(max_length=8)
    query = fields.JSONField(description="The queue, filter and order of the list exported")
    status = fields.CharField(max_length=16, default="pending", description="pending, running, done, failed, expired")
    rows_total = fields.IntField(null=True)
    rows_done = fields.IntField(default=0)
    attempt = fields.IntField(default=0)
    lease_until = fields.DatetimeField(null=True)
    storage_key = fields.CharField(max_length=255, null=True)
    file_name = fields.CharField(max_length=255, default="")
    size = fields.BigIntField(null=True)
    error = fields.CharField(max_length=64, null=True, description="The error code when it failed")
    created_at = fields.DatetimeField()
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(null=True)

    class Meta:
        table = "loket_export_job"
        indexes = (("requested_by_id", "created_at"), ("status", "lease_until"), ("expires_at",))
