"""What people do to a ticket once it exists, one service per kind of action. Each takes the first of the
desk's workflow actions with that effect the caller may take now (``loket.core.workflow.perform``); any
action of a desk, its own included, is also taken by name with ``act``."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from loket.core.errors import ConflictError
from loket.core.models import Rating, Ticket
from loket.core.runtime import Runtime
from loket.core.tickets.display_numbers import stored_number
from loket.core.tickets.effects import ActionRequest, rating_form_for
from loket.core.workflow.access import Viewer
from loket.core.workflow.perform import perform

__all__ = ["act", "confirm", "escalate", "force_close", "pause_clock", "rate", "rating_form_for", "recategorise",
           "reply", "request_feedback", "resolve", "resume_clock", "return_ticket", "take", "transfer"]


async def act(rt: Runtime, viewer: Viewer, number: str, action: str, request: ActionRequest) -> Ticket:
    """Take the desk's action named ``action``."""
    ticket, _ = await perform(rt, viewer, number, request, action=action)
    return ticket


async def _by_effect(rt: Runtime, viewer: Viewer, number: str, request: ActionRequest, *effects: str) -> Ticket:
    ticket, _ = await perform(rt, viewer, number, request, effects=effects)
    return ticket


async def take(rt: Runtime, viewer: Viewer, number: str) -> Ticket:
    """Take a ticket from its team's queue: exactly one agent wins; the others learn who did."""
    return await _by_effect(rt, viewer, number, ActionRequest(), "take")


async def request_feedback(rt: Runtime, viewer: Viewer, number: str, message: str, attachment_ids: list[str] = (),
                           to_person: str | None = None) -> Ticket:
    """Ask the reporter (or, where the desk allows, another participant) for more information."""
    request = ActionRequest(message=message, attachment_ids=list(attachment_ids), to_person=to_person)
    return await _by_effect(rt, viewer, number, request, "ask")


async def reply(rt: Runtime, viewer: Viewer, number: str, message: str, attachment_ids: list[str] = (), *,
                internal: bool = False) -> Ticket:
    """Add to the conversation. The reply of whoever a question awaits answers it (the ticket goes back to
    its handler); an internal note is seen by the desk's staff only."""
    request = ActionRequest(message=message, attachment_ids=list(attachment_ids))
    return await _by_effect(rt, viewer, number, request, *(("note",) if internal else ("answer", "reply")))


async def escalate(rt: Runtime, viewer: Viewer, number: str, message: str, to_team: str | None = None,
                   attachment_ids: list[str] = ()) -> Ticket:
    """Send the ticket up a tier: to the named team, or to where the current team escalates."""
    request = ActionRequest(message=message, to_team=to_team, attachment_ids=list(attachment_ids))
    return await _by_effect(rt, viewer, number, request, "escalate")


async def transfer(rt: Runtime, viewer: Viewer, number: str, to_team: str, message: str,
                   attachment_ids: list[str] = ()) -> Ticket:
    """Hand the ticket to another team of the same tier (another department)."""
    request = ActionRequest(message=message, to_team=to_team, attachment_ids=list(attachment_ids))
    return await _by_effect(rt, viewer, number, request, "transfer")


async def return_ticket(rt: Runtime, viewer: Viewer, number: str, message: str,
                        attachment_ids: list[str] = ()) -> Ticket:
    """Send the ticket back to the team it came from (it does not fit here)."""
    request = ActionRequest(message=message, attachment_ids=list(attachment_ids))
    return await _by_effect(rt, viewer, number, request, "return")


async def resolve(rt: Runtime, viewer: Viewer, number: str, solution: str, attachment_ids: list[str] = ()) -> Ticket:
    """Describe the solution (with evidence files); the reporter is asked to confirm it."""
    request = ActionRequest(message=solution, attachment_ids=list(attachment_ids))
    return await _by_effect(rt, viewer, number, request, "resolve")


async def confirm(rt: Runtime, viewer: Viewer, number: str, solved: bool, reason: str | None = None) -> Ticket:
    """The reporter answers a resolution: solved (the ticket closes) or not yet, saying why (it goes back)."""
    request = ActionRequest(message=reason or "")
    return await _by_effect(rt, viewer, number, request, "confirm" if solved else "reopen")


async def force_close(rt: Runtime, viewer: Viewer, number: str, reason: str | None = None) -> Ticket:
    """The reporter closes their own ticket, at any time."""
    return await _by_effect(rt, viewer, number, ActionRequest(message=reason or ""), "close")


async def recategorise(rt: Runtime, viewer: Viewer, number: str, topic: str | None, application: str | None,
                       application_version: str | None, language: str) -> Ticket:
    """Correct the category (and application); the priority is computed again."""
    request = ActionRequest(topic=topic, application=application, application_version=application_version,
                            language=language)
    return await _by_effect(rt, viewer, number, request, "recategorise")


async def rate(rt: Runtime, viewer: Viewer, number: str, answers: dict) -> tuple[Ticket, Rating]:
    """Rate a closed ticket with the desk's form, once."""
    try:
        return await perform(rt, viewer, number, ActionRequest(answers=answers), effects=("rate",))
    except IntegrityError:
        # The ticket's lock makes raters queue; should a rating still slip in first, the loser hears why.
        stored = await stored_number(rt.desks, number)
        if await Rating.filter(ticket__number=stored).exists():
            raise ConflictError("ALREADY_RATED", field="number", number=stored) from None
        raise


async def pause_clock(rt: Runtime, viewer: Viewer, number: str, reason: str, note: str = "") -> Ticket:
    """Mark an SLA exception: the resolution clock stands still, for one of the desk's pause reasons."""
    return await _by_effect(rt, viewer, number, ActionRequest(reason=reason, note=note), "pause_clock")


async def resume_clock(rt: Runtime, viewer: Viewer, number: str) -> Ticket:
    """Lift an SLA exception: the resolution clock runs again."""
    return await _by_effect(rt, viewer, number, ActionRequest(), "resume_clock")
