"""The desk's own checks before an action (the ``check_action`` hook): a plugin may refuse an action the
workflow allows, with a code of its own and its message in each language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loket.core.errors import PermissionDeniedError
from loket.core.plugin_types import Labels, label
from loket.core.plugins import gather_results
from loket.core.tickets.drafts import draft_of_ticket, reporter_of_ticket
from loket.core.workflow.spec import ActionInput, ActorView, Refusal

if TYPE_CHECKING:
    from loket.core.tickets.effects import Step


class ActionRefusedError(PermissionDeniedError):
    """A desk's guard refused the action; its message is the desk's own."""

    def __init__(self, code: str, text: str | Labels, *, field: str | None = None):
        self.text = text
        super().__init__(code, field=field)

    def message(self, language: str = "en", catalog: Any = None) -> str:
        if self.text:
            return label(self.text, language)
        return super().message(language, catalog)


def actor_view(step: Step, roles: set[str]) -> ActorView:
    viewer = step.viewer
    return ActorView(kind="person", email=viewer.user.email, name=viewer.user.display_name,
                     roles=frozenset(roles), tier=viewer.max_tier.get(step.ticket.desk_id, 0))


async def check(step: Step, roles: set[str], body: str, files: int) -> None:
    """Ask every plugin's guard; the first refusal stops the action."""
    request = step.request
    given = ActionInput(message=body, reason=request.reason, to_team=request.to_team, to_person=request.to_person,
                        fields=dict(request.fields or {}), files=files)
    answers = await gather_results(step.rt.pm.hook.check_action(
        desk=step.desk.spec, ticket=draft_of_ticket(step.desk, step.ticket, await reporter_of_ticket(step.ticket)),
        action=step.action,
        actor=actor_view(step, roles), input=given))
    for answer in answers:
        if isinstance(answer, Refusal):
            text = answer.message or step.desk.spec.messages.get(answer.code, "")
            raise ActionRefusedError(answer.code, text, field=answer.field)
