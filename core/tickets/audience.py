"""Who may read what a ticket event carries.

An event is internal (the desk's staff see it, nobody else) or public (everyone who may see the ticket sees
it). A public event's payload may still hold staff-only parts, such as the agent's note on an SLA exception.
``PAYLOAD_AUDIENCE`` says, for every kind of event, which payload keys anyone who sees the event may read;
every other key is for the desk's staff only, so a key nobody has declared yet never reaches a reporter.
Every reader that shows an event to someone (the timeline, live updates, the printed ticket, what plugins are
told to pass on) goes through :func:`payload_for` or :func:`public_payload`. Exports list tickets, not
events, and the reporter's mails quote public messages only, never a payload.

The messages written with an event (replies, notes, hand-over messages) are rows of their own with their own
visibility, checked where they are read; the teams an event moved the ticket between are the ticket's own
position, which its reporter sees anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from loket.core.models import TicketEvent

# What a fired timer records: its rule and delay are how the desk works (the ticket's close reason says as
# much, and the rule was among the ticket's deadlines); whatever else a desk's timer carries is its own business.
_TIMER_RULE = frozenset({"rule", "after_seconds"})
_TIMED = _TIMER_RULE | {"after"}  # a workflow's timed transition: its name and duration
_NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PayloadAudience:
    """The payload keys of one kind of event that anyone who sees it may read, and the staff-only ones it is
    known to carry (listed so the decision is written down; any undeclared key is staff-only too)."""

    public: frozenset[str] = _NOTHING
    staff_only: frozenset[str] = _NOTHING
    why: str = ""


PAYLOAD_AUDIENCE: dict[str, PayloadAudience] = {
    "created": PayloadAudience(frozenset({"channel", "priority", "on_behalf", "guest"}),
                               why="how the ticket came in and its priority, both shown on the ticket"),
    "taken": PayloadAudience(why="no payload"),
    "assigned": PayloadAudience(frozenset({"assignee"}), why="the agent now holding it, shown on the ticket"),
    "feedback_requested": PayloadAudience(frozenset({"asked"}),
                                          why="whom a participant other than the reporter was asked (shown as the "
                                              "ticket's waitingOn); the request is a public message"),
    "replied": PayloadAudience(why="no payload; the reply is a public message"),
    "feedback_given": PayloadAudience(why="no payload; the answer is a public message"),
    "note_added": PayloadAudience(staff_only=_TIMER_RULE,
                                  why="an internal event: a note, by an agent or a desk's timer"),
    "escalated": PayloadAudience(_TIMED, why="by a person: no payload, the hand-over message is internal; "
                                                   "by a desk's timer: its rule (other keys are the desk's own)"),
    "transferred": PayloadAudience(why="no payload; the hand-over message is internal"),
    "returned": PayloadAudience(why="no payload; the hand-over message is internal"),
    "resolved": PayloadAudience(why="no payload; the solution is a public message"),
    "confirmed": PayloadAudience(why="no payload"),
    "reopened": PayloadAudience(why="no payload; the reason is a public message"),
    "force_closed": PayloadAudience(why="no payload; the reason is a public message"),
    "closed": PayloadAudience(frozenset({"reason"}), why="the reason chosen from the action's list; any message "
                                                         "is a public message"),
    "status_changed": PayloadAudience(frozenset({"reason"}), why="the reason chosen from the action's list"),
    "auto_closed": PayloadAudience(_TIMED, why="the timer's rule and delay; other keys are the desk's own"),
    "auto_completed": PayloadAudience(frozenset({"rule", "after"}), why="the transition's name and duration"),
    "locked": PayloadAudience(frozenset({"rule", "within"}), why="the window that ended and its length, both shown as a deadline"),
    "recategorised": PayloadAudience(frozenset({"from", "to"}),
                                     why="topic, application and priority before and after, all shown on the "
                                         "ticket (the priority's reason and the fields are not in the payload)"),
    "rated": PayloadAudience(frozenset({"form", "stars"}), why="the reporter's own rating"),
    "sla_paused": PayloadAudience(frozenset({"reason"}), frozenset({"note"}),
                                  why="the reason is shown with the clock; the agent's note is for staff"),
    "sla_resumed": PayloadAudience(frozenset({"reason"}), why="the reason is shown with the clock"),
    "sla_warning": PayloadAudience(staff_only=frozenset({"rule", "after_seconds", "clock", "due_at"}),
                                   why="an internal event"),
    "sla_breached": PayloadAudience(staff_only=frozenset({"rule", "after_seconds", "clock", "due_at"}),
                                    why="an internal event"),
}


ALWAYS_PUBLIC = frozenset({"action"})
"""Keys any event may carry and anyone who sees it may read: ``action``, the name of a desk's own workflow
action when it differs from the event's kind (e.g. ``upload_documents`` recording ``replied``)."""


def public_payload(kind: str, payload: dict[str, Any] | None) -> dict[str, Any]:
    """The parts of a (public) event's payload anyone who sees the event may read."""
    public = PAYLOAD_AUDIENCE.get(kind, PayloadAudience()).public | ALWAYS_PUBLIC
    return {key: value for key, value in (payload or {}).items() if key in public}


def payload_for(event: TicketEvent, staff: bool) -> dict[str, Any]:
    """The payload of ``event`` as someone reads it: all of it for the desk's staff (``staff``), for anyone
    else the public parts of a public event (nothing of an internal one)."""
    if staff:
        return dict(event.payload or {})
    if event.visibility != "public":
        return {}
    return public_payload(event.kind, event.payload)
