"""Core's default workflow: the lifecycle every desk gets unless it declares its own. A desk changes it with
``default_workflow().with_statuses(...)``, ``.with_actions(...)`` and ``.without(...)``; docs/workflows.md
shows it as a table and a diagram."""

from __future__ import annotations

from functools import cache

from loket.core.workflow.spec import ActionSpec, FilesRule, MessageRule, StatusSpec, WorkflowSpec

AGENTS = ("assignee", "holding_team")
STILL_OPEN = ("new", "open", "waiting_on_reporter", "waiting_on_third_party")  # not resolved, not done
WORKED = ("new", "open")
NOT_DONE = STILL_OPEN + ("resolved",)

# Labelled by core's translations (STATUS_NEW, ...), which a desk's status_labels override.
STATUSES = (
    StatusSpec("new", "new"),
    StatusSpec("in_progress", "open"),
    StatusSpec("waiting_on_reporter", "waiting_on_reporter"),
    StatusSpec("resolved", "resolved"),
    StatusSpec("closed", "closed"),
)

ACTIONS = (
    ActionSpec("take", "take", {"id": "Ambil tiket", "en": "Take ticket"}, starts_in=("new",), to="in_progress",
               who=("holding_team",)),
    ActionSpec("request_feedback", "ask", {"id": "Minta feedback", "en": "Ask for feedback"}, starts_in=("open",),
               to="waiting_on_reporter", who=("assignee",), message=MessageRule(), files=FilesRule()),
    ActionSpec("answer_feedback", "answer", {"id": "Beri feedback", "en": "Give feedback"},
               starts_in=("waiting_on_reporter",), to="in_progress", who=("asked",), message=MessageRule(),
               files=FilesRule()),
    ActionSpec("reply", "reply", {"id": "Balas", "en": "Reply"}, starts_in=STILL_OPEN, who=("reporter",) + AGENTS,
               message=MessageRule(), files=FilesRule()),
    ActionSpec("note", "note", {"id": "Catatan internal", "en": "Internal note"},
               starts_in=NOT_DONE + ("closed", "final"), who=AGENTS, message=MessageRule(), files=FilesRule()),
    ActionSpec("escalate", "escalate", {"id": "Eskalasi", "en": "Escalate"}, starts_in=WORKED, to="new", who=AGENTS,
               message=MessageRule(), files=FilesRule()),
    ActionSpec("transfer", "transfer", {"id": "Alihkan", "en": "Transfer"}, starts_in=WORKED, to="new", who=AGENTS,
               message=MessageRule(), files=FilesRule()),
    ActionSpec("return", "return", {"id": "Kembalikan", "en": "Return"}, starts_in=WORKED, to="new", who=AGENTS,
               message=MessageRule(), files=FilesRule()),
    ActionSpec("resolve", "resolve", {"id": "Selesaikan", "en": "Resolve"}, starts_in=("open",), to="resolved",
               who=("assignee",), message=MessageRule(name="solution"), files=FilesRule("resolution")),
    ActionSpec("confirm", "confirm", {"id": "Ya, sudah selesai", "en": "Yes, solved"}, starts_in=("resolved",),
               to="closed", who=("reporter",)),
    ActionSpec("reopen", "reopen", {"id": "Belum selesai", "en": "Not solved yet"}, starts_in=("resolved",),
               to="in_progress", who=("reporter",), message=MessageRule(name="reason")),
    ActionSpec("force_close", "close", {"id": "Tutup tiket", "en": "Close ticket"}, starts_in=NOT_DONE, to="closed",
               who=("reporter",), message=MessageRule(required=False, name="reason"), event="force_closed"),
    ActionSpec("recategorise", "recategorise", {"id": "Ubah kategori", "en": "Change category"},
               starts_in=STILL_OPEN, who=AGENTS),
    ActionSpec("rate", "rate", {"id": "Beri penilaian", "en": "Rate"}, starts_in=("closed",), who=("reporter",)),
    ActionSpec("pause_clock", "pause_clock", {"id": "Hentikan jam SLA", "en": "Pause SLA clock"}, starts_in=WORKED,
               who=AGENTS),
    ActionSpec("resume_clock", "resume_clock", {"id": "Jalankan jam SLA", "en": "Resume SLA clock"},
               starts_in=WORKED, who=AGENTS),
)


@cache
def default_workflow() -> WorkflowSpec:
    """Today's lifecycle: new -> in progress (taken) -> waiting on reporter / resolved -> closed."""
    return WorkflowSpec(statuses=STATUSES, actions=ACTIONS)
