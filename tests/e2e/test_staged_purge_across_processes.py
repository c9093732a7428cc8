"""Expired staged files with two server processes purging them on PostgreSQL: each file is deleted exactly once,
row and bytes, whichever process gets to it."""

from __future__ import annotations

import json
import time
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.databases import throwaway_database
from tests.plugins.installation import installed_plugin
from tests.server_process import loket_env, run_loket, running_server

ROOT = Path(__file__).resolve().parents[2]
FILES = 24
STAGE = "mutation($input: StageAttachmentInput!) { stageAttachment(input: $input) { attachment { id } } }"


@pytest.fixture
def env(tmp_path: Path):
    with throwaway_database("postgres", tmp_path) as url, \
            installed_plugin(tmp_path / "site", name="logged", module="tests.plugins.loket_logged_storage",
                             distribution="loket-logged-storage"):
        # Files expire 3.6 s after their upload; both processes look for expired ones ten times a second.
        environment = loket_env(url, tmp_path / "var", PYTHONPATH=f"{tmp_path / 'site'}:{ROOT}",
                                LOKET_STAGED_FILE_TTL_HOURS="0.001", LOKET_STAGED_PURGE_POLL_SECONDS="0.1",
                                LOKET_STAGED_MAX_FILES=str(FILES))
        assert run_loket("migrate", env=environment, cwd=tmp_path).returncode == 0
        created = run_loket("createuser", "--email", "pegawai@purge.example", "--password", "pegawai-password",
                            env=environment, cwd=tmp_path)
        assert created.returncode == 0, created.stderr
        yield environment, url


def stage(base: str, token: str, number: int) -> None:
    operations = json.dumps({"query": STAGE, "variables": {"input": {"desk": "helpus", "file": None}}})
    answer = httpx.post(f"{base}/graphql", headers={"Authorization": f"Bearer {token}"}, timeout=30,
                        data={"operations": operations, "map": json.dumps({"0": ["variables.input.file"]})},
                        files={"0": (f"note-{number}.txt", f"note {number}".encode(), "text/plain")}).json()
    assert not answer.get("errors"), answer


async def staged_keys(url: str) -> list[str]:
    connection = await asyncpg.connect(url)
    try:
        return [row["storage_key"] for row in await connection.fetch("SELECT storage_key FROM loket_attachment")]
    finally:
        await connection.close()


async def test_two_processes_purge_each_expired_file_exactly_once(env, tmp_path: Path):
    environment, url = env
    data = tmp_path / "var"
    with running_server(environment, tmp_path) as first, running_server(environment, tmp_path) as second:
        login = httpx.post(f"{first}/graphql", timeout=30, json={
            "query": 'mutation { login(input: {email: "pegawai@purge.example", password: "pegawai-password"}) '
                     '{ token } }'})
        token = login.json()["data"]["login"]["token"]
        for number in range(FILES):  # the first ones may expire (and go) while the last are uploaded
            stage(first if number % 2 else second, token, number)
        deadline = time.monotonic() + 30
        while await staged_keys(url) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert await staged_keys(url) == []
        time.sleep(1)  # both purgers keep polling: give a second delete every chance to show
    deletions = (data / "deleted.log").read_text().splitlines()
    deleted = [line.split(" ", 1)[1] for line in deletions]
    assert len(deleted) == len(set(deleted)) == FILES, "each expired file deleted exactly once"
    assert [path for path in (data / "attachments").rglob("*") if path.is_file()] == []
