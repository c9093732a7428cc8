"""Plain data types that plugins build and return from hooks. Core turns them into stored rows;
plugins never touch core's models directly."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

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

# re-exported: plugins build calendars and workflows from here
__all__ = ["ActionInput", "ActionSpec", "ActorView", "BusinessCalendar", "Choice", "ClockExtension", "Duration",
           "FilesRule", "MessageRule", "Refusal", "StageClock", "StatusSpec", "TimedTransition", "Window",
           "WorkflowSpec", "auto_close_after", "auto_complete_after", "default_workflow"]


Labels = dict[str, str]
"""Text per language, e.g. ``{"id": "Darurat", "en": "Emergency"}``."""


def label(text: str | Labels, language: str, fallback: str = "en") -> str:
    """Pick ``language`` from a label (a plain string is the same in every language)."""
    if isinstance(text, str):
        return text
    return text.get(language) or text.get(fallback) or next(iter(text.values()), "")


@dataclass(frozen=True)
class TeamSpec:
    """A team of a desk. ``tier`` is the escalation level: 1 handles first, 2 takes escalations from 1, ...

    ``escalates_to`` names the team that "escalate to the next tier" sends tickets to; when unset, the
    desk's only team at the next tier is used (a desk with several must name one per team, or the agent
    names the target).

    ``shared``: one team serves every desk that declares it shared under this slug (e.g. a ministry-wide
    tier-1 pool): an agent's one membership works the tickets of each of those desks, at the team's tier. Each
    desk declares it with the same ``name``, ``tier`` and ``description`` (start-up stops otherwise);
    ``escalates_to`` and ``receives_new_tickets`` are each desk's own. A desk's own team of that slug, if there
    was one, becomes the shared team, keeping its members and tickets.
    """

    slug: str
    name: str
    tier: int = 1
    description: str = ""
    escalates_to: str | None = None
    receives_new_tickets: bool | None = None
    shared: bool = False


@dataclass(frozen=True)
class GuideSpec:
    """A self-service troubleshooting guide shown before a request is filed (e.g. in a popup).

    ``key`` identifies it within its topic; ``steps`` are shown in order; ``keywords`` help search find it.
    Reporters say whether it solved their problem (``recordGuideOutcome``), so the desk can count requests
    that never became tickets.
    """

    key: str
    title: str | Labels
    steps: tuple[str | Labels, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class TicketLink:
    """A link shown to a desk's staff on a ticket (e.g. a chat with the reporter), from ``ticket_links``."""

    label: str | Labels
    url: str


@dataclass(frozen=True)
class TopicSpec:
    """A help topic, category or service, possibly with children (sub-categories).

    ``applications`` restricts the topic to tickets about those applications (empty: any). ``fields``
    lists the keys of the desk's extra fields this topic asks for (empty: the desk-wide fields only).
    ``team`` names the team whose queue new tickets on this topic go to (default: the desk's intake team).
    ``guides`` are self-service troubleshooting guides offered before a ticket on this topic is filed.
    """

    slug: str
    name: str | Labels
    description: str | Labels = ""
    children: tuple[TopicSpec, ...] = ()
    applications: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    team: str | None = None
    guides: tuple[GuideSpec, ...] = ()


@dataclass(frozen=True)
class ApplicationSpec:
    """A system tickets are about (e.g. an e-procurement application), with the versions a reporter can choose."""

    slug: str
    name: str
    versions: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldSpec:
    """An extra ticket field the desk asks for.

    ``kind`` is one of ``text``, ``textarea``, ``email``, ``phone``, ``integer``, ``number``, ``money``,
    ``date``, ``boolean``, ``choice``. Core validates kind, ``required``, lengths, ``pattern`` and
    ``choices``; a plugin adds rules of its own through ``validate_ticket``. ``topics`` limits the field
    to tickets on those topics (or their children); empty means every ticket of the desk.

    Text is at most ``max_length`` characters (default: ``TEXT_MAX_LENGTH``, or ``TEXTAREA_MAX_LENGTH`` for a
    textarea). Numbers (``integer``, ``number``, ``money``) lie between ``minimum`` and ``maximum`` (ints or
    decimal strings; a money value is at least 0 unless the desk says otherwise) and have at most
    ``max_digits`` digits, ``decimal_places`` of them after the point (defaults: ``NUMBER_DEFAULTS``). They
    are written with the digits 0-9 only: no exponent, no NaN or Infinity, no other digits.
    """

    key: str
    label: str | Labels
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    help: str | Labels = ""
    topics: tuple[str, ...] = ()
    agent_only: bool = False
    minimum: int | str | None = None
    maximum: int | str | None = None
    max_digits: int | None = None
    decimal_places: int | None = None

    def text_limit(self) -> int:
        """The most characters a text value of this field may have."""
        if self.max_length is not None:
            return self.max_length
        return TEXTAREA_MAX_LENGTH if self.kind == "textarea" else TEXT_MAX_LENGTH

    def number_limits(self) -> tuple[int, int]:
        """``(max_digits, decimal_places)`` of a number of this field, the desk's or core's defaults."""
        digits, places = NUMBER_DEFAULTS.get(self.kind, NUMBER_DEFAULTS["number"])
        places = 0 if self.kind == "integer" else self.decimal_places if self.decimal_places is not None else places
        digits = self.max_digits if self.max_digits is not None else max(digits, places)
        return min(digits, MAX_DIGITS), min(places, digits)


TEXT_FIELD_KINDS = ("text", "textarea", "email", "phone", "choice")
NUMBER_FIELD_KINDS = ("integer", "number", "money")
TEXT_MAX_LENGTH = 500
TEXTAREA_MAX_LENGTH = 5000
# (max_digits, decimal_places) of each numeric kind: 15 significant digits are what a spreadsheet keeps exactly.
NUMBER_DEFAULTS = {"integer": (15, 0), "number": (15, 4), "money": (15, 2)}
MAX_DIGITS = 28  # what decimal arithmetic computes exactly (a desk asking for more gets this many)


@dataclass(frozen=True)
class PrioritySpec:
    """A priority level. ``rank``: higher is more urgent."""

    slug: str
    name: str | Labels
    rank: int


@dataclass(frozen=True)
class PriorityDecision:
    """A computed priority and the reason agents see for it."""

    priority: str
    reason: str | Labels = ""


@dataclass(frozen=True)
class AttachmentPolicy:
    """What files a desk accepts for one purpose (``ticket``, ``message``, ``resolution``, ...).

    ``extensions`` are compared case-insensitively, without the dot, after the name is decoded.
    """

    extensions: tuple[str, ...]
    max_bytes: int
    max_files: int = 10


@dataclass(frozen=True)
class RatingQuestion:
    """One question of a rating form.

    ``kind``: ``stars`` (``minimum``..``maximum``), ``scale`` (one of ``choices``), ``tags`` (any of the
    tags offered for the stars given, see ``tags_by_stars``, or of ``choices``), ``text`` (free text up to
    ``max_length``).
    """

    key: str
    label: str | Labels
    kind: str
    required: bool = True
    minimum: int = 1
    maximum: int = 5
    choices: tuple[str, ...] = ()
    tags_by_stars: dict[int, tuple[str, ...]] = field(default_factory=dict)
    stars_question: str | None = None
    max_length: int = 2000
    section: str | Labels = ""


@dataclass(frozen=True)
class RatingForm:
    """The satisfaction form a reporter fills after a ticket closes."""

    slug: str
    title: str | Labels
    questions: tuple[RatingQuestion, ...]


@dataclass(frozen=True)
class SlaTarget:
    """Service-level targets for some tickets of a desk: time to first response and to resolution.

    Each is a ``Duration`` that says how it counts: calendar time (``Duration.hours(72)``, "3x24 hours" taken
    literally) or working time of the desk's ``calendar`` (``Duration.working_days(3)``). A target limited to
    ``topics`` (or their sub-topics) and/or ``priorities`` applies only to those; the most specific matching
    target wins (topic and priority, then topic, then priority, then desk-wide).
    """

    first_response: Duration | None = None
    resolution: Duration | None = None
    topics: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()


@dataclass(frozen=True)
class SlaPolicy:
    """The targets one ticket runs on.

    Each target is a ``Duration``, and each clock counts the way its target says: calendar time, or working
    time of ``calendar`` (None: the desk's ``calendar``). ``warn_before``: an approaching-breach event fires
    this long before a target is due, counted the way that target counts.
    """

    first_response: Duration | None = None
    resolution: Duration | None = None
    calendar: BusinessCalendar | None = None
    warn_before: Duration | None = None


@dataclass(frozen=True)
class PauseReason:
    """A reason agents may give for stopping a ticket's resolution clock (an SLA exception)."""

    slug: str
    label: str | Labels


@dataclass(frozen=True)
class TimerRequest:
    """A timer a plugin's ``ticket_timers`` arms when an event happens, for a rule workflow data cannot say.

    It fires ``after`` the event (a ``Duration``, which says whether it counts the desk's working time; a
    plain ``timedelta`` counts working time of the desk's SLA calendar when ``working_time``), exactly once,
    if the ticket is still in ``expect_status`` (and is cancelled as soon as it is not). The ``timer_fired``
    hook says what it does. ``label`` (text per language) is shown to the desk's staff among the ticket's
    deadlines while it is pending.
    """

    kind: str
    after: Duration | timedelta
    expect_status: str | None
    working_time: bool = False
    payload: dict[str, Any] = field(default_factory=dict)
    label: str | Labels = ""


@dataclass(frozen=True)
class TimerOutcome:
    """What a desk-defined timer does when it fires: ``close`` (with ``close_reason``), ``escalate`` (to
    ``to_team``), ``note`` (an internal note with ``message``) or ``nothing``."""

    action: str
    to_team: str | None = None
    close_reason: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class EventView:
    """What a plugin sees of a ticket event. ``payload`` is all of it, staff-only parts included; what may be
    passed on to the reporter is ``public_payload`` of an event that is not ``internal``."""

    kind: str
    seq: int
    from_status: str | None
    to_status: str | None
    by_system: bool
    payload: dict[str, Any] = field(default_factory=dict)
    internal: bool = False  # seen by the desk's staff alone
    public_payload: dict[str, Any] = field(default_factory=dict)  # the parts anyone who sees the event may read


CHANNELS = ("web", "phone", "walk_in", "email")


@dataclass(frozen=True)
class DeskSpec:
    """A helpdesk a plugin runs: identity, language, teams, catalogue, forms, limits and service levels.

    ``workflow`` holds the desk's statuses and actions (None: core's default workflow, see
    ``loket.core.workflow.default`` and docs/workflows.md). ``status_labels`` maps status slugs to the desk's
    own words, over the workflow's labels. ``messages`` are the desk's own texts per code (e.g. a guard's
    refusal), per language. ``channels`` are the intake channels agents may
    record. ``reporter_categories`` and ``origins`` are the choices offered for those ticket attributes
    (empty: free text). Limits are counted in characters.

    Service levels: ``sla_targets`` (see ``SlaTarget``), each a ``Duration`` in calendar time or in working
    time of ``calendar`` (a working duration needs one); ``sla_warning_before`` (a ``Duration``) announces an
    approaching breach; ``pause_reasons`` are the exceptions agents may mark to stop the resolution clock.
    What happens after a while (closing an unanswered ticket, completing an unconfirmed resolution, locking a
    closed one), clocks that start fresh at a stage and extensions of a clock are workflow data:
    ``WorkflowSpec.transitions``, ``windows`` and ``clocks``, and ``ActionSpec.extends``.

    ``sso_trusted_domains`` maps an external identity provider's name to the email domains it is
    authoritative for (e.g. ``{"bappenas-sso": ("bappenas.go.id",)}``): a verified email of such a domain
    from that provider signs in to the existing account with that email, unless the account is a superuser's
    or a desk admin's. Accounts are shared by every desk, so the trust applies deployment-wide.

    ``guest_intake`` lets people without an account file tickets (``createGuestTicket``): name, email and
    phone instead of a sign-in; an emailed link lets them follow and answer the ticket.

    ``number_display`` is how the desk shows its ticket numbers, with ``{number}`` standing for the stored
    number (e.g. ``"Ticket#{number}"`` shows ``8881358`` as ``Ticket#8881358``). Lookups by number, search and
    the ticket routes accept the displayed form too, in any letter case and with any spaces.
    """

    slug: str
    name: str
    language: str = "id"
    description: str = ""
    teams: tuple[TeamSpec, ...] = ()
    topics: tuple[TopicSpec, ...] = ()
    topic_levels: tuple[str | Labels, ...] = ()
    applications: tuple[ApplicationSpec, ...] = ()
    fields: tuple[FieldSpec, ...] = ()
    priorities: tuple[PrioritySpec, ...] = ()
    default_priority: str | None = None
    status_labels: dict[str, Labels] = field(default_factory=dict)
    channels: tuple[str, ...] = CHANNELS
    reporter_categories: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    title_max_length: int = 100
    description_min_length: int = 15
    message_min_length: int = 15
    sla_targets: tuple[SlaTarget, ...] = ()
    calendar: BusinessCalendar | None = None
    sla_warning_before: Duration | None = None
    pause_reasons: tuple[PauseReason, ...] = ()
    sso_trusted_domains: dict[str, tuple[str, ...]] = field(default_factory=dict)
    workflow: WorkflowSpec | None = None
    messages: dict[str, Labels] = field(default_factory=dict)
    guest_intake: bool = False
    number_display: str = "{number}"

    def team(self, slug: str) -> TeamSpec | None:
        return next((team for team in self.teams if team.slug == slug), None)

    def intake_team(self) -> TeamSpec | None:
        """The team whose queue receives new tickets: the one marked so, else the first at the lowest tier."""
        marked = [team for team in self.teams if team.receives_new_tickets]
        if marked:
            return marked[0]
        return min(self.teams, key=lambda team: team.tier, default=None)

    def walk_topics(self) -> list[tuple[TopicSpec, TopicSpec | None, int]]:
        """Every topic with its parent and depth (0 for top-level), parents before children."""
        found: list[tuple[TopicSpec, TopicSpec | None, int]] = []

        def visit(topic: TopicSpec, parent: TopicSpec | None, depth: int) -> None:
            found.append((topic, parent, depth))
            for child in topic.children:
                visit(child, topic, depth + 1)

        for topic in self.topics:
            visit(topic, None, 0)
        return found


@dataclass(frozen=True)
class ReferenceResult:
    """The answer of a reference lookup (e.g. a tender code in a data warehouse).

    ``found`` with ``data`` when the key is known; not found with a ``message`` otherwise; ``unavailable``
    when the source could not be asked (timeout, error), so the user knows to enter the data by hand.
    """

    found: bool
    data: dict[str, Any] = field(default_factory=dict)
    message: str | Labels = ""
    unavailable: bool = False


@dataclass(frozen=True)
class ReporterView:
    """Who a ticket is for. ``kind`` is ``account`` (someone with an account, or a caller an agent
    registered) or ``guest`` (someone who filed without signing in: name, email and phone are as they typed
    them, not verified). ``phone`` is the number a guest left, if any."""

    kind: str
    name: str
    email: str
    phone: str | None = None


@dataclass(frozen=True)
class TicketDraft:
    """What a plugin sees of a ticket (plain data, no models): being created, recategorised, or as it is.

    ``topic_path`` lists the slugs from the top-level topic down to the chosen one. ``reporter`` is who the
    ticket is for; it is always given to ``validate_ticket`` and ``ticket_priority``, and elsewhere when core has
    the reporter at hand (None otherwise). ``team`` is the slug of the team holding the ticket and ``tier`` that
    team's tier (None and 0 while the ticket is being filed).
    """

    desk: str
    title: str
    description: str
    topic_path: tuple[str, ...]
    application: str | None
    application_version: str | None
    fields: dict[str, Any]
    channel: str
    reporter_category: str | None
    origin: str | None
    number: str | None = None
    status: str = "new"
    status_category: str = "new"  # what the status means to core (see ``CATEGORIES`` in docs/workflows.md)
    priority: str | None = None
    by_agent: bool = False  # opened by one of the desk's agents (on a reporter's behalf)
    reporter: ReporterView | None = None
    team: str | None = None
    tier: int = 0


@dataclass(frozen=True)
class DemoUser:
    """An account ``loket demo`` creates so a newcomer can sign in.

    ``teams`` are ``(desk_slug, team_slug)`` pairs the user works in as an agent (a shared team may be named
    through any desk it serves: one membership); ``admin_of`` lists desk slugs the user administers.
    """

    email: str
    display_name: str
    password: str
    is_superuser: bool = False
    teams: tuple[tuple[str, str], ...] = ()
    admin_of: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class DemoTicket:
    """A ticket ``loket demo`` opens through the ordinary services (so it gets a number, a priority and a
    timeline). ``opened_by`` is an agent recording it on the reporter's behalf through ``channel``;
    ``taken_by`` an agent who takes it; ``replies`` are ``(author_email, text)`` pairs added afterwards."""

    desk: str
    reporter: str
    title: str
    description: str
    topic: str | None = None
    application: str | None = None
    application_version: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    channel: str = "web"
    opened_by: str | None = None
    reporter_category: str | None = None
    origin: str | None = None
    taken_by: str | None = None
    replies: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DemoData:
    """What one plugin contributes to the demo deployment."""

    users: tuple[DemoUser, ...] = ()
    tickets: tuple[DemoTicket, ...] = ()


@dataclass(frozen=True)
class ExternalIdentity:
    """A person as an external identity provider (e.g. a ministry's SSO) vouches for them.

    ``provider`` and ``subject`` identify the person for good; email and name are refreshed at each sign-in.
    ``email_verified``: the provider asserts that the person owns ``email`` (OpenID Connect's
    ``email_verified`` claim). Only a verified email, of a domain the deployment trusts the provider for, signs
    in to an existing account with that email (see ``DeskSpec.sso_trusted_domains``).
    """

    provider: str
    subject: str
    email: str
    display_name: str
    attributes: dict[str, Any] = field(default_factory=dict)
    email_verified: bool = False


@dataclass(frozen=True)
class EmailTemplate:
    """An email's subject, plain text and HTML, as ``string.Template`` texts (``$name`` or ``${name}``).

    Values offered for every kind: ``recipient_name``, ``desk_name``, ``link``; ticket mails add
    ``ticket_number`` (as stored), ``display_number`` (as the desk shows it, see ``DeskSpec.number_display``),
    ``ticket_title``, ``agent_name``, ``message``. Values are HTML-escaped in ``html``.
    """

    subject: str
    text: str
    html: str = ""


@dataclass(frozen=True)
class OutgoingMessage:
    """A notification as a channel's sender gets it (``send_notification``)."""

    channel: str
    kind: str
    recipient: str
    subject: str
    text: str
    html: str
    language: str
    desk: str | None = None
    ticket_number: str | None = None
