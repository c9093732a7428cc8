"""A desk as a plugin declares it: the ``DeskSpec`` and its teams, channels and file rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from loket.core.plugin_types.catalogue import ApplicationSpec, FieldSpec, PrioritySpec, TopicSpec
from loket.core.plugin_types.labels import Labels
from loket.core.plugin_types.service_levels import PauseReason, SlaTarget
from loket.core.sla.calendar import BusinessCalendar
from loket.core.workflow.spec import WorkflowSpec
from loket.core.workflow.timing import Duration


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
class AttachmentPolicy:
    """What files a desk accepts for one purpose (``ticket``, ``message``, ``resolution``, ...).

    ``extensions`` are compared case-insensitively, without the dot, after the name is decoded.
    """

    extensions: tuple[str, ...]
    max_bytes: int
    max_files: int = 10


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
