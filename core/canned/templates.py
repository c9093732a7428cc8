"""A canned response's body: plain text with placeholders, checked when saved and rendered for a ticket.

Bodies are Jinja2 templates rendered in its ``SandboxedEnvironment`` (no autoescaping: the result is plain text,
which frontends show as text) with ``StrictUndefined``. On top of the sandbox, a body may use only what a reply
needs: the placeholders of :data:`PLACEHOLDERS`, the filters of :data:`FILTERS`, ``{% if %}`` with comparisons,
``~`` and string constants. Loops, macros, calls, arithmetic and other globals are refused when the body is
saved, so rendering costs time linear in the body's length (at most :data:`BODY_MAX` characters) and cannot loop
or blow up. A body is checked twice when saved: its syntax tree against the allow-list (every branch, with the
line at fault), then a trial render against a sample context.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, nodes
from jinja2.exceptions import UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from loket.core.errors import InvalidInputError

BODY_MAX = 10_000
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "reporter": ("name",),
    "ticket": ("number", "title"),
    "agent": ("name",),
    "desk": ("name",),
}
FILTERS = ("upper", "lower", "title", "capitalize", "trim", "default", "truncate")
SAMPLE: dict[str, dict[str, str]] = {
    "reporter": {"name": "Budi"}, "ticket": {"number": "T0001", "title": "Sample"},
    "agent": {"name": "Sari"}, "desk": {"name": "Desk"},
}
_ALLOWED = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Const, nodes.If, nodes.CondExpr, nodes.And,
            nodes.Or, nodes.Not, nodes.Compare, nodes.Operand, nodes.Concat, nodes.Getattr, nodes.Filter)


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters = {name: env.filters[name] for name in FILTERS}
    env.globals = {}
    return env


ENVIRONMENT = _environment()


class TemplateRefused(InvalidInputError):
    """A body Loket will not render; ``extensions.line`` is the line at fault when known."""

    @property
    def extensions(self) -> dict[str, Any]:
        line = self.params.get("line")
        return {"line": line} if line is not None else {}


def check_body(body: str, field: str = "input.body") -> str:
    """``body`` if it is a canned response's body Loket can render; else a typed error naming ``field``."""
    if not body.strip():
        raise InvalidInputError("CANNED_BODY_REQUIRED", field=field)
    if len(body) > BODY_MAX:
        raise InvalidInputError("TEXT_TOO_LONG", field=field, max=BODY_MAX, length=len(body))
    try:
        tree = ENVIRONMENT.parse(body)
    except TemplateSyntaxError as error:
        raise TemplateRefused("TEMPLATE_SYNTAX_ERROR", field=field, line=error.lineno,
                                detail=error.message or "") from None
    for node in _walk(tree):
        _check_node(node, field)
    try:
        render(body, SAMPLE)
    except UndefinedError as error:
        raise TemplateRefused("TEMPLATE_UNKNOWN_PLACEHOLDER", field=field, placeholder=str(error),
                                line=None) from None
    except (TemplateError, TypeError, ValueError) as error:
        raise TemplateRefused("TEMPLATE_SYNTAX_ERROR", field=field, line=None, detail=str(error)) from None
    return body


def render(body: str, context: dict[str, Any]) -> str:
    """The body with its placeholders filled in from ``context``."""
    return ENVIRONMENT.from_string(body).render(context)


def _walk(node: nodes.Node) -> Iterator[nodes.Node]:
    yield node
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
        return  # a placeholder, checked whole
    for child in node.iter_child_nodes():
        yield from _walk(child)


def _check_node(node: nodes.Node, field: str) -> None:
    line = getattr(node, "lineno", None)
    if isinstance(node, nodes.Name):
        raise TemplateRefused("TEMPLATE_UNKNOWN_PLACEHOLDER", field=field, placeholder=node.name, line=line)
    if isinstance(node, nodes.Getattr):
        if not isinstance(node.node, nodes.Name):
            raise TemplateRefused("TEMPLATE_UNKNOWN_PLACEHOLDER", field=field, placeholder=node.attr, line=line)
        if node.attr not in PLACEHOLDERS.get(node.node.name, ()):
            raise TemplateRefused("TEMPLATE_UNKNOWN_PLACEHOLDER", field=field,
                                    placeholder=f"{node.node.name}.{node.attr}", line=line)
        return
    if isinstance(node, nodes.Filter) and node.name not in FILTERS:
        raise TemplateRefused("TEMPLATE_NOT_ALLOWED", field=field, construct=f"filter {node.name}", line=line)
    if not isinstance(node, _ALLOWED):
        raise TemplateRefused("TEMPLATE_NOT_ALLOWED", field=field, construct=type(node).__name__.lower(),
                                line=line)
