"""A printable ticket: its detail page as a PDF (header, fields, description, conversation, files, timeline).

Printed as the caller sees the ticket: only someone who may view it may print it (others get
TICKET_NOT_FOUND), and internal notes, internal files, internal timeline entries and the staff-only parts of
public ones (``loket.core.tickets.audience``) are left out for anyone who is not staff of its desk. Labels
are in the desk's language, times in the desk's time zone. Text is set in DejaVu Sans (vendored under
``core/fonts`` with its licence), embedded, so letters of most scripts a user types come out; characters the
font lacks print as blanks rather than failing the print.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import anyio.to_thread
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from loket.core.desks.registry import DeskInfo, status_label
from loket.core.errors import NotFoundError
from loket.core.models import Attachment, Message, Ticket, TicketEvent, User
from loket.core.plugin_types import label
from loket.core.runtime import Runtime
from loket.core.workflow.access import viewer_for
from loket.core.tickets.attachments import readable_of_ticket
from loket.core.tickets.audience import payload_for
from loket.core.tickets.display_numbers import display_number
from loket.core.tickets.queries import desk_timezone, working_seconds

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FONT = "DejaVu"


@dataclass
class PrintedTicket:
    ticket: Ticket
    desk: DeskInfo
    staff: bool
    language: str
    zone: ZoneInfo
    people: dict[int, User]
    messages: list[Message]
    files: list[Attachment]
    events: list[TicketEvent]
    now: datetime


async def ticket_pdf(rt: Runtime, user: User, number: str) -> tuple[str, bytes]:
    """The file name and bytes of the PDF of ticket ``number`` as ``user`` may see it."""
    found = await readable_of_ticket(user, number)
    if found is None:
        raise NotFoundError("TICKET_NOT_FOUND", field="number", number=number)
    ticket, files = found
    viewer = await viewer_for(user)
    staff = viewer.is_staff_of(ticket.desk_id)
    messages = Message.filter(ticket_id=ticket.id)
    events = TicketEvent.filter(ticket_id=ticket.id)
    if not staff:
        messages, events = messages.filter(visibility="public"), events.filter(visibility="public")
    messages, events = await messages.order_by("id"), await events.order_by("seq")
    ids = {ticket.reporter_id, ticket.created_by_id, ticket.assignee_id} | {m.author_id for m in messages} \
        | {e.actor_id for e in events}
    people = {u.id: u for u in await User.filter(id__in=sorted(i for i in ids if i))}
    desk = rt.desks.by_id(ticket.desk_id)
    printed = PrintedTicket(ticket=ticket, desk=desk, staff=staff, language=desk.spec.language,
                            zone=desk_timezone(rt, desk), people=people, messages=messages, files=files,
                            events=events, now=rt.now())
    content = await anyio.to_thread.run_sync(_render, rt, printed)
    return f"{ticket.number}.pdf", content


# Control characters a user may paste (tabs become spaces, line breaks stay) print as nothing.
_CONTROLS = {code: None for code in (*range(0x00, 0x20), 0x7F) if code != 0x0A} | {0x09: "    "}


class _Document(FPDF):
    footer_text = ""

    def normalize_text(self, text: str) -> str:
        return super().normalize_text(text.replace("\r\n", "\n").translate(_CONTROLS))

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=7)
        self.set_text_color(110)
        self.cell(0, 5, f"{self.footer_text}  ·  {self.page_no()}/{{nb}}", align="R")


def _render(rt: Runtime, p: PrintedTicket) -> bytes:
    t, language = p.ticket, p.language

    def tr(key: str, **params: object) -> str:
        return rt.catalog.translate(key, language, **params)

    def when(moment: datetime | None) -> str:
        return moment.astimezone(p.zone).strftime("%Y-%m-%d %H:%M") if moment else "-"

    def person(user_id: int | None, *, email: bool = False) -> str:
        user = p.people.get(user_id) if user_id else None
        if user is None:
            return tr("PRINT_SYSTEM") if user_id is None else "-"
        return f"{user.display_name} <{user.email}>" if email and p.staff else user.display_name

    shown_number = display_number(p.desk.spec, t.number)
    pdf = _Document(format="A4")
    pdf.footer_text = f"{p.desk.spec.name} · {shown_number} · {tr('PRINT_PRINTED_AT')} {when(p.now)}"
    pdf.set_title(f"{shown_number} {t.title}")
    pdf.set_creator("Loket")
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_margins(15, 15, 15)
    pdf.add_page()

    def heading(text: str) -> None:
        pdf.ln(3)
        pdf.set_font(FONT, "B", 11)
        pdf.set_fill_color(230, 236, 245)
        pdf.cell(0, 7, text, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)

    def paragraph(text: str, size: float = 9) -> None:
        pdf.set_font(FONT, "", size)
        pdf.multi_cell(0, 4.6, text or "-", new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode="CHAR")

    # Header
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(90)
    pdf.cell(0, 5, p.desk.spec.name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 7, f"{tr('PRINT_TICKET')} {t.number}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(0, 6, t.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode="CHAR")
    pdf.set_font(FONT, "", 10)
    pdf.cell(0, 6, f"{tr('EXPORT_COLUMN_STATUS')}: {status_label(p.desk, t.status, language, rt.catalog)}",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    # Fields
    topic = p.desk.topic_slug(t.topic_id)
    team = p.desk.team_spec(t.team_id)
    priority = next((level for level in p.desk.spec.priorities if level.slug == t.priority), None)
    seconds = working_seconds(t, p.now)
    rows = [
        (tr("EXPORT_COLUMN_REPORTER"), person(t.reporter_id, email=True)),
        (tr("EXPORT_COLUMN_REPORTER_CATEGORY"), t.reporter_category),
        (tr("EXPORT_COLUMN_ORIGIN"), t.origin),
        (tr("EXPORT_COLUMN_APPLICATION"), " ".join(x for x in (t.application, t.application_version) if x)),
        (tr("EXPORT_COLUMN_TOPIC"), " > ".join(label(p.desk.topic(s).name, language)
                                              for s in p.desk.topic_path(topic)) if topic else None),
        (tr("EXPORT_COLUMN_PRIORITY"), label(priority.name, language) if priority else t.priority),
        (tr("EXPORT_COLUMN_CHANNEL"), t.channel),
        (tr("EXPORT_COLUMN_TEAM"), f"{label(team.name, language)} ({tr('PRINT_TIER')} {team.tier})" if team else None),
        (tr("EXPORT_COLUMN_ASSIGNEE"), person(t.assignee_id) if t.assignee_id else None),
        (tr("EXPORT_COLUMN_CREATED_AT"), when(t.created_at)),
        (tr("EXPORT_COLUMN_RESOLVED_AT"), when(t.resolved_at) if t.resolved_at else None),
        (tr("EXPORT_COLUMN_CLOSED_AT"), when(t.closed_at) if t.closed_at else None),
        (tr("EXPORT_COLUMN_WORKING_DAYS"), f"{seconds / 86400:.1f}"),
    ]
    data = t.fields_data or {}
    rows += [(label(spec.label, language), str(data[spec.key])) for spec in p.desk.spec.fields
             if data.get(spec.key) not in (None, "")]
    heading(tr("PRINT_DETAILS"))
    pdf.set_font(FONT, "", 9)
    with pdf.table(col_widths=(35, 65), first_row_as_headings=False, line_height=5,
                   borders_layout="HORIZONTAL_LINES") as table:
        for name, value in rows:
            if value:
                row = table.row()
                row.cell(name)
                row.cell(str(value))

    heading(tr("EXPORT_COLUMN_DESCRIPTION"))
    paragraph(t.description)

    heading(tr("PRINT_CONVERSATION"))
    if not p.messages:
        paragraph(tr("PRINT_NONE"))
    for message in p.messages:
        pdf.set_font(FONT, "B", 9)
        tag = f"  [{tr('PRINT_INTERNAL_NOTE')}]" if message.visibility == "internal" else ""
        pdf.multi_cell(0, 5, f"{person(message.author_id)} · {when(message.created_at)}{tag}",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        paragraph(message.body)
        pdf.ln(1.5)

    heading(tr("PRINT_FILES"))
    if not p.files:
        paragraph(tr("PRINT_NONE"))
    else:
        pdf.set_font(FONT, "", 8.5)
        with pdf.table(col_widths=(60, 15, 25), line_height=4.6, borders_layout="HORIZONTAL_LINES") as table:
            row = table.row()
            for title in (tr("PRINT_FILE_NAME"), tr("PRINT_FILE_SIZE"), tr("PRINT_FILE_ADDED")):
                row.cell(title)
            for attachment in p.files:
                row = table.row()
                internal = f" [{tr('PRINT_INTERNAL_NOTE')}]" if attachment.visibility == "internal" else ""
                row.cell(attachment.original_name + internal)
                row.cell(_size(attachment.size))
                row.cell(when(attachment.created_at))

    heading(tr("PRINT_TIMELINE"))
    pdf.set_font(FONT, "", 8.5)
    with pdf.table(col_widths=(7, 23, 25, 45), line_height=4.6, borders_layout="HORIZONTAL_LINES") as table:
        row = table.row()
        for title in ("#", tr("PRINT_WHEN"), tr("PRINT_WHO"), tr("PRINT_WHAT")):
            row.cell(title)
        for event in p.events:
            row = table.row()
            row.cell(str(event.seq))
            row.cell(when(event.created_at))
            row.cell(person(event.actor_id))
            row.cell(_event_text(rt, p, event, tr))
    return bytes(pdf.output())


def _event_text(rt: Runtime, p: PrintedTicket, event: TicketEvent, tr) -> str:
    key = f"EVENT_{event.kind.upper()}"
    text = tr(key)
    if text == key:
        text = event.kind.replace("_", " ")
    if event.to_status and event.to_status != event.from_status:
        text += f" → {status_label(p.desk, event.to_status, p.language, rt.catalog)}"
    if event.to_team_id and event.to_team_id != event.from_team_id:
        team = p.desk.team_spec(event.to_team_id)
        text += f" → {label(team.name, p.language)}" if team else ""
    details = payload_for(event, p.staff)  # the printer's share of it: the staff's notes for staff only
    if event.kind in ("sla_paused", "sla_resumed") and details.get("reason"):
        reason = details["reason"]
        pause = next((pause for pause in p.desk.spec.pause_reasons if pause.slug == reason), None)
        text += f": {label(pause.label, p.language) if pause else reason}"
    if details.get("note"):
        text += f"\n{details['note']}"
    return text


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)
