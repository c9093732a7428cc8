"""The priority rule of the "lpse-support" desk, and its rule for manually entered tender data.

The rule is data: ``plugins/spse/data/priority_matrix.json`` (documented in ``docs/spse.md``, "Priority
matrix"). In order:

1. Base: the row of the most specific topic of the ticket's ``topic_path`` (sub-category, then category),
   else the matrix's ``default``.
2. Only when the ticket carries tender information (any of the matrix's ``tender_fields``):
   the first ``closing`` tier whose window holds the tender deadline (``tender_closing`` is today or at most
   ``within_days`` days ahead; a past deadline raises nothing) and every ``stage`` row naming one of the
   ticket's topics raise the priority to at least their level.
3. The first ``hps`` tier whose ``min_value`` the ``hps_value`` reaches either raises the priority one
   level (``raise_levels``, capped at the most urgent level) or to at least its level (``at_least``).

"Today" is the date in Jakarta (WIB) from the module-level ``today()``; tests replace it.

``validate_ticket``: a tender code the warehouse finds needs nothing else; otherwise, once any manual tender
field is given (or a deadline, which would raise the priority), the four manual fields ``spse_build``,
``fiscal_year``, ``hps_value`` and ``procurement_category`` are all required (``SPSE_TENDER_FIELD_REQUIRED``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from loket.core.errors import InvalidInputError, InvalidInputErrors
from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import DeskSpec, Labels, PriorityDecision, label
from loket.plugins.spse.tender import TenderClient, valid_tender_code

DESK = "lpse-support"
MATRIX = Path(__file__).resolve().parent / "data" / "priority_matrix.json"
JAKARTA = ZoneInfo("Asia/Jakarta")
LANGUAGES = ("id", "en")
MANUAL_TENDER_FIELDS = ("spse_build", "fiscal_year", "hps_value", "procurement_category")
# Giving any of these by hand asks for the four manual fields (a deadline alone would raise the priority).
MANUAL_TRIGGER_FIELDS = (*MANUAL_TENDER_FIELDS, "tender_closing")


def today() -> date:
    """The date in Jakarta now. Tests replace this function to fix "today"."""
    return datetime.now(JAKARTA).date()


@cache
def load_matrix() -> dict[str, Any]:
    return json.loads(MATRIX.read_text(encoding="utf-8"))


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _closing_date(value: Any) -> date | None:
    if not _given(value):
        return None
    text = str(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


def _amount(value: Any) -> Decimal | None:
    if not _given(value) or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def rupiah(amount: Decimal) -> str:
    """``Rp150.000.000.000`` (Indonesian grouping; whole rupiah)."""
    return "Rp" + f"{int(amount):,}".replace(",", ".")


@dataclass(frozen=True)
class Step:
    """One row of the matrix that applied, and the priority after it."""

    rule: str
    label: Labels
    priority: str
    detail: str = ""


def decide(topic_path: tuple[str, ...] | list[str], fields: dict[str, Any], on: date,
           matrix: dict[str, Any] | None = None) -> tuple[str, list[Step]]:
    """The priority for a ticket on ``topic_path`` with ``fields`` on the day ``on``, and the rows that applied."""
    matrix = matrix or load_matrix()
    order = [level["slug"] for level in sorted(matrix["levels"], key=lambda level: level["rank"])]
    rank = {slug: position for position, slug in enumerate(order)}
    rows = {row["topic"]: row for row in matrix["base"]}

    row = next((rows[slug] for slug in reversed(tuple(topic_path)) if slug in rows), None)
    if row is None:
        priority = matrix["default"]["priority"]
        steps = [Step("default", matrix["default"]["label"], priority)]
    else:
        priority = row["priority"]
        steps = [Step(f"topic:{row['topic']}", row["label"], priority)]

    if not any(_given(fields.get(key)) for key in matrix["tender_fields"]):
        return priority, steps

    def at_least(level: str) -> str:
        return level if rank[level] > rank[priority] else priority

    closing = _closing_date(fields.get("tender_closing"))
    if closing is not None:
        days_left = (closing - on).days
        tier = next((tier for tier in matrix["closing"] if 0 <= days_left <= tier["within_days"]), None)
        if tier is not None:
            priority = at_least(tier["at_least"])
            steps.append(Step(tier["rule"], tier["label"], priority, closing.isoformat()))
    for stage in matrix["stage"]:
        if set(stage["topics"]) & set(topic_path):
            priority = at_least(stage["at_least"])
            steps.append(Step(stage["rule"], stage["label"], priority))

    amount = _amount(fields.get("hps_value"))
    if amount is not None:
        tier = next((tier for tier in matrix["hps"] if amount >= Decimal(tier["min_value"])), None)
        if tier is not None:
            if "raise_levels" in tier:
                priority = order[min(rank[priority] + tier["raise_levels"], len(order) - 1)]
            else:
                priority = at_least(tier["at_least"])
            steps.append(Step(tier["rule"], tier["label"], priority, rupiah(amount)))
    return priority, steps


def explain(steps: list[Step], desk: DeskSpec | None = None, matrix: dict[str, Any] | None = None) -> Labels:
    """The reason agents see: each row that applied and the priority after it, e.g.
    ``Unggah dokumen penawaran: Major; Batas akhir tender dalam 2 hari (2024-06-12): Major``."""
    matrix = matrix or load_matrix()
    names: dict[str, Any] = {level["slug"]: level["name"] for level in matrix["levels"]}
    if desk is not None:
        names.update({spec.slug: spec.name for spec in desk.priorities})
    reason = {}
    for language in LANGUAGES:
        parts = []
        for step in steps:
            text = label(step.label, language)
            if step.detail:
                text += f" ({step.detail})"
            parts.append(f"{text}: {label(names.get(step.priority, step.priority), language)}")
        reason[language] = "; ".join(parts)
    return reason


@hookimpl(specname="ticket_priority")
def spse_ticket_priority(desk, ticket):
    """The priority of a national-desk ticket from its topic and tender data; ``None`` for other desks."""
    if desk.slug != DESK:
        return None
    fields = dict(ticket.fields or {})
    code = str(fields.get("tender_code") or "").strip()
    if code and valid_tender_code(code) and not any(_given(fields.get(key)) for key in ("tender_closing", "hps_value")):
        # Only the code was typed: the warehouse's data (closing date, HPS) decides, as if it had been typed.
        async def from_the_warehouse() -> PriorityDecision:
            result = await TenderClient().lookup(code)
            known = {**result.data, **{key: value for key, value in fields.items() if _given(value)}} \
                if result.found else fields
            priority, steps = decide(ticket.topic_path, known, today())
            return PriorityDecision(priority, explain(steps, desk))

        return from_the_warehouse()
    priority, steps = decide(ticket.topic_path, fields, today())
    return PriorityDecision(priority, explain(steps, desk))


def _missing_manual_fields(fields: dict[str, Any]) -> list[str]:
    return [key for key in MANUAL_TENDER_FIELDS if not _given(fields.get(key))]


@hookimpl(specname="validate_ticket")
def spse_validate_ticket(desk, ticket):
    """Manual tender data must be complete unless the warehouse knows the tender code."""
    if desk.slug != DESK:
        return None
    fields = ticket.fields or {}
    code = str(fields.get("tender_code") or "").strip()
    if code and not valid_tender_code(code):
        raise InvalidInputError("SPSE_TENDER_CODE_INVALID", field="fields.tender_code", tender_code=code)
    if not any(_given(fields.get(key)) for key in MANUAL_TRIGGER_FIELDS):
        return None
    missing = _missing_manual_fields(fields)
    if not missing:
        return None
    errors = [InvalidInputError("SPSE_TENDER_FIELD_REQUIRED", field=f"fields.{key}", key=key) for key in missing]
    if not code:
        raise InvalidInputErrors(errors)

    async def check_with_warehouse() -> None:
        result = await TenderClient().lookup(code)
        if not result.found:
            raise InvalidInputErrors(errors)

    return check_with_warehouse()
