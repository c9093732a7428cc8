"""An export with two server processes on PostgreSQL sharing their storage: started on one, followed (by
polling and by subscription) and downloaded on the other, and by nobody but whoever asked."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import httpx

from tests.e2e.live import Person
from tests.files import bearer_path, on_server
from tests.e2e.test_timers_across_processes import env, gql, login  # noqa: F401  (env is a fixture)
from tests.people import stored_key
from tests.server_process import running_server

EXPORT = "mutation { exportTickets(input: {format: CSV, filter: {desk: \"quickdesk\"}}) { exportJob { id status } } }"
JOB = "query($id: ID!) { exportJob(id: $id) { status rowsDone rowsTotal downloadUrl } }"
PROGRESS = "subscription($id: ID!) { exportProgress(id: $id) { status rowsDone rowsTotal progress downloadUrl } }"


async def test_an_export_started_on_one_process_is_followed_and_downloaded_on_another(env, tmp_path: Path):
    environment, _url = env
    with running_server(environment, tmp_path) as first, running_server(environment, tmp_path) as second:
        reporter = login(first, "reporter@quick.example", "reporter-password")
        agent = login(first, "agent@quick.example", "agent-password")
        numbers = {gql(first, """mutation($t: String!) { createTicket(input: {desk: "quickdesk", title: $t,
            description: "The printer jams on every page."}) { ticket { number } } }""", reporter,
                       t=f"Printer jam {i}")["createTicket"]["ticket"]["number"] for i in range(3)}
        job_id = gql(first, EXPORT, agent)["exportTickets"]["exportJob"]["id"]

        watcher = Person("agent", "agent@quick.example", agent, second)
        async with watcher.subscribe(PROGRESS, id=job_id) as progress:
            updates = []
            while not updates or updates[-1]["status"] != "DONE":
                updates.append((await progress.next("export progress"))["exportProgress"])
            done = updates[-1]
            assert done["rowsDone"] == done["rowsTotal"] == 3 and done["progress"] == 1.0
            assert (await progress._receive("completion"))["type"] == "complete"
        job = gql(second, JOB, agent, id=job_id)["exportJob"]
        assert {**job, "downloadUrl": bearer_path(job["downloadUrl"])} == {
            "status": "DONE", "rowsDone": 3, "rowsTotal": 3, "downloadUrl": f"/exports/{stored_key(job_id)}"}

        signed = httpx.get(on_server(done["downloadUrl"], second))
        assert signed.status_code == 200, "the signed link needs no header, in any process"
        response = httpx.get(f"{second}{bearer_path(done['downloadUrl'])}",
                             headers={"Authorization": f"Bearer {agent}"})
        assert response.content == signed.content
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert {row[0] for row in rows[1:]} == numbers
        refused = httpx.get(f"{second}{bearer_path(done['downloadUrl'])}",
                            headers={"Authorization": f"Bearer {reporter}"})
        assert refused.status_code == 404
