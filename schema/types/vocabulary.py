"""Enums of the values core alone decides (docs/schema_conventions.md): kinds of ticket event, SLA clock states,
kinds of desk field and rating question, message purposes, participant roles and action effects. Each is made
from core's own table where core keeps one, so a value core adds is in the schema at once (tests check the
others against core); a value outside these sets would be a bug in core, never a desk's choice."""

from __future__ import annotations

from enum import Enum

import strawberry

from loket.core.locale import CORE_MESSAGES
from loket.core.tickets.audience import PAYLOAD_AUDIENCE
from loket.core.workflow.spec import EFFECTS


def _enum(name: str, description: str, values: dict[str, str]) -> type[Enum]:
    """A GraphQL enum whose members are named after core's values in capitals and described one by one."""
    members = {value.upper(): strawberry.enum_value(value, description=meaning) for value, meaning in values.items()}
    return strawberry.enum(Enum(name, members), description=description)


TicketEventKind = _enum(
    "TicketEventKind", "What happened to a ticket: core's kinds of timeline event (docs/events.md lists each with "
    "its payload). A desk's actions record these kinds too.",
    {kind: CORE_MESSAGES["en"].get(f"EVENT_{kind.upper()}", kind) for kind in sorted(PAYLOAD_AUDIENCE)})

ActionEffect = _enum(
    "ActionEffect", "What a workflow action does: core's fixed set of effects (docs/workflows.md). A desk names "
    "and labels its actions; each does one of these.",
    dict(EFFECTS))

SlaClockState = _enum("SlaClockState", "Whether a service-level clock counts time.", {
    "running": "It counts time towards its target.",
    "paused": "It stands still (a question to the reporter, a proposed solution, an SLA exception); its target "
              "moves with it.",
    "stopped": "It was met or ended (the ticket was answered or closed); it counts no more.",
})

FieldKind = _enum("FieldKind", "The kind of value a desk's extra field takes (core validates each).", {
    "text": "One line of text.",
    "textarea": "Several lines of text.",
    "email": "An email address.",
    "phone": "A phone number.",
    "choice": "One of the field's `choices`.",
    "integer": "A whole number.",
    "number": "A decimal number, sent as a string.",
    "money": "An amount of money, as a decimal string.",
    "date": "A date, YYYY-MM-DD.",
    "boolean": "True or false.",
})

RatingQuestionKind = _enum("RatingQuestionKind", "The kind of answer a rating question takes.", {
    "stars": "A number of stars from `minimum` to `maximum`.",
    "scale": "One of `choices`, from worst to best.",
    "tags": "Any of the tags offered (see `tagsByStars`, or `choices`).",
    "text": "Free text.",
})

MessagePurpose = _enum("MessagePurpose", "Why a message of the conversation was written.", {
    "reply": "A reply in the conversation.",
    "note": "An internal note for the desk's staff.",
    "feedback_request": "A question to the reporter or another participant.",
    "feedback": "The answer to a question.",
    "resolution": "The solution an agent proposes.",
    "not_solved": "The reporter's reason for reopening: not solved yet.",
    "escalated": "The hand-over message of an escalation.",
    "transferred": "The hand-over message of a transfer.",
    "returned": "The hand-over message of a return to the team it came from.",
    "force_close": "The reason given for closing it.",
    "system": "Written by the system (a timer's note).",
})

Channel = _enum("Channel", "How a ticket reached the desk (a desk offers some of these: Desk.channels).", {
    "web": "Filed by its reporter (a web or mobile app).",
    "phone": "Taken by an agent on the phone.",
    "walk_in": "Taken by an agent at the desk's counter.",
    "email": "Arrived by email.",
})

ParticipantRole = _enum("ParticipantRole", "How someone takes part in a ticket besides its reporter.", {
    "holder": "An agent who held the ticket.",
    "asked": "Someone asked for information.",
})
