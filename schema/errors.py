"""Turning errors into what a client can act on.

Core's ``LoketError``s become GraphQL errors whose message is in the caller's language and whose
``extensions`` carry ``code`` (stable, machine-readable) and ``field`` (the input at fault). Anything
unexpected is logged and masked as ``INTERNAL_ERROR``: no exception text or traceback reaches a client.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError, VariableDefinitionNode
from starlette.responses import Response
from strawberry.extensions import SchemaExtension

from loket.core.errors import InvalidInputErrors, LoketError, TooManyAttemptsError

logger = logging.getLogger("loket.graphql")

# What a scalar raises when a value cannot be read as its type.
_COERCION_FAILURES = (ValueError, TypeError, ArithmeticError)


def format_errors(error: GraphQLError, context: object) -> list[GraphQLError]:
    """One GraphQL error per broken rule (an InvalidInputErrors group expands into its members)."""
    original = error.original_error
    if isinstance(original, InvalidInputErrors):
        return [format_error(GraphQLError(error.message, nodes=error.nodes, path=error.path, original_error=member),
                             context) for member in original.errors]
    return [format_error(error, context)]


def format_error(error: GraphQLError, context: object) -> GraphQLError:
    original = error.original_error
    if isinstance(original, GraphQLError):
        # graphql-core wraps its report of a variable or argument value it could not coerce (a null for a
        # required one, a value a scalar refused): a mistake in the request, unless core refused the value.
        while isinstance(original, GraphQLError):
            original = original.original_error
        if not isinstance(original, LoketError):
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
        result.errors = [formatted for error in result.errors for formatted in format_errors(error, context)]


def _retry_after_header(errors: list[GraphQLError], context: object) -> None:
    """An HTTP answer refusing for too many attempts says when to try again in ``Retry-After`` as well."""
    waits = [error.original_error.retry_after for error in errors
             if isinstance(error.original_error, TooManyAttemptsError)]
    response = getattr(context, "response", None)
    if waits and isinstance(response, Response):
        response.headers["Retry-After"] = str(max(waits))
