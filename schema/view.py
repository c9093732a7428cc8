"""The GraphQL endpoint: HTTP (POST, GET) and websocket (graphql-transport-ws only)."""

from __future__ import annotations

from typing import Any

import strawberry
from cross_web import FormData as RequestFormData
from cross_web import StarletteRequestAdapter
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UnsetType

from loket.core.auth.renewal import authenticate
from loket.core.errors import AuthenticationError
from loket.core.http.bearer import Actor, bearer_token
from loket.core.http.graphiql_page import graphiql_page
from loket.core.i18n import SUPPORTED_LANGUAGES, negotiate_language
from loket.core.http.multipart import close_form, parse_multipart
from loket.core.runtime import Runtime
from loket.core.http.bearer import refused_token
from loket.schema.context import LoketContext
from loket.schema.live_sessions import LiveSessions, SessionBoundHandler, SocketRefused
from loket.schema.requests import RequestRefused, StrictGraphQLRequests
from loket.schema.stale_tokens import runs_without_token
from loket.schema.subscriptions.live_reads import LiveReads


class UploadRequestAdapter(StarletteRequestAdapter):
    """Reads file uploads with loket.core.http.multipart (fast, in 1 MB writes) instead of ``Request.form()``."""

    async def get_form_data(self) -> RequestFormData:
        form = await parse_multipart(self._request)
        return RequestFormData(files=form, form=form)


class LoketGraphQL(StrictGraphQLRequests, GraphQL):
    request_adapter_class = UploadRequestAdapter
    # A websocket's subscriptions end when its sign-in does (see loket.schema.live_sessions).
    graphql_transport_ws_handler_class = SessionBoundHandler

    def __init__(self, schema: strawberry.Schema, runtime: Runtime) -> None:
        settings = runtime.settings
        super().__init__(
            schema,
            graphql_ide=None if settings.is_production else "graphiql",
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            allowed_origins=settings.allowed_origin_list,
            keep_alive=True,
            keep_alive_interval=20,
            # Uploads need a bearer token, which a cross-site form cannot send: no CSRF exposure.
            multipart_uploads_enabled=True,
        )
        self.runtime = runtime
        self.settings = settings
        self.live_reads = LiveReads()
        self.live_sessions = LiveSessions()
        runtime.broker.on_sessions_ended(self.live_sessions.end)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            await close_form(scope)  # uploaded files leave TMPDIR as soon as the answer is sent

    async def render_graphql_ide(self, request: Request) -> Response:
        return graphiql_page()  # from the package's own files, never a CDN: see loket.core.http.graphiql_page

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> LoketContext:
        actor = request.scope.get("user")
        language = negotiate_language(request.headers.get("accept-language"), self.settings.default_language)
        context = LoketContext(request=request, response=response, runtime=self.runtime, language=language,
                               live_reads=self.live_reads)
        if isinstance(actor, Actor):
            context.user, context.session = actor.user, actor.session
            if not request.headers.get("accept-language") and actor.user.language in SUPPORTED_LANGUAGES:
                context.language = actor.user.language  # no header: the signed-in person's own choice
        return context

    async def on_ws_connect(self, context: LoketContext) -> UnsetType | dict[str, object] | None:
        """Authenticate a websocket from its connection_init payload: ``{"authorization": "Bearer <token>"}``
        (``{"token": "<token>"}`` also works). Without a token the connection stays anonymous; a bad token
        closes the socket with 4401 and the code as reason (``TOKEN_EXPIRED``...). The socket then serves that session only while it lasts: see
        ``loket.schema.live_sessions``."""
        params: dict[str, Any] = context.connection_params or {}
        raw = params.get("authorization") or params.get("Authorization") or params.get("token")
        language = params.get("language")
        if isinstance(language, str):
            context.language = negotiate_language(language, context.language)
        if raw is None:
            return {"authenticated": context.user is not None}
        token = bearer_token(str(raw))
        if token is None:
            raise SocketRefused("INVALID_TOKEN")
        try:
            context.user, context.session = await authenticate(self.runtime, token)
        except AuthenticationError as exc:
            raise SocketRefused(exc.code) from None
        if not isinstance(language, str) and not context.request.headers.get("accept-language") \
                and context.user.language in SUPPORTED_LANGUAGES:
            context.language = context.user.language
        return {"authenticated": True, "userId": str(context.user.id)}

    async def execute_single(self, request: Request, request_adapter: Any, sub_response: Any, context: Any,
                             root_value: Any, request_data: Any) -> Any:
        self.refuse_stale_token(request, request_data)
        return await super().execute_single(request=request, request_adapter=request_adapter,
                                            sub_response=sub_response, context=context, root_value=root_value,
                                            request_data=request_data)

    @staticmethod
    def refuse_stale_token(request: Request, request_data: Any) -> None:
        """A request whose bearer token was refused (``BearerAuthentication`` left it to us) is answered 401 with
        the reason, unless it only asks for operations that work without a token (``loket.schema.stale_tokens``),
        which then run as if no header had come."""
        refusal = refused_token(request)
        if refusal is None:
            return
        query = request_data.query
        if isinstance(query, str) and runs_without_token(query, request_data.operation_name):
            return
        raise RequestRefused(401, refusal.code, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
