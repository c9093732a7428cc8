"""The README's two set-up commands stay true: CI runs the second, and the first names real commands."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"```sh\n(.+?)\n```", README)


def test_readme_starts_with_a_serve_command_and_a_test_command():
    serve, test = COMMANDS[0], COMMANDS[1]
    assert serve.endswith("loket serve") and "loket migrate" in serve and "loket demo" in serve
    assert test.split(" && ")[-1].startswith(".venv/bin/pytest")


def test_ci_runs_the_readmes_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert COMMANDS[1] in ci
