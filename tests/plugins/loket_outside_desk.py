"""An outside institution's desks, written only against Loket's documented surface (docs/workflows.md,
docs/plugin_hooks.md): a ministry's IT desk with a status of its own ("pending" a leadership decision), a
guard before escalation (no knowledge-base article may apply), and guest intake; its tier-1 service centre
is shared with the ministry's HR-systems desk. Its time rules: a ticket reaching tier 2 gets a fresh limit of
3 working days, extended to 10 working days from then while a leadership decision is pending; the reporter
may still reply for 7 days after closure (the ticket reopens), then the ticket is locked and a new one must be
opened.
"""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import (
    ActionSpec,
    BusinessCalendar,
    Choice,
    ClockExtension,
    DeskSpec,
    Duration,
    MessageRule,
    Refusal,
    StageClock,
    StatusSpec,
    TeamSpec,
    TopicSpec,
    Window,
    default_workflow,
)

IT_DESK, HR_DESK = "ministry-it", "ministry-hr"
SHARED_TIER_1 = TeamSpec("service-centre", "Pusat Layanan Kementerian", tier=1, shared=True)

# The desk's knowledge base: a topic whose article applies is not escalated before the article was tried.
KNOWLEDGE_BASE = {"email-password": "KB-12"}

PENDING = StatusSpec("pending", "waiting_on_third_party",
                     {"id": "Menunggu keputusan pimpinan", "en": "Pending a leadership decision"})
DECISIONS = (Choice("approved", {"id": "Disetujui", "en": "Approved"}),
             Choice("rejected", {"id": "Ditolak", "en": "Rejected"}))

LOCKED = StatusSpec("locked", "final", {"id": "Terkunci", "en": "Locked"})
REPLY_WINDOW = Duration.days(7)
TIER_2_LIMIT = StageClock("tier2", Duration.working_days(3), {"id": "Batas waktu tim TI", "en": "IT team's limit"},
                          tier=2)
DECISION_EXTENSION = ClockExtension("tier2", Duration.working_days(10))

IT_WORKFLOW = default_workflow().with_statuses(PENDING, LOCKED).with_actions(
    ActionSpec("await_decision", "move", {"id": "Ajukan ke pimpinan", "en": "Ask leadership to decide"},
               starts_in=("open",), to="pending", who=("tier>=2",), message=MessageRule(),
               extends=(DECISION_EXTENSION,)),
    ActionSpec("record_decision", "move", {"id": "Catat keputusan pimpinan", "en": "Record the decision"},
               starts=("pending",), to="in_progress", who=("tier>=2", "desk_admin"), reasons=DECISIONS),
    ActionSpec("follow_up", "reopen", {"id": "Tanggapi lagi", "en": "Follow up"}, starts=("closed",),
               to="in_progress", who=("reporter",), message=MessageRule()),
    ActionSpec("lock", "move", {"id": "Kunci tiket", "en": "Lock the ticket"}, starts=("closed",), to="locked",
               who=("system",), event="locked"),
).with_windows(
    Window("reply_after_close", "follow_up", REPLY_WINDOW, in_status=("closed",), then="lock",
           label={"id": "Tanggapan setelah tiket ditutup diterima sampai", "en": "Replies after closure accepted until"},
           message="REPLY_WINDOW_ENDED"),
).with_clocks(TIER_2_LIMIT)

MESSAGES = {
    "REPLY_WINDOW_ENDED": {
        "id": "Tiket ini sudah dikunci sejak {until}. Silakan buka tiket baru dan sebutkan nomor tiket ini.",
        "en": "This ticket was locked on {until}. Please open a new ticket and mention this one's number."},
    "KB_ARTICLE_APPLIES": {
        "id": "Artikel basis pengetahuan berlaku untuk topik ini: terapkan dulu, lalu sebut nomornya dalam pesan "
              "eskalasi.",
        "en": "A knowledge-base article applies to this topic: apply it first, then name it in the escalation "
              "message."},
}

TOPICS = (TopicSpec("email-password", {"id": "Kata sandi email", "en": "Email password"}),
          TopicSpec("laptop", {"id": "Laptop dinas", "en": "Office laptop"}))


@hookimpl
def register_desks():
    it = DeskSpec(IT_DESK, "Layanan TI Kementerian", teams=(SHARED_TIER_1, TeamSpec("it-tier2", "Tim TI", tier=2)),
                  topics=TOPICS, workflow=IT_WORKFLOW, messages=MESSAGES, message_min_length=10, guest_intake=True,
                  calendar=BusinessCalendar(timezone="Asia/Jakarta"))
    hr = DeskSpec(HR_DESK, "Layanan Sistem Kepegawaian", teams=(SHARED_TIER_1, TeamSpec("hr-tier2", "Tim SIMPEG",
                                                                                         tier=2)))
    return [it, hr]


@hookimpl
def check_action(desk, ticket, action, actor, input):
    """Before escalation: no knowledge-base article may apply, unless the agent names it as tried."""
    if desk.slug != IT_DESK or action.does != "escalate" or not ticket.topic_path:
        return None
    article = KNOWLEDGE_BASE.get(ticket.topic_path[-1])
    if article and article not in input.message:
        return Refusal("KB_ARTICLE_APPLIES", field="message")
    return None
