"""Changing one item of a desk's configuration: checked, stored, audited, in one transaction; then read again by
every process.

``change_setting`` lays the new value over the desk as it is, checks the desk that results the way start-up
checks a plugin's definition (a change that would break it is refused, and nothing is written), stores the
item, records the change in the audit log with the item before and after, and runs ``also`` (further writes the
change needs, such as a new topic's row) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from tortoise.transactions import in_transaction

from loket.core.admin.audit import Actor, record
from loket.core.desk_config.overlay import effective_spec, load_overlays, section as section_named
from loket.core.desk_config.reload import desk_changed
from loket.core.desks.registry import DeskInfo
from loket.core.errors import ConfigurationError, InvalidInputError
from loket.core.models import Desk, DeskSetting
from loket.core.plugin_types import DeskSpec

if TYPE_CHECKING:
    from loket.core.runtime import Runtime

REMOVE = object()
"""The value that returns an item to the plugin's definition (its stored setting is deleted)."""

Edit = Callable[[dict[str, Any], dict[str, Any]], Any]
"""A change made to the item as stored: called with the stored item ({} for none) and every stored item of its
section, it answers the value to store. It runs inside the transaction, the desk locked against other changes, so
two admins changing one item at once both count."""


def merged(changes: dict[str, Any]) -> Edit:
    """An edit setting ``changes`` on the stored item, keeping what else an admin changed."""
    return lambda item, _section: {**item, **changes}


async def change_setting(rt: Runtime, actor: Actor, desk: DeskInfo, section: str, key: str, value: Any, *,
                         action: str, field: str, also: Callable[[DeskSpec], Awaitable[None]] | None = None) -> DeskSpec:
    """Store ``value`` (or what an ``Edit`` makes of the stored item) as the desk's ``section``/``key`` item
    (``REMOVE``: drop the admin's version) and answer the desk as it now is. ``field`` names the input a refusal
    points at."""
    from loket.core.desks.sync import check_desk

    kind = section_named(section)
    async with in_transaction():
        await Desk.select_for_update().get(id=desk.id)  # one change of the desk at a time
        overlay = (await load_overlays([desk.id]))[desk.id]
        before_spec = effective_spec(desk.base, overlay)
        items = overlay.settings[section]
        if callable(value):
            stored = items.get(key)
            value = value(dict(stored) if isinstance(stored, dict) else {}, items)
        if value is REMOVE:
            items.pop(key, None)
        else:
            items[key] = value
        after_spec = effective_spec(desk.base, overlay)
        try:
            check_desk(after_spec)
        except ConfigurationError as exc:
            raise InvalidInputError("CONFIGURATION_REFUSED", field=field, detail=str(exc)) from exc
        now = rt.now()
        if value is REMOVE:
            await DeskSetting.filter(desk_id=desk.id, section=section, key=key).delete()
        else:
            updated = await DeskSetting.filter(desk_id=desk.id, section=section, key=key).update(
                value=value, updated_at=now, updated_by_id=actor.user.id if actor.user else None)
            if not updated:
                await DeskSetting.create(desk_id=desk.id, section=section, key=key, value=value, updated_at=now,
                                         updated_by=actor.user)
        if also is not None:
            await also(after_spec)
        await record(actor, now, action, f"{section}:{key}", before=kind.describe(before_spec, key),
                     after=kind.describe(after_spec, key), desk_id=desk.id)
    await desk_changed(rt, desk.slug)
    return rt.desks.get(desk.slug).spec
