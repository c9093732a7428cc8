"""The ``ErrorCode`` enum and ``Query.errorCodes``: every code ``extensions.code`` may carry in this deployment.

Built with the schema, from core's catalogue and the enabled plugins' (``loket.core.error_codes``), so each
deployment's schema lists exactly its own codes. ``extensions.code`` stays a string equal to one of the
enum's values; the query keeps the enum reachable (graphql-core drops a type no field names) and gives a
client each code's message in its language, for a table of messages of its own.
"""

# No `from __future__ import annotations`: the types below are made in a function, and strawberry must see
# their annotations as objects, not as names to look up in the module.
from enum import Enum

import pluggy
import strawberry
from strawberry.types import Info

from loket.core.error_codes import error_codes


def error_code_queries(pm: pluggy.PluginManager) -> type:
    """The ``errorCodes`` query, with the ``ErrorCode`` enum of ``pm``'s deployment."""
    codes = error_codes(pm)
    members = {code: strawberry.enum_value(code, description=info.description) for code, info in codes.items()}
    ErrorCode = strawberry.enum(  # noqa: N806 - a GraphQL type made at build time
        Enum("ErrorCode", members),
        description="Every code an error's `extensions.code` may carry in this deployment: core's and its "
                    "plugins'. A client decides what to do from the code, never from the message; "
                    "docs/errors.md says what each means and which `extensions` come with it.")

    @strawberry.type(name="ErrorCodeInfo", description="An error code and its message.")
    class ErrorCodeInfo:
        code: ErrorCode = strawberry.field(description="The code, as `extensions.code` carries it.")
        message: str = strawberry.field(description="Its message in the caller's language, with the values it "
                                        "names in braces (e.g. `{max}`) unfilled.")
        plugin: str | None = strawberry.field(description="The plugin that defines it; null for core's codes.")

    @strawberry.type
    class ErrorCodeQueries:
        @strawberry.field(description="Every error code of this deployment, sorted, with its message: what "
                          "`extensions.code` may carry. Needs no sign-in.")
        def error_codes(self, info: Info) -> list[ErrorCodeInfo]:
            return [ErrorCodeInfo(code=ErrorCode(code), message=_message(info, found), plugin=found.plugin)
                    for code, found in codes.items()]

    return ErrorCodeQueries


def _message(info: Info, found) -> str:
    text = info.context.translate(found.code)
    return found.message if text == found.code else text  # a code without a message of its own
