"""The GraphQL-over-HTTP specification's media types and status codes.

A client that prefers ``application/graphql-response+json`` in its ``Accept`` header gets that media type and
status codes that say what happened: a request error (the request is malformed, the document does not parse or
validate, a variable cannot be coerced, a subscription over HTTP) is a 4xx and its body has no ``data`` entry;
a request that executed is a 200, field errors included. A client that asks for ``application/json`` (or for
anything, or for nothing) gets the legacy answer the specification allows: 200 for every well-formed request,
4xx only for requests that are not GraphQL requests at all.
"""

from __future__ import annotations

from collections.abc import Iterable

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
GRAPHQL_RESPONSE_CONTENT_TYPE = f"{GRAPHQL_RESPONSE}; charset=utf-8"

# Refusals whose status the specification names when it is not 400 (for graphql-response+json).
_STRICT_STATUS_BY_KEY = {"REQUEST_CONTENT_TYPE": 415}


def response_media_type(accept: str | None) -> str:
    """The media type to answer in: ``application/graphql-response+json`` when the ``Accept`` header ranks it
    at least as high as ``application/json`` (a tie goes to the specification's preferred type), otherwise
    ``application/json``, which is also the answer to no header, to ``*/*`` and to types Loket does not speak
    (the specification lets a server disregard an ``Accept`` it cannot satisfy)."""
    if not accept:
        return JSON
    ranks = dict(_ranks(accept.split(",")))
    strict = ranks.get(GRAPHQL_RESPONSE, 0.0)
    legacy = max(ranks.get(JSON, 0.0), ranks.get("application/*", 0.0), ranks.get("*/*", 0.0))
    return GRAPHQL_RESPONSE if strict > 0 and strict >= legacy else JSON


def is_strict(media_type: str) -> bool:
    return media_type == GRAPHQL_RESPONSE


def content_type(media_type: str) -> str:
    """The ``Content-Type`` header of an answer in ``media_type``."""
    return GRAPHQL_RESPONSE_CONTENT_TYPE if is_strict(media_type) else JSON


def refusal_status(status: int, key: str, media_type: str) -> int:
    """The status of a request refused before it ran. ``status`` is the legacy (``application/json``) one,
    where a well-formed request that cannot run (a subscription over HTTP, an unknown persisted query) is
    still a 200; with ``application/graphql-response+json`` every refusal is a 4xx."""
    if not is_strict(media_type):
        return status
    if key in _STRICT_STATUS_BY_KEY:
        return _STRICT_STATUS_BY_KEY[key]
    return 400 if status < 400 else status


def is_request_error(data: object, errors: Iterable[object] | None) -> bool:
    """Whether an execution result reports a GraphQL request error (the document did not parse or validate,
    or a variable could not be coerced) rather than the outcome of execution: no data, and no error that
    belongs to a field (a ``path``)."""
    if data is not None or not errors:
        return False
    return all(getattr(error, "path", None) is None for error in errors)


def _ranks(ranges: Iterable[str]) -> Iterable[tuple[str, float]]:
    for media_range in ranges:
        kind, *parameters = (part.strip() for part in media_range.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(1.0, max(0.0, float(value)))
                except ValueError:
                    quality = 0.0
        if kind:
            yield kind.lower(), quality
