"""The queues people work from, by status category (so a desk's own statuses fall into them by meaning):

- ``INCOMING``: tickets of my teams nobody has taken, in a status of category ``new``;
- ``HANDLED``: tickets I hold, or held and handed on, that are not done (any category but ``closed`` and
  ``final``): those waiting on the reporter, on a third party or on a higher tier included;
- ``HISTORY``: every ticket I acted on in any way (took, answered, asked, escalated, resolved, noted...);
- ``MINE``: what I reported, or opened on someone's behalf;
- ``ALL``: everything I may see.
"""

from __future__ import annotations

from enum import Enum

from tortoise.expressions import Q, Subquery

from loket.core.models import TicketEvent, TicketParticipant
from loket.core.workflow.access import Viewer
from loket.core.workflow.spec import DONE_CATEGORIES


class Queue(str, Enum):
    ALL = "all"
    INCOMING = "incoming"
    HANDLED = "handled"
    HISTORY = "history"
    MINE = "mine"


NOT_DONE = ~Q(status_category__in=sorted(DONE_CATEGORIES))


def queue_filter(viewer: Viewer, queue: Queue) -> Q | None:
    """The tickets of ``queue`` for ``viewer`` (None: no restriction beyond what they may see)."""
    if queue is Queue.INCOMING:
        return Q(status_category="new", team_id__in=sorted(viewer.team_ids) or [0], assignee_id=None)
    if queue is Queue.HANDLED:
        held = Subquery(TicketParticipant.filter(user_id=viewer.id, role="holder").values("ticket_id"))
        return Q(Q(assignee_id=viewer.id) | Q(id__in=held)) & NOT_DONE
    if queue is Queue.HISTORY:
        return Q(id__in=Subquery(TicketEvent.filter(actor_id=viewer.id).values("ticket_id")))
    if queue is Queue.MINE:
        return Q(reporter_id=viewer.id) | Q(created_by_id=viewer.id)
    return None
