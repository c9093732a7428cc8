"""DataLoaders: one query per kind of related object per request, however many tickets a page holds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strawberry.dataloader import DataLoader
from tortoise.functions import Max

from loket.core.models import (
    Attachment,
    Message,
    Rating,
    SlaClock,
    Team,
    Ticket,
    TicketParticipant,
    Timer,
    Topic,
    User,
)


def _by_id(model: Any) -> Callable[[list[int]], Any]:
    async def load(ids: list[int]) -> list[Any]:
        found = {row.id: row for row in await model.filter(id__in=ids)}
        return [found.get(key) for key in ids]

    return load


class Loaders:
    """Per-request loaders. Keys for visibility-dependent loaders carry the visibility, so a reporter's
    and an agent's views can never share a cached answer."""

    def __init__(self) -> None:
        self.user = DataLoader(load_fn=_by_id(User))
        self.team = DataLoader(load_fn=_by_id(Team))
        self.topic = DataLoader(load_fn=_by_id(Topic))
        self.messages = DataLoader(load_fn=self._messages)
        self.last_message = DataLoader(load_fn=self._last_message)
        self.attachments = DataLoader(load_fn=self._attachments)
        self.rating = DataLoader(load_fn=self._rating)
        self.participants = DataLoader(load_fn=self._participants)
        self.ticket = DataLoader(load_fn=_by_id(Ticket))
        self.pending_timers = DataLoader(load_fn=self._pending_timers)
        self.clocks = DataLoader(load_fn=self._clocks)

    @staticmethod
    async def _messages(keys: list[tuple[int, bool]]) -> list[list[Message]]:
        ids = sorted({ticket_id for ticket_id, _ in keys})
        rows = await Message.filter(ticket_id__in=ids).order_by("id")
        return [[m for m in rows if m.ticket_id == ticket_id and (internal or m.visibility == "public")]
                for ticket_id, internal in keys]

    @staticmethod
    async def _last_message(keys: list[tuple[int, bool]]) -> list[Message | None]:
        answers: dict[tuple[int, bool], Message | None] = {}
        for internal in (False, True):
            ids = [ticket_id for ticket_id, with_internal in keys if with_internal == internal]
            if not ids:
                continue
            query = Message.filter(ticket_id__in=ids)
            if not internal:
                query = query.filter(visibility="public")
            latest = await query.group_by("ticket_id").annotate(last=Max("id")).values_list("last", flat=True)
            found = {m.ticket_id: m for m in await Message.filter(id__in=list(latest))}
            answers.update({(ticket_id, internal): found.get(ticket_id) for ticket_id in ids})
        return [answers.get(key) for key in keys]

    @staticmethod
    async def _attachments(keys: list[tuple[int, bool]]) -> list[list[Attachment]]:
        ids = sorted({ticket_id for ticket_id, _ in keys})
        rows = await Attachment.filter(ticket_id__in=ids).order_by("created_at", "original_name")
        return [[a for a in rows if a.ticket_id == ticket_id and (internal or a.visibility == "public")]
                for ticket_id, internal in keys]

    @staticmethod
    async def _rating(ids: list[int]) -> list[Rating | None]:
        found = {r.ticket_id: r for r in await Rating.filter(ticket_id__in=ids)}
        return [found.get(i) for i in ids]

    @staticmethod
    async def _participants(ids: list[int]) -> list[list[TicketParticipant]]:
        rows = await TicketParticipant.filter(ticket_id__in=ids).order_by("created_at", "id")
        return [[row for row in rows if row.ticket_id == ticket_id] for ticket_id in ids]

    @staticmethod
    async def _pending_timers(ids: list[int]) -> list[list[Timer]]:
        rows = await Timer.filter(ticket_id__in=ids, status="pending").order_by("due_at", "id")
        return [[row for row in rows if row.ticket_id == ticket_id] for ticket_id in ids]

    @staticmethod
    async def _clocks(ids: list[int]) -> list[list[SlaClock]]:
        rows = await SlaClock.filter(ticket_id__in=ids).order_by("id")
        return [[row for row in rows if row.ticket_id == ticket_id] for ticket_id in ids]
