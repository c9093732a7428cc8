"""What an exported ticket list holds: its columns, their types and headers, and one row per ticket.

Values keep their types (text, whole and decimal numbers, date-times in the desk's time zone, dates, yes/no)
so the Excel writer can store real numbers and dates; the CSV writer formats them as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from loket.core.desks.registry import DeskInfo, DeskRegistry, status_label
from loket.core.i18n import Catalog
from loket.core.models import Ticket
from loket.core.plugin_types import FieldSpec, label
from loket.core.workflow.access import Viewer
from loket.core.tickets.queries import working_seconds

TEXT, INTEGER, NUMBER, DATETIME, DATE, BOOLEAN = "text", "integer", "number", "datetime", "date", "boolean"
NUMERIC_FIELD_KINDS = {"integer": INTEGER, "number": NUMBER, "money": NUMBER}


@dataclass(frozen=True)
class Column:
    key: str
    kind: str
    header: str
    width: float = 18


# Core's columns: (key, kind, width). Headers are the messages EXPORT_COLUMN_<KEY>.
CORE_COLUMNS = (
    ("number", TEXT, 16), ("title", TEXT, 40), ("status", TEXT, 18), ("desk", TEXT, 20), ("topic", TEXT, 30),
    ("application", TEXT, 14), ("application_version", TEXT, 12), ("priority", TEXT, 12), ("channel", TEXT, 10),
    ("reporter", TEXT, 24), ("reporter_email", TEXT, 28), ("reporter_category", TEXT, 18), ("origin", TEXT, 20),
    ("team", TEXT, 20), ("tier", INTEGER, 8), ("assignee", TEXT, 24), ("created_at", DATETIME, 17),
    ("taken_at", DATETIME, 17), ("resolved_at", DATETIME, 17), ("closed_at", DATETIME, 17),
    ("working_days", NUMBER, 12), ("sla_due_at", DATETIME, 17), ("sla_breached", BOOLEAN, 10),
    ("description", TEXT, 60),
)


@dataclass
class Layout:
    """The columns of one export: core's, then the desk's extra fields when the list is of one desk."""

    columns: list[Column]
    fields: list[FieldSpec]

    @classmethod
    def build(cls, catalog: Catalog, language: str, desk: DeskInfo | None) -> Layout:
        columns = [Column(key, kind, catalog.translate(f"EXPORT_COLUMN_{key.upper()}", language), width)
                   for key, kind, width in CORE_COLUMNS]
        fields = list(desk.spec.fields) if desk else []
        columns += [Column(f"field:{spec.key}", _field_kind(spec), label(spec.label, language), 18) for spec in fields]
        return cls(columns=columns, fields=fields)


def _field_kind(spec: FieldSpec) -> str:
    if spec.kind in NUMERIC_FIELD_KINDS:
        return NUMERIC_FIELD_KINDS[spec.kind]
    return {"date": DATE, "boolean": BOOLEAN}.get(spec.kind, TEXT)


@dataclass
class RowMaker:
    """Turns tickets into rows of typed values, as ``viewer`` may see them (emails for staff and oneself)."""

    desks: DeskRegistry
    catalog: Catalog
    language: str
    zone: ZoneInfo
    viewer: Viewer
    layout: Layout
    now: datetime

    def local(self, moment: datetime | None) -> datetime | None:
        """A stored (aware) time as a wall-clock time of the desk's zone, as spreadsheets show times."""
        return moment.astimezone(self.zone).replace(tzinfo=None) if moment else None

    def row(self, ticket: Ticket, people: dict[int, tuple[str, str]]) -> list[object]:
        desk = self.desks.by_id(ticket.desk_id)
        language = self.language
        staff = self.viewer.is_staff_of(ticket.desk_id)
        reporter_name, reporter_email = people.get(ticket.reporter_id, ("", ""))
        topic = desk.topic_slug(ticket.topic_id)
        team = desk.team_spec(ticket.team_id)
        priority = next((p for p in desk.spec.priorities if p.slug == ticket.priority), None)
        values: list[object] = [
            ticket.number, ticket.title, status_label(desk, ticket.status, language, self.catalog),
            desk.spec.name, " > ".join(label(desk.topic(slug).name, language) for slug in desk.topic_path(topic))
            if topic else None,
            ticket.application, ticket.application_version,
            label(priority.name, language) if priority else ticket.priority, ticket.channel,
            reporter_name, reporter_email if staff or ticket.reporter_id == self.viewer.id else None,
            ticket.reporter_category, ticket.origin,
            label(team.name, language) if team else None, team.tier if team else None,
            people.get(ticket.assignee_id, (None,))[0] if ticket.assignee_id else None,
            self.local(ticket.created_at), self.local(ticket.taken_at), self.local(ticket.resolved_at),
            self.local(ticket.closed_at), round(working_seconds(ticket, self.now) / 86400, 1),
            self.local(ticket.sla_due_at), ticket.sla_breached, ticket.description,
        ]
        data = ticket.fields_data or {}
        values += [_typed(data.get(spec.key), _field_kind(spec)) for spec in self.layout.fields]
        return values


# A spreadsheet number holds 15 significant digits: a stored value beyond these (kept from before fields had
# bounds) is written as the text it was typed as rather than failing the whole export.
LARGEST_NUMBER = Decimal(2**53)


def _typed(value: object, kind: str) -> object:
    """A desk field's stored value as its column's type; what does not parse stays as it was typed."""
    if value is None or value == "":
        return None
    try:
        if kind in (INTEGER, NUMBER) and not isinstance(value, bool):
            number = Decimal(str(value).strip()) if isinstance(value, (int, float, str)) else None
            if number is None or not number.is_finite() or abs(number) >= LARGEST_NUMBER:
                return str(value)
            return int(number) if number == number.to_integral_value() else float(number)
        if kind == DATE and isinstance(value, str):
            return date.fromisoformat(value)
    except (ValueError, InvalidOperation):
        return str(value)
    if kind == BOOLEAN and isinstance(value, bool):
        return value
    return value if isinstance(value, (int, float, bool)) else str(value)
