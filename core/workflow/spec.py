"""A desk's workflow as plain data: its statuses, the actions that move a ticket between them, who may take
each action, what it asks for and what it does. Plugins build these (``DeskSpec.workflow``); core validates
them at start-up (``loket.core.workflow.checks``) and runs them (``loket.core.workflow.rules``).

docs/workflows.md describes the model and core's default workflow.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from loket.core.workflow.timing import ClockExtension, StageClock, TimedTransition, Window

Labels = dict[str, str]

CATEGORIES = ("new", "open", "waiting_on_reporter", "waiting_on_third_party", "resolved", "closed", "final")
"""What a status means to core, reports and queues, whatever a desk calls it:

- ``new``: in a team's queue, nobody has taken it;
- ``open``: being worked;
- ``waiting_on_reporter``: a question awaits the reporter or another participant (SLA clocks stand still);
- ``waiting_on_third_party``: waiting on someone outside the ticket, e.g. a leadership decision (clocks run);
- ``resolved``: a solution awaits the reporter's confirmation (clocks stand still);
- ``closed``: done; a workflow may still let the reporter rate or reopen it;
- ``final``: done for good, nothing more happens.
"""

DONE_CATEGORIES = frozenset({"closed", "final"})
PAUSED_CATEGORIES = frozenset({"waiting_on_reporter", "resolved"})

EFFECTS = {
    "take": "the actor becomes the assignee (exactly one of several agents wins)",
    "assign": "an agent of the holding team chosen in the input becomes the assignee",
    "ask": "a question to a participant (the reporter unless the input names another); they may answer",
    "answer": "the asked participant answers; the question is settled",
    "reply": "a public message in the conversation",
    "note": "an internal message, seen by the desk's staff only",
    "escalate": "the ticket moves to a team of a higher tier (named, or the current team's next tier)",
    "transfer": "the ticket moves to another team of the same tier",
    "return": "the ticket goes back to the team it came from",
    "resolve": "a solution is recorded; the reporter is asked to confirm it",
    "confirm": "the reporter confirms the solution: the ticket closes",
    "reopen": "the reporter says it is not solved yet, with a reason",
    "close": "the ticket closes, with a reason from the action's list when it has one",
    "recategorise": "the topic (and application) are corrected; the priority is computed again",
    "rate": "the reporter fills the desk's rating form, once",
    "pause_clock": "an SLA exception: the resolution clock stands still for one of the desk's pause reasons",
    "resume_clock": "the SLA exception ends: the resolution clock runs again",
    "move": "only the status changes (with a message when the action asks for one)",
}
"""What an action can do: core's fixed set of effects. The action's ``to`` status is applied on top."""

DEFAULT_EVENT = {"take": "taken", "assign": "assigned", "ask": "feedback_requested", "answer": "feedback_given",
                 "reply": "replied", "note": "note_added", "escalate": "escalated", "transfer": "transferred",
                 "return": "returned", "resolve": "resolved", "confirm": "confirmed", "reopen": "reopened",
                 "close": "closed", "recategorise": "recategorised", "rate": "rated", "pause_clock": "sla_paused",
                 "resume_clock": "sla_resumed", "move": "status_changed"}
"""The event kind each effect records, unless the action names another kind recorded by the same effect."""

EVENT_ALTERNATIVES = {"close": ("force_closed", "auto_closed"), "confirm": ("auto_completed",), "move": ("locked",)}
"""Other event kinds an effect may record, when an action says so (``ActionSpec.event``)."""

ACTOR_RULES = {
    "reporter": "the reporter, or whoever opened the ticket on their behalf",
    "asked": "the participant a pending question is addressed to",
    "participant": "anyone taking part: the reporter, agents who held it, people asked",
    "assignee": "the agent who holds the ticket",
    "holding_team": "agents of the team holding the ticket (desk admins and superusers count)",
    "tier>=N": "agents of the desk at tier N or higher",
    "team:SLUG": "agents of the named team of the desk",
    "staff": "any agent, admin or superuser of the desk",
    "desk_admin": "the desk's admins and superusers",
    "system": "nobody in person: only timers and core itself",
}
"""Who may take an action. An action lists one or more rules; anyone matching any of them may take it."""


@dataclass(frozen=True)
class StatusSpec:
    """A status of a desk's workflow: its slug (stored on tickets), its category and its labels."""

    slug: str
    category: str
    label: str | Labels = ""


@dataclass(frozen=True)
class Choice:
    """One choice of an action's input, e.g. a reason for closing."""

    slug: str
    label: str | Labels = ""


@dataclass(frozen=True)
class MessageRule:
    """An action's message: whether it is required and its minimum length in characters (None: the desk's
    ``message_min_length``). ``name`` is the input's meaning shown to frontends (message, solution, reason)."""

    required: bool = True
    min_length: int | None = None
    name: str = "message"


@dataclass(frozen=True)
class FilesRule:
    """Files an action accepts: the attachment purpose whose policy applies and how many at least."""

    purpose: str = "message"
    min_files: int = 0


@dataclass(frozen=True)
class ActionSpec:
    """An action people (or the system) take on a ticket.

    It may be taken when the ticket's status is in ``starts`` or its status's category is in
    ``starts_in``, by anyone matching a rule of ``who`` (see ``ACTOR_RULES``). It does ``does`` (see
    ``EFFECTS``) and moves the ticket to ``to`` (None: the status stays). It asks for a ``message`` (None:
    no message), a ``reason`` from ``reasons`` when there are any, the desk fields named in ``fields``, files
    per ``files``. It records the event kind of its effect, or ``event`` when the effect allows another.
    An ``ask`` action addresses the people ``asks`` allows: ``reporter`` and/or ``participant`` (anyone
    else taking part, e.g. the level-1 agent who escalated). ``extends`` gives clocks new targets (see
    ``ClockExtension``).
    """

    name: str
    does: str
    label: str | Labels = ""
    starts: tuple[str, ...] = ()
    starts_in: tuple[str, ...] = ()
    to: str | None = None
    who: tuple[str, ...] = ()
    message: MessageRule | None = None
    reasons: tuple[Choice, ...] = ()
    fields: tuple[str, ...] = ()
    files: FilesRule | None = None
    event: str | None = None
    asks: tuple[str, ...] = ("reporter",)
    extends: tuple[ClockExtension, ...] = ()

    @property
    def event_kind(self) -> str:
        return self.event or DEFAULT_EVENT[self.does]


@dataclass(frozen=True)
class WorkflowSpec:
    """A desk's statuses and actions. Build a desk's own from ``default_workflow()`` with ``with_statuses``,
    ``with_actions`` (adds or replaces by name), ``changed`` (changes one action) and ``without``, or write
    it whole.

    ``initial`` is the status a new ticket gets; ``closes_to`` the status timers close tickets to (default:
    the first status of category ``closed``); ``queues_to`` the status a ticket gets when the system sends it
    to a team (default: ``initial``).

    Time (``loket.core.workflow.timing``): ``transitions`` the system takes after a while in a status,
    ``windows`` limiting when an action may be taken, and ``clocks`` starting fresh at a stage. Add them with
    ``with_transitions``, ``with_windows`` and ``with_clocks``.
    """

    statuses: tuple[StatusSpec, ...]
    actions: tuple[ActionSpec, ...]
    initial: str = "new"
    closes_to: str | None = None
    queues_to: str | None = None
    transitions: tuple[TimedTransition, ...] = ()
    windows: tuple[Window, ...] = ()
    clocks: tuple[StageClock, ...] = ()

    def status(self, slug: str) -> StatusSpec | None:
        return next((status for status in self.statuses if status.slug == slug), None)

    def action(self, name: str) -> ActionSpec | None:
        return next((action for action in self.actions if action.name == name), None)

    def category_of(self, slug: str) -> str:
        status = self.status(slug)
        return status.category if status else "open"

    def first_of(self, category: str) -> str | None:
        return next((status.slug for status in self.statuses if status.category == category), None)

    @property
    def closed_status(self) -> str:
        return self.closes_to or self.first_of("closed") or self.first_of("final") or self.initial

    @property
    def queued_status(self) -> str:
        return self.queues_to or self.initial

    def starts_from(self, action: ActionSpec, slug: str) -> bool:
        return slug in action.starts or self.category_of(slug) in action.starts_in

    def with_statuses(self, *statuses: StatusSpec) -> WorkflowSpec:
        """This workflow with statuses added, or replaced when one of that slug exists."""
        new = {status.slug: status for status in statuses}
        kept = tuple(new.pop(status.slug, status) for status in self.statuses)
        return replace(self, statuses=kept + tuple(new.values()))

    def with_actions(self, *actions: ActionSpec) -> WorkflowSpec:
        """This workflow with actions added, or replaced when one of that name exists."""
        new = {action.name: action for action in actions}
        kept = tuple(new.pop(action.name, action) for action in self.actions)
        return replace(self, actions=kept + tuple(new.values()))

    def changed(self, name: str, **changes) -> WorkflowSpec:
        """This workflow with some attributes of the action ``name`` changed (e.g. ``asks``, ``who``)."""
        action = self.action(name)
        if action is None:
            raise ValueError(f"the workflow has no action '{name}'")
        return self.with_actions(replace(action, **changes))

    def with_transitions(self, *transitions: TimedTransition) -> WorkflowSpec:
        """This workflow with timed transitions added, or replaced when one of that name exists."""
        return replace(self, transitions=_merged(self.transitions, transitions))

    def with_windows(self, *windows: Window) -> WorkflowSpec:
        """This workflow with windows added, or replaced when one of that name exists."""
        return replace(self, windows=_merged(self.windows, windows))

    def with_clocks(self, *clocks: StageClock) -> WorkflowSpec:
        """This workflow with stage clocks added, or replaced when one of that name exists."""
        return replace(self, clocks=_merged(self.clocks, clocks))

    def transition(self, name: str) -> TimedTransition | None:
        return next((transition for transition in self.transitions if transition.name == name), None)

    def windows_of(self, action: str) -> tuple[Window, ...]:
        return tuple(window for window in self.windows if window.action == action)

    def without(self, *names: str) -> WorkflowSpec:
        """This workflow without the named actions."""
        return replace(self, actions=tuple(action for action in self.actions if action.name not in names))


def _merged(old: tuple, new: tuple) -> tuple:
    """``old`` with the items of ``new`` replacing those of the same name, the others added at the end."""
    wanted = {item.name: item for item in new}
    kept = tuple(wanted.pop(item.name, item) for item in old)
    return kept + tuple(wanted.values())


@dataclass(frozen=True)
class Refusal:
    """A guard's answer refusing an action (``check_action``): a code of the desk's own and its message per
    language. An empty ``message`` uses the desk's ``messages`` for that code, else the deployment's
    translations."""

    code: str
    message: str | Labels = ""
    field: str | None = None


@dataclass(frozen=True)
class ActorView:
    """Who takes an action, as a guard sees them. ``kind`` is ``person`` or ``system``; ``roles`` what they
    are to the ticket and desk (``reporter``, ``asked``, ``participant``, ``assignee``, ``holding_team``,
    ``staff``, ``desk_admin``); ``tier`` their highest tier at the desk (0: none)."""

    kind: str
    email: str | None = None
    name: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    tier: int = 0


@dataclass(frozen=True)
class ActionInput:
    """What the actor gave with an action, as a guard sees it."""

    message: str = ""
    reason: str | None = None
    to_team: str | None = None
    to_person: str | None = None
    fields: dict = field(default_factory=dict)
    files: int = 0
