"""GraphQL types of a desk's workflow: status categories, the statuses and actions a desk defines, and the
actions a caller may take on a ticket now, with the inputs each asks for, so a frontend draws buttons and
forms without knowing the desk."""

from __future__ import annotations

from enum import Enum

import strawberry

from loket.core.desks.registry import DeskInfo, status_label
from loket.core.i18n import Catalog
from loket.core.models import Ticket as TicketModel
from loket.core.models import User
from loket.core.plugin_types import label
from loket.core.tickets.effects import askable
from loket.core.workflow.access import Viewer
from loket.core.workflow.perform import reason_choices
from loket.core.workflow.spec import ActionSpec, Choice
from loket.schema.types.vocabulary import ActionEffect


@strawberry.enum(description="What a status means, whatever a desk calls it (see docs/workflows.md).")
class StatusCategory(Enum):
    NEW = strawberry.enum_value("new", description="In a team's queue; nobody has taken it. SLA clocks run.")
    OPEN = strawberry.enum_value("open", description="Being worked. SLA clocks run.")
    WAITING_ON_REPORTER = strawberry.enum_value(
        "waiting_on_reporter", description="A question awaits the reporter or another participant (see "
        "Ticket.waitingOn). SLA clocks stand still.")
    WAITING_ON_THIRD_PARTY = strawberry.enum_value(
        "waiting_on_third_party", description="Waiting on someone outside the ticket, e.g. a leadership decision. "
        "SLA clocks run.")
    RESOLVED = strawberry.enum_value("resolved", description="A solution awaits the reporter's confirmation. SLA "
                                     "clocks stand still.")
    CLOSED = strawberry.enum_value("closed", description="Done; the workflow may still let the reporter rate or "
                                   "reopen it. SLA clocks stop.")
    FINAL = strawberry.enum_value("final", description="Done for good: nobody may reply any more. SLA clocks "
                                  "stop.")


@strawberry.type(description="A status of a desk's workflow: the stable name inputs and filters take, and how the "
                 "desk words it in the caller's language.")
class WorkflowStatus:
    name: str = strawberry.field(description="The status slug (e.g. new): what inputs and filters such as "
                                 "TicketFilter.statuses take. Stable whatever the desk calls it.")
    label: str = strawberry.field(description="The status in the desk's own words, in the caller's language.")
    category: StatusCategory = strawberry.field(description="What the status means, whatever the desk calls it.")


@strawberry.type(description="An action of a desk's workflow named where it is referred to: the stable name "
                 "performAction takes, and its label in the caller's language.")
class ActionRef:
    name: str = strawberry.field(description="The action's name in the desk's workflow: what "
                                 "PerformActionInput.action takes.")
    label: str = strawberry.field(description="The action in the desk's own words, in the caller's language.")


def workflow_status(desk: DeskInfo, slug: str, language: str, catalog: Catalog) -> WorkflowStatus:
    """A status of ``desk`` as the schema shows it (a status the workflow no longer has counts as open)."""
    return WorkflowStatus(name=slug, label=status_label(desk, slug, language, catalog),
                          category=StatusCategory(desk.workflow.category_of(slug)))


def action_ref(desk: DeskInfo, name: str, language: str) -> ActionRef:
    """An action of ``desk`` by name, labelled (an action the workflow no longer has is labelled by its name)."""
    action = desk.workflow.action(name)
    return ActionRef(name=name, label=(label(action.label, language) or name) if action else name)


@strawberry.type(description="A choice of an action's input: a value to send and its label.")
class InputChoice:
    value: str = strawberry.field(description="What to send in the action's input (a slug, or a person's email).")
    label: str = strawberry.field(description="What to show, in the caller's language.")


@strawberry.enum(description="The kind of value an action's input takes.")
class ActionInputKind(Enum):
    TEXT = strawberry.enum_value("text", description="Text (a message, solution or reason), sent as `message`; "
                                 "at least `minLength` characters.")
    CHOICE = strawberry.enum_value("choice", description="One of `choices` (e.g. a pause reason), sent as "
                                   "`reason`.")
    TEAM = strawberry.enum_value("team", description="A team's slug, one of `choices`, sent as `toTeam`.")
    PERSON = strawberry.enum_value("person", description="A person's email, one of `choices`, sent as `toPerson`.")
    FIELD = strawberry.enum_value("field", description="A desk field named by the input's `name` (see "
                                  "Desk.fields), sent in `fields`.")
    FILES = strawberry.enum_value("files", description="Files staged beforehand with the input's `purpose`, sent "
                                  "as `attachmentIds`; at least `minFiles`.")
    RATING = strawberry.enum_value("rating", description="The answers to Ticket.ratingForm, sent with rateTicket.")


@strawberry.type(description="An input an action asks for.")
class ActionInputField:
    name: str = strawberry.field(description="message, solution, reason, toTeam, toPerson, attachmentIds, "
                                 "answers, or a desk field's key.")
    kind: ActionInputKind = strawberry.field(description="The kind of value it takes and where it is sent.")
    required: bool = strawberry.field(description="True: the action is refused without it.")
    min_length: int | None = strawberry.field(description="For text: the fewest characters accepted.")
    min_files: int | None = strawberry.field(description="For files: how many at least.")
    purpose: str | None = strawberry.field(description="For files: the purpose to stage them with.")
    choices: list[InputChoice] = strawberry.field(description="The values accepted, when there is a fixed list.")


@strawberry.type(description="An action the caller may take on the ticket now. Take it with performAction(action: "
                 "name), sending the inputs listed. A desk's guard may still refuse a particular input.")
class AvailableAction:
    name: str = strawberry.field(description="The action's name in the desk's workflow: send it to performAction.")
    label: str = strawberry.field(description="In the caller's language.")
    effect: ActionEffect = strawberry.field(description="What it does: one of core's effects.")
    to_status: WorkflowStatus | None = strawberry.field(description="The status it leads to; null: the status "
                                                        "stays.")
    _inputs: strawberry.Private[object]

    @strawberry.field(description="The inputs it asks for, with their choices for this ticket and caller.")
    async def inputs(self) -> list[ActionInputField]:
        return await self._inputs()


@strawberry.type(description="An action of the desk's workflow: where it starts, where it leads, who may take it.")
class WorkflowAction:
    name: str = strawberry.field(description="The action's name, unique in the desk's workflow.")
    label: str = strawberry.field(description="In the caller's language.")
    effect: ActionEffect = strawberry.field(description="What it does: one of core's effects.")
    starts: list[WorkflowStatus] = strawberry.field(description="The statuses it may be taken from.")
    to_status: WorkflowStatus | None = strawberry.field(description="The status it leads to; null: the status "
                                                        "stays.")
    who: list[str] = strawberry.field(description="Actor rules: reporter, asked, participant, assignee, "
                                      "holding_team, tier>=N, team:SLUG, staff, desk_admin, system.")


def workflow_actions(desk: DeskInfo, language: str, catalog: Catalog) -> list[WorkflowAction]:
    workflow = desk.workflow

    def status(slug: str | None) -> WorkflowStatus | None:
        return workflow_status(desk, slug, language, catalog) if slug else None

    return [WorkflowAction(name=action.name, label=label(action.label, language) or action.name, effect=ActionEffect(action.does),
                           starts=[status(s.slug) for s in workflow.statuses if workflow.starts_from(action, s.slug)],
                           to_status=status(action.to), who=list(action.who))
            for action in workflow.actions]


def _choices(choices: list[Choice] | tuple[Choice, ...], language: str) -> list[InputChoice]:
    return [InputChoice(value=choice.slug, label=label(choice.label, language) or choice.slug) for choice in choices]


def available_action(desk: DeskInfo, ticket: TicketModel, viewer: Viewer, action: ActionSpec, language: str,
                     loaders, participants: list, catalog: Catalog) -> AvailableAction:
    """An action; the inputs it asks for (their choices worked out for this ticket and caller) only when a
    query selects them."""

    async def inputs() -> list[ActionInputField]:
        return await _inputs_of(desk, ticket, viewer, action, language, loaders, participants)

    to_status = workflow_status(desk, action.to, language, catalog) if action.to else None
    return AvailableAction(name=action.name, label=label(action.label, language) or action.name, effect=ActionEffect(action.does),
                           to_status=to_status, _inputs=inputs)


async def _inputs_of(desk: DeskInfo, ticket: TicketModel, viewer: Viewer, action: ActionSpec, language: str,
                     loaders, participants: list) -> list[ActionInputField]:
    inputs: list[ActionInputField] = []

    def add(name: str, kind: ActionInputKind, required: bool, choices=(), **extra) -> None:
        inputs.append(ActionInputField(name=name, kind=kind, required=required, choices=list(choices),
                                       min_length=extra.get("min_length"), min_files=extra.get("min_files"),
                                       purpose=extra.get("purpose")))

    if action.message is not None:
        rule = action.message
        minimum = desk.spec.message_min_length if rule.min_length is None else rule.min_length
        add(rule.name, ActionInputKind.TEXT, rule.required, min_length=minimum)
    reasons = reason_choices(desk, action)
    if reasons:
        given = action.reasons or tuple(Choice(p.slug, p.label) for p in desk.spec.pause_reasons
                                             if not p.retired)
        add("reason", ActionInputKind.CHOICE, True, _choices(given, language))
    if action.does in ("escalate", "transfer"):
        add("toTeam", ActionInputKind.TEAM, action.does == "transfer", await _teams(desk, ticket, action.does))
    if action.does in ("ask", "assign"):
        if action.does == "ask":
            found = await loaders.user.load_many(await askable(ticket, action, viewer.id, participants))
            people = [user for user in found if user is not None]
        else:
            people = await _agents(ticket)
        add("toPerson", ActionInputKind.PERSON, action.does == "assign",
            [InputChoice(value=user.email, label=user.display_name) for user in people])
    for key in action.fields:
        add(key, ActionInputKind.FIELD, True)
    if action.files is not None:
        add("attachmentIds", ActionInputKind.FILES, action.files.min_files > 0, min_files=action.files.min_files,
            purpose=action.files.purpose)
    if action.does == "rate":
        add("answers", ActionInputKind.RATING, True)
    return inputs


async def _teams(desk: DeskInfo, ticket: TicketModel, effect: str) -> list[InputChoice]:
    current = desk.team_spec(ticket.team_id)
    tier = current.tier if current else 0
    wanted = [team for team in desk.spec.teams if team.slug in desk.team_ids and desk.team_ids[team.slug] !=
              ticket.team_id and (team.tier > tier if effect == "escalate" else team.tier == tier)]
    return [InputChoice(value=team.slug, label=team.name) for team in wanted]


async def _agents(ticket: TicketModel) -> list[User]:
    return await User.filter(memberships__team_id=ticket.team_id, is_active=True).order_by("display_name")
