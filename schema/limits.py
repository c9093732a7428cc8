"""How much work a GraphQL document asks for, measured in one pass before anything else looks at it.

A document's size on the wire says little about its cost: fragments can spread each other, so 1 KB can stand
for millions of fields. Here every fragment definition is measured once and its measure is reused wherever it
is spread, so measuring costs time linear in the document, whatever it expands to. A document over a limit is
refused before the other validation rules and before execution (``DocumentLimitsRule``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)
from graphql.validation.validate import ValidationAbortedError

from loket.core.errors import LoketError

MAX_QUERY_DEPTH = 10
MAX_ALIASES = 30
MAX_FIELDS = 500
"""Fields a document may select once every fragment spread is expanded (GraphiQL's introspection query
selects about 220)."""

_CAP = 1 << 40  # counts saturate here: a chain of fragments doubling at each step stays a small number


class QueryLimitError(LoketError):
    """A document asks for more work than Loket does for one request; ``code`` says which limit."""


@dataclass(frozen=True, slots=True)
class Shape:
    """What a selection set expands to."""

    fields: int = 0
    """Field selections, each fragment spread counted as the fields it brings."""
    aliases: int = 0
    """Aliased fields, counted the same way."""
    depth: int = 0
    """Nesting of fields below the outermost ones (``{ a { b } }`` is 1); introspection fields count as leaves."""


_EMPTY = Shape()


def measure(document: DocumentNode) -> Shape:
    """The expanded size of all operations of ``document`` (fields and aliases added up, the deepest depth).

    Unknown fragments and spreads that close a cycle count as empty: other rules refuse such documents."""
    fragments = _FragmentShapes(document)
    fields = aliases = depth = 0
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            shape = _shape(definition.selection_set, fragments.shape)
            fields, aliases = fields + shape.fields, aliases + shape.aliases
            depth = max(depth, shape.depth)
    return Shape(min(fields, _CAP), min(aliases, _CAP), depth)


def limit_errors(shape: Shape) -> list[QueryLimitError]:
    """The limits ``shape`` breaks (none for an acceptable document)."""
    errors = []
    if shape.depth > MAX_QUERY_DEPTH:
        errors.append(QueryLimitError("QUERY_TOO_DEEP", depth=shape.depth, max=MAX_QUERY_DEPTH))
    if shape.aliases > MAX_ALIASES:
        errors.append(QueryLimitError("TOO_MANY_ALIASES", count=shape.aliases, max=MAX_ALIASES))
    if shape.fields > MAX_FIELDS:
        errors.append(too_complex())
    return errors


def too_complex() -> QueryLimitError:
    return QueryLimitError("QUERY_TOO_COMPLEX", max=MAX_FIELDS)


def refusal(error: QueryLimitError) -> ValidationAbortedError:
    """A validation error that stops the validation of the document (graphql-core keeps it as the last error)."""
    return ValidationAbortedError(str(error), original_error=error)


class DocumentLimitsRule(ValidationRule):
    """Refuses a document that is too deep, uses too many aliases or expands to too many fields. It must run
    first: it aborts the validation before the other rules walk a document that is too large for them."""

    def enter_document(self, node: DocumentNode, *_args: Any) -> None:
        errors = limit_errors(measure(node))
        if errors:
            for error in errors[:-1]:
                self.report_error(refusal(error))
            raise refusal(errors[-1])


class _FragmentShapes:
    """The shape of each fragment of a document, computed on first use, each from its own definition and the
    shapes of the fragments it spreads (depth-first without recursion: spreads may chain hundreds deep)."""

    def __init__(self, document: DocumentNode) -> None:
        self._definitions: dict[str, FragmentDefinitionNode] = {}
        for definition in document.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                self._definitions.setdefault(definition.name.value, definition)
        self._shapes: dict[str, Shape] = {}

    def shape(self, name: str) -> Shape:
        if name not in self._shapes and name in self._definitions:
            self._compute(name)
        return self._shapes.get(name, _EMPTY)

    def _compute(self, root: str) -> None:
        path: list[tuple[str, Iterator[str]]] = [(root, self._spreads(root))]
        on_path = {root}
        while path:
            name, spreads = path[-1]
            for spread in spreads:
                if spread in self._definitions and spread not in self._shapes and spread not in on_path:
                    path.append((spread, self._spreads(spread)))
                    on_path.add(spread)
                    break
            else:
                path.pop()
                on_path.discard(name)
                # Whatever this fragment spreads is measured by now, except a fragment on the path (a cycle).
                self._shapes[name] = _shape(self._definitions[name].selection_set,
                                            lambda spread: self._shapes.get(spread, _EMPTY))

    def _spreads(self, name: str) -> Iterator[str]:
        stack = [self._definitions[name].selection_set]
        while stack:
            for selection in stack.pop().selections:
                if isinstance(selection, FragmentSpreadNode):
                    yield selection.name.value
                elif selection.selection_set:
                    stack.append(selection.selection_set)


def _shape(selection_set: SelectionSetNode, fragment: Callable[[str], Shape]) -> Shape:
    """The shape of one definition's selections, given the shape of each fragment it spreads."""
    fields = aliases = depth = 0
    # (selections, nesting level of their fields, whether they count towards the depth)
    stack: list[tuple[SelectionSetNode, int, bool]] = [(selection_set, 0, True)]
    while stack:
        selections, level, counted = stack.pop()
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                fields += 1
                aliases += selection.alias is not None
                if counted:
                    depth = max(depth, level)
                if selection.selection_set:
                    below_counted = counted and not selection.name.value.startswith("__")
                    stack.append((selection.selection_set, level + 1, below_counted))
            elif isinstance(selection, InlineFragmentNode):
                stack.append((selection.selection_set, level, counted))
            else:
                spread = fragment(selection.name.value)
                fields, aliases = min(fields + spread.fields, _CAP), min(aliases + spread.aliases, _CAP)
                if counted and spread.fields:
                    depth = max(depth, level + spread.depth)
    return Shape(min(fields, _CAP), min(aliases, _CAP), depth)
