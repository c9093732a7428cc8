"""The guide and FAQ articles ``loket demo`` writes: through the admins' own service, audited as the demo's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from loket.core.admin.audit import Actor
from loket.core.guides.articles import NewArticle, store_guide
from loket.core.models import GuideArticle
from loket.core.plugin_types import DemoGuide

if TYPE_CHECKING:
    from loket.core.runtime import Runtime

DEMO = Actor.console("loket demo")


async def ensure_demo_guide(rt: Runtime, spec: DemoGuide) -> bool:
    """Write the demo article unless its desk has one of that topic and key; whether it was written."""
    desk = rt.desks.get(spec.desk)
    if await GuideArticle.filter(desk_id=desk.id, topic=spec.topic or "", key=spec.key).exists():
        return False
    await store_guide(rt, DEMO, desk, NewArticle(key=spec.key, topic=spec.topic, title=dict(spec.title),
                                                 body=dict(spec.body), keywords=list(spec.keywords),
                                                 published=spec.published))
    return True
