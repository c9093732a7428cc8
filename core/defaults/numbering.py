"""Core's default ticket numbers: desk prefix + yymmdd + a four-digit daily sequence (e.g. KEM2611220007)."""

from __future__ import annotations

import re

from loket.core.hookspecs import hookimpl


@hookimpl(trylast=True)
def ticket_number(desk, now, sequence):
    prefix = re.sub(r"[^A-Za-z]", "", desk.slug).upper().ljust(3, "X")[:3]
    scope = f"{prefix}{now:%y%m%d}"

    async def number() -> str:
        return f"{scope}{await sequence(scope):04d}"

    return number()
