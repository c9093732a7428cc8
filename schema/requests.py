"""Reading GraphQL-over-HTTP requests strictly.

A request that is not a GraphQL request (a body that is not a UTF-8 JSON object, a ``query`` that is not a
string, ``variables`` that are not an object, JSON nested too deep...) is answered HTTP 400 with a GraphQL-shaped
body in the caller's language, ``{"errors": [{"message": ..., "extensions": {"code": "BAD_REQUEST", "field": ...}}]}``,
never a 500 or a traceback. A mutation sent with GET is answered 405 (``MUTATION_NEEDS_POST``), as the
GraphQL-over-HTTP specification requires; a subscription sent over HTTP gets ``SUBSCRIPTION_NEEDS_WEBSOCKET``
(status 200, as for any other request error of a well-formed request answered in ``application/json``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from cross_web import AsyncHTTPRequestAdapter
from cross_web import HTTPException as ViewHTTPException
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLRequestData
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET

from loket.core.i18n import negotiate_language

MAX_JSON_DEPTH = 64
"""Nesting of arrays and objects a request body may have (Loket's inputs need a handful)."""

_CODES_BY_STATUS = {405: "METHOD_NOT_ALLOWED"}


class RequestRefused(Exception):
    """A request answered without running it: ``status``, the error's ``code`` and ``field``, and the catalog
    ``key`` of its message (the code itself unless given) with the message's parameters."""

    def __init__(self, status: int, code: str, key: str | None = None, *, field: str | None = None,
                 headers: Mapping[str, str] | None = None, **params: Any) -> None:
        super().__init__(key or code)
        self.status, self.code, self.key, self.field = status, code, key or code, field
        self.headers, self.params = dict(headers or {}), params


def bad_request(key: str, *, field: str | None = None, **params: Any) -> RequestRefused:
    return RequestRefused(400, "BAD_REQUEST", key, field=field, **params)


def decode_json_object(data: str | bytes, field: str | None = None) -> dict[str, Any]:
    """A JSON object from a request (the body, or the request parameter ``field``): UTF-8 without a byte order
    mark, no NaN or Infinity, nested at most ``MAX_JSON_DEPTH`` deep."""
    try:
        text = data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else data
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise bad_request("REQUEST_TOO_NESTED", field=field, max=MAX_JSON_DEPTH) from None
    except ValueError:  # also JSONDecodeError, UnicodeDecodeError, and integers too long to convert
        raise bad_request("REQUEST_NOT_JSON", field=field) from None
    if _too_nested(value):
        raise bad_request("REQUEST_TOO_NESTED", field=field, max=MAX_JSON_DEPTH)
    if not isinstance(value, dict):
        raise bad_request("REQUEST_NOT_MAP", field=field, parameter=field) if field else bad_request("REQUEST_NOT_OBJECT")
    return value


def graphql_request(data: object) -> GraphQLRequestData:
    """The parameters of a GraphQL request, each checked for its type (an empty string counts as absent)."""
    if not isinstance(data, dict):
        raise bad_request("REQUEST_NOT_OBJECT")
    query = data.get("query")
    if query is None or query == "":
        raise bad_request("REQUEST_QUERY_MISSING", field="query")
    if not isinstance(query, str):
        raise bad_request("REQUEST_NOT_STRING", field="query", parameter="query")
    operation_name = _optional(data, "operationName", str, "REQUEST_NOT_STRING")
    variables = _optional(data, "variables", dict, "REQUEST_NOT_MAP")
    extensions = _optional(data, "extensions", dict, "REQUEST_NOT_MAP")
    return GraphQLRequestData(query=query, variables=variables, operation_name=operation_name,
                              extensions=extensions, protocol="http")


class StrictGraphQLRequests:
    """Mixed into a ``strawberry.asgi.GraphQL`` view that has a ``runtime``: parses requests with the checks
    above and answers every refused request with a GraphQL-shaped error."""

    def parse_json(self, data: str | bytes) -> dict[str, Any]:
        # Strawberry parses with this the JSON body, GET's variables and extensions, and multipart's
        # operations and map: each must be an object (batches are not enabled).
        return decode_json_object(data)

    def parse_query_params(self, params: Mapping[str, str]) -> dict[str, Any]:
        data: dict[str, Any] = dict(params)
        for name in ("variables", "extensions"):
            if data.get(name):
                data[name] = decode_json_object(data[name], field=name)
        return data

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
        media_type = (request.content_type or "").split(";", 1)[0].strip().lower()
        if request.method == "GET":
            data = self.parse_query_params(request.query_params)
        elif media_type == "application/json":
            data = self.parse_json(await request.get_body())
        elif self.multipart_uploads_enabled and media_type == "multipart/form-data":
            data = await self.parse_multipart(request)
        else:
            raise bad_request("REQUEST_CONTENT_TYPE")
        return graphql_request(data)

    async def parse_multipart(self, request: AsyncHTTPRequestAdapter) -> dict[str, Any]:
        try:
            return await super().parse_multipart(request)
        except (LookupError, TypeError, ValueError, AttributeError):
            # A "map" naming paths that are not in "operations" (or are not paths at all).
            raise bad_request("REQUEST_FILES_MAP", field="map") from None

    async def execute_single(self, request: Request, request_adapter: AsyncHTTPRequestAdapter, sub_response: Any,
                             context: Any, root_value: Any, request_data: GraphQLRequestData) -> ExecutionResult:
        allowed = {OperationType.QUERY}
        if request_adapter.method == "POST":
            allowed.add(OperationType.MUTATION)
        try:
            return await self.schema.execute(
                request_data.query, root_value=root_value, variable_values=request_data.variables,
                context_value=context, operation_name=request_data.operation_name,
                allowed_operation_types=allowed, operation_extensions=request_data.extensions)
        except InvalidOperationTypeError as exc:
            if exc.operation_type is OperationType.SUBSCRIPTION:
                raise RequestRefused(200, "SUBSCRIPTION_NEEDS_WEBSOCKET") from None
            raise RequestRefused(405, "MUTATION_NEEDS_POST", headers={"Allow": "POST"}) from None
        except CannotGetOperationTypeError as exc:
            if exc.operation_name is None:  # (strawberry runs the first operation when none is named)
                raise bad_request("REQUEST_NO_OPERATION", field="operationName") from None
            raise bad_request("REQUEST_OPERATION_UNKNOWN", field="operationName", name=exc.operation_name) from None
        except MissingQueryError:
            raise bad_request("REQUEST_QUERY_MISSING", field="query") from None

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        try:
            return await super().run(request, context, root_value)
        except RequestRefused as refused:
            return self.refusal_response(request, refused)
        except ViewHTTPException as exc:  # strawberry's own refusals (e.g. a multipart body it cannot read)
            return self.refusal_response(request, _refusal(exc.status_code, exc.reason))
        except StarletteHTTPException as exc:
            if exc.status_code != 400:  # e.g. 413, which the body limit answers itself
                raise
            return self.refusal_response(request, _refusal(exc.status_code, exc.detail))

    def refusal_response(self, request: Request, refused: RequestRefused) -> Response:
        language = negotiate_language(request.headers.get("accept-language"), self.runtime.settings.default_language)
        extensions = {"code": refused.code}
        if refused.field:
            extensions["field"] = refused.field
        error = {"message": self.runtime.catalog.translate(refused.key, language, **refused.params),
                 "extensions": extensions}
        return Response(self.encode_json({"errors": [error]}), status_code=refused.status,
                        media_type="application/json", headers=refused.headers)


def _refusal(status: int, detail: str) -> RequestRefused:
    if status == 404:  # the IDE, switched off in production
        return RequestRefused(404, "NOT_FOUND")
    return RequestRefused(status, _CODES_BY_STATUS.get(status, "BAD_REQUEST"), "REQUEST_MALFORMED", detail=detail)


def _optional(data: dict[str, Any], name: str, kind: type, key: str) -> Any:
    value = data.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, kind):
        raise bad_request(key, field=name, parameter=name)
    return value


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _too_nested(value: object) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > MAX_JSON_DEPTH:
                    return True
                stack.append((child, depth + 1))
    return False
