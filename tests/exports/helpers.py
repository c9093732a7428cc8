"""Exporting a ticket list and printing a ticket the way a frontend does: start, poll, download."""

from __future__ import annotations

import asyncio

import httpx

from tests.files import bearer_path
from tests.people import Person

EXPORT = """mutation($format: ExportFormat!, $queue: TicketQueue = ALL, $filter: TicketFilter, $order: TicketOrder = NEWEST) {
  exportTickets(input: {format: $format, queue: $queue, filter: $filter, orderBy: $order}) {
    exportJob { id status fileName } } }"""
JOB = """query($id: ID!) { exportJob(id: $id) {
  id format status rowsDone rowsTotal progress fileName size downloadUrl errorCode error expiresAt } }"""


async def get(person: Person | None, client, url: str) -> httpx.Response:
    """``url`` (a signed link or a path) fetched from its route with ``person``'s bearer token (none without)."""
    url = bearer_path(url)
    headers = {"Authorization": f"Bearer {person.client.token}"} if person else {}
    return await client.http.get(url, headers=headers)


async def finished(person: Person, job_id: str, timeout: float = 20) -> dict:
    """Poll the job as a frontend would until it is done or failed."""
    async with asyncio.timeout(timeout):
        while True:
            job = (await person.ok(JOB, id=job_id))["exportJob"]
            if job["status"] in ("DONE", "FAILED", "EXPIRED"):
                return job
            await asyncio.sleep(0.05)


async def export(person: Person, fmt: str, **variables) -> tuple[dict, bytes]:
    """Export, wait, download: the finished job and the file's bytes."""
    started = (await person.ok(EXPORT, format=fmt, **variables))["exportTickets"]["exportJob"]
    job = await finished(person, started["id"])
    assert job["status"] == "DONE", job
    response = await get(person, person.client, job["downloadUrl"])
    assert response.status_code == 200, response.text
    return job, response.content
