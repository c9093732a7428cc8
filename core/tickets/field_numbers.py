"""Reading the numbers people type into a desk's numeric fields (``integer``, ``number``, ``money``), within the
range and precision the field declares, before any rule of the desk sees them.

A number is an int or a float of the JSON (finite), or text of ASCII digits with an optional sign and decimal
point. Exponents (``1e1000000``), NaN, Infinity, other digits (``²``, ``١٢٣``), separators and spaces inside
are refused: what ``Decimal`` or ``int`` would accept is far wider than what a person means, and some of it
costs seconds of CPU or cannot be written to a spreadsheet. The range is checked on the text's shape first
(how many digits), so no huge value is ever built.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from loket.core.errors import InvalidInputError
from loket.core.plugin_types import FieldSpec

_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_INTEGER = re.compile(r"[+-]?[0-9]+")


def read_number(spec: FieldSpec, value: Any) -> int | float | str:
    """The value of a numeric field as stored: an int (``integer``), a float (``number``) or a decimal string
    (``money``); a typed error naming the field when it is no number, out of range or too precise."""
    field = f"fields.{spec.key}"
    integer = spec.kind == "integer"
    max_digits, places = spec.number_limits()
    parsed = _parse(value, integer, max_digits)
    if parsed is None:
        raise InvalidInputError("FIELD_NOT_INTEGER" if integer else "FIELD_NOT_NUMBER", field=field, key=spec.key)
    number, places_given = parsed
    if places_given > places:
        raise InvalidInputError("FIELD_TOO_PRECISE", field=field, key=spec.key, places=places)
    lowest, highest = number_range(spec)
    if number < lowest:
        raise InvalidInputError("FIELD_TOO_SMALL", field=field, key=spec.key, min=shown(lowest))
    if number > highest:
        raise InvalidInputError("FIELD_TOO_LARGE", field=field, key=spec.key, max=shown(highest))
    if number.is_zero():
        number = Decimal(0).scaleb(number.as_tuple().exponent)  # "-0.0" is "0.0"
    if integer:
        return int(number)
    return str(number) if spec.kind == "money" else float(number)


def number_range(spec: FieldSpec) -> tuple[Decimal, Decimal]:
    """The smallest and largest value a numeric field takes: the desk's bounds within what its digits hold."""
    max_digits, places = spec.number_limits()
    largest = Decimal(10) ** (max_digits - places) - Decimal(1).scaleb(-places)
    lowest = -largest
    if spec.minimum is not None:
        lowest = max(lowest, Decimal(str(spec.minimum)))
    elif spec.kind == "money":
        lowest = Decimal(0)
    highest = min(largest, Decimal(str(spec.maximum))) if spec.maximum is not None else largest
    return lowest, highest


def _parse(value: Any, integer: bool, max_digits: int) -> tuple[Decimal, int] | None:
    """The number and how many digits it has after the point (trailing zeros aside), or None when ``value``
    is no number. A value with more whole digits than ``max_digits`` comes back as a stand-in of the same
    sign and size order, so it is refused as out of range without reading every digit."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        # A JSON integer may be of any size: judge its magnitude by its bit length (10**d < 2**(4*d)).
        if value.bit_length() > 4 * max_digits:
            return Decimal(1).scaleb(max_digits + 1).copy_sign(value), 0
        return Decimal(value), 0
    if isinstance(value, float):
        if integer or not math.isfinite(value):
            return None
        value = repr(value)  # the shortest text of the float, e.g. "0.1" (or "1e+20", refused below)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not (_INTEGER if integer else _DECIMAL).fullmatch(text):
        return None
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("+-").partition(".")
    whole = whole.lstrip("0")
    if len(whole) > max_digits:
        return Decimal(1).scaleb(len(whole) - 1).copy_sign(Decimal(-1 if negative else 1)), 0
    return Decimal(text), len(fraction.rstrip("0"))


def shown(number: Decimal) -> str:
    """A bound as people read it: ``1000000``, ``0.5`` (never ``1E+6``)."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
