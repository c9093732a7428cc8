"""Core's default demo content: one superuser who can see every desk."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import DemoData, DemoUser


@hookimpl(trylast=True)
def demo_data() -> DemoData:
    return DemoData(
        users=(
            DemoUser(
                email="admin@loket.local",
                display_name="Loket Superuser",
                password="loket-admin",
                is_superuser=True,
                description="superuser: every desk",
            ),
        )
    )
