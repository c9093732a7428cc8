"""Finding tickets by their words: the ticket with the typed number (as stored, or as its desk shows it), or tickets where every word of the search
appears in the title, the description or a message the viewer may read (each word may be in a different place).

PostgreSQL keeps each ticket's words in two stored columns (migration 0010: public words, internal notes) with
GIN indexes: words are the runs of letters and digits (so "QX-7781" is "qx" and "7781"), and a word typed
matches the words it begins, so "pass" finds "password" and "1234" finds "12345678", with no regard to case.
One word is left to the planner (the index for rare words, a walk through the newest tickets for common ones);
for several, the index first says whether the matches are few (then they are listed) or many (then the page
query walks the newest tickets, checking each one's words, and stops when the page is full).
SQLite, the embedded database of small deployments, compares substrings with LIKE.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tortoise.expressions import Q, RawSQL, Subquery
from tortoise.transactions import in_transaction

from loket.core.desks.registry import DeskInfo
from loket.core.inputs import TICKET_NUMBER
from loket.core.models import Message, Ticket
from loket.core.tickets.display_numbers import displayed_clause
from loket.core.workflow.access import Viewer

MAX_SEARCH_WORDS = 8
_WORD = re.compile(r"[^\W_]+")  # letters and digits, as PostgreSQL's parser splits words


async def search_clause(viewer: Viewer, term: str, *, postgres: bool, desks: Iterable[DeskInfo] = ()) -> Q:
    """The tickets matching ``term``. Given the ``desks``, a ticket number in its desk's displayed form
    (``Ticket#8881358``) finds its ticket too."""
    displayed = displayed_clause(desks, term)
    if displayed is not None:
        numbers = await Ticket.filter(displayed).values_list("number", flat=True)
        if numbers:
            return Q(number__in=list(numbers))
    readable_everywhere = viewer.is_superuser
    staff_desks = sorted(viewer.admin_desk_ids | set(viewer.max_tier))
    # Text longer than any ticket number cannot be one (nor be compared with the column).
    spellings = sorted(spelling for spelling in {term, term.upper()} if len(spelling) <= TICKET_NUMBER)
    if not postgres:
        words = [_like_word(word, readable_everywhere, staff_desks) for word in _words(term, str.split)]
        by_number = Q(number__iexact=term) if spellings else Q(id__in=[])
        return by_number | Q(*words) if words else by_number
    # A ticket number finds its ticket (an indexed lookup; numbers are stored as their desks write them).
    numbers = await Ticket.filter(number__in=spellings).values_list("number", flat=True) if spellings else []
    if numbers:
        return Q(number__in=list(numbers))
    words = _words(term, _WORD.findall)
    if not words:
        return Q(id__in=[])

    def condition(row: str = "") -> str:
        return " AND ".join(_stored_word(word, readable_everywhere, staff_desks, row) for word in words)

    if len(words) == 1:
        return Q(id__in=_select(condition()))
    few = await _few_matches(condition())
    return Q(id__in=few) if few is not None else Q(id__in=_checked_row_by_row(condition("w.")))


FEW_MATCHES = 1000


async def _few_matches(condition: str) -> list[int] | None:
    """The matching tickets when there are at most FEW_MATCHES of them, else None.

    PostgreSQL cannot estimate how many tickets hold several words together (prefix queries get a fixed guess,
    and words are taken as independent), so for a search of several words it may build the set of every match
    through the index when there are hundreds of thousands (1.2 s over 1,000,000 tickets), or walk every
    ticket looking for matches that do not exist. So the GIN index is asked first, alone (a bitmap scan): a
    short list of matches is used as is; a long one means walking the newest tickets finds a page quickly."""
    async with in_transaction() as connection:
        await connection.execute_script("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        rows = await connection.execute_query_dict(
            f"SELECT id FROM loket_ticket WHERE {condition} LIMIT {FEW_MATCHES + 1}")
        # Inside a caller's transaction this block is a savepoint, whose SET LOCAL would outlive it.
        await connection.execute_script("RESET enable_seqscan; RESET enable_indexscan")
    return [row["id"] for row in rows] if len(rows) <= FEW_MATCHES else None


def _words(term: str, split) -> list[str]:
    return list(dict.fromkeys(word.lower() for word in split(term)))[:MAX_SEARCH_WORDS]


def _stored_word(word: str, readable_everywhere: bool, staff_desks: list[int], row: str = "") -> str:
    """The SQL condition that a ticket (``row``: its alias and a dot, if any) holds ``word`` where the viewer
    may read it."""
    # ``word`` holds only letters and digits, so it is safe inside the quoted literal.
    query = f"to_tsquery('simple', '{word}:*')"
    if readable_everywhere:
        return f"({row}search_words @@ {query} OR {row}search_notes @@ {query})"
    if staff_desks:  # internal notes too, on the tickets of desks where the viewer is staff
        desks = ", ".join(str(int(desk)) for desk in staff_desks)
        return f"({row}search_words @@ {query} OR ({row}desk_id IN ({desks}) AND {row}search_notes @@ {query}))"
    return f"{row}search_words @@ {query}"


def _select(condition: str) -> RawSQL:
    return RawSQL(f"(SELECT id FROM loket_ticket WHERE {condition})")


def _checked_row_by_row(condition: str) -> RawSQL:
    """The condition checked on each ticket the page query walks (correlated on the ticket's own row), so
    PostgreSQL stops as soon as the page is full instead of collecting every match first."""
    return RawSQL(f"(SELECT w.id FROM loket_ticket w WHERE w.id = loket_ticket.id AND {condition})")


def _like_word(word: str, readable_everywhere: bool, staff_desks: list[int]) -> Q:
    readable = Q()
    if not readable_everywhere:
        readable = Q(visibility="public")
        if staff_desks:
            readable |= Q(ticket__desk_id__in=staff_desks)
    return (Q(title__icontains=word) | Q(description__icontains=word)
            | Q(id__in=Subquery(Message.filter(readable, body__icontains=word).values("ticket_id"))))
