"""Reading, from the source itself, which ticket event kinds core records and which error codes a client can
receive, and reading the reference tables of docs/events.md and docs/errors.md, for tests that keep the two in
step. Nothing is imported or run: the source is parsed (``ast``), so the scan is fast and sees every branch.

Error codes are found where they are made:

- the first arguments (every positional argument, ``code=`` and ``key=``) of calls to error classes and error
  helpers: callables named ``*Error``/``*Errors`` (not Python's own, not ``ConfigurationError``, whose argument
  is a sentence), ``RequestRefused``, ``bad_request``, ``_error``, ``_refuse`` and ``problems.add``;
- ``code = "..."`` (class attributes and variables; also names holding codes, such as ``_CODES_BY_STATUS``),
  ``{"code": "..."}`` entries, ``code=`` keywords of any call and defaults of parameters named ``code``;
- what functions named ``*refusal`` return (a session's reason to refuse, as a code).

Only string constants shaped like codes count (``UPPER_CASE``), including both branches of a conditional.
Event kinds are found in ``kind=`` of ``record``, ``created``, ``Change`` and ``TicketEvent`` calls and in the
second positional argument of ``Change``; a name there is followed to the constants passed for that parameter
by the same module's calls, or to what the function assigned to it (a lookup in a module-level table of
tuples counts the tuples' item at the name's position). A kind the scan cannot follow is reported as such.
"""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE_SHAPE = re.compile(r"^[A-Z][A-Z0-9_]{2,}$")
KIND_SHAPE = re.compile(r"^[a-z][a-z0-9_]*$")
ERROR_HELPERS = {"RequestRefused", "bad_request", "_error", "_refuse"}
NOT_CODE_ARGUMENTS = {"ConfigurationError"} | {name for name in dir(builtins) if name.endswith("Error")}
RECORDING_CALLS = {"record", "created", "Change", "TicketEvent"}


def python_files(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py") if "locale" not in path.parts)


@cache
def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def site(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"


def _name(node: ast.AST) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def _constants(node: ast.AST | None, shape: re.Pattern[str] = CODE_SHAPE) -> list[str]:
    if node is None:
        return []
    return [found.value for found in ast.walk(node)
            if isinstance(found, ast.Constant) and isinstance(found.value, str) and shape.match(found.value)]


def _is_error_call(call: ast.Call) -> bool:
    name = _name(call.func)
    if name in NOT_CODE_ARGUMENTS:
        return False
    adds_problem = name == "add" and isinstance(call.func, ast.Attribute) and _name(call.func.value) == "problems"
    return name.endswith(("Error", "Errors")) or name in ERROR_HELPERS or adds_problem


def _codes_in(node: ast.AST, function: str) -> list[ast.AST]:
    """The parts of ``node`` (inside ``function``) that hold error codes."""
    if isinstance(node, ast.Call):
        held = [keyword.value for keyword in node.keywords if keyword.arg == "code"]
        if _is_error_call(node):
            held += list(node.args) + [keyword.value for keyword in node.keywords if keyword.arg == "key"]
        return held
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return [node.value] if any("code" in _name(target).lower() for target in targets) and node.value else []
    if isinstance(node, ast.Dict):
        return [value for key, value in zip(node.keys, node.values)
                if isinstance(key, ast.Constant) and key.value == "code"]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        arguments = node.args.args[len(node.args.args) - len(node.args.defaults):] + node.args.kwonlyargs
        defaults = list(node.args.defaults) + list(node.args.kw_defaults)
        return [default for argument, default in zip(arguments, defaults) if argument.arg == "code" and default]
    if isinstance(node, ast.Return) and "refusal" in function:
        return [node.value] if node.value else []
    return []


def _walk_with_function(tree: ast.AST):
    """Every node with the name of the function it is in ('' at module level)."""
    stack = [(tree, "")]
    while stack:
        node, function = stack.pop()
        yield node, function
        inner = node.name if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))


def raised_codes(*folders: str) -> dict[str, list[str]]:
    """Every error code made in ``folders``, with where."""
    found: dict[str, list[str]] = {}
    for path in python_files(*folders):
        for node, function in _walk_with_function(parsed(path)):
            for part in _codes_in(node, function):
                for code in _constants(part):
                    found.setdefault(code, []).append(site(path, part))
    return found


@dataclass
class KindScan:
    """Kinds core records (kind -> where), and the places whose kind the scan could not follow."""

    kinds: dict[str, list[str]] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)


def _module_tables(tree: ast.Module) -> dict[str, ast.AST]:
    return {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Name)}


def _follow(name: str, function: ast.AST, tree: ast.Module) -> list[str] | None:
    """The kinds a variable ``name`` of ``function`` may hold, or None when they cannot be told."""
    if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        parameters = [argument.arg for argument in function.args.args + function.args.kwonlyargs]
        if name in parameters:
            position, kinds = parameters.index(name), []
            for call in ast.walk(tree):
                if isinstance(call, ast.Call) and _name(call.func) == function.name:
                    passed = [kw.value for kw in call.keywords if kw.arg == name]
                    passed += call.args[position:position + 1]
                    kinds += [kind for value in passed for kind in _constants(value, KIND_SHAPE)]
            return kinds or None
    tables = _module_tables(tree)
    for node in ast.walk(function):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target, value = node.targets[0], node.value
        if isinstance(target, ast.Name) and target.id == name:
            return _constants(value, KIND_SHAPE) or None
        if isinstance(target, ast.Tuple) and name in [_name(item) for item in target.elts]:
            position = [_name(item) for item in target.elts].index(name)
            table = tables.get(_name(value.value)) if isinstance(value, ast.Subscript) else None
            if isinstance(table, ast.Dict):
                return [kind for row in table.values if isinstance(row, ast.Tuple)
                        for kind in _constants(row.elts[position], KIND_SHAPE)] or None
    return None


def _forwards(value: ast.AST, function: ast.AST | None) -> bool:
    """Whether ``value`` passes on a kind chosen elsewhere: the ``kind`` parameter of a recording function
    (its callers are scanned) or ``change.kind`` (the ``Change`` was scanned where it was made)."""
    if isinstance(value, ast.Attribute):
        return value.attr == "kind" and _name(value.value) == "change"
    return (isinstance(value, ast.Name) and value.id == "kind" and function is not None
            and getattr(function, "name", "") in RECORDING_CALLS)


def _workflow_kinds() -> set[str]:
    """The kinds a workflow action may record: each effect's own, and the others an effect allows."""
    from loket.core.workflow.spec import DEFAULT_EVENT, EVENT_ALTERNATIVES

    return set(DEFAULT_EVENT.values()) | {kind for kinds in EVENT_ALTERNATIVES.values() for kind in kinds}


def recorded_kinds(*folders: str) -> KindScan:
    scan = KindScan()
    for path in python_files(*folders):
        tree = parsed(path)
        functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and _name(call.func) in RECORDING_CALLS):
                continue
            given = [keyword.value for keyword in call.keywords if keyword.arg == "kind"]
            if _name(call.func) == "Change" and len(call.args) > 1:
                given.append(call.args[1])
            inside = [f for f in functions if f.lineno <= call.lineno <= (f.end_lineno or f.lineno)]
            for value in given:
                if _forwards(value, inside[-1] if inside else None):
                    continue
                kinds = _constants(value, KIND_SHAPE) if not isinstance(value, ast.Name) else None
                if isinstance(value, ast.Name):
                    kinds = _follow(value.id, inside[-1], tree) if inside else None
                if "event_kind" in ast.unparse(value):  # a workflow action's kind: whatever its effect records
                    kinds = _workflow_kinds()
                if not kinds:
                    scan.unreadable.append(f"{site(path, call)} ({ast.unparse(value)})")
                for kind in kinds or ():
                    scan.kinds.setdefault(kind, []).append(site(path, call))
    return scan


@dataclass(frozen=True)
class Row:
    """One row of a markdown table: its first cell's name (in backticks), its cells by column heading, the
    heading of the section it is in and its line number."""

    name: str
    cells: dict[str, str]
    section: str
    line: int


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))]


def _is_separator(line: str) -> bool:
    return line.startswith("|") and set(line.replace("|", "").strip()) <= set("-: ") and "-" in line


def table_rows(path: Path) -> list[Row]:
    """The rows of every table in a markdown file whose first cell is a name in backticks (a table's heading
    line is the one above its ``|---|`` line; a row outside any table still counts, with unnamed cells)."""
    rows, section, header = [], "", []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if line.startswith("#"):
            section, header = line.lstrip("#").strip(), []
            continue
        if not line.startswith("|") or _is_separator(line):
            continue
        if number < len(lines) and _is_separator(lines[number]):
            header = _cells(line)
            continue
        cells = _cells(line)
        name = re.match(r"^`([^`]+)`", cells[0])
        if name:
            rows.append(Row(name.group(1), dict(zip(header, cells)), section, number))
    return rows


def names_in(cell: str, pattern: str = r"`(\w+)`") -> set[str]:
    return set(re.findall(pattern, cell or ""))
