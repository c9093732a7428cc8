"""How a desk shows its ticket numbers, and reading a number back from what a person types.

A desk declares its form in ``DeskSpec.number_display`` (Kemsos: ``Ticket#{number}``, so the stored number
``8881358`` is shown as ``Ticket#8881358``). Wherever a ticket is named by number (``ticket(number:)``, the
actions, search, the download and print routes) the displayed form is accepted too, in any letter case and with
any spaces (``ticket#8881358``, `` Ticket# 8881358``). A displayed form names a ticket of the desk that shows
numbers that way only, so another desk's number that happens to start alike is never misread.
"""

from __future__ import annotations

from collections.abc import Iterable

from tortoise.expressions import Q

from loket.core.desks.registry import DeskInfo
from loket.core.models import Ticket
from loket.core.plugin_types import DeskSpec

PLACEHOLDER = "{number}"


def display_number(spec: DeskSpec, number: str) -> str:
    """``number`` as the desk shows it."""
    return spec.number_display.replace(PLACEHOLDER, number)


def display_rule_broken(spec: DeskSpec) -> str | None:
    """What is wrong with the desk's ``number_display``, or None (checked at start-up)."""
    if spec.number_display.count(PLACEHOLDER) != 1:
        return f"number_display '{spec.number_display}' must hold {PLACEHOLDER} exactly once"
    return None


def _compact(text: str) -> str:
    return "".join(text.split())


def readings(desks: Iterable[DeskInfo], text: str) -> list[tuple[int, str]]:
    """``(desk id, stored number)`` for every desk whose displayed form ``text`` has (none for a plain number)."""
    typed = _compact(text)
    found = []
    for desk in desks:
        prefix, _, suffix = _compact(desk.spec.number_display).partition(PLACEHOLDER)
        if not prefix and not suffix or len(typed) <= len(prefix) + len(suffix):
            continue
        end = len(typed) - len(suffix)
        if typed[:len(prefix)].casefold() == prefix.casefold() and typed[end:].casefold() == suffix.casefold():
            found.append((desk.id, typed[len(prefix):end]))
    return found


def _spellings(number: str) -> list[str]:
    """A typed number, and the same in capitals (numbers are stored as their desks write them, often capitals)."""
    return sorted({number, number.upper()})


def displayed_clause(desks: Iterable[DeskInfo], text: str) -> Q | None:
    """The tickets ``text`` names in a desk's displayed form, or None when it is in no desk's form."""
    clauses = [Q(desk_id=desk_id, number__in=_spellings(number)) for desk_id, number in readings(desks, text)]
    return Q(*clauses, join_type="OR") if clauses else None


async def stored_number(desks: Iterable[DeskInfo], text: str) -> str:
    """The stored number of the ticket ``text`` names: ``text`` itself (stripped) when it is a stored number or
    names no ticket, else the number of the ticket whose displayed form it is."""
    text = text.strip()
    displayed = displayed_clause(desks, text)
    if displayed is None:
        return text
    numbers = await Ticket.filter(Q(number=text) | displayed).limit(2).values_list("number", flat=True)
    if text in numbers or not numbers:
        return text
    return numbers[0]
