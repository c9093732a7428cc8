"""A desk whose plugin answers every hook with an awaitable, as a plugin that looks things up elsewhere would.

Collecting hooks are ``async def``. ``firstresult`` hooks follow the documented convention: they decide
synchronously whether the call is theirs and return ``None`` if not, else an awaitable of their answer.
``HOOKS_CORE_DOES_NOT_AWAIT_YET`` names the hooks it leaves out, and why.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from loket.core.errors import InvalidInputError
from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import (
    AttachmentPolicy,
    DemoData,
    DemoUser,
    Duration,
    EmailTemplate,
    ExternalIdentity,
    PriorityDecision,
    RatingForm,
    RatingQuestion,
    ReferenceResult,
    Refusal,
    SlaPolicy,
    TicketLink,
    TimerOutcome,
    TimerRequest,
)
from loket.core.storage import LocalStorage
from tests.plugins.loket_test_desk import DESK as TEST_DESK

SLUG = "asyncdesk"
DESK = replace(TEST_DESK, slug=SLUG, name="Async Desk")
PROVIDER = "async-sso"
SSO_ONLY_DOMAIN = "@sso-only.example"
DEMO_USER = DemoUser("demo@async.example", "Async Demo", "async-demo-password", teams=((SLUG, "intake"),))

# Every hook is awaited: nothing is left out.
HOOKS_CORE_DOES_NOT_AWAIT_YET: frozenset[str] = frozenset()
NUDGE = "async_nudge"

T = TypeVar("T")


async def later(value: T) -> T:
    """``value``, once awaited: stands for an answer fetched from elsewhere."""
    return value


class CountingStorage(LocalStorage):
    """A folder of the plugin's own that counts the files it keeps."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.saved = 0

    async def save(self, source, *, max_bytes: int):
        stored = await super().save(source, max_bytes=max_bytes)
        self.saved += 1
        return stored


class AsyncDesk:
    """One instance per app: what it was asked and what it sent is kept on it."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []
        self.delivered: list = []
        self.storages: list[CountingStorage] = []

    @hookimpl
    async def register_desks(self):
        return [DESK]

    @hookimpl
    async def register_translations(self):
        return {"en": {"ASYNC_TITLE_REFUSED": "Titles may not say '{word}'",
                       "ASYNC_NO_ESCALATION": "This desk does not escalate"},
                "id": {"ASYNC_TITLE_REFUSED": "Judul tidak boleh memuat '{word}'",
                       "ASYNC_NO_ESCALATION": "Desk ini tidak mengeskalasi"}}

    @hookimpl
    async def demo_data(self):
        return DemoData(users=(DEMO_USER,))

    @hookimpl
    def authenticate_external(self, provider, credential):
        if provider != PROVIDER:
            return None
        return later(ExternalIdentity(provider=PROVIDER, subject=f"sub-{credential}", email=credential,
                                      display_name="Async Person", email_verified=True))

    @hookimpl
    def password_login_allowed(self, user_email):
        return later(False) if user_email.endswith(SSO_ONLY_DOMAIN) else None

    @hookimpl
    def ticket_number(self, desk, sequence):
        if desk.slug != SLUG:
            return None

        async def number() -> str:
            return f"ASY-{await sequence('ASY'):05d}"

        return number()

    @hookimpl
    def ticket_priority(self, desk):
        return later(PriorityDecision("high", "asked elsewhere")) if desk.slug == SLUG else None

    @hookimpl
    async def validate_ticket(self, desk, ticket):
        if desk.slug == SLUG and "forbidden" in ticket.title.lower():
            raise InvalidInputError("ASYNC_TITLE_REFUSED", field="title", word="forbidden")

    @hookimpl
    def attachment_policy(self, desk, purpose):
        if desk.slug != SLUG or purpose not in ("ticket", "message", "resolution"):
            return None
        return later(AttachmentPolicy(extensions=("txt",), max_bytes=4096, max_files=2))

    @hookimpl
    def attachment_storage(self, settings):
        async def open_storage() -> CountingStorage:
            self.storages.append(CountingStorage(Path(settings.data_dir) / "async-volume"))
            return self.storages[-1]

        return open_storage()

    @hookimpl
    def rating_form(self, desk):
        if desk.slug != SLUG:
            return None
        return later(RatingForm(slug="async-form", title="Async rating", questions=(
            RatingQuestion("service", "Service", kind="scale", choices=("good", "bad")),)))

    @hookimpl
    async def check_action(self, desk, action):
        if desk.slug == SLUG and action.name == "escalate":
            return Refusal("ASYNC_NO_ESCALATION")
        return None

    @hookimpl
    async def on_ticket_event(self, desk, ticket, event):
        if desk.slug == SLUG:
            self.events.append((ticket.number, event.kind))

    @hookimpl
    def sla_policy(self, desk):
        if desk.slug != SLUG:
            return None
        return later(SlaPolicy(first_response=Duration.hours(2), resolution=Duration.hours(8)))

    @hookimpl
    async def ticket_timers(self, desk, event):
        if desk.slug != SLUG or event.kind != "taken":
            return []
        return [TimerRequest(NUDGE, Duration.hours(1), expect_status="in_progress",
                             label={"en": "Reminder to the handler", "id": "Pengingat bagi penangan"})]

    @hookimpl
    def timer_fired(self, desk, kind):
        if desk.slug != SLUG or kind != NUDGE:
            return None
        return later(TimerOutcome("note", message="Still in progress after an hour"))

    @hookimpl
    def lookup_reference(self, desk, kind, key):
        if desk.slug != SLUG or kind != "async-ref":
            return None
        return later(ReferenceResult(found=True, data={"key": key, "source": "elsewhere"}))

    @hookimpl
    def ticket_progress(self, desk, ticket):
        if desk.slug != SLUG:
            return None
        return later(7 if ticket.status_category == "new" else 77)

    @hookimpl
    async def ticket_links(self, desk, ticket):
        if desk.slug != SLUG:
            return []
        return [TicketLink({"en": "Chat", "id": "Obrolan"}, f"https://chat.example/{ticket.number}")]

    @hookimpl
    def email_template(self, desk, kind):
        if desk is None or desk.slug != SLUG or kind != "ticket_reply":
            return None
        return later(EmailTemplate(subject="[ASYNC] $display_number from $agent_name", text="$message\n-- $link\n"))

    @hookimpl
    async def notification_channels(self, desk):
        return ["pigeon"] if desk is not None and desk.slug == SLUG else []

    @hookimpl
    def send_notification(self, channel, message):
        if channel != "pigeon":
            return None

        async def send() -> bool:
            self.delivered.append(message)
            return True

        return send()


class Undecided:
    """Answers every ``firstresult`` hook with a coroutine that resolves to ``None``: the trap the convention
    warns of (an ``async def`` implementation that decides too late)."""

    @hookimpl
    async def authenticate_external(self):
        return None

    @hookimpl
    async def password_login_allowed(self):
        return None

    @hookimpl
    async def ticket_number(self):
        return None

    @hookimpl
    async def ticket_priority(self):
        return None

    @hookimpl
    async def attachment_policy(self):
        return None

    @hookimpl
    async def attachment_storage(self):
        return None

    @hookimpl
    async def rating_form(self):
        return None

    @hookimpl
    async def lookup_reference(self):
        return None

    @hookimpl
    async def ticket_progress(self):
        return None

    @hookimpl
    async def sla_policy(self):
        return None

    @hookimpl
    async def timer_fired(self):
        return None

    @hookimpl
    async def email_template(self):
        return None

    @hookimpl
    async def send_notification(self):
        return None
