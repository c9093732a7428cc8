"""Hook specifications: every way a plugin can shape Loket.

Conventions (as in Datasette and pytest):
- hooks are called with keyword arguments; an implementation may accept fewer arguments than the spec;
- ``register_*`` hooks return a list (or mapping) and every plugin's answer is collected;
- ``firstresult`` hooks stop at the first plugin that answers something other than ``None``;
- any hook may return, instead of its answer, an awaitable of it (or a function without arguments returning
  either); core resolves every answer before using it (``loket.core.plugins.gather_results`` for collecting
  hooks, ``first_answer`` for ``firstresult`` ones). A collecting hook's answer that resolves to ``None`` adds
  nothing. pluggy is synchronous, so an ``async def`` implementation of a ``firstresult`` hook always ends the
  call (a coroutine is never ``None``) and the plugins after it are not asked; if it then resolves to ``None``,
  core's default answers (its ``loket.core.defaults`` implementation), or, for a hook without one, core does
  what it does when no plugin answers. So decide synchronously whether the call is yours: return ``None`` if
  not, an awaitable only when you will answer.

Every hook here is documented in ``docs/plugin_hooks.md``; a test fails when one is missing there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from loket.core.plugin_types import (
        ActionInput,
        ActionSpec,
        ActorView,
        Refusal,
        AttachmentPolicy,
        DemoData,
        DeskSpec,
        EmailTemplate,
        EventView,
        ExternalIdentity,
        OutgoingMessage,
        PriorityDecision,
        RatingForm,
        ReferenceResult,
        SlaPolicy,
        TicketDraft,
        TicketLink,
        TimerOutcome,
        TimerRequest,
    )
    from loket.core.settings import Settings
    from loket.core.storage import Storage

hookspec = pluggy.HookspecMarker("loket")
hookimpl = pluggy.HookimplMarker("loket")


@hookspec
def register_desks(settings: Settings) -> list[DeskSpec]:
    """Return the desks this plugin runs, each with its teams and tiers.

    Called at start-up (by each server process, before it serves); core stores each desk and team (creating
    or updating by slug) so that accounts, memberships and tickets can refer to them. Two plugins may not
    define the same desk slug.
    """


@hookspec
def register_translations() -> Mapping[str, Mapping[str, str]]:
    """Return messages by language: ``{"id": {"KEY": "teks {param}"}, "en": {...}}``.

    Asked once per server process, when it starts; added to core's catalogue (a plugin may override a core
    message). Keys are error codes or label keys; values are ``str.format`` templates.
    """


@hookspec
def demo_data(settings: Settings) -> DemoData:
    """Return the demo accounts (and, as the domain grows, demo content) ``loket demo`` should load.

    ``loket demo`` is idempotent: running it twice changes nothing the second time.
    """


@hookspec(firstresult=True)
def authenticate_external(
    provider: str, credential: str, settings: Settings
) -> ExternalIdentity | Awaitable[ExternalIdentity | None] | None:
    """Vouch for a person signing in through an external identity provider instead of a password.

    ``provider`` is the name the client asked for (e.g. ``"sso"``), ``credential`` what the provider gave
    the client (e.g. an OpenID Connect ID token). Return ``None`` when ``provider`` is not yours. When it
    is yours, return an ``ExternalIdentity`` (or an awaitable of one) if the credential is good, or raise
    ``loket.core.errors.AuthenticationError`` with a code saying why it is not. Core creates the user on
    first sign-in and issues a Loket token.
    """


@hookspec(firstresult=True)
def ticket_number(
    desk: DeskSpec, ticket: TicketDraft, now: datetime, sequence: Callable[[str], Awaitable[int]]
) -> str | Awaitable[str] | None:
    """Return the number of a new ticket (firstresult).

    ``sequence(scope)`` is an async function returning the next integer of a counter kept per desk and
    ``scope`` (e.g. ``"TPS200615"`` for a daily count): ``await sequence(...)`` inside the awaitable you
    return. Core stores the number in the same transaction as the ticket and, should it collide with an
    existing number (random formats), asks again up to five times. Core's default is the first three
    letters of the desk slug, ``yymmdd`` and a four-digit daily sequence.
    """


@hookspec(firstresult=True)
def ticket_priority(desk: DeskSpec, ticket: TicketDraft) -> PriorityDecision | Awaitable[PriorityDecision] | None:
    """Compute a ticket's priority from its category, fields and any looked-up data (firstresult).

    Called when a ticket is created and whenever it is recategorised; reporters never choose a priority.
    Return a ``PriorityDecision`` naming one of the desk's ``priorities`` and the reason agents see.
    Core's default gives the desk's ``default_priority`` (or its least urgent one).
    """


@hookspec
def validate_ticket(desk: DeskSpec, ticket: TicketDraft, language: str) -> None | Awaitable[None]:
    """Check a ticket being created or recategorised beyond what core checks (every plugin is asked).

    Core has already checked lengths, topic, application, version and each field's kind, requiredness,
    length, pattern and choices. ``ticket.reporter`` says who the ticket is for (an account, or a guest
    filing without one). Raise ``InvalidInputError(code, field="fields.<key>", ...)`` to refuse; nothing is
    stored when any plugin refuses.
    """


@hookspec(firstresult=True)
def attachment_policy(desk: DeskSpec, purpose: str) -> AttachmentPolicy | None:
    """Return the files a desk accepts for ``purpose`` (firstresult).

    Purposes core uses: ``ticket`` (files sent with a new ticket), ``message`` (with a reply, feedback or
    escalation), ``resolution`` (evidence of a solution). A plugin may define its own (e.g.
    ``verification``). Core's default accepts common office documents, images and archives up to 20 MB,
    ten files at a time.
    """


@hookspec(firstresult=True)
def attachment_storage(settings: Settings) -> Storage | None:
    """Return where the deployment keeps attachment bytes (firstresult), asked once per server process, when it
    starts (before it serves).

    An object with ``save``, ``read``, ``exists`` and ``delete`` as ``loket.core.storage.Storage`` describes
    (an object store, say). Every process of a deployment must reach the same files. Core's default: a folder,
    ``$LOKET_DATA_DIR/attachments`` (a shared volume when processes run on several hosts).
    """


@hookspec(firstresult=True)
def rating_form(desk: DeskSpec, ticket: TicketDraft) -> RatingForm | None:
    """Return the form a reporter fills to rate a closed ticket (firstresult).

    Answers are validated against the form's questions (kinds, ranges, choices, the tags offered for the
    stars given). Core's default asks for 1 to 5 stars and an optional message.
    """


@hookspec(firstresult=True)
def sla_policy(desk: DeskSpec, ticket: TicketDraft) -> SlaPolicy | Awaitable[SlaPolicy | None] | None:
    """Return the service levels a ticket runs on (firstresult), or an awaitable of them.

    Asked when a ticket is created, when it is recategorised, and when it moves to another team (``ticket.team``
    and ``ticket.tier`` say where it is now); a new answer re-targets the first-response and resolution clocks,
    keeping the time already used. Targets are ``Duration``s, each counted the way it says (calendar time, or
    working time of the policy's ``calendar``, by default the desk's). An awaitable answering None falls back
    to core's default, which picks the most specific of the desk's ``sla_targets``.
    """


@hookspec
def ticket_timers(desk: DeskSpec, ticket: TicketDraft, event: EventView) -> list[TimerRequest]:
    """Return timers to arm after an event (every plugin is asked), for rules the workflow's timed
    transitions and windows cannot say.

    Called in the event's transaction. A pending timer is cancelled by core as soon as the ticket leaves
    the status the timer expects, so a plugin only says when to arm; ``timer_fired`` says what it does.
    """


@hookspec(firstresult=True)
def timer_fired(desk: DeskSpec, ticket: TicketDraft, kind: str, payload: dict) -> TimerOutcome | None:
    """Say what a desk-defined timer does when it fires (firstresult): a ``TimerOutcome``.

    Called exactly once per timer, in the transaction that records its outcome, for the kinds plugins
    armed (``ticket_timers``). The outcome is recorded in the ticket's timeline with the system as actor.
    """


@hookspec
def check_action(desk: DeskSpec, ticket: TicketDraft, action: ActionSpec, actor: ActorView,
                 input: ActionInput) -> Refusal | Awaitable[Refusal | None] | None:
    """Refuse an action the workflow allows, for a rule of the desk's own (every plugin is asked).

    Called in the action's transaction, after the workflow allowed ``actor`` to take ``action`` in the
    ticket's status and the action's inputs passed core's checks (``input``: the message, reason, target
    team or person, fields and how many files), before anything is written. Return ``None`` to allow, or a
    ``Refusal`` with a code of your own and its message per language (or a code whose message is in the
    desk's ``messages``): the caller gets it as a typed error and nothing changes. The system's own
    transitions (timers) are not asked.
    """


@hookspec
def on_ticket_event(desk: DeskSpec, ticket: TicketDraft, event: EventView) -> None | Awaitable[None]:
    """React to a ticket event after it is committed (every plugin is asked): notify, call a webhook, ...

    Includes the system's own events: ``sla_warning`` (a target is about to be missed), ``sla_breached``,
    ``auto_closed``, ``auto_completed``. Failures are logged and do not undo the event. A plugin that tells
    the reporter passes on no ``internal`` event and, of the others, only ``event.public_payload``.
    """


@hookspec(firstresult=True)
def lookup_reference(
    desk: DeskSpec, kind: str, key: str, settings: Settings
) -> ReferenceResult | Awaitable[ReferenceResult] | None:
    """Look up a reference a reporter types (e.g. ``kind="tender"``: a tender code) in the institution's
    own systems (firstresult).

    Return ``None`` when ``kind`` is not yours for this desk. Otherwise return (or await to) a
    ``ReferenceResult``: found with its data, not found, or unavailable (a timeout or error, never an
    exception), so the frontend can offer manual entry. Exposed as ``lookupReference`` in GraphQL.
    """


@hookspec(firstresult=True)
def ticket_progress(desk: DeskSpec, ticket: TicketDraft) -> int | None:
    """How far along a ticket is, in percent (firstresult), shown to reporters as a progress bar.

    Core's default derives it from the status: new 0, in progress 50, waiting for feedback 50,
    resolved 90, closed 100.
    """


@hookspec(firstresult=True)
def password_login_allowed(
    user_email: str, is_superuser: bool, is_desk_admin: bool, providers: list[str]
) -> bool | None:
    """Say whether an account may sign in with its password (firstresult; ``None``: core decides, allowed).

    Asked after the password has matched. ``providers`` lists the external identity providers the account
    is linked to (empty when it never signed in through one). Return ``False`` to refuse, e.g. when staff
    must sign in through their institution's SSO; core answers ``PASSWORD_LOGIN_DISABLED``.
    """


@hookspec
def ticket_links(desk: DeskSpec, ticket: TicketDraft) -> list[TicketLink]:
    """Return links shown to the desk's staff on a ticket (every plugin is asked), e.g. a chat with the
    reporter on a number from the ticket's fields. Each is a ``TicketLink(label, url)``.
    """


@hookspec(firstresult=True)
def email_template(desk: DeskSpec | None, kind: str, language: str) -> EmailTemplate | None:
    """Return the ``EmailTemplate`` of an email ``kind`` (``confirm_email``, ``reset_password``,
    ``ticket_reply``, ``ticket_feedback_requested``, ``ticket_resolved``) for ``desk`` (``None`` for mails
    about the account) in ``language``, or ``None`` to use core's."""


@hookspec
def notification_channels(desk: DeskSpec | None, kind: str) -> list[str]:
    """Return the names of further channels (besides email) a notification of ``kind`` goes to; core writes
    one outbox row per channel, sent through ``send_notification``."""


@hookspec(firstresult=True)
def send_notification(channel: str, message: OutgoingMessage) -> bool | Awaitable[bool] | None:
    """Deliver ``message`` on ``channel`` (one a plugin added): return ``True`` (or an awaitable) when it is
    yours and sent, ``None`` when the channel is not yours. Raise to have it retried with backoff."""
