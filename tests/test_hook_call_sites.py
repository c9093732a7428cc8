"""No hook can be added, or called, without awaiting what it answers: the async plugin implements every hook
spec, and every call site in core and the schema resolves answers through ``first_answer`` (``firstresult``
hooks) or ``gather_results`` (the others)."""

from __future__ import annotations

import ast
from pathlib import Path

from loket.core import hookspecs
from tests.plugins.loket_async_desk import HOOKS_CORE_DOES_NOT_AWAIT_YET, AsyncDesk, Undecided

ROOT = Path(__file__).resolve().parent.parent
SPECS = {name: getattr(hookspecs, name).loket_spec for name in dir(hookspecs)
         if hasattr(getattr(hookspecs, name), "loket_spec")}
FIRSTRESULT = {name for name, options in SPECS.items() if options["firstresult"]}


def _implemented(plugin: type) -> set[str]:
    return {name for name in dir(plugin) if hasattr(getattr(plugin, name), "loket_impl")}


def test_the_async_plugin_implements_every_hook():
    assert HOOKS_CORE_DOES_NOT_AWAIT_YET <= SPECS.keys()
    missing = SPECS.keys() - _implemented(AsyncDesk) - HOOKS_CORE_DOES_NOT_AWAIT_YET
    assert not missing, f"answer these with an awaitable in tests/plugins/loket_async_desk.py: {sorted(missing)}"
    assert not _implemented(AsyncDesk) & HOOKS_CORE_DOES_NOT_AWAIT_YET
    assert _implemented(Undecided) == FIRSTRESULT - HOOKS_CORE_DOES_NOT_AWAIT_YET


def _calls_of(name: str, node: ast.AST | None) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name


def unresolved(source: str) -> list[tuple[int, str]]:
    """Each ``<...>.hook.<spec>`` of ``source`` not resolved as its kind of hook needs: line and hook."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr in SPECS and isinstance(node.value, ast.Attribute)
                and node.value.attr == "hook") or node.attr in HOOKS_CORE_DOES_NOT_AWAIT_YET:
            continue
        parent = parents.get(node)
        if node.attr in FIRSTRESULT:
            resolved = _calls_of("first_answer", parent) and parent.args[:1] == [node]
        else:
            resolved = isinstance(parent, ast.Call) and parent.func is node \
                and _calls_of("gather_results", parents.get(parent))
        if not resolved:
            found.append((node.lineno, node.attr))
    return sorted(found)


def test_every_call_site_resolves_awaitable_answers():
    found = [f"{path.relative_to(ROOT)}:{line} {hook}"
             for path in sorted([*(ROOT / "core").rglob("*.py"), *(ROOT / "schema").rglob("*.py")])
             for line, hook in unresolved(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_check_tells_resolved_calls_from_unresolved_ones():
    source = """
async def resolver(rt, desk, ticket):
    await first_answer(rt.pm.hook.ticket_progress, desk=desk, ticket=ticket)
    await gather_results(rt.pm.hook.ticket_links(desk=desk, ticket=ticket))
    rt.pm.hook.ticket_progress(desk=desk, ticket=ticket)
    await await_me_maybe(rt.pm.hook.rating_form(desk=desk, ticket=ticket))
    for links in rt.pm.hook.ticket_links(desk=desk, ticket=ticket):
        pass
    await gather_results(rt.pm.hook.ticket_progress(desk=desk, ticket=ticket))
"""
    assert unresolved(source) == [(5, "ticket_progress"), (6, "rating_form"), (7, "ticket_links"),
                                  (9, "ticket_progress")]
