"""Plain data types that plugins build and return from hooks. Core turns them into stored rows;
plugins never touch core's models directly. Import them from here:

- ``labels``: ``Labels`` (text per language) and ``label()``.
- ``desk``: ``DeskSpec``, its teams, intake channels and attachment policies.
- ``catalogue``: topics and their self-service guides, applications, extra fields, priorities.
- ``tickets``: tickets, reporters and events as plugins see them; priority decisions, ticket links.
- ``service_levels``: SLA targets and policies, pause reasons, desk-defined timers.
- ``ratings``: rating forms and their questions.
- ``references``: answers of reference lookups.
- ``identities``: people as an external identity provider vouches for them.
- ``notifications``: email templates and outgoing messages.
- ``demo``: the accounts and tickets of ``loket demo``.

Workflows (``loket.core.workflow.spec``, ``timing``, ``default``) and business calendars are re-exported here
too: plugins build calendars and workflows from here.
"""

from loket.core.plugin_types.catalogue import (
    MAX_DIGITS,
    NUMBER_DEFAULTS,
    FIELD_KINDS,
    NUMBER_FIELD_KINDS,
    TEXT_FIELD_KINDS,
    TEXT_MAX_LENGTH,
    TEXTAREA_MAX_LENGTH,
    ApplicationSpec,
    FieldSpec,
    GuideSpec,
    PrioritySpec,
    TopicSpec,
)
from loket.core.plugin_types.demo import DemoData, DemoGuide, DemoTicket, DemoUser
from loket.core.plugin_types.desk import CHANNELS, AttachmentPolicy, DeskSpec, TeamSpec
from loket.core.plugin_types.identities import ExternalIdentity
from loket.core.plugin_types.labels import Labels, label
from loket.core.plugin_types.notifications import EmailTemplate, OutgoingMessage
from loket.core.plugin_types.ratings import RATING_QUESTION_KINDS, RatingForm, RatingQuestion
from loket.core.plugin_types.references import ReferenceResult
from loket.core.plugin_types.service_levels import PauseReason, SlaPolicy, SlaTarget, TimerOutcome, TimerRequest
from loket.core.plugin_types.tickets import EventView, PriorityDecision, ReporterView, TicketDraft, TicketLink
from loket.core.sla.calendar import BusinessCalendar
from loket.core.workflow.default import auto_close_after, auto_complete_after, default_workflow
from loket.core.workflow.spec import (
    ActionInput,
    ActionSpec,
    ActorView,
    Choice,
    FilesRule,
    MessageRule,
    Refusal,
    StatusSpec,
    WorkflowSpec,
)
from loket.core.workflow.timing import ClockExtension, Duration, StageClock, TimedTransition, Window

__all__ = [
    "CHANNELS", "FIELD_KINDS", "MAX_DIGITS", "NUMBER_DEFAULTS", "RATING_QUESTION_KINDS", "NUMBER_FIELD_KINDS", "TEXTAREA_MAX_LENGTH", "TEXT_FIELD_KINDS",
    "TEXT_MAX_LENGTH", "ActionInput", "ActionSpec", "ActorView", "ApplicationSpec", "AttachmentPolicy",
    "BusinessCalendar", "Choice", "ClockExtension", "DemoData", "DemoGuide", "DemoTicket", "DemoUser", "DeskSpec",
    "Duration",
    "EmailTemplate", "EventView", "ExternalIdentity", "FieldSpec", "FilesRule", "GuideSpec", "Labels",
    "MessageRule", "OutgoingMessage", "PauseReason", "PriorityDecision", "PrioritySpec", "RatingForm",
    "RatingQuestion", "ReferenceResult", "Refusal", "ReporterView", "SlaPolicy", "SlaTarget", "StageClock",
    "StatusSpec", "TeamSpec", "TicketDraft", "TicketLink", "TimedTransition", "TimerOutcome", "TimerRequest",
    "TopicSpec", "Window", "WorkflowSpec", "auto_close_after", "auto_complete_after", "default_workflow", "label",
]
