"""The kit as a plugin author meets it: a separate pytest run in a folder of their own, the kit found through
its entry point alone. docs/testing.md's worked example passes on both backends; a PostgreSQL that cannot be
reached fails the tests that need it, never skips them; an unknown backend stops the run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.databases import POSTGRES_ADMIN_URL

ROOT = Path(__file__).resolve().parents[2]
FILE_BLOCK = re.compile(r"```(?:python|ini)\n# (\S+)\n(.*?)```", re.DOTALL)


def write_example(folder: Path) -> list[str]:
    """The files of docs/testing.md's worked example (each block that opens with ``# <file name>``)."""
    names = []
    for name, text in FILE_BLOCK.findall((ROOT / "docs" / "testing.md").read_text(encoding="utf-8")):
        (folder / name).write_text(text, encoding="utf-8")
        names.append(name)
    return names


def pytest_run(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("LOKET_", "PYTEST_")) and k != "PYTHONPATH"}
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rA", *args],
                          cwd=folder, env=environment, capture_output=True, text=True, timeout=300)


def test_the_worked_example_of_the_docs_passes_on_both_backends(tmp_path: Path):
    assert write_example(tmp_path) == ["my_desk.py", "test_my_desk.py", "pytest.ini"]
    result = pytest_run(tmp_path, LOKET_TEST_POSTGRES_URL=POSTGRES_ADMIN_URL)
    assert result.returncode == 0, result.stdout + result.stderr
    passed = sorted(re.findall(r"^PASSED (\S+)", result.stdout, flags=re.MULTILINE))
    assert passed == [f"test_my_desk.py::{test}[{backend}]"
                      for test in ("test_an_answer_in_time_keeps_the_ticket_open",
                                   "test_an_unanswered_question_closes_the_ticket_after_3x24_hours")
                      for backend in ("postgres", "sqlite")]
    assert "Warning" not in result.stdout + result.stderr, "the example's configuration is complete"


def test_an_unreachable_postgres_fails_the_tests_with_one_clear_line(tmp_path: Path):
    write_example(tmp_path)
    result = pytest_run(tmp_path, "--loket-backends=postgres", LOKET_TEST_POSTGRES_URL="postgres://127.0.0.1:9/none")
    assert result.returncode == 1, result.stdout
    assert "skipped" not in result.stdout
    assert re.search(r"\b2 errors\b", result.stdout), result.stdout
    assert ("the Loket test kit cannot reach PostgreSQL at postgres://127.0.0.1:9/none" in result.stdout
            and "LOKET_TEST_POSTGRES_URL" in result.stdout), result.stdout


def test_the_backends_come_from_the_command_line_before_the_environment_and_the_ini(tmp_path: Path):
    write_example(tmp_path)
    result = pytest_run(tmp_path, "--collect-only", "--loket-backends=sqlite", LOKET_TEST_BACKENDS="postgres")
    assert result.returncode == 0 and "[postgres]" not in result.stdout and "[sqlite]" in result.stdout
    result = pytest_run(tmp_path, "--collect-only", LOKET_TEST_BACKENDS="postgres")
    assert result.returncode == 0 and "[sqlite]" not in result.stdout and "[postgres]" in result.stdout


def test_an_unknown_backend_stops_the_run(tmp_path: Path):
    write_example(tmp_path)
    result = pytest_run(tmp_path, "--loket-backends=sqlite,mysql")
    assert result.returncode == 4
    assert "--loket-backends = 'sqlite,mysql': choose among sqlite, postgres" in result.stderr
