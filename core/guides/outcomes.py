"""Counting the requests guides deflected: each reporter's answer to "did this solve your problem?"
(``GuideFeedback``), for a plugin's guide or an article the desk's admins published (a desk-wide FAQ article
is stored with an empty topic).

Only the desk's own reporters are counted (see :func:`counts_as_reporter`), and each at most once per guide and
day: a second answer the same day (the desk's day) replaces the first, so the statistics say how many people a
guide helped, not how often someone pressed the button. Anyone else gets the answer an unknown guide gets.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from loket.core.desks.registry import DeskInfo
from loket.core.errors import InvalidInputError, PermissionDeniedError
from loket.core.guides.search import DESK_WIDE, guide_exists
from loket.core.models import GuideFeedback
from loket.core.runtime import Runtime
from loket.core.workflow.access import Viewer
from loket.core.tickets.queries import desk_timezone


def counts_as_reporter(viewer: Viewer, desk: DeskInfo) -> bool:
    """Whether ``viewer`` is one of the desk's own reporters: someone who may file a ticket there for themselves.

    Every active account may file at every desk of the deployment (no desk restricts who reports to it), except
    that the desk's staff (agents of its teams, its admins, superusers) file on a reporter's behalf, and a guide
    they open while helping someone is no request spared. So: anyone signed in who is not the desk's staff.
    """
    return not viewer.is_staff_of(desk.id)


async def record_outcome(runtime: Runtime, viewer: Viewer, desk_slug: str, topic: str | None, guide: str,
                         solved: bool) -> GuideFeedback:
    """Record whether a guide solved the reporter's problem (``solved`` True: no ticket was needed); a second
    answer of the same person to the same guide on the same day replaces the first. Someone who is not one of
    the desk's reporters is told the guide does not exist, as for a guide that does not."""
    desk = runtime.desks.get(desk_slug)
    if not counts_as_reporter(viewer, desk):
        raise InvalidInputError("UNKNOWN_GUIDE", field="guide", guide=guide, topic=topic)
    topic = topic or DESK_WIDE
    if topic and desk.topic(topic) is None:
        raise InvalidInputError("UNKNOWN_TOPIC", field="topic", topic=topic)
    if not await guide_exists(desk, topic, guide):
        raise InvalidInputError("UNKNOWN_GUIDE", field="guide", guide=guide, topic=topic)
    now = runtime.now()
    key = {"user_id": viewer.id, "desk_id": desk.id, "topic": topic, "guide": guide,
           "day": now.astimezone(desk_timezone(runtime, desk)).date()}
    try:
        async with in_transaction():  # a savepoint when called inside a transaction: a repeat must not end it
            return await GuideFeedback.create(**key, solved=solved, created_at=now)
    except IntegrityError:  # this person answered already today (or at this very moment): the latest answer counts
        await GuideFeedback.filter(**key).update(solved=solved, created_at=now)
        return await GuideFeedback.get(**key)


@dataclass(frozen=True)
class GuideCount:
    topic: str
    guide: str
    solved: int
    not_solved: int


async def deflections(runtime: Runtime, viewer: Viewer, desk_slug: str) -> list[GuideCount]:
    """Per guide: how many reporters said it solved their problem, and how many went on to file."""
    desk = runtime.desks.get(desk_slug)
    if not viewer.is_staff_of(desk.id):
        raise PermissionDeniedError()
    rows = await (GuideFeedback.filter(desk_id=desk.id).annotate(count=Count("id"))
                  .group_by("topic", "guide", "solved").values("topic", "guide", "solved", "count"))
    counts: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        counts.setdefault((row["topic"], row["guide"]), [0, 0])[0 if row["solved"] else 1] += row["count"]
    return [GuideCount(topic=t, guide=g, solved=s, not_solved=n) for (t, g), (s, n) in sorted(counts.items())]
