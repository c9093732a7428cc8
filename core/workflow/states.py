"""The generic ticket state machine: one table of actions, the states they start from and lead to, and
who may fire them. Desks relabel states (``DeskSpec.status_labels``); they do not edit this table."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Status(str, Enum):
    NEW = "new"  # in a team's queue, not taken
    IN_PROGRESS = "in_progress"  # taken by an agent
    WAITING_ON_REPORTER = "waiting_on_reporter"  # feedback requested
    RESOLVED = "resolved"  # a solution awaits the reporter's confirmation
    CLOSED = "closed"


OPEN_STATUSES = frozenset({Status.NEW, Status.IN_PROGRESS, Status.WAITING_ON_REPORTER, Status.RESOLVED})


class Party(str, Enum):
    """Who someone is to a ticket."""

    REPORTER = "reporter"  # the reporter, or whoever created the ticket on their behalf
    ASSIGNEE = "assignee"  # the agent who took it
    HOLDING_TEAM = "holding_team"  # an agent of the team holding it (desk admins and superusers count)


class Action(str, Enum):
    CREATE = "create"
    TAKE = "take"
    REQUEST_FEEDBACK = "request_feedback"
    REPLY = "reply"
    NOTE = "note"
    ESCALATE = "escalate"
    TRANSFER = "transfer"
    RETURN = "return"
    RESOLVE = "resolve"
    CONFIRM = "confirm"
    REOPEN = "reopen"
    FORCE_CLOSE = "force_close"
    RECATEGORISE = "recategorise"
    RATE = "rate"
    PAUSE_CLOCK = "pause_clock"
    RESUME_CLOCK = "resume_clock"


@dataclass(frozen=True)
class Transition:
    starts: frozenset[Status]
    leads_to: Status | None  # None: the status stays as it is
    parties: frozenset[Party]


_ANY_OPEN = OPEN_STATUSES
_WORKED = frozenset({Status.NEW, Status.IN_PROGRESS})
_AGENTS = frozenset({Party.ASSIGNEE, Party.HOLDING_TEAM})

TRANSITIONS: dict[Action, Transition] = {
    Action.TAKE: Transition(frozenset({Status.NEW}), Status.IN_PROGRESS, frozenset({Party.HOLDING_TEAM})),
    Action.REQUEST_FEEDBACK: Transition(frozenset({Status.IN_PROGRESS}), Status.WAITING_ON_REPORTER,
                                        frozenset({Party.ASSIGNEE})),
    # A reporter's reply while feedback is awaited answers it: the ticket goes back to its handler.
    Action.REPLY: Transition(_ANY_OPEN - {Status.RESOLVED}, None, frozenset({Party.REPORTER}) | _AGENTS),
    Action.NOTE: Transition(frozenset(Status), None, _AGENTS),
    Action.ESCALATE: Transition(_WORKED, Status.NEW, _AGENTS),
    Action.TRANSFER: Transition(_WORKED, Status.NEW, _AGENTS),
    Action.RETURN: Transition(_WORKED, Status.NEW, _AGENTS),
    Action.RESOLVE: Transition(frozenset({Status.IN_PROGRESS}), Status.RESOLVED, frozenset({Party.ASSIGNEE})),
    Action.CONFIRM: Transition(frozenset({Status.RESOLVED}), Status.CLOSED, frozenset({Party.REPORTER})),
    Action.REOPEN: Transition(frozenset({Status.RESOLVED}), Status.IN_PROGRESS, frozenset({Party.REPORTER})),
    Action.FORCE_CLOSE: Transition(_ANY_OPEN, Status.CLOSED, frozenset({Party.REPORTER})),
    Action.RECATEGORISE: Transition(_ANY_OPEN - {Status.RESOLVED}, None, _AGENTS),
    Action.RATE: Transition(frozenset({Status.CLOSED}), None, frozenset({Party.REPORTER})),
    # SLA exceptions: the resolution clock stands still for a reason the desk accepts (e.g. infrastructure).
    Action.PAUSE_CLOCK: Transition(_WORKED, None, _AGENTS),
    Action.RESUME_CLOCK: Transition(_WORKED, None, _AGENTS),
}
