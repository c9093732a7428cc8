"""GraphQL types for desks and everything a frontend needs to render a desk's forms without hard-coding."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from loket.core.desks.registry import DeskInfo
from loket.core.i18n import Catalog
from loket.core.plugin_types import (
    NUMBER_FIELD_KINDS,
    TEXT_FIELD_KINDS,
    ApplicationSpec,
    FieldSpec,
    PrioritySpec,
    TeamSpec,
    TopicSpec,
    label,
)
from loket.core.tickets.attachments import policy_for
from loket.core.tickets.field_numbers import number_range, shown
from loket.core.tickets.rating import usual_rating_form
from loket.schema.inputs import Slug
from loket.schema.types.node import Node, global_id
from loket.schema.types.rating_forms import RatingForm
from loket.schema.types.workflow import WorkflowAction, WorkflowStatus, workflow_actions, workflow_status
from loket.schema.types.vocabulary import Channel, FieldKind


@strawberry.type(description="A team of agents at one tier of a desk (tier 1 handles first). A shared team (e.g. "
                  "a ministry-wide tier-1 pool) serves several desks: one membership works the tickets of each.")
class Team(Node):
    slug: str = strawberry.field(description="Names the team in inputs, with its desk.")
    name: str = strawberry.field(description="The team's name, as the desk writes it.")
    tier: int = strawberry.field(description="Its escalation level: 1 handles first, 2 takes escalations from 1, "
                                 "and so on.")
    description: str = strawberry.field(description="What the team handles; may be empty.")
    desk_slug: str = strawberry.field(description="The desk it is seen from here: the ticket's, the listed desk's, "
                                      "the role's. See `desks` for every desk it serves.")
    shared: bool = strawberry.field(description="Serves every desk that declares it (see `desks`).")
    _team_id: strawberry.Private[int]

    @strawberry.field(description="The desks it serves, by slug: its own, or each desk a shared team serves.")
    def desks(self, info: Info) -> list[Desk]:
        return [Desk.of(desk, info.context) for desk in info.context.runtime.desks.desks_of_team(self._team_id)]

    @classmethod
    def from_model(cls, team, desk_slug: str) -> Team:
        return cls(id=global_id("Team", team.id), slug=team.slug, name=team.name, tier=team.tier,
                   description=team.description, desk_slug=desk_slug, shared=team.shared, _team_id=team.id)

    @classmethod
    def from_spec(cls, spec: TeamSpec, team_id: int, desk_slug: str) -> Team:
        return cls(id=global_id("Team", team_id), slug=spec.slug, name=spec.name, tier=spec.tier,
                   description=spec.description, desk_slug=desk_slug, shared=spec.shared, _team_id=team_id)


@strawberry.type(description="A help topic, category or service; children are its sub-categories.")
class Topic:
    slug: str = strawberry.field(description="Names the topic in inputs (ticket filing, filters), within its desk.")
    name: str = strawberry.field(description="In the caller's language.")
    description: str = strawberry.field(description="What belongs under it, in the caller's language; may be "
                                        "empty.")
    applications: list[str] = strawberry.field(description="Only for tickets about these applications (empty: any).")
    field_keys: list[str] = strawberry.field(description="Keys of the extra fields this topic asks for.")
    retired: bool = strawberry.field(description="No longer offered for new tickets (nor its sub-topics); "
                                     "tickets filed on it keep it.")
    team: str | None = strawberry.field(description="The team new tickets on it go to (null: as its parent's, "
                                        "else the desk's intake team).")
    children: list[Topic] = strawberry.field(description="Its sub-topics (retired ones only when asked for); "
                                             "empty for a leaf.")

    @classmethod
    def from_spec(cls, spec: TopicSpec, language: str, *, include_retired: bool = True) -> Topic:
        return cls(slug=spec.slug, name=label(spec.name, language), description=label(spec.description, language),
                   applications=list(spec.applications), field_keys=list(spec.fields), retired=spec.retired,
                   team=spec.team,
                   children=[cls.from_spec(child, language, include_retired=include_retired)
                             for child in spec.children if include_retired or not child.retired])


@strawberry.type(description="A system tickets can be about, with its versions.")
class Application:
    slug: str = strawberry.field(description="Names the application in inputs (a ticket's application).")
    name: str = strawberry.field(description="The application's name.")
    versions: list[str] = strawberry.field(description="The versions a reporter may choose (empty: none asked).")

    @classmethod
    def from_spec(cls, spec: ApplicationSpec) -> Application:
        return cls(slug=spec.slug, name=spec.name, versions=list(spec.versions))


@strawberry.type(description="An extra ticket field of a desk: render it, and send its value in `fields`.")
class FieldDefinition:
    key: str = strawberry.field(description="The name of its value in `fields`.")
    label: str = strawberry.field(description="In the caller's language.")
    kind: FieldKind = strawberry.field(description="The kind of value it takes.")
    required: bool = strawberry.field(description="True: a ticket is refused without a value (unless agentOnly and "
                                      "filed by its reporter).")
    choices: list[str] = strawberry.field(description="For choice: the values accepted.")
    min_length: int | None = strawberry.field(description="The fewest characters of a text value; null: no "
                                              "minimum.")
    max_length: int | None = strawberry.field(description="The most characters of a text value.")
    pattern: str | None = strawberry.field(description="A regular expression (Python syntax) the whole value must "
                                           "match; null: none.")
    help: str = strawberry.field(description="A hint to show by the field, in the caller's language; may be empty.")
    topics: list[str] = strawberry.field(description="Only on tickets under these topics (empty: every ticket).")
    agent_only: bool = strawberry.field(description="Filled by the desk's agents only: a reporter's form leaves it "
                                        "out, and a value from a reporter is refused.")
    minimum: str | None = strawberry.field(description="The smallest number accepted (a decimal string).")
    maximum: str | None = strawberry.field(description="The largest number accepted (a decimal string).")
    decimal_places: int | None = strawberry.field(description="Digits accepted after the decimal point.")

    @classmethod
    def from_spec(cls, spec: FieldSpec, language: str) -> FieldDefinition:
        numeric = spec.kind in NUMBER_FIELD_KINDS
        lowest, highest = number_range(spec) if numeric else (None, None)
        return cls(key=spec.key, label=label(spec.label, language), kind=FieldKind(spec.kind), required=spec.required,
                   choices=list(spec.choices), min_length=spec.min_length,
                   max_length=spec.text_limit() if spec.kind in TEXT_FIELD_KINDS else spec.max_length,
                   pattern=spec.pattern, help=label(spec.help, language), topics=list(spec.topics),
                   agent_only=spec.agent_only, minimum=shown(lowest) if numeric else None,
                   maximum=shown(highest) if numeric else None,
                   decimal_places=spec.number_limits()[1] if numeric else None)


@strawberry.type(description="A priority level of a desk; a higher rank is more urgent.")
class PriorityLevel:
    slug: str = strawberry.field(description="Names the priority in inputs and filters.")
    name: str = strawberry.field(description="In the caller's language.")
    rank: int = strawberry.field(description="Higher is more urgent.")

    @classmethod
    def from_spec(cls, spec: PrioritySpec, language: str) -> PriorityLevel:
        return cls(slug=spec.slug, name=label(spec.name, language), rank=spec.rank)


@strawberry.type(description="A reason agents may give to stop a ticket's resolution clock.")
class PauseReason:
    slug: str = strawberry.field(description="What to send as pauseSla's reason.")
    label: str = strawberry.field(description="In the caller's language.")
    retired: bool = strawberry.field(description="No longer offered; clocks already stopped for it keep it.")


@strawberry.type(description="Lengths the desk enforces, in characters.")
class DeskLimits:
    title_max_length: int = strawberry.field(description="The most characters of a ticket's title.")
    description_min_length: int = strawberry.field(description="The fewest characters of a ticket's description.")
    message_min_length: int = strawberry.field(description="The fewest characters of a message, unless an action "
                                               "asks otherwise (ActionInputField.minLength).")


@strawberry.type(description="Which files a desk accepts for one purpose.")
class AttachmentRules:
    purpose: str = strawberry.field(description="The purpose these rules are for.")
    extensions: list[str] = strawberry.field(description="File name extensions accepted, lower case, without the "
                                             "dot, e.g. 'pdf'.")
    max_bytes: float = strawberry.field(description="Largest file accepted, in bytes.")
    max_files: int = strawberry.field(description="The most files one ticket, message or action may carry "
                                      "for this purpose.")



@strawberry.type(description="A helpdesk served by this deployment, defined by an enabled plugin.")
class Desk(Node):
    _info: strawberry.Private[DeskInfo]
    _language: strawberry.Private[str]
    _catalog: strawberry.Private[Catalog]

    @classmethod
    def of(cls, desk: DeskInfo, context) -> Desk:
        return cls(_info=desk, _language=context.language, _catalog=context.catalog)

    @strawberry.field(description="Its global id: opaque, unique across every type.")
    def id(self) -> strawberry.ID:
        return global_id("Desk", self._info.id)

    @strawberry.field(description="Names the desk in inputs.")
    def slug(self) -> str:
        return self._info.slug

    @strawberry.field(description="The desk's name, as its plugin writes it.")
    def name(self) -> str:
        return self._info.spec.name

    @strawberry.field(description="The desk's own language (ISO 639-1), e.g. 'id'.")
    def language(self) -> str:
        return self._info.spec.language

    @strawberry.field(description="What the desk is for; may be empty.")
    def description(self) -> str:
        return self._info.spec.description

    @strawberry.field(description="Whether people without an account may file tickets here (createGuestTicket).")
    def guest_intake(self) -> bool:
        return self._info.spec.guest_intake

    @strawberry.field(description="Teams by tier, then slug.")
    def teams(self) -> list[Team]:
        specs = sorted(self._info.spec.teams, key=lambda team: (team.tier, team.slug))
        return [Team.from_spec(spec, self._info.team_ids[spec.slug], self.slug()) for spec in specs]

    @strawberry.field(description="Names of the topic levels, e.g. ['Kategori', 'Sub Kategori'].")
    def topic_levels(self) -> list[str]:
        return [label(level, self._language) for level in self._info.spec.topic_levels]

    @strawberry.field(description="The topic tree: choose a leaf when creating a ticket. Retired topics (and their "
                      "sub-topics) are left out unless `includeRetired`.")
    def topics(self, include_retired: Annotated[bool, strawberry.argument(
            description="True: retired topics too, marked `retired`.")] = False) -> list[Topic]:
        return [Topic.from_spec(topic, self._language, include_retired=include_retired)
                for topic in self._info.spec.topics if include_retired or not topic.retired]

    @strawberry.field(description="The systems tickets here may be about (empty: the desk asks for none).")
    def applications(self) -> list[Application]:
        return [Application.from_spec(app) for app in self._info.spec.applications]

    @strawberry.field(description="Every extra field of the desk; see Topic.fieldKeys and FieldDefinition.topics.")
    def fields(self) -> list[FieldDefinition]:
        return [FieldDefinition.from_spec(spec, self._language) for spec in self._info.spec.fields]

    @strawberry.field(description="Extra fields a ticket on this topic carries (desk-wide ones included).")
    def fields_for_topic(self, topic: Annotated[Slug | None, strawberry.argument(
            description="The topic's slug; null: the desk-wide fields only.")] = None) -> list[FieldDefinition]:
        return [FieldDefinition.from_spec(spec, self._language) for spec in self._info.fields_for(topic)]

    @strawberry.field(description="Its priority levels, most urgent first.")
    def priorities(self) -> list[PriorityLevel]:
        return [PriorityLevel.from_spec(p, self._language) for p in sorted(self._info.spec.priorities,
                                                                            key=lambda p: -p.rank)]

    @strawberry.field(description="Every status of the desk's workflow, in the desk's words, with its category.")
    def statuses(self) -> list[WorkflowStatus]:
        return [workflow_status(self._info, status.slug, self._language, self._catalog)
                for status in self._info.workflow.statuses]

    @strawberry.field(description="Every action of the desk's workflow: where it starts, where it leads, who may "
                      "take it. What a caller may do to one ticket now is Ticket.availableActions.")
    def actions(self) -> list[WorkflowAction]:
        return workflow_actions(self._info, self._language, self._catalog)

    @strawberry.field(description="Intake channels an agent may record.")
    def channels(self) -> list[Channel]:
        return [Channel(channel) for channel in self._info.spec.channels]

    @strawberry.field(description="The values offered for Ticket.reporterCategory (what the reporter is, e.g. their "
                      "role in the matter); empty: free text.")
    def reporter_categories(self) -> list[str]:
        return list(self._info.spec.reporter_categories)

    @strawberry.field(description="The values offered for Ticket.origin (where a ticket comes from, e.g. a local "
                      "office); empty: free text.")
    def origins(self) -> list[str]:
        return list(self._info.spec.origins)

    @strawberry.field(description="SLA exceptions agents may mark (pauseSla); the retired ones only with "
                      "`includeRetired`.")
    def pause_reasons(self, include_retired: Annotated[bool, strawberry.argument(
            description="True: retired reasons too, marked `retired`.")] = False) -> list[PauseReason]:
        return [PauseReason(slug=p.slug, label=label(p.label, self._language), retired=p.retired)
                for p in self._info.spec.pause_reasons if include_retired or not p.retired]

    @strawberry.field(description="Lengths the desk enforces on tickets and messages.")
    def limits(self) -> DeskLimits:
        spec = self._info.spec
        return DeskLimits(title_max_length=spec.title_max_length, description_min_length=spec.description_min_length,
                          message_min_length=spec.message_min_length)

    @strawberry.field(description="Files accepted for a purpose: ticket, message, resolution, or a desk's own.")
    async def attachment_rules(self, info: Info, purpose: Annotated[Slug, strawberry.argument(
            description="The purpose files are staged with; an unknown one is refused with "
            "UNKNOWN_ATTACHMENT_PURPOSE.")] = "ticket") -> AttachmentRules:

        policy = await policy_for(info.context.runtime, self._info, purpose)
        return AttachmentRules(purpose=purpose, extensions=sorted(ext.lower() for ext in policy.extensions),
                               max_bytes=float(policy.max_bytes), max_files=policy.max_files)

    @strawberry.field(description="The desk's usual rating form (a ticket may get its own: Ticket.ratingForm).")
    async def rating_form(self, info: Info) -> RatingForm:
        return RatingForm.from_spec(await usual_rating_form(info.context.runtime.pm, self._info.spec),
                                    self._language)


