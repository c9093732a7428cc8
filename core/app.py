"""The Starlette application factory: one app per deployment, its plugin manager and schema kept on it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pluggy
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute

from loket.core import db
from loket.core.http import downloads, graphiql_page
from loket.core.http.body_guard import BodyGuard
from loket.core.http.body_limits import UploadBodyLimit
from loket.core.desk_config.reload import follow_other_processes
from loket.core.desks.sync import collect_desk_specs, sync_desks
from loket.core.exports.jobs import ExportRunner
from loket.core.http.bearer import BearerAuthentication, TokenBackend
from loket.core.http.cors import cors_middleware
from loket.core.timekeeping.movable import clock_for
from loket.core.notify.sender import OutboxSender
from loket.core.plugins import get_plugin_manager
from loket.core.runtime import Runtime
from loket.core.settings import Settings, load_settings
from loket.core.tickets.staged import StagedFilePurger
from loket.core.timekeeping.timers import TimerRunner

logger = logging.getLogger("loket")


def create_app(settings: Settings | None = None, pm: pluggy.PluginManager | None = None) -> Starlette:
    """Build the ASGI app. Settings default to the environment; the plugin manager to the enabled plugins."""
    from loket.schema.build import build_schema
    from loket.schema.view import LoketGraphQL

    settings = settings or load_settings()
    pm = pm or get_plugin_manager(settings)
    runtime = Runtime(settings=settings, pm=pm, clock=clock_for(settings))
    schema = build_schema(pm, production=settings.is_production)
    graphql = LoketGraphQL(schema, runtime)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await db.open_database(settings)
        runner = TimerRunner(runtime, poll=settings.timer_poll_seconds)
        sender = OutboxSender(runtime, poll=settings.outbox_poll_seconds)
        exporter = ExportRunner(runtime, poll=settings.export_poll_seconds)
        purger = StagedFilePurger(runtime, poll=settings.staged_purge_poll_seconds)
        try:
            await runtime.start()
            runtime.desks = await sync_desks(await collect_desk_specs(pm, settings))
            follow_other_processes(runtime)
            await runtime.broker.start()
            if settings.run_timers:
                runner.start()
                sender.start()
                exporter.start()
                purger.start()
            yield
        finally:
            await purger.stop()
            await exporter.stop()
            await runtime.tasks.close()
            await sender.stop()
            await runner.stop()
            await runtime.broker.close()
            await runtime.attempts.close()
            await runtime.persisted_queries.close()
            await db.close_database()

    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/graphql", UploadBodyLimit(graphql, settings.max_upload_bytes), methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            *downloads.routes(),
            *graphiql_page.routes(settings),
        ],
        middleware=[
            *cors_middleware(settings),
            Middleware(BodyGuard, timeout=settings.body_timeout_seconds, min_rate=settings.body_min_rate,
                       catalog=runtime.catalog, default_language=settings.default_language),
            # The GraphQL endpoint decides itself what a refused token means for the operation asked.
            Middleware(BearerAuthentication, backend=TokenBackend(runtime), deciding_paths=frozenset({"/graphql"})),
        ],
        lifespan=lifespan,
        debug=False,
        max_body_size=settings.max_request_bytes,
    )
    app.state.settings = settings
    app.state.pm = pm
    app.state.schema = schema
    app.state.catalog = runtime.catalog
    app.state.runtime = runtime
    return app


async def healthz(request: Request) -> JSONResponse:
    """Liveness and database reachability, for load balancers and the deployment's monitoring."""
    try:
        await db.check_connection()
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy", reported without details
        logger.warning("health check failed: %s", exc)
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
