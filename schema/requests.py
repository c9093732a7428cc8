"""Reading GraphQL-over-HTTP requests strictly, and answering in the media type the client prefers.

A request that is not a GraphQL request (a body that is not a UTF-8 JSON object, a ``query`` that is not a
string, ``variables`` that are not an object, JSON nested too deep...) is answered HTTP 400 with a GraphQL-shaped
body in the caller's language, ``{"errors": [{"message": ..., "extensions": {"code": "BAD_REQUEST", "field": ...}}]}``,
never a 500 or a traceback. A mutation sent with GET is answered 405 (``MUTATION_NEEDS_POST``), as the
GraphQL-over-HTTP specification requires; a subscription sent over HTTP gets ``SUBSCRIPTION_NEEDS_WEBSOCKET``.
Persisted queries (``extensions.persistedQuery``) are resolved here by ``loket.core.http.persisted_queries``.

Status codes and media type follow ``loket.core.http.graphql_over_http``: with ``Accept:
application/graphql-response+json`` every request error is a 4xx without ``data``; with ``application/json``
a well-formed request that cannot run is still a 200, as legacy clients expect.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cross_web import AsyncHTTPRequestAdapter
from cross_web import HTTPException as ViewHTTPException
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET

from loket.core.http import graphql_over_http as over_http
from loket.core.http.persisted_queries import PersistedQueryError
from loket.core.i18n import negotiate_language
from loket.schema.errors import format_errors

MAX_JSON_DEPTH = 64
"""Nesting of arrays and objects a request body may have (Loket's inputs need a handful)."""

_CODES_BY_STATUS = {405: "METHOD_NOT_ALLOWED"}
# A browser or CDN must not keep "send the document" as the answer for a hash the server may know next time.
_NO_CACHE = {"Cache-Control": "private, no-cache, must-revalidate"}


@dataclass
class LoketRequestData(GraphQLRequestData):
    """A request's parameters, and the hash to keep its document under once it has run (persisted queries)."""

    remember: str | None = None


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


def graphql_request(data: object) -> LoketRequestData:
    """The parameters of a GraphQL request, each checked for its type (an empty string counts as absent). The
    document may be missing when ``extensions.persistedQuery`` names it by its hash."""
    if not isinstance(data, dict):
        raise bad_request("REQUEST_NOT_OBJECT")
    query = _optional(data, "query", str, "REQUEST_NOT_STRING")
    operation_name = _optional(data, "operationName", str, "REQUEST_NOT_STRING")
    variables = _optional(data, "variables", dict, "REQUEST_NOT_MAP")
    extensions = _optional(data, "extensions", dict, "REQUEST_NOT_MAP")
    if query is None and (extensions or {}).get("persistedQuery") is None:
        raise bad_request("REQUEST_QUERY_MISSING", field="query")
    return LoketRequestData(query=query, variables=variables, operation_name=operation_name,
                            extensions=extensions, protocol="http")


def persisted_refusal(error: PersistedQueryError) -> RequestRefused:
    """A persisted query that cannot run: a well-formed request (200 in ``application/json``, as Apollo's
    clients expect), except a malformed ``persistedQuery`` (400)."""
    status = 400 if error.code == "PERSISTED_QUERY_INVALID" else 200
    return RequestRefused(status, error.code, field=error.field, headers=_NO_CACHE)


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
        request_data = graphql_request(data)
        try:
            resolved = await self.runtime.persisted_queries.resolve(request_data.query, request_data.extensions)
        except PersistedQueryError as exc:
            raise persisted_refusal(exc) from None
        request_data.query, request_data.remember = resolved.query, resolved.remember
        return request_data

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A GET naming a persisted query has no ``query`` either: it is a request, not a visit to the IDE.
        return super().should_render_graphql_ide(request) and not request.query_params.get("extensions")

    async def get_sub_response(self, request: Request) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.graphql_media_type = over_http.response_media_type(request.headers.get("accept"))
        return sub_response

    async def parse_multipart(self, request: AsyncHTTPRequestAdapter) -> dict[str, Any]:
        try:
            return await super().parse_multipart(request)
        except (LookupError, TypeError, ValueError, AttributeError):
            # A "map" naming paths that are not in "operations" (or are not paths at all).
            raise bad_request("REQUEST_FILES_MAP", field="map") from None

    async def execute_single(self, request: Request, request_adapter: AsyncHTTPRequestAdapter, sub_response: Any,
                             context: Any, root_value: Any, request_data: GraphQLRequestData) -> ExecutionResult:
        result = await self._execute(request_adapter, context, root_value, request_data)
        if result.errors and not all((error.extensions or {}).get("code") for error in result.errors):
            # An error raised by an extension's hook (a document that does not parse, from the parser cache)
            # skips the formatting extension: formatted here, so it is typed (or masked) all the same.
            result.errors = [formatted for error in result.errors for formatted in (
                format_errors(error, context, request_data.variables)
                if not (error.extensions or {}).get("code") else [error])]
        request_error = over_http.is_request_error(result.data, result.errors)
        sub_response.graphql_request_error = request_error
        media_type = getattr(sub_response, "graphql_media_type", over_http.JSON)
        if request_error and over_http.is_strict(media_type) and not sub_response.status_code:
            masked = any((error.extensions or {}).get("code") == "INTERNAL_ERROR" for error in result.errors)
            sub_response.status_code = 500 if masked else 400
        remember = getattr(request_data, "remember", None)
        if remember and not request_error:
            await self.runtime.persisted_queries.remember(remember, request_data.query)
        return result

    async def _execute(self, request_adapter: AsyncHTTPRequestAdapter, context: Any, root_value: Any,
                       request_data: GraphQLRequestData) -> ExecutionResult:
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

    def create_response(self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
                        sub_response: Response) -> Response:
        media_type = getattr(sub_response, "graphql_media_type", over_http.JSON)
        strict = over_http.is_strict(media_type)
        if strict and getattr(sub_response, "graphql_request_error", False) and isinstance(response_data, dict):
            response_data = {key: value for key, value in response_data.items() if key != "data"}
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = over_http.content_type(media_type)
        response.headers.add_vary_header("Accept")
        return response

    def refusal_response(self, request: Request, refused: RequestRefused) -> Response:
        language = negotiate_language(request.headers.get("accept-language"), self.runtime.settings.default_language)
        media_type = over_http.response_media_type(request.headers.get("accept"))
        extensions = {"code": refused.code}
        if refused.field:
            extensions["field"] = refused.field
        error = {"message": self.runtime.catalog.translate(refused.key, language, **refused.params),
                 "extensions": extensions}
        response = Response(self.encode_json({"errors": [error]}),
                            status_code=over_http.refusal_status(refused.status, refused.key, media_type),
                            headers=refused.headers)
        response.headers["content-type"] = over_http.content_type(media_type)
        response.headers.add_vary_header("Accept")
        return response


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
