"""Core's reading of numeric desk fields: the defaults every desk gets, the bounds a desk declares, and text
that ``Decimal`` or ``int`` would take but no person means."""

from __future__ import annotations

import time

import pytest

from loket.core.errors import InvalidInputError
from loket.core.plugin_types import FieldSpec
from loket.core.tickets.field_numbers import read_number

MONEY = FieldSpec("amount", "Amount", kind="money")
INTEGER = FieldSpec("count", "Count", kind="integer")
NUMBER = FieldSpec("ratio", "Ratio", kind="number")
YEAR = FieldSpec("year", "Year", kind="integer", minimum=2000, maximum=2100)


def short(value) -> str | None:
    """Test ids: a huge number is named by its size (pytest would spell out every digit)."""
    if isinstance(value, int) and value.bit_length() > 64:
        return f"int-of-{value.bit_length()}-bits"
    return str(value)[:24] if isinstance(value, str) else None


def refused(spec: FieldSpec, value) -> tuple[str, str | None, dict]:
    with pytest.raises(InvalidInputError) as caught:
        read_number(spec, value)
    return caught.value.code, caught.value.field, caught.value.params


@pytest.mark.parametrize(("spec", "value", "stored"), [
    (MONEY, "2500000000", "2500000000"), (MONEY, " 1.50 ", "1.50"), (MONEY, 12, "12"), (MONEY, 0.25, "0.25"),
    (MONEY, "-0.00", "0.00"), (MONEY, "9999999999999.99", "9999999999999.99"), (MONEY, "+7", "7"),
    (INTEGER, "007", 7), (INTEGER, -42, -42), (INTEGER, "999999999999999", 999999999999999),
    (NUMBER, "3.1416", 3.1416), (NUMBER, 2, 2.0), (NUMBER, ".5", 0.5), (YEAR, "2026", 2026),
])
def test_numbers_people_mean_are_stored_as_the_kind_says(spec, value, stored):
    result = read_number(spec, value)
    assert result == stored and type(result) is type(stored)


@pytest.mark.parametrize(("spec", "value", "code"), [
    (MONEY, "1e3", "FIELD_NOT_NUMBER"), (MONEY, "NaN", "FIELD_NOT_NUMBER"), (MONEY, "inf", "FIELD_NOT_NUMBER"),
    (MONEY, float("nan"), "FIELD_NOT_NUMBER"), (MONEY, float("inf"), "FIELD_NOT_NUMBER"),
    (MONEY, "0x10", "FIELD_NOT_NUMBER"), (MONEY, "1 000", "FIELD_NOT_NUMBER"), (MONEY, "٣", "FIELD_NOT_NUMBER"),
    (MONEY, "", "FIELD_NOT_NUMBER"), (MONEY, [1], "FIELD_NOT_NUMBER"), (MONEY, {"a": 1}, "FIELD_NOT_NUMBER"),
    (MONEY, "-0.01", "FIELD_TOO_SMALL"), (MONEY, "10000000000000", "FIELD_TOO_LARGE"),
    (MONEY, "0.001", "FIELD_TOO_PRECISE"), (MONEY, 1e16, "FIELD_NOT_NUMBER"),
    (INTEGER, "1.0", "FIELD_NOT_INTEGER"), (INTEGER, 3.0, "FIELD_NOT_INTEGER"), (INTEGER, "²", "FIELD_NOT_INTEGER"),
    (INTEGER, "1000000000000000", "FIELD_TOO_LARGE"), (INTEGER, -(10**15), "FIELD_TOO_SMALL"),
    (INTEGER, 10**100000, "FIELD_TOO_LARGE"), (INTEGER, False, "FIELD_NOT_INTEGER"),
    (NUMBER, "0.00001", "FIELD_TOO_PRECISE"), (YEAR, 1999, "FIELD_TOO_SMALL"), (YEAR, "2101", "FIELD_TOO_LARGE"),
], ids=short)
def test_anything_else_is_a_typed_error_on_the_field(spec, value, code):
    found, field, _ = refused(spec, value)
    assert (found, field) == (code, f"fields.{spec.key}")


def test_the_bounds_are_told_as_people_write_numbers():
    assert refused(YEAR, 1999)[2]["min"] == "2000"
    assert refused(MONEY, "10000000000000")[2]["max"] == "9999999999999.99"
    assert refused(FieldSpec("p", "P", kind="number", maximum="0.5"), "0.75")[2]["max"] == "0.5"
    assert refused(MONEY, "0.001")[2]["places"] == 2


def test_a_desk_may_widen_the_digits_and_places_within_what_decimals_hold_exactly():
    wide = FieldSpec("hps", "HPS", kind="money", max_digits=40, decimal_places=4)
    assert read_number(wide, "1" * 24 + ".1234") == "1" * 24 + ".1234"
    assert refused(wide, "1" * 25)[0] == "FIELD_TOO_LARGE", "28 digits at most, 4 of them after the point"


@pytest.mark.parametrize("value", ["9" * 20_000, "1e1000000", "0." + "0" * 19_990 + "1", 10**4000], ids=short)
def test_huge_values_are_refused_without_reading_them_as_numbers(value):
    started = time.perf_counter()
    refused(MONEY, value)
    assert time.perf_counter() - started < 0.05
