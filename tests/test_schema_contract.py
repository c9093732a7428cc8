"""The schema changes by the deprecation policy (docs/schema_conventions.md): compared with the published contract
(`schema/contract.graphql`), every breaking change removes something the contract marked deprecated with a
removal date that has passed."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from graphql import (
    BreakingChange,
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
    is_enum_type,
    is_input_object_type,
    is_interface_type,
    is_object_type,
)

SCHEMA = Path(__file__).resolve().parent.parent / "schema"
REMOVED_AFTER = re.compile(r"Removed after (\d{4}-\d{2}-\d{2})\.")


def deprecations(schema: GraphQLSchema) -> dict[str, date]:
    """Each deprecated element of ``schema`` by its coordinate (``Type.field``, ``Type.field.arg``,
    ``Enum.VALUE``, ``Input.field``), with the date after which it may be removed."""
    found: dict[str, str | None] = {}
    for name, kind in schema.type_map.items():
        if is_object_type(kind) or is_interface_type(kind):
            for field_name, field in kind.fields.items():
                found[f"{name}.{field_name}"] = field.deprecation_reason
                for arg_name, arg in field.args.items():
                    found[f"{name}.{field_name}.{arg_name}"] = arg.deprecation_reason
        elif is_input_object_type(kind):
            for field_name, field in kind.fields.items():
                found[f"{name}.{field_name}"] = field.deprecation_reason
        elif is_enum_type(kind):
            for value_name, value in kind.values.items():
                found[f"{name}.{value_name}"] = value.deprecation_reason
    dated = {}
    for coordinate, reason in found.items():
        if reason:
            match = REMOVED_AFTER.search(reason)
            assert match, f"{coordinate} is deprecated without 'Removed after YYYY-MM-DD.': {reason!r}"
            dated[coordinate] = date.fromisoformat(match.group(1))
    return dated


def allowed(change: BreakingChange, expired: set[str]) -> bool:
    """A breaking change may only remove an element whose deprecation has expired."""
    coordinates = re.findall(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+", change.description)
    return change.type.name.endswith("_REMOVED") and any(c in expired for c in coordinates)


def breaking_changes(contract: str, current: str, today: date) -> list[str]:
    old = build_schema(contract)
    expired = {coordinate for coordinate, until in deprecations(old).items() if until < today}
    return [f"{change.type.name}: {change.description}" for change in find_breaking_changes(old, build_schema(current))
            if not allowed(change, expired)]


def test_the_schema_keeps_the_published_contract():
    contract = (SCHEMA / "contract.graphql").read_text(encoding="utf-8")
    current = (SCHEMA / "schema.graphql").read_text(encoding="utf-8")
    assert breaking_changes(contract, current, date.today()) == []


def test_every_deprecation_in_the_schema_names_its_removal_date():
    deprecations(build_schema((SCHEMA / "schema.graphql").read_text(encoding="utf-8")))


CONTRACT = """
type Query { ticket: Ticket }
type Ticket {
  number: String!
  state: String @deprecated(reason: "Use `status`. Removed after 2027-06-30.")
  title: String
}
"""


def test_the_check_refuses_a_removal_before_its_date_and_any_other_breaking_change():
    without_state = CONTRACT.replace('  state: String @deprecated(reason: "Use `status`. Removed after 2027-06-30.")\n',
                                     "")
    assert breaking_changes(CONTRACT, without_state, date(2027, 7, 1)) == []
    assert breaking_changes(CONTRACT, without_state, date(2027, 6, 30)) == [
        "FIELD_REMOVED: Field Ticket.state was removed."]
    retyped = CONTRACT.replace("title: String", "title: Int")
    assert breaking_changes(CONTRACT, retyped, date(2030, 1, 1)) == [
        "FIELD_CHANGED_KIND: Field Ticket.title changed type from String to Int."]
    without_title = CONTRACT.replace("  title: String\n", "")
    assert breaking_changes(CONTRACT, without_title, date(2030, 1, 1)) == ["FIELD_REMOVED: Field Ticket.title was removed."]
