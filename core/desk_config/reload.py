"""Every process reads a desk again when its admins change it.

The process that made the change swaps the desk in before its mutation answers; the others hear of it through
the broker (``DeskChanged``) and read it from the database. A process whose broker lost Redis for a while reads
every desk again when it is back, since a notice may have been lost in between.
"""

from __future__ import annotations

import contextvars
import logging
from typing import TYPE_CHECKING

from loket.core.desk_config.overlay import build_desk, load_overlays
from loket.core.live.broker import DeskChanged

if TYPE_CHECKING:
    from loket.core.runtime import Runtime

logger = logging.getLogger("loket.desk_config")


async def reload_desks(rt: Runtime, slug: str | None = None) -> None:
    """Read ``slug``'s settings (every desk's, with None) again and swap the desks in."""
    desks = [rt.desks.get(slug)] if slug is not None else list(rt.desks)
    overlays = await load_overlays([desk.id for desk in desks])
    for desk in desks:
        rt.desks.replace(await build_desk(desk.base, desk.id, desk.team_ids, overlays[desk.id]))


async def desk_changed(rt: Runtime, slug: str) -> None:
    """After the commit of a change to ``slug``: read it again here, and tell the other processes."""
    await reload_desks(rt, slug)
    await rt.broker.announce_desk_changed(DeskChanged(desk=slug))


def follow_other_processes(rt: Runtime) -> None:
    """Read a desk again whenever another process says it changed (called once, when the application starts)."""

    def heard(changed: DeskChanged) -> None:
        if changed.desk is not None and rt.desks.find(changed.desk) is None:
            return  # a desk this process does not run
        rt.tasks.spawn(_reload_logged(rt, changed.desk), name="loket-desk-reload", context=contextvars.Context())

    rt.broker.on_desk_changed(heard)


async def _reload_logged(rt: Runtime, slug: str | None) -> None:
    try:
        await reload_desks(rt, slug)
    except Exception:
        logger.exception("could not read the configuration of desk %s again", slug or "(all)")
