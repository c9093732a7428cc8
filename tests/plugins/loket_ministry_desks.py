"""Two desks of one ministry served by one shared tier-1 pool: each desk escalates from the pool to its own tier-2
team, and the farming desk also has a front office of its own at tier 1."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import DemoData, DemoTicket, DemoUser, DeskSpec, TeamSpec

POOL = dict(slug="pool", name="Ministry service pool", tier=1, description="Tier 1 for every desk of the ministry",
            shared=True, receives_new_tickets=True)

FARMING = DeskSpec(slug="farming", name="Farming desk", language="en", teams=(
    TeamSpec(**POOL, escalates_to="farm-experts"),
    TeamSpec("farm-front", "Farming front office", tier=1),
    TeamSpec("farm-experts", "Farming experts", tier=2),
), message_min_length=5)
FISHERIES = DeskSpec(slug="fisheries", name="Fisheries desk", language="en", teams=(
    TeamSpec(**POOL, escalates_to="fish-experts"),
    TeamSpec("fish-experts", "Fisheries experts", tier=2),
), message_min_length=5)


@hookimpl
def register_desks():
    return [FARMING, FISHERIES]


@hookimpl
def demo_data() -> DemoData:
    return DemoData(
        users=(DemoUser("pool@ministry.demo", "Pat Pool", "demo-pool", teams=(("fisheries", "pool"),)),
               DemoUser("citizen@ministry.demo", "Cit Izen", "demo-citizen")),
        tickets=(DemoTicket("farming", "citizen@ministry.demo", "Cannot sign in",
                            "The sign-in page says my account is locked.", taken_by="pool@ministry.demo"),
                 DemoTicket("fisheries", "citizen@ministry.demo", "Form does not send",
                            "The application form shows an error when I send it.", taken_by="pool@ministry.demo")),
    )
