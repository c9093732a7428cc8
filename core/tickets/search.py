"""Finding tickets by their words: the ticket with the typed number, or tickets where every word of the search
appears in the title, the description or a message the viewer may read (each word may be in a different place).

PostgreSQL answers from GIN indexes over the words (migration 0007): words are the runs of letters and digits
(so "QX-7781" is "qx" and "7781"), and a word typed matches the words it begins, so "pass" finds "password" and
"1234" finds "12345678", with no regard to case. SQLite, the embedded database of
small deployments, compares substrings with LIKE.
"""

from __future__ import annotations

import re

from tortoise.expressions import Q, RawSQL, Subquery

from loket.core.models import Message
from loket.core.tickets.access import Viewer

MAX_SEARCH_WORDS = 8
# The expressions of the indexes made by migration 0007: the planner uses an index only for the same expression.
TICKET_WORDS = "to_tsvector('simple', regexp_replace(title || ' ' || description, '[^[:alnum:]]+', ' ', 'g'))"
MESSAGE_WORDS = "to_tsvector('simple', regexp_replace(body, '[^[:alnum:]]+', ' ', 'g'))"
_WORD = re.compile(r"[^\W_]+")  # letters and digits, as PostgreSQL's parser splits words


def search_clause(viewer: Viewer, term: str, *, postgres: bool) -> Q:
    readable_everywhere = viewer.is_superuser
    staff_desks = sorted(viewer.admin_desk_ids | set(viewer.max_tier))
    if postgres:
        words = [_indexed_word(word, readable_everywhere, staff_desks) for word in _words(term, _WORD.findall)]
    else:
        words = [_like_word(word, readable_everywhere, staff_desks) for word in _words(term, str.split)]
    return Q(number__iexact=term) | Q(*words) if words else Q(number__iexact=term)


def _words(term: str, split) -> list[str]:
    return list(dict.fromkeys(word.lower() for word in split(term)))[:MAX_SEARCH_WORDS]


def _indexed_word(word: str, readable_everywhere: bool, staff_desks: list[int]) -> Q:
    # ``word`` holds only letters and digits, so it is safe inside the quoted literal.
    query = f"to_tsquery('simple', '{word}:*')"
    in_ticket = Q(id__in=_select(f"SELECT id FROM loket_ticket WHERE {TICKET_WORDS} @@ {query}"))
    every_message = f"SELECT ticket_id FROM loket_message WHERE {MESSAGE_WORDS} @@ {query}"
    if readable_everywhere:
        return in_ticket | Q(id__in=_select(every_message))
    clause = in_ticket | Q(id__in=_select(f"{every_message} AND visibility = 'public'"))
    if staff_desks:  # internal notes too, on the tickets of desks where the viewer is staff
        clause |= Q(desk_id__in=staff_desks) & Q(id__in=_select(every_message))
    return clause


def _select(sql: str) -> RawSQL:
    return RawSQL(f"({sql})")


def _like_word(word: str, readable_everywhere: bool, staff_desks: list[int]) -> Q:
    readable = Q()
    if not readable_everywhere:
        readable = Q(visibility="public")
        if staff_desks:
            readable |= Q(ticket__desk_id__in=staff_desks)
    return (Q(title__icontains=word) | Q(description__icontains=word)
            | Q(id__in=Subquery(Message.filter(readable, body__icontains=word).values("ticket_id"))))
