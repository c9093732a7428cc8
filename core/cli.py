"""The ``loket`` command: serve, migrate, demo, createuser, users, export-schema, persisted-queries (and for
developers makemigrations and clock)."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from loket.core import db
from loket.core.http.persisted_command import add_persisted_queries_command
from loket.core.people.command import add_users_command
from loket.core.timekeeping.command import add_clock_command
from loket.core.errors import LoketError
from loket.core.settings import load_settings

Command = Callable[[argparse.Namespace], int]


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = load_settings()
    from loket.core.desks.sync import collect_desk_specs
    from loket.core.plugins import get_plugin_manager

    # An unknown plugin or a broken desk fails here, in one line, not in each worker.
    pm = get_plugin_manager(settings)

    async def preflight() -> list[str]:
        await collect_desk_specs(pm, settings)
        await db.open_database(settings)
        try:
            return await db.unapplied_migrations()
        finally:
            await db.close_database()

    missing = asyncio.run(preflight())
    if missing:
        raise LoketError("CONFIGURATION_ERROR", detail=(
            f"the database lacks {len(missing)} migration(s) ({', '.join(missing)}); run `loket migrate` first"))
    ide = "" if settings.is_production else f" (GraphiQL: http://{args.host}:{args.port}/graphql)"
    live = "live updates over Redis" if settings.redis_url else "live updates within each process"
    print(f"Loket serving on http://{args.host}:{args.port}{ide}, database {db.redact(settings.database_url)}, "
          f"{live}", flush=True)
    if args.workers > 1 and not settings.redis_url:
        print("warning: with several workers and no LOKET_REDIS_URL, a subscriber hears only the events of "
              "the worker it is connected to", file=sys.stderr, flush=True)
    uvicorn.run("loket.core.app:create_app", factory=True, host=args.host, port=args.port, workers=args.workers,
                log_level=args.log_level, proxy_headers=True, lifespan="on",
                # Live updates are a few hundred bytes each: compressing every copy for every subscriber costs
                # more CPU than the bytes it saves.
                ws_per_message_deflate=False)
    return 0


def _migrate(args: argparse.Namespace) -> int:
    settings = load_settings()

    def progress(event: str, app_label: str, name: str) -> None:
        if event == "apply_done":
            print(f"applied {app_label}.{name}")

    asyncio.run(db.migrate(settings, progress=progress))
    print(f"database is up to date: {db.redact(settings.database_url)}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from loket.core.demo import load_demo
    from loket.core.plugins import get_plugin_manager
    from loket.core.runtime import Runtime

    settings = load_settings()
    pm = get_plugin_manager(settings)

    async def run():
        async with db.database(settings):
            runtime = Runtime(settings=settings, pm=pm)
            await runtime.start()
            return await load_demo(runtime)

    report = asyncio.run(run())
    print(f"demo data loaded: {len(report.created)} account(s) created, {len(report.existing)} already there")
    print(f"demo tickets: {len(report.tickets_created)} opened ({', '.join(report.tickets_created) or '-'}), "
          f"{report.tickets_existing} already there")
    print(f"demo guide and FAQ articles: {report.guides_created} written")
    for user in report.users:
        role = f"  ({user.description})" if user.description else ""
        print(f"  {user.email:36} password: {user.password}{role}")
    return 0


def _createuser(args: argparse.Namespace) -> int:
    from loket.core.auth.staff import create_staff

    settings = load_settings()
    password = args.password
    if password is None and not args.no_password:
        password = os.environ.get("LOKET_NEW_USER_PASSWORD") or getpass.getpass("Password: ")

    async def run() -> str:
        async with db.database(settings):
            if args.team or args.admin_of:  # teams and desks come from the enabled plugins
                from loket.core.desks.sync import collect_desk_specs, sync_desks
                from loket.core.plugins import get_plugin_manager

                await sync_desks(await collect_desk_specs(get_plugin_manager(settings), settings))
            user = await create_staff(email=args.email, display_name=args.name or args.email.split("@")[0],
                                      password=password, superuser=args.superuser, teams=args.team,
                                      admin_of=args.admin_of)
            return str(user)

    print(f"created {asyncio.run(run())}")
    return 0


def _export_schema(args: argparse.Namespace) -> int:
    from loket.schema.export import export_sdl

    sdl = export_sdl(load_settings())
    if args.output:
        Path(args.output).write_text(sdl, encoding="utf-8")
    else:
        sys.stdout.write(sdl)
    return 0


def _makemigrations(args: argparse.Namespace) -> int:
    paths = asyncio.run(db.make_migrations(args.name))
    for path in paths:
        print(f"created {path}")
    if not paths:
        print("no changes detected")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="loket",
        description="Loket: an open helpdesk engine for public institutions. Settings come from LOKET_* "
        "environment variables (or .env): LOKET_DATABASE_URL, LOKET_PLUGINS, LOKET_SECRET_KEY, LOKET_ENV, ...",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the GraphQL server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    serve.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    serve.set_defaults(handler=_serve)

    sub.add_parser("migrate", help="apply the committed database migrations").set_defaults(handler=_migrate)
    sub.add_parser("demo", help="load demo desks and accounts of the enabled plugins (idempotent)").set_defaults(
        handler=_demo)

    createuser = sub.add_parser("createuser", help="create an account")
    createuser.add_argument("--email", required=True)
    createuser.add_argument("--name", help="display name (default: the email's local part)")
    createuser.add_argument("--password", help="default: LOKET_NEW_USER_PASSWORD, else asked for")
    createuser.add_argument("--no-password", action="store_true", help="sign-in only through an external provider")
    createuser.add_argument("--superuser", action="store_true")
    createuser.add_argument("--team", action="append", default=[], metavar="DESK/TEAM", help="make an agent of a team")
    createuser.add_argument("--admin-of", action="append", default=[], metavar="DESK", help="make a desk admin")
    createuser.set_defaults(handler=_createuser)

    add_users_command(sub)

    export = sub.add_parser("export-schema", help="print the GraphQL SDL of the enabled plugins' schema")
    export.add_argument("--output", "-o", help="write to this file instead of standard output")
    export.set_defaults(handler=_export_schema)

    make = sub.add_parser("makemigrations", help="(developers) write a migration for model changes")
    make.add_argument("--name", help="a short name for the migration")
    make.set_defaults(handler=_makemigrations)
    add_clock_command(sub)
    add_persisted_queries_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("tortoise").setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except LoketError as exc:
        print(f"loket {args.command}: error: {exc.message('en')}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
