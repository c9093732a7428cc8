"""Export jobs: a ticket list written to CSV or Excel in the background, followed by its progress.

A job stores the list's query (queue, filter, order), never its rows. Whoever asks starts it at once in the
process that received the request; its state (status, rows done of the total, the file's storage key) lives in
the database, so any process answers "how far is my export" and serves its file. The runner claims a job with a
conditional update that raises ``attempt`` and sets a lease, renews the lease with every batch, and stops when
its attempt is no longer current; the ``ExportRunner`` loop of every process that runs timers takes over jobs
whose lease ran out (their process stopped) and deletes files past ``LOKET_EXPORT_TTL_HOURS``.

Rows come from the very query the ``tickets`` list runs for that user (``queries.ticket_query``), read in
keyset batches and written as they come, in a worker thread, so memory stays flat however long the list.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import anyio.to_thread
from tortoise.expressions import F, Q

from loket.core.background import BackgroundLoop
from loket.core.errors import InvalidInputError, NotFoundError
from loket.core.exports.columns import Layout, RowMaker
from loket.core.exports.writers import EXCEL_MAX_ROWS, CsvRowWriter, RowWriter, XlsxRowWriter
from loket.core.models import ExportJob, User
from loket.core.runtime import Runtime
from loket.core.tickets import queries
from loket.core.workflow.access import Viewer, viewer_for

logger = logging.getLogger("loket.exports")

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
BATCH = 1000
LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 3
KEEP_RECORDS = timedelta(days=30)
MAX_UNFINISHED_PER_USER = 3
FINISHED = ("done", "failed", "expired")


@dataclass(frozen=True)
class ExportQuery:
    queue: queries.Queue
    wanted: queries.TicketFilter
    order: queries.Order

    def to_json(self) -> dict[str, Any]:
        wanted = {key: value.isoformat() if isinstance(value, datetime) else value
                  for key, value in dataclasses.asdict(self.wanted).items()}
        return {"queue": self.queue.value, "order": self.order.value, "filter": wanted}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExportQuery:
        wanted = dict(data["filter"])
        for key in ("created_from", "created_to"):
            if wanted.get(key):
                wanted[key] = datetime.fromisoformat(wanted[key])
        return cls(queue=queries.Queue(data["queue"]), wanted=queries.TicketFilter(**wanted),
                   order=queries.Order(data["order"]))


async def start_export(rt: Runtime, viewer: Viewer, query: ExportQuery, fmt: str, language: str) -> ExportJob:
    """Check the query as the list would (same errors, same fields), record the job and start it here."""
    if fmt not in FORMATS:
        raise InvalidInputError("NOT_A_CHOICE", field="format", value=fmt, choices=", ".join(FORMATS))
    await queries.ticket_query(rt, viewer, query.queue, query.wanted)
    unfinished = await ExportJob.filter(requested_by_id=viewer.id, status__in=("pending", "running")).count()
    if unfinished >= MAX_UNFINISHED_PER_USER:
        raise InvalidInputError("TOO_MANY_EXPORTS", field="format", max=MAX_UNFINISHED_PER_USER)
    desk = rt.desks.find(query.wanted.desk) if query.wanted.desk else None
    now = rt.now()
    language = desk.spec.language if desk else language
    stamp = now.astimezone(queries.desk_timezone(rt, desk)).strftime("%Y%m%d-%H%M")
    prefix = rt.catalog.translate("EXPORT_FILE_PREFIX", language)
    job = await ExportJob.create(
        id=uuid.uuid4(), requested_by_id=viewer.id, format=fmt, language=language, query=query.to_json(),
        file_name=f"{prefix}-{desk.slug + '-' if desk else ''}{stamp}.{fmt}", created_at=now)
    rt.tasks.spawn(run_export(rt, job.id), name=f"loket-export-{job.id}")
    return job


async def job_of(owner_id: int, job_id: str) -> ExportJob:
    """The caller's own job; anyone else's answers EXPORT_NOT_FOUND like one that does not exist. An export
    holds what its requester may see, so it is theirs alone (not even a superuser's to read)."""
    try:
        key = uuid.UUID(str(job_id))
    except ValueError:
        key = None
    job = await ExportJob.get_or_none(id=key, requested_by_id=owner_id) if key else None
    if job is None:
        raise NotFoundError("EXPORT_NOT_FOUND", field="id")
    return job


async def _claim(rt: Runtime, job_id: uuid.UUID) -> ExportJob | None:
    """Take the job if it waits, or if its runner's lease ran out; None when another runner has it."""
    now = rt.now()
    job = await ExportJob.get_or_none(id=job_id)
    if job is None or job.status in FINISHED:
        return None
    if job.status == "running" and job.lease_until and job.lease_until > now:
        return None
    if job.attempt >= MAX_ATTEMPTS:
        await ExportJob.filter(id=job.id, attempt=job.attempt, status=job.status).update(
            status="failed", error="EXPORT_FAILED", finished_at=now, lease_until=None)
        return None
    claimed = await ExportJob.filter(id=job.id, attempt=job.attempt, status=job.status).update(
        status="running", attempt=F("attempt") + 1, lease_until=now + LEASE, started_at=now, rows_done=0)
    if not claimed:
        return None
    return await ExportJob.get(id=job.id)


class _Superseded(Exception):
    """Another runner took the job over (this one was too slow to renew its lease)."""


async def run_export(rt: Runtime, job_id: uuid.UUID) -> None:
    """Run the job if nobody else does; never raises (a failure is recorded on the job)."""
    try:
        job = await _claim(rt, job_id)
    except Exception:
        logger.exception("could not claim export %s", job_id)
        return
    if job is None:
        return
    folder = Path(tempfile.mkdtemp(prefix="loket-export-"))
    try:
        await _write(rt, job, folder)
    except _Superseded:
        logger.warning("export %s was taken over by another process", job.id)
    except Exception as exc:
        code = getattr(exc, "code", None) if isinstance(exc, InvalidInputError) else None
        logger.exception("export %s failed", job.id)
        await ExportJob.filter(id=job.id, attempt=job.attempt).update(
            status="failed", error=code or "EXPORT_FAILED", finished_at=rt.now(), lease_until=None)
    finally:
        await anyio.to_thread.run_sync(shutil.rmtree, folder, True)


async def _write(rt: Runtime, job: ExportJob, folder: Path) -> None:
    user = await User.get(id=job.requested_by_id)
    if not user.is_active:
        raise InvalidInputError("ACCOUNT_DISABLED")
    viewer = await viewer_for(user)
    query = ExportQuery.from_json(job.query)
    base = await queries.ticket_query(rt, viewer, query.queue, query.wanted)
    total = await base.count()
    if job.format == "xlsx" and total >= EXCEL_MAX_ROWS:
        raise InvalidInputError("EXPORT_TOO_LARGE", max=EXCEL_MAX_ROWS - 1)
    await _progress(rt, job, 0, rows_total=total)
    desk = rt.desks.find(query.wanted.desk) if query.wanted.desk else None
    layout = Layout.build(rt.catalog, job.language, desk)
    maker = RowMaker(desks=rt.desks, catalog=rt.catalog, language=job.language, viewer=viewer, layout=layout,
                     zone=queries.desk_timezone(rt, desk), now=rt.now())
    path = folder / f"export.{job.format}"
    writer: RowWriter = await anyio.to_thread.run_sync(_open_writer, rt, job, layout, path, folder)
    people = _People()
    # While a worker thread writes one batch, the next is read from the database (two batches at most).
    written, after, more, writing = 0, None, True, None
    try:
        while True:
            tickets = await queries.keyset_page(base, BATCH, after, query.order) if more else []
            if writing is not None:
                written += await writing
                writing = None
                await _progress(rt, job, written)
            if not tickets:
                break
            batch_people = await people.of(tickets)
            writing = asyncio.ensure_future(anyio.to_thread.run_sync(_write_batch, writer, maker, tickets,
                                                                     batch_people))
            after, more = queries.cursor_of(tickets[-1], query.order), len(tickets) == BATCH
    finally:
        if writing is not None:
            await asyncio.gather(writing, return_exceptions=True)
        await anyio.to_thread.run_sync(writer.close)
    done = written
    with path.open("rb") as source:
        stored = await rt.storage.save(source, max_bytes=2**62)
    now = rt.now()
    finished = await ExportJob.filter(id=job.id, attempt=job.attempt).update(
        status="done", rows_done=done, rows_total=done, storage_key=stored.key, size=stored.size,
        finished_at=now, expires_at=now + timedelta(hours=rt.settings.export_ttl_hours), lease_until=None)
    if not finished:
        await rt.storage.delete(stored.key)
        raise _Superseded()


def _open_writer(rt: Runtime, job: ExportJob, layout: Layout, path: Path, folder: Path) -> RowWriter:
    if job.format == "csv":
        return CsvRowWriter(path, layout.columns, rt.catalog.translate("YES", job.language),
                            rt.catalog.translate("NO", job.language))
    return XlsxRowWriter(path, layout.columns, rt.catalog.translate("EXPORT_SHEET_NAME", job.language), folder)


def _write_batch(writer: RowWriter, maker: RowMaker, tickets: list, people: dict[int, tuple[str, str]]) -> int:
    writer.write_rows([maker.row(ticket, people) for ticket in tickets])
    return len(tickets)


class _People:
    """Names and emails of reporters and assignees, read once per export (a bounded cache: memory stays flat
    however many people a long export meets)."""

    LIMIT = 20_000

    def __init__(self) -> None:
        self._known: dict[int, tuple[str, str]] = {}

    async def of(self, tickets: list) -> dict[int, tuple[str, str]]:
        ids = {t.reporter_id for t in tickets} | {t.assignee_id for t in tickets if t.assignee_id}
        missing = sorted(ids - self._known.keys())
        if missing:
            if len(self._known) + len(missing) > self.LIMIT:
                self._known.clear()
                missing = sorted(ids)
            self._known.update({user_id: (name, email) for user_id, name, email in
                                await User.filter(id__in=missing).values_list("id", "display_name", "email")})
        return {user_id: self._known[user_id] for user_id in ids if user_id in self._known}


async def _progress(rt: Runtime, job: ExportJob, done: int, **more: Any) -> None:
    renewed = await ExportJob.filter(id=job.id, attempt=job.attempt, status="running").update(
        rows_done=done, lease_until=rt.now() + LEASE, **more)
    if not renewed:
        raise _Superseded()


async def resume_abandoned(rt: Runtime, *, limit: int = 5) -> int:
    """Run jobs whose runner stopped (lease over) or that no process started; returns how many were run."""
    now = rt.now()
    stale = await ExportJob.filter(
        Q(status="running", lease_until__lt=now) | Q(status="pending", created_at__lt=now - LEASE)
    ).order_by("created_at").limit(limit).values_list("id", flat=True)
    for job_id in stale:
        await run_export(rt, job_id)
    return len(stale)


async def expire_files(rt: Runtime, *, limit: int = 100) -> int:
    """Delete export files past their time (the job stays, marked expired); returns how many."""
    now = rt.now()
    due = await ExportJob.filter(status="done", expires_at__lt=now).limit(limit)
    for job in due:
        if await ExportJob.filter(id=job.id, status="done").update(status="expired", storage_key=None):
            await rt.storage.delete(job.storage_key)
    # The record of a job is kept a while longer, so "your export expired" can still be said.
    await ExportJob.filter(status__in=("failed", "expired"), finished_at__lt=now - KEEP_RECORDS).delete()
    return len(due)


class ExportRunner(BackgroundLoop):
    """Takes over exports left by stopped processes and deletes expired export files."""

    name = "loket-exports"

    def __init__(self, rt: Runtime, *, poll: float = 5.0) -> None:
        super().__init__(poll=poll)
        self.rt = rt

    async def run_round(self) -> bool:
        expired = await expire_files(self.rt)
        await resume_abandoned(self.rt)
        return expired >= 100
