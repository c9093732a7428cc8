"""A clock a test moves: time stands still until the test moves it, and moving it forward fires timers."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from loket.core.runtime import Runtime
from loket.core.timekeeping.passing import duration_of, moment_after, pass_time
from loket.core.workflow.timing import Duration

JAKARTA = ZoneInfo("Asia/Jakarta")
START = datetime(2026, 2, 2, 8, 0, tzinfo=JAKARTA)
"""Where every test's clock starts: Monday 2 February 2026, 08:00 in Jakarta (01:00 UTC), the start of a
working day with two full working weeks ahead (no public holiday before 16 February)."""

WORKER = "loket-test-clock"

Step = Duration | str | timedelta


class ManualClock:
    """The time an app under test reads. Nothing moves it but the test:

    - ``await advance(step)`` goes forward as the background timer runner would see time pass: to each due
      timer's moment in turn, firing what is due then (so a timer armed by a firing fires at its own moment),
      then to the target. A timer whose firing fails raises here, instead of being logged and retried.
    - ``move(step)`` and ``set(moment)`` only put the clock elsewhere (backwards too); nothing fires until the
      next ``advance``.

    A step is a ``Duration``, a text ``Duration.parse`` reads ("3x24 hours", "2 working days") or a
    ``timedelta``. Working time is counted in the calendar of the desk named by ``desk=``.
    """

    def __init__(self, start: datetime = START) -> None:
        self.timezone: tzinfo = start.tzinfo or JAKARTA
        self._now = _aware(start).astimezone(self.timezone)
        self._runtime: Runtime | None = None

    def __call__(self) -> datetime:
        return self._now

    def __repr__(self) -> str:
        return f"ManualClock({self._now.isoformat()})"

    @property
    def now(self) -> datetime:
        """The time now, in the start moment's time zone (Asia/Jakarta unless the start said otherwise)."""
        return self._now

    def attach(self, runtime: Runtime) -> None:
        """Become the clock of ``runtime`` (the ``loket_app`` fixture does this)."""
        runtime.clock = self
        self._runtime = runtime

    def set(self, moment: datetime) -> None:
        """Make ``moment`` the time now, firing nothing."""
        self._now = _aware(moment).astimezone(self.timezone)

    def move(self, step: Step, *, desk: str | None = None) -> datetime:
        """Move the clock by ``step`` (a negative ``timedelta`` moves it back), firing nothing."""
        self.set(self._target(step, desk))
        return self._now

    async def advance(self, step: Step, *, desk: str | None = None) -> int:
        """Let ``step`` pass, firing every timer that falls due on the way; returns how many changed a ticket."""
        return await self.advance_to(self._target(step, desk))

    async def advance_to(self, moment: datetime) -> int:
        """Let time pass until ``moment``, firing every timer that falls due on the way."""
        moment = _aware(moment)
        if moment < self._now:
            raise ValueError(f"{moment.isoformat()} is before the clock's time {self._now.isoformat()}; "
                             f"use set() to go back")
        return await pass_time(self._app_runtime(), self.set, moment, worker=WORKER)

    def _target(self, step: Step, desk: str | None) -> datetime:
        duration = duration_of(step)
        if isinstance(duration, timedelta):
            return self._now + duration
        if not duration.working and desk is None:
            return duration.after(self._now, None)
        return moment_after(self._app_runtime(), self._now, duration, desk=desk)

    def _app_runtime(self) -> Runtime:
        if self._runtime is None:
            raise RuntimeError("this clock is not the clock of an app yet: use it with the loket_app fixture "
                               "(or call attach(runtime))")
        return self._runtime


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"{moment.isoformat()} has no time zone; give one (e.g. tzinfo=ZoneInfo('Asia/Jakarta'))")
    return moment
