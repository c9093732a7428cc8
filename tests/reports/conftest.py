"""A small desk history at known moments (Jakarta time, UTC+7), built through GraphQL with a clock the
tests move: the report tests work out its figures by hand.

Timeline (WIB; l1/l1b tier 1, l2 tier 2, l3 tier 3; service levels: first response 4 h, resolution 24 h):

- T0   Nov 30 09:00 created (account -> l1b); nothing else: open throughout.
- T00  Nov 30 09:00 created (account -> l1b); Nov 30 12:00 force-closed by its reporter; Dec 2 09:00 rated
       4 stars, tags [fast], clarity "Satisfying".
- T1   Dec 1 08:00 created (wifi -> l1, reporter category vendor); 09:00 taken by agent; 10:00 agent replies
       (first response); 14:00 resolved; 15:00 confirmed (closed); 16:00 rated 5 stars, [fast, friendly],
       "Very satisfying".
- T2   Dec 2 06:00 created by the agent on the reporter's behalf by phone (vpn -> l1); 08:00 taken;
       12:00 feedback requested (first response); Dec 3 12:00 reporter answers; 14:00 resolved;
       16:00 reporter says not yet (reopened); Dec 4 10:00 resolved again; 11:00 confirmed (closed);
       12:00 rated 2 stars, [slow], "Less satisfying".
- T3   Dec 3 09:00 created (account -> l1b); 10:00 taken by agent2; 11:00 escalated to l2; 12:00 taken by the
       expert; Dec 4 09:00 escalated to l3; 10:00 taken by the specialist; 11:00 replies (first response).
- T4   Dec 5 10:00 created urgent (wifi -> l1); Dec 6 10:00 force-closed by its reporter.
- T5   Dec 7 20:00 created (account -> l1b).
- Guides: Nov 30 restart-router solved; Dec 1 restart-router solved twice (by the reporter and a colleague; one
  person counts once a day); Dec 2 restart-router not solved; Dec 5 reset-password solved.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from loket.core.models import DeskAdmin, Desk
from tests.people import sign_up
from tests.sla.conftest import WIB, FakeClock
from tests.ticket_ops import CONFIRM, ESCALATE, FORCE_CLOSE, RATE, REPLY, REQUEST_FEEDBACK, RESOLVE, TAKE

CREATE = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number } } }"""
GUIDE = """mutation($topic: String!, $guide: String!, $solved: Boolean!) {
  recordGuideOutcome(input: {desk: "reportdesk", topic: $topic, guide: $guide, solved: $solved}) {
    outcome { solved } } }"""


@pytest.fixture
def plugins():
    from tests.plugins import loket_report_desk

    return [loket_report_desk]


@pytest.fixture
def clock(app) -> FakeClock:
    fake = FakeClock(datetime(2026, 11, 30, 9, 0, tzinfo=WIB))
    app.state.runtime.clock = fake.now
    return fake


@pytest.fixture
async def staff(client, settings, app):
    roles = (("reporter", ()), ("agent", (("reportdesk", "l1"),)), ("agent2", (("reportdesk", "l1b"),)),
             ("expert", (("reportdesk", "l2"),)), ("specialist", (("reportdesk", "l3"),)), ("admin", ()),
             ("outsider", (("kemsos", "layanan"),)))
    people = {role: await sign_up(client, settings, f"{role}@report.example", role.title(), teams=teams)
              for role, teams in roles}
    await DeskAdmin.create(user=people["admin"].user, desk=await Desk.get(slug="reportdesk"))
    return people


@pytest.fixture
async def history(staff, clock, client, settings) -> dict[str, str]:
    """Build the timeline above; returns the ticket numbers by name."""
    reporter, agent, agent2 = staff["reporter"], staff["agent"], staff["agent2"]
    colleague = await sign_up(client, settings, "colleague@report.example", "Colleague")
    numbers: dict[str, str] = {}

    def at(day: int, hour: int, month: int = 12) -> None:
        clock.set(datetime(2026, month, day, hour, 0, tzinfo=WIB))

    async def create(name: str, person=reporter, **values) -> str:
        values = {"desk": "reportdesk", "title": f"Ticket {name}", "description": "Something does not work here.",
                  **values}
        numbers[name] = (await person.ok(CREATE, input=values))["createTicket"]["ticket"]["number"]
        return numbers[name]

    async def guide(topic: str, key: str, solved: bool, person=reporter) -> None:
        await person.ok(GUIDE, topic=topic, guide=key, solved=solved)

    at(30, 8, month=11)
    await guide("wifi", "restart-router", True)
    at(30, 9, month=11)
    await create("T0", topic="account")
    t00 = await create("T00", topic="account")
    at(30, 12, month=11)
    await reporter.ok(FORCE_CLOSE, n=t00)

    at(1, 7)
    await guide("wifi", "restart-router", True)
    await guide("wifi", "restart-router", True, person=colleague)
    at(1, 8)
    t1 = await create("T1", topic="wifi", reporterCategory="vendor")
    at(1, 9)
    await agent.ok(TAKE, n=t1)
    at(1, 10)
    await agent.ok(REPLY, n=t1, m="Checking the access point now.")
    at(1, 14)
    await agent.ok(RESOLVE, n=t1, m="The access point was restarted.")
    at(1, 15)
    await reporter.ok(CONFIRM, n=t1, solved=True)
    at(1, 16)
    await reporter.ok(RATE, n=t1, answers={"stars": 5, "tags": ["fast", "friendly"], "clarity": "Very satisfying"})

    at(2, 6)
    t2 = await create("T2", person=agent, topic="vpn", channel="PHONE",
                      onBehalfOf={"email": "reporter@report.example"})
    at(2, 7)
    await guide("wifi", "restart-router", False)
    at(2, 8)
    await agent.ok(TAKE, n=t2)
    at(2, 9)
    await reporter.ok(RATE, n=t00, answers={"stars": 4, "tags": ["fast"], "clarity": "Satisfying"})
    at(2, 12)
    await agent.ok(REQUEST_FEEDBACK, n=t2, m="Which VPN client do you use?")
    at(3, 9)
    t3 = await create("T3", topic="account")
    at(3, 10)
    await agent2.ok(TAKE, n=t3)
    at(3, 11)
    await agent2.ok(ESCALATE, n=t3, m="Needs the second line.")
    at(3, 12)
    await reporter.ok(REPLY, n=t2, m="The built-in client of the laptop.")
    await staff["expert"].ok(TAKE, n=t3)
    at(3, 14)
    await agent.ok(RESOLVE, n=t2, m="Reinstall the VPN profile.")
    at(3, 16)
    await reporter.ok(CONFIRM, n=t2, solved=False, reason="Still cannot connect.")
    at(4, 9)
    await staff["expert"].ok(ESCALATE, n=t3, m="Needs an engineer.")
    at(4, 10)
    await agent.ok(RESOLVE, n=t2, m="The VPN gateway certificate was renewed.")
    await staff["specialist"].ok(TAKE, n=t3)
    at(4, 11)
    await reporter.ok(CONFIRM, n=t2, solved=True)
    await staff["specialist"].ok(REPLY, n=t3, m="Looking into the directory now.")
    at(4, 12)
    await reporter.ok(RATE, n=t2, answers={"stars": 2, "tags": ["slow"], "clarity": "Less satisfying"})

    at(5, 9)
    await guide("account", "reset-password", True)
    at(5, 10)
    t4 = await create("T4", topic="wifi", fields={"urgent": True})
    at(6, 10)
    await reporter.ok(FORCE_CLOSE, n=t4)
    at(7, 20)
    await create("T5", topic="account")
    at(8, 12)
    return numbers
