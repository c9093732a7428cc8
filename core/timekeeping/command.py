"""``loket clock show|advance|reset``: the development server's movable clock, from the console."""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


from loket.core.console import console_runtime, with_deployment
from loket.core.settings import Settings, load_settings


def add_clock_command(sub: argparse._SubParsersAction) -> None:
    clock = sub.add_parser("clock", help="(development) show or move the server's clock (LOKET_MOVABLE_CLOCK)",
                           description="The clock every server process of this data folder reads when "
                           "LOKET_MOVABLE_CLOCK=true (never in production).")
    actions = clock.add_subparsers(dest="clock_command", required=True, metavar="ACTION")
    actions.add_parser("show", help="print the server's time and how far it is ahead of real time")
    forward = actions.add_parser("advance", help="move the clock forward, firing each timer due on the way at "
                                 "its own moment")
    forward.add_argument("duration", nargs="+", help="e.g. 3x24 hours, 2 days, 90 minutes, 3 working days")
    forward.add_argument("--desk", help="count working time in this desk's calendar")
    actions.add_parser("reset", help="back to real time (what fired stays fired)")
    clock.set_defaults(handler=run_clock_command)


def run_clock_command(args: argparse.Namespace) -> int:
    from loket.core.timekeeping.movable import advance, movable, reset

    settings = load_settings()
    if args.clock_command == "show":
        print(_show(settings))
        return 0
    if args.clock_command == "reset":
        now = reset(console_runtime(settings))
        print(f"the clock is back at real time: {_local(now, settings)}")
        return 0
    movable(console_runtime(settings))  # refused before the database is touched
    moved = asyncio.run(with_deployment(settings, lambda rt: advance(rt, " ".join(args.duration), desk=args.desk,
                                                                   field="duration")))
    print(f"the clock is now {_local(moved.now, settings)} ({_ahead(settings)}); "
          f"{moved.fired} timer(s) fired on the way")
    return 0


def _show(settings: Settings) -> str:
    from loket.core.timekeeping.movable import MovableClock, clock_for

    clock = clock_for(settings)
    if not isinstance(clock, MovableClock):
        return f"{_local(clock(), settings)} (real time: LOKET_MOVABLE_CLOCK is off, so this server keeps real time)"
    return f"{_local(clock(), settings)} ({_ahead(settings)})"


def _ahead(settings: Settings) -> str:
    from loket.core.timekeeping.movable import MovableClock

    offset = MovableClock(settings.data_dir).offset()
    if offset <= timedelta(0):
        return "real time"
    return f"real time + {timedelta(seconds=round(offset.total_seconds()))}"


def _local(moment: datetime, settings: Settings) -> str:
    local = moment.astimezone(ZoneInfo(settings.timezone)).replace(microsecond=0)
    return f"{local.isoformat(' ')} {settings.timezone}"


