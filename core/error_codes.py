"""Which keys of the message catalogue are error codes, and the deployment's codes with their English message.

The catalogue (``loket.core.locale`` and the plugins' ``register_translations``) holds three kinds of key:
error codes (what ``extensions.code`` carries), labels (statuses, event kinds, columns of an export...) and
the messages of ``BAD_REQUEST`` (its code stays ``BAD_REQUEST``; the key picks the message). The schema's
``ErrorCode`` enum is built from it when the schema is built, so a code added to a locale area or by an
enabled plugin is in the enum without a list to keep by hand; docs/errors.md has a row for each (a test
checks both).
"""

from __future__ import annotations

import inspect
import string
from collections.abc import Mapping
from dataclasses import dataclass

import pluggy

from loket.core.locale import CORE_MESSAGES

LABEL_PREFIXES = ("STATUS_", "EVENT_", "PRINT_", "EXPORT_COLUMN_", "SLA_REASON_")
"""Catalogue keys with these prefixes label things rather than name errors."""

LABELS = frozenset({"SLA_FIRST_RESPONSE", "SLA_RESOLUTION", "EXPORT_FILE_PREFIX", "EXPORT_SHEET_NAME", "YES", "NO"})
"""Other catalogue keys that label things."""

BAD_REQUEST_MESSAGES = frozenset({
    "REQUEST_NOT_JSON", "REQUEST_TOO_NESTED", "REQUEST_NOT_OBJECT", "REQUEST_NOT_STRING", "REQUEST_NOT_MAP",
    "REQUEST_QUERY_MISSING", "REQUEST_CONTENT_TYPE", "REQUEST_OPERATION_UNKNOWN", "REQUEST_NO_OPERATION",
    "REQUEST_FILES_MAP", "REQUEST_MALFORMED",
})
"""Message keys of ``BAD_REQUEST`` (docs/errors.md, "Messages of BAD_REQUEST"): never an ``extensions.code``."""

UNCATALOGUED_CODES = {
    "GRAPHQL_VALIDATION_FAILED": "The document does not validate against the schema, or a variable's value cannot "
                                 "be read as its type; the message is graphql-core's, in English.",
    "METHOD_NOT_ALLOWED": "The GraphQL endpoint was asked with a method other than GET or POST.",
}
"""Codes answered with a message that is not theirs (graphql-core's, or ``REQUEST_MALFORMED`` with a detail)."""


def is_label(key: str) -> bool:
    """Whether a catalogue key labels something rather than names an error."""
    return key in LABELS or key.startswith(LABEL_PREFIXES)


def is_error_code(key: str) -> bool:
    """Whether a catalogue key is an error code a client can find in ``extensions.code``."""
    return not is_label(key) and key not in BAD_REQUEST_MESSAGES


@dataclass(frozen=True)
class ErrorCodeInfo:
    """An error code of the deployment: its English message (a ``str.format`` template) and the plugin that
    registered it (None for core's)."""

    code: str
    message: str
    plugin: str | None = None

    @property
    def description(self) -> str:
        """The message for people reading the schema; a bare placeholder says what fills it."""
        words = "".join(text for text, *_ in string.Formatter().parse(self.message)).strip(" :")
        text = self.message if words else f"A message of its own: {self.message}"
        return f"{text} (plugin {self.plugin})" if self.plugin else text


def plugin_messages(pm: pluggy.PluginManager) -> list[tuple[str, Mapping[str, str]]]:
    """The English messages each enabled plugin registers (``register_translations``), by plugin name, in the
    order the catalogue adds them. A plugin that answers with an awaitable is asked when the server starts,
    not when the schema is built: its codes work, but the ``ErrorCode`` enum cannot list them."""
    found = []
    # Read, not called through first_answer/gather_results: the schema is built before any event loop runs.
    for impl in reversed(getattr(pm.hook, "register_translations").get_hookimpls()):
        answer = impl.function()
        if inspect.isawaitable(answer):
            if inspect.iscoroutine(answer):
                answer.close()
            continue
        if answer:
            found.append((impl.plugin_name, answer.get("en", {})))
    return found


def error_codes(pm: pluggy.PluginManager | None = None) -> dict[str, ErrorCodeInfo]:
    """Every error code of a deployment with core's catalogue and ``pm``'s plugins, sorted by code."""
    codes = {code: ErrorCodeInfo(code, message) for code, message in CORE_MESSAGES["en"].items()
             if is_error_code(code)}
    codes.update({code: ErrorCodeInfo(code, meaning) for code, meaning in UNCATALOGUED_CODES.items()})
    for plugin, messages in plugin_messages(pm) if pm is not None else ():
        for code, message in messages.items():
            if is_error_code(code) and code not in codes:
                codes[code] = ErrorCodeInfo(code, message, plugin)
    return dict(sorted(codes.items()))
