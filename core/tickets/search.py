"""Finding tickets by their words: the ticket with the typed number, or tickets where every word of the search
appears in the title, the description or a message the viewer may read (each word may be in a different place).

PostgreSQL keeps each ticket's words in two stored columns (migration 0010: public words, internal notes) with
GIN indexes: words are the runs of letters and digits (so "QX-7781" is "qx" and "7781"), and a word typed
matches the words it begins, so "pass" finds "password" and "1234" finds "12345678", with no regard to case.
SQLite, the embedded database of small deployments, compares substrings with LIKE.
"""

from __future__ import annotations

import re

from tortoise.expressions import Q, RawSQL, Subquery

from loket.core.models import Message, Ticket
from loket.core.tickets.access import Viewer

MAX_SEARCH_WORDS = 8
_WORD = re.compile(r"[^\W_]+")  # letters and digits, as PostgreSQL's parser splits words


async def search_clause(viewer: Viewer, term: str, *, postgres: bool) -> Q:
    readable_everywhere = viewer.is_superuser
    staff_desks = sorted(viewer.admin_desk_ids | set(viewer.max_tier))
    if not postgres:
        words = [_like_word(word, readable_everywhere, staff_desks) for word in _words(term, str.split)]
        return Q(number__iexact=term) | Q(*words) if words else Q(number__iexact=term)
    # A ticket number finds its ticket (an indexed lookup; numbers are stored as their desks write them).
    numbers = await Ticket.filter(number__in=sorted({term, term.upper()})).values_list("number", flat=True)
    if numbers:
        return Q(number__in=list(numbers))
    words = _words(term, _WORD.findall)
    if not words:
        return Q(id__in=[])
    return Q(id__in=_select(" AND ".join(_stored_word(word, readable_everywhere, staff_desks) for word in words)))


def _words(term: str, split) -> list[str]:
    return list(dict.fromkeys(word.lower() for word in split(term)))[:MAX_SEARCH_WORDS]


def _stored_word(word: str, readable_everywhere: bool, staff_desks: list[int]) -> str:
    # ``word`` holds only letters and digits, so it is safe inside the quoted literal.
    query = f"to_tsquery('simple', '{word}:*')"
    if readable_everywhere:
        return f"(search_words @@ {query} OR search_notes @@ {query})"
    if staff_desks:  # internal notes too, on the tickets of desks where the viewer is staff
        desks = ", ".join(str(int(desk)) for desk in staff_desks)
        return f"(search_words @@ {query} OR (desk_id IN ({desks}) AND search_notes @@ {query}))"
    return f"search_words @@ {query}"


def _select(condition: str) -> RawSQL:
    return RawSQL(f"(SELECT id FROM loket_ticket WHERE {condition})")


def _like_word(word: str, readable_everywhere: bool, staff_desks: list[int]) -> Q:
    readable = Q()
    if not readable_everywhere:
        readable = Q(visibility="public")
        if staff_desks:
            readable |= Q(ticket__desk_id__in=staff_desks)
    return (Q(title__icontains=word) | Q(description__icontains=word)
            | Q(id__in=Subquery(Message.filter(readable, body__icontains=word).values("ticket_id"))))
