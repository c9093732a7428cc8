"""Exports of ticket lists (CSV, Excel) as jobs: start one, follow its progress, download its file."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncGenerator
from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core import models
from loket.core.exports import jobs, listing
from loket.core.files import links
from loket.core.exports.writers import EXCEL_MAX_ROWS
from loket.core.paging import window
from loket.core.tickets import queries
from loket.schema.inputs import Cursor, GlobalId
from loket.schema.permissions import IsAuthenticated
from loket.schema.queries.tickets import TicketFilter, TicketOrder, TicketQueue
from loket.schema.types.connections import AFTER, BEFORE, FIRST, LAST, Connection, connection
from loket.schema.types.file_links import LINK_NOTE, signed
from loket.schema.types.node import Node, global_id, parse_global_id

PROGRESS_POLL_SECONDS = 0.5
PAGE_SIZE = 10


def job_key(value: str) -> str:
    """The job an `id` argument names: an ExportJob's global id (or, deprecated, its bare UUID). What names no
    job is left for ``job_of`` to refuse (EXPORT_NOT_FOUND)."""
    kind, key = parse_global_id(value)
    return key if kind == "ExportJob" else value


@strawberry.enum(description="File formats of an export.")
class ExportFormat(Enum):
    CSV = strawberry.enum_value("csv", description="Comma-separated values, UTF-8.")
    XLSX = strawberry.enum_value("xlsx", description=f"An Excel workbook of one sheet: at most {EXCEL_MAX_ROWS - 1:,} "
                                 "tickets, else the job fails with EXPORT_TOO_LARGE.")


@strawberry.enum(description="Where an export stands.")
class ExportStatus(Enum):
    PENDING = strawberry.enum_value("pending", description="Waiting to start.")
    RUNNING = strawberry.enum_value("running", description="Writing rows. A job whose process stopped starts "
                                    "again elsewhere, from row 0.")
    DONE = strawberry.enum_value("done", description="The file is ready at `downloadUrl` until `expiresAt`.")
    FAILED = strawberry.enum_value("failed", description="It stopped; `errorCode` and `error` say why.")
    EXPIRED = strawberry.enum_value("expired", description="The file was deleted after `expiresAt`: export again.")


@strawberry.type(description="An export of a ticket list. Poll `exportJob(id:)` or subscribe to `exportProgress`; "
                 "when `status` is DONE, download `downloadUrl` (until `expiresAt`).")
class ExportJob(Node):
    format: ExportFormat = strawberry.field(description="The file's format.")
    status: ExportStatus = strawberry.field(description="Where the job stands.")
    rows_done: int = strawberry.field(description="Rows written so far.")
    rows_total: int | None = strawberry.field(description="Known once the job has started.")
    file_name: str = strawberry.field(description="The file's name for saving, e.g. with the desk's slug and the "
                                      "start time in its time zone.")
    size: float | None = strawberry.field(description="Bytes, once done.")
    created_at: datetime = strawberry.field(description="When it was asked for.")
    finished_at: datetime | None = strawberry.field(description="When it was done or failed; null before.")
    expires_at: datetime | None = strawberry.field(description="When the file will be deleted.")
    error_code: str | None = strawberry.field(description="Why it failed: a value of ErrorCode (ACCOUNT_DISABLED, "
                                              "EXPORT_TOO_LARGE or EXPORT_FAILED); null unless it failed.")
    error: str | None = strawberry.field(description="Why it failed, in your language.")
    _job_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="Rows written so far, from 0 to 1.")
    def progress(self) -> float:
        if self.status is ExportStatus.DONE:
            return 1.0
        return min(1.0, self.rows_done / self.rows_total) if self.rows_total else 0.0

    @strawberry.field(description="Where to download the file once done (`GET`; `Range` works). " + LINK_NOTE)
    def download_url(self, info: Info) -> str | None:
        return signed(info, links.export_link(self._job_id)) if self.status is ExportStatus.DONE else None

    @classmethod
    def of(cls, job: models.ExportJob, info: Info) -> ExportJob:
        return cls(id=global_id("ExportJob", job.id), format=ExportFormat(job.format), status=ExportStatus(job.status),
                   rows_done=job.rows_done, rows_total=job.rows_total, file_name=job.file_name,
                   size=float(job.size) if job.size is not None else None, created_at=job.created_at,
                   finished_at=job.finished_at, expires_at=job.expires_at, error_code=job.error,
                   error=info.context.translate(job.error, max=EXCEL_MAX_ROWS - 1) if job.error else None,
                   _job_id=job.id)


@strawberry.type
class ExportQueries:
    @strawberry.field(description="One of your exports.", permission_classes=[IsAuthenticated])
    async def export_job(self, info: Info, id: Annotated[GlobalId, strawberry.argument(
            description="The job's `id`.")]) -> ExportJob:
        return ExportJob.of(await jobs.job_of(info.context.user.id, job_key(id)), info)

    @strawberry.field(description="Your exports, newest first.", permission_classes=[IsAuthenticated])
    async def export_jobs(self, info: Info,
                          first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
                          after: Annotated[Cursor | None, strawberry.argument(description=AFTER)] = None,
                          last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
                          before: Annotated[Cursor | None, strawberry.argument(description=BEFORE)] = None,
                          ) -> Connection[ExportJob]:
        page = await listing.page_jobs(info.context.user.id, window(first, after, last, before, default=PAGE_SIZE))
        return connection(page, listing.cursor_of, lambda job: ExportJob.of(job, info))


@strawberry.input(description="What to export: a ticket list as `tickets` takes it, and the file format.")
class ExportTicketsInput:
    format: ExportFormat = strawberry.field(description="The file format.")
    queue: TicketQueue = strawberry.field(default=TicketQueue.ALL, description="Which tickets, as in `tickets`.")
    filter: TicketFilter | None = strawberry.field(default=None, description="Narrow the list, as in `tickets`.")
    order_by: TicketOrder = strawberry.field(default=TicketOrder.NEWEST, description="The rows' order.")


@strawberry.type(description="The export job that was started.")
class ExportJobPayload:
    export_job: ExportJob = strawberry.field(description="The job: follow it until it is done.")


@strawberry.type
class ExportMutations:
    @strawberry.mutation(description="Export a ticket list (the same queue, filter, search and order as `tickets`, "
                         "every page) to CSV or Excel. Runs in the background: follow the job it returns. Headers "
                         "and times are in the desk's language and time zone when the filter names a desk.",
                         permission_classes=[IsAuthenticated])
    async def export_tickets(
            self, info: Info, input: Annotated[ExportTicketsInput, strawberry.argument(description="What to export.")],
    ) -> ExportJobPayload:
        query = jobs.ExportQuery(queue=queries.Queue(input.queue.value),
                                 wanted=(input.filter or TicketFilter()).to_core(),
                                 order=queries.Order(input.order_by.value))
        job = await jobs.start_export(info.context.runtime, await info.context.viewer(), query, input.format.value,
                                      info.context.language)
        return ExportJobPayload(export_job=ExportJob.of(job, info))


@strawberry.type
class ExportSubscriptions:
    @strawberry.subscription(description="An export's progress: the job now, then each time it moves, until it is "
                             "done, failed or expired (wherever it runs).", permission_classes=[IsAuthenticated])
    async def export_progress(self, info: Info, id: Annotated[GlobalId, strawberry.argument(
            description="The job's `id` (one of your exports).")]) -> AsyncGenerator[ExportJob, None]:
        owner, id = info.context.user.id, job_key(id)
        job = await jobs.job_of(owner, id)
        seen = None
        while True:
            state = (job.status, job.rows_done, job.rows_total)
            if state != seen:
                seen = state
                yield ExportJob.of(job, info)
            if job.status in jobs.FINISHED:
                return
            await asyncio.sleep(PROGRESS_POLL_SECONDS)
            job = await jobs.job_of(owner, id)
