"""Core's default workflow: the lifecycle every desk gets unless it declares its own. A desk changes it with
``default_workflow().with_statuses(...)``, ``.with_actions(...)`` and ``.without(...)``; docs/workflows.md
shows it as a table and a diagram."""

from __future__ import annotations

from functools import cache

from loket.core.workflow.spec import ActionSpec, Choice, FilesRule, MessageRule, StatusSpec, WorkflowSpec
from loket.core.workflow.timing import Duration, TimedTransition

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
    # An admin hands a ticket to a named agent of the holding team; its holder may hand it to a colleague.
    ActionSpec("assign", "assign", {"id": "Tugaskan", "en": "Assign"}, starts_in=WORKED, to="in_progress",
               who=("desk_admin", "assignee")),
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
    # The system's own: taken by timed transitions the desk adds (see auto_close_after, auto_complete_after).
    ActionSpec("auto_close", "close", {"id": "Tutup otomatis", "en": "Close automatically"},
               starts_in=("waiting_on_reporter",), to="closed", who=("system",), event="auto_closed",
               reasons=(Choice("no_feedback", {"id": "Tidak ada tanggapan", "en": "No feedback"}),)),
    ActionSpec("auto_complete", "confirm", {"id": "Selesai otomatis", "en": "Complete automatically"},
               starts_in=("resolved",), to="closed", who=("system",), event="auto_completed",
               reasons=(Choice("completed", {"id": "Selesai", "en": "Completed"}),)),
)


@cache
def default_workflow() -> WorkflowSpec:
    """Today's lifecycle: new -> in progress (taken) -> waiting on reporter / resolved -> closed."""
    return WorkflowSpec(statuses=STATUSES, actions=ACTIONS)


def auto_close_after(after: Duration, label: str | dict[str, str] = "") -> TimedTransition:
    """Close a ticket left waiting on its reporter (or another asked participant) for ``after``."""
    return TimedTransition("auto_close", after, "auto_close", label or {
        "id": "Tiket ditutup otomatis bila tidak ada tanggapan", "en": "Closes by itself unless answered"},
        in_categories=("waiting_on_reporter",))


def auto_complete_after(after: Duration, label: str | dict[str, str] = "") -> TimedTransition:
    """Complete a resolution nobody confirmed or complained about within ``after``."""
    return TimedTransition("auto_complete", after, "auto_complete", label or {
        "id": "Tiket selesai otomatis bila tidak dikonfirmasi", "en": "Completes by itself unless confirmed"},
        in_categories=("resolved",))
