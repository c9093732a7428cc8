"""A development server's clock that people trying a desk can move forward, instead of waiting for days.

With ``LOKET_MOVABLE_CLOCK=true`` (refused in production, see ``core/settings.py``) the server's time is real
time plus an offset kept in the file ``clock-offset`` of ``LOKET_DATA_DIR``: every server process and the
``loket clock`` command read the same file (at most every quarter of a second), so they agree on the time.
Moving the clock forward fires every timer due on the way at its own moment (``core/timekeeping/passing.py``); the
timer runner of every process picks up whatever else falls due.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from loket.core.timekeeping.clock import utcnow
from loket.core.errors import InvalidInputError, LoketError, PermissionDeniedError
from loket.core.runtime import Runtime
from loket.core.settings import Settings
from loket.core.timekeeping.passing import duration_of, fire_logged, moment_after, pass_time
from loket.core.timekeeping.timers import worker_name
from loket.core.workflow.access import Viewer
from loket.core.workflow.timing import Duration

logger = logging.getLogger("loket.clock")

OFFSET_FILE = "clock-offset"
REREAD_SECONDS = 0.25
MAX_STEP = timedelta(days=366)


class MovableClock:
    """Real time plus the offset in ``data_dir/clock-offset`` (seconds, as text); no file means no offset."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / OFFSET_FILE
        self._offset = timedelta(0)
        self._read_at: float | None = None

    def __call__(self) -> datetime:
        return utcnow() + self.offset()

    def offset(self) -> timedelta:
        """How far ahead of real time this clock is, as another process may just have moved it."""
        now = time.monotonic()
        if self._read_at is None or now - self._read_at >= REREAD_SECONDS:
            self._offset, self._read_at = self._read(), now
        return self._offset

    def refresh(self) -> None:
        """Read the offset now, not up to a quarter of a second late: before moving the clock relative to it."""
        self._read_at = None

    def set(self, moment: datetime) -> None:
        """Make ``moment`` the time now, for every process."""
        self._write(moment - utcnow())

    def reset(self) -> None:
        """Back to real time, for every process."""
        self.path.unlink(missing_ok=True)
        self._offset, self._read_at = timedelta(0), time.monotonic()

    def _read(self) -> timedelta:
        try:
            text = self.path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return timedelta(0)
        try:
            return timedelta(seconds=float(text))
        except (ValueError, OverflowError):
            logger.warning("%s does not hold an offset in seconds (%r); keeping real time", self.path, text[:40])
            return timedelta(0)

    def _write(self, offset: timedelta) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a process reading at the same moment sees the old offset or the new one.
        staged = self.path.with_name(f".{OFFSET_FILE}.{os.getpid()}")
        staged.write_text(f"{offset.total_seconds():.6f}\n", encoding="utf-8")
        os.replace(staged, self.path)
        self._offset, self._read_at = offset, time.monotonic()


def clock_for(settings: Settings) -> Callable[[], datetime]:
    """The clock a deployment's runtime reads: real time, or the movable clock when the setting is on."""
    return MovableClock(settings.data_dir) if settings.movable_clock else utcnow


@dataclass(frozen=True)
class ClockMove:
    """Where the clock stands after it moved, and how many timers changed a ticket on the way."""

    now: datetime
    fired: int


def movable(rt: Runtime) -> MovableClock:
    """The runtime's movable clock; CLOCK_NOT_MOVABLE when this server keeps real time."""
    if not rt.settings.movable_clock or not isinstance(rt.clock, MovableClock):
        raise LoketError("CLOCK_NOT_MOVABLE")
    return rt.clock


def may_move_the_clock(viewer: Viewer) -> bool:
    """Superusers and the admins of any desk: the clock is the whole server's, and only in development."""
    return viewer.is_superuser or bool(viewer.admin_desk_ids)


async def advance(rt: Runtime, by: str, *, desk: str | None = None, viewer: Viewer | None = None,
                  field: str = "by") -> ClockMove:
    """Move the clock forward by ``by`` ("3x24 hours", "2 days"; working time in ``desk``'s calendar), firing
    every timer due on the way. ``viewer`` None is the operator at the console."""
    clock = movable(rt)
    if viewer is not None and not may_move_the_clock(viewer):
        raise PermissionDeniedError()
    clock.refresh()  # another process may have moved it within the last quarter of a second
    duration = duration_of(by, field=field)
    _refuse_too_long(rt, duration, desk, field)
    target = moment_after(rt, rt.now(), duration, desk=desk, field=field)
    fired = await pass_time(rt, clock.set, target, worker=worker_name(), fire=fire_logged, others_fire=True)
    return ClockMove(now=rt.now(), fired=fired)


def reset(rt: Runtime) -> datetime:
    """Back to real time; what fired stays fired."""
    movable(rt).reset()
    return rt.now()


def _refuse_too_long(rt: Runtime, duration: Duration | timedelta, desk: str | None, field: str) -> None:
    calendar = rt.desks.get(desk, field="desk").spec.calendar if desk else None
    try:
        length = duration.length(calendar) if isinstance(duration, Duration) else duration
    except ValueError:
        return  # working days without a calendar: moment_after names what is missing
    except OverflowError:
        length = MAX_STEP * 2
    if length > MAX_STEP:
        raise InvalidInputError("DURATION_TOO_LONG", field=field, max=MAX_STEP.days)
