"""Turning errors into what a client can act on.

Core's ``LoketError``s become GraphQL errors whose message is in the caller's language and whose
``extensions`` carry ``code`` (stable, machine-readable) and ``field`` (the input at fault). Anything
unexpected is logged and masked as ``INTERNAL_ERROR``: no exception text or traceback reaches a client.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, NonNullTypeNode, VariableDefinitionNode, print_ast
from starlette.responses import Response
from strawberry.extensions import FieldExtension, SchemaExtension
from strawberry.types import Info

from loket.core.errors import InvalidInputErrors, LoketError, TooManyAttemptsError

logger = logging.getLogger("loket.graphql")

# What a scalar raises when a value cannot be read as its type.
_COERCION_FAILURES = (ValueError, TypeError, ArithmeticError)
# graphql-core's report of a variable value it could not coerce; the path inside the value is only in the text.
_VARIABLE_REPORT = re.compile(r"^Variable '\$(?P<name>\w+)' has invalid value(?: at (?P<path>[^:]+))?: (?P<detail>.*)$",
                              re.DOTALL)
# ... and of a nullable variable, absent or null, given to a required argument (found as the field runs).
_ARGUMENT_REPORT = re.compile(r"Expected variable '\$(?P<name>\w+)' provided to (?:non-null )?type '(?P<type>[^']+)'")


def format_errors(error: GraphQLError, context: object,
                  variables: dict[str, Any] | None = None) -> list[GraphQLError]:
    """One GraphQL error per broken rule (an InvalidInputErrors group expands into its members)."""
    original = error.original_error
    if isinstance(original, InvalidInputErrors):
        return [format_error(GraphQLError(error.message, nodes=error.nodes, path=error.path, original_error=member),
                             context) for member in original.errors]
    return [format_error(error, context, variables)]


def format_error(error: GraphQLError, context: object, variables: dict[str, Any] | None = None) -> GraphQLError:
    original = error.original_error
    if isinstance(original, GraphQLError):
        # graphql-core wraps its report of a variable or argument value it could not coerce (a null for a
        # required one, a value a scalar refused): a mistake in the request, unless core refused the value.
        while isinstance(original, GraphQLError):
            original = original.original_error
        if not isinstance(original, LoketError):
            definition = _variable_definition(error)
            if definition is not None and error.path is None:
                return variable_error(error, definition, context, variables or {})
            if report := _ARGUMENT_REPORT.search(error.message):
                return _required_by_argument(error, report, context)
            original = None
    if original is None or (error.path is None and isinstance(original, _COERCION_FAILURES)):
        # Syntax and validation errors from graphql-core, and values it could not coerce to their types (a
        # variable of 2**40 for an Int, a Date that is no date): already safe and precise, and all before any
        # resolver ran. Any other exception is a server fault, masked below.
        extensions = {"code": "GRAPHQL_VALIDATION_FAILED", **(error.extensions or {})}
        variable = next((node.variable.name.value for node in error.nodes or ()
                         if isinstance(node, VariableDefinitionNode)), None)
        if variable:
            extensions.setdefault("field", variable)
        return GraphQLError(error.message, nodes=error.nodes, source=error.source, positions=error.positions,
                            path=error.path, extensions=extensions)
    if isinstance(original, LoketError):
        catalog = getattr(context, "catalog", None)
        language = getattr(context, "language", "en")
        extensions = {"code": original.code}
        if original.field:
            extensions["field"] = original.field
        extensions.update(original.extensions)
        return GraphQLError(original.message(language, catalog), nodes=error.nodes, path=error.path,
                            extensions=extensions)
    logger.error("unexpected error in %s", ".".join(map(str, error.path or [])), exc_info=original)
    catalog = getattr(context, "catalog", None)
    message = catalog.translate("INTERNAL_ERROR", getattr(context, "language", "en")) if catalog else "Unexpected server error"
    return GraphQLError(message, nodes=error.nodes, path=error.path, extensions={"code": "INTERNAL_ERROR"})


def variable_error(error: GraphQLError, definition: VariableDefinitionNode, context: object,
                   variables: dict[str, Any]) -> GraphQLError:
    """``INVALID_VARIABLE`` for a variable value graphql-core could not coerce to the variable's type: the
    message (in the caller's language) names the variable and its type, ``field`` the variable or the place
    inside it (``input.message``, ``ids[2]``), ``detail`` graphql-core's explanation (in English)."""
    name = definition.variable.name.value
    report = _VARIABLE_REPORT.match(error.message)
    path = (report.group("path") or "").strip() if report else ""
    field = name + path if path.startswith(("[", ".")) else name
    required = not path and isinstance(definition.type, NonNullTypeNode) and variables.get(name) is None
    key = "VARIABLE_REQUIRED" if required else "INVALID_VARIABLE"
    catalog = getattr(context, "catalog", None)
    language = getattr(context, "language", "en")
    params = {"name": name, "type": print_ast(definition.type)}
    message = catalog.translate(key, language, **params) if catalog else error.message
    extensions = {"code": "INVALID_VARIABLE", "field": field,
                  "detail": report.group("detail") if report else error.message}
    return GraphQLError(message, nodes=error.nodes, source=error.source, positions=error.positions,
                        extensions=extensions)


def _required_by_argument(error: GraphQLError, report: re.Match[str], context: object) -> GraphQLError:
    name, kind = report.group("name"), report.group("type")
    catalog = getattr(context, "catalog", None)
    message = catalog.translate("VARIABLE_REQUIRED", getattr(context, "language", "en"), name=name, type=kind) \
        if catalog else error.message
    return GraphQLError(message, nodes=error.nodes, path=error.path,
                        extensions={"code": "INVALID_VARIABLE", "field": name, "detail": error.message})


def _variable_definition(error: GraphQLError) -> VariableDefinitionNode | None:
    return next((node for node in error.nodes or () if isinstance(node, VariableDefinitionNode)), None)


class LoketErrors(SchemaExtension):
    """Formats every error of every operation (queries, mutations, subscription events)."""

    _streamed = False

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if not self._streamed and result is not None and getattr(result, "errors", None):
            self._format(result)

    def on_stream_result(self, result: object) -> Iterator[None]:
        """Over a websocket each result is sent as it comes, long before the operation ends: format it here."""
        self._streamed = True
        if getattr(result, "errors", None):
            self._format(result)
        yield

    def _format(self, result) -> None:
        context = self.execution_context.context
        _retry_after_header(result.errors, context)
        variables = self.execution_context.variables
        result.errors = [formatted for error in result.errors
                         for formatted in format_errors(error, context, variables)]


def _retry_after_header(errors: list[GraphQLError], context: object) -> None:
    """An HTTP answer refusing for too many attempts says when to try again in ``Retry-After`` as well."""
    waits = [error.original_error.retry_after for error in errors
             if isinstance(error.original_error, TooManyAttemptsError)]
    response = getattr(context, "response", None)
    if waits and isinstance(response, Response):
        response.headers["Retry-After"] = str(max(waits))


class InputFieldErrors(FieldExtension):
    """Every mutation's errors name the field of its ``input`` at fault, as the client sent it: ``input.email``,
    ``input.hours[0].opens``. Core names a field as its service takes it (``email``, ``hours[0].opens``); the
    bounds on text inputs already name it under ``input`` (``loket.schema.inputs``), and such names stay."""

    async def resolve_async(self, next_: Any, source: Any, info: Info, **kwargs: Any) -> Any:
        try:
            return await next_(source, info, **kwargs)
        except LoketError as error:
            for each in (error, *getattr(error, "errors", ())):
                if each.field and each.field != "input" and not each.field.startswith("input."):
                    each.field = f"input.{each.field}"
            raise
