"""The audit log's actions are documented: every action core records has a row in docs/administration.md, and every
action documented there is one core records."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "administration.md").read_text(encoding="utf-8")
ACTION = re.compile(r"[a-z_]+(\.[a-z_]+)+")


def documented() -> set[str]:
    table = DOC.split("## The audit log", 1)[1]
    rows = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([a-z_.]+)`", row)}


def names_in(node: ast.AST) -> set[str]:
    return {found.value for found in ast.walk(node) if isinstance(found, ast.Constant)
            and isinstance(found.value, str) and ACTION.fullmatch(found.value)}


def recorded() -> set[str]:
    """Action names core records: those written in a call to the audit log (``record(actor, at, "<action>", ...)``,
    ``action=...``), and every other name of the same families (chosen in a condition or a table first)."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in (ROOT / "core").rglob("*.py")]
    called, everywhere = set(), set()
    for tree in trees:
        everywhere |= names_in(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            for keyword in node.keywords:
                if keyword.arg == "action":
                    called |= names_in(keyword.value)
            if name == "record" and len(node.args) >= 3:
                called |= names_in(node.args[2])
    families = {name.split(".")[0] for name in called}
    return called | {name for name in everywhere if name.split(".")[0] in families}


def test_every_recorded_action_is_documented_and_every_documented_one_recorded() -> None:
    core, docs = recorded(), documented()
    assert len(core) >= 30, f"the scan found too few actions to be trusted: {sorted(core)}"
    assert core - docs == set(), "recorded but not in docs/administration.md"
    assert docs - core == set(), "documented but recorded nowhere"
