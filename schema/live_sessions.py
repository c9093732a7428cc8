"""Websockets that stop serving a sign-in as soon as it ends.

A websocket is signed in once, at connection_init, and may then run subscriptions for hours. A token refused
there closes the socket at once with 4401 and the reason set to the code (``TOKEN_EXPIRED``, ``TOKEN_REVOKED``,
``INVALID_TOKEN``, ``ACCOUNT_DISABLED``, ``TOKEN_REUSED``). Each socket signed in with a session is then bound to
it:

- when the session is revoked (signing out, a password reset, a reused refresh token) or its account disabled,
  the broker tells every process (``loket.core.auth.sessions``) and ``LiveSessions`` hands the code to the
  session's websockets here;
- when the session's expiry comes, the websocket's own timer fires (one timer per websocket, no polling) and
  reads the session again: refreshed meanwhile (``refreshSession``), the socket goes on to the new expiry;
- before each operation it starts, the websocket reads its session again (one query per operation, none per
  event), which covers a notice lost while Redis was away.

Each live subscription then ends as any subscription error does in graphql-transport-ws: a ``next`` message
with ``data: null`` and the error (``extensions.code``), then ``complete``. Queries and mutations already
running finish and are answered; then the socket is closed with 4401 and the code as reason, as a refused
connection_init is: the client signs in again (or refreshes) and opens a new socket.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from typing import Any

from graphql import GraphQLError, OperationType, parse
from graphql.utilities import get_operation_ast
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import ConnectionInitMessage

from loket.core.auth import tokens
from loket.core.auth.sessions import session_refusal
from loket.core.live.broker import SessionsEnded
from loket.core.timekeeping.clock import utcnow
from loket.core.models import AuthSession

logger = logging.getLogger("loket.graphql")

UNAUTHORIZED_CLOSE = 4401
RUNNING_GRACE_SECONDS = 10.0
"""How long queries and mutations already running on a socket whose session ended may take before it closes."""


class SocketRefused(Exception):
    """Raised by ``on_ws_connect`` to close the socket with 4401 and ``code`` as the reason."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class LiveSessions:
    """This process's signed-in websockets, by session and by user, so that a notice finds them at once."""

    def __init__(self) -> None:
        self._by_session: dict[str, set[SessionBoundHandler]] = defaultdict(set)
        self._by_user: dict[int, set[SessionBoundHandler]] = defaultdict(set)

    def add(self, handler: SessionBoundHandler, session_id: str, user_id: int) -> None:
        self._by_session[session_id].add(handler)
        self._by_user[user_id].add(handler)

    def discard(self, handler: SessionBoundHandler, session_id: str, user_id: int) -> None:
        for index, key in ((self._by_session, session_id), (self._by_user, user_id)):
            handlers = index.get(key)
            if handlers is not None:
                handlers.discard(handler)
                if not handlers:
                    del index[key]

    def end(self, ended: SessionsEnded) -> None:
        """The broker's listener: end the websockets of the sessions (and of the user) the notice names."""
        handlers: set[SessionBoundHandler] = set()
        for session_id in ended.session_ids:
            handlers |= self._by_session.get(session_id, set())
        if ended.user_id is not None:
            handlers |= self._by_user.get(ended.user_id, set())
        for handler in handlers:
            handler.end_session(ended.code)


class SessionBoundHandler(BaseGraphQLTransportWSHandler):
    """strawberry's graphql-transport-ws handler, bound to the session the socket signed in with."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ended: str | None = None
        self._bound: tuple[str, int] | None = None
        self._expiry: asyncio.TimerHandle | None = None
        self._ending: asyncio.Task[None] | None = None
        self._checking: asyncio.Task[None] | None = None

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        try:
            await super().handle_connection_init(message)
        except SocketRefused as refused:
            await self.websocket.close(code=UNAUTHORIZED_CLOSE, reason=refused.code)
            return
        session: AuthSession | None = getattr(self.context, "session", None)
        if self.connection_acknowledged and session is not None and self._bound is None:
            self._bind(session)

    def _bind(self, session: AuthSession) -> None:
        # A notice sent between the sign-in check and this moment is not missed: the session is read again
        # before the first operation.
        self._bound = (str(session.id), session.user_id)
        self.view.live_sessions.add(self, *self._bound)
        self._arm(session.expires_at)

    def _arm(self, expires_at: Any) -> None:
        seconds = (expires_at - utcnow()).total_seconds()
        self._expiry = asyncio.get_running_loop().call_later(max(seconds, 0.0), self._expiry_came)

    def _expiry_came(self) -> None:
        self._expiry = None
        self._checking = asyncio.create_task(self._check_expiry())
        self._checking.add_done_callback(self._task_done)

    async def _check_expiry(self) -> None:
        """The expiry the socket knew came: end it, unless the session was refreshed meanwhile."""
        if self._bound is None or self.ended is not None:
            return
        try:
            session = await AuthSession.get_or_none(id=self._bound[0]).select_related("user")
        except Exception:  # the database is away: the expiry known stands
            logger.exception("could not read the session of a websocket at its expiry")
            self.end_session("TOKEN_EXPIRED")
            return
        code = "TOKEN_REVOKED" if session is None else tokens.refusal(session)
        if code is None and self.ended is None and self._bound is not None:
            self._arm(session.expires_at)
            return
        self.end_session(code or "TOKEN_EXPIRED")

    def _unbind(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
            self._expiry = None
        if self._bound is not None:
            self.view.live_sessions.discard(self, *self._bound)

    def end_session(self, code: str) -> None:
        """The session ended: end its live subscriptions with ``code``, then close the socket (4401, ``code``)."""
        if self.ended is not None:
            return
        self.ended = code
        self._unbind()
        self._ending = asyncio.create_task(self._end_subscriptions(code))
        self._ending.add_done_callback(self._task_done)

    async def _end_subscriptions(self, code: str) -> None:
        ending = [operation for operation in list(self.operations.values()) if _is_subscription(operation)]
        for operation in ending:
            self.operations.pop(operation.id, None)
            if operation.task is not None:
                operation.task.cancel()  # it sends nothing more: the next await raises CancelledError
        for operation in ending:
            if not await self._refuse(operation.id, code):
                break
        tasks = [operation.task for operation in ending if operation.task is not None]
        if tasks:
            await asyncio.wait(tasks)  # their generators have closed (and left the broker) when this returns
        running = [operation.task for operation in list(self.operations.values())
                   if operation.task is not None and operation.task is not asyncio.current_task()]
        if running:  # a query or a mutation (logout itself, sent over this socket) is answered first
            await asyncio.wait(running, timeout=RUNNING_GRACE_SECONDS)
        try:
            await self.websocket.close(code=UNAUTHORIZED_CLOSE, reason=code)
        except (WebSocketDisconnected, RuntimeError, OSError):
            pass

    async def run_operation(self, operation: Operation) -> None:
        code = self.ended
        if code is None and self._bound is not None:
            try:
                code = await session_refusal(self._bound[0])
            except Exception:  # the database is away: refuse this operation (fail closed), keep the socket
                logger.exception("could not check the session of a websocket")
                self.operations.pop(operation.id, None)
                await self._refuse(operation.id, "INTERNAL_ERROR")
                return
        if code is None:
            await super().run_operation(operation)
            return
        self.operations.pop(operation.id, None)
        await self._refuse(operation.id, code)
        self.end_session(code)  # when the notice was lost: the socket's other subscriptions end too

    async def _refuse(self, operation_id: str, code: str) -> bool:
        """End an operation with the session's error; False when the socket is already gone."""
        error = {"message": self.context.translate(code), "extensions": {"code": code}}
        try:
            await self.send_message({"id": operation_id, "type": "next", "payload": {"data": None, "errors": [error]}})
            await self.send_message({"id": operation_id, "type": "complete"})
        except (WebSocketDisconnected, RuntimeError, OSError):
            return False
        return True

    async def shutdown(self) -> None:
        self._unbind()
        for task in (self._checking, self._ending):
            if task is not None and not task.done() and task is not asyncio.current_task():
                task.cancel()
                await asyncio.wait([task])
        await super().shutdown()


def _is_subscription(operation: Operation) -> bool:
    """Whether the operation is a subscription (read only when a session ends, never per event)."""
    try:
        definition = get_operation_ast(parse(operation.query), operation.operation_name)
    except GraphQLError:
        return True
    return definition is None or definition.operation is OperationType.SUBSCRIPTION
