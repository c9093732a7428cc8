"""``loket demo``: load the enabled plugins' demo accounts, tickets and guide articles, idempotently."""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from loket.core.auth.accounts import create_user, normalise_email
from loket.core.desks.sync import collect_desk_specs, sync_desks
from loket.core.errors import ConfigurationError
from loket.core.guides.demo import ensure_demo_guide
from loket.core.models import Desk, DeskAdmin, TeamMembership, Ticket, User
from loket.core.plugin_types import DemoData, DemoTicket, DemoUser
from loket.core.plugins import gather_results
from loket.core.runtime import Runtime
from loket.core.desks.teams import find_team
from loket.core.tickets import actions
from loket.core.workflow.access import viewer_for
from loket.core.tickets.create import NewTicket, create_ticket


@dataclass
class DemoReport:
    created: list[DemoUser]
    existing: list[DemoUser]
    tickets_created: list[str] = field(default_factory=list)
    tickets_existing: int = 0
    guides_created: int = 0

    @property
    def users(self) -> list[DemoUser]:
        return self.created + self.existing


async def load_demo(rt: Runtime) -> DemoReport:
    rt.desks = await sync_desks(await collect_desk_specs(rt.pm, rt.settings))
    contributions: list[DemoData] = await gather_results(rt.pm.hook.demo_data(settings=rt.settings))
    report = DemoReport(created=[], existing=[])
    async with in_transaction():
        for contribution in contributions:
            for demo_user in contribution.users:
                created = await _ensure_user(demo_user)
                (report.created if created else report.existing).append(demo_user)
    for contribution in contributions:
        for demo_ticket in contribution.tickets:
            number = await _ensure_ticket(rt, demo_ticket)
            if number:
                report.tickets_created.append(number)
            else:
                report.tickets_existing += 1
    for contribution in contributions:
        for demo_guide in contribution.guides:
            report.guides_created += await ensure_demo_guide(rt, demo_guide)
    return report


async def _ensure_user(spec: DemoUser) -> bool:
    user = await User.get_or_none(email=normalise_email(spec.email))
    created = user is None
    if user is None:
        user = await create_user(
            email=spec.email, display_name=spec.display_name, password=spec.password, is_superuser=spec.is_superuser
        )
    for desk_slug, team_slug in spec.teams:
        team = await find_team(desk_slug, team_slug)
        if team is None:
            raise ConfigurationError(f"demo user {spec.email} names unknown team {desk_slug}/{team_slug}")
        await TeamMembership.get_or_create(user=user, team=team)
    for desk_slug in spec.admin_of:
        desk = await Desk.get_or_none(slug=desk_slug)
        if desk is None:
            raise ConfigurationError(f"demo user {spec.email} names unknown desk {desk_slug}")
        await DeskAdmin.get_or_create(user=user, desk=desk)
    return created


async def _demo_user(email: str) -> User:
    user = await User.get_or_none(email=normalise_email(email))
    if user is None:
        raise ConfigurationError(f"a demo ticket names {email}, who is no demo user")
    return user


async def _ensure_ticket(rt: Runtime, spec: DemoTicket) -> str | None:
    """Open the demo ticket unless one with its desk, reporter and title exists; returns the new number."""
    reporter = await _demo_user(spec.reporter)
    desk = rt.desks.get(spec.desk)
    if await Ticket.filter(desk_id=desk.id, reporter_id=reporter.id, title=spec.title).exists():
        return None
    opener = await _demo_user(spec.opened_by) if spec.opened_by else reporter
    new = NewTicket(desk=spec.desk, title=spec.title, description=spec.description, topic=spec.topic,
                    application=spec.application, application_version=spec.application_version,
                    fields=dict(spec.fields), channel=spec.channel, reporter_category=spec.reporter_category,
                    origin=spec.origin, on_behalf_of_email=reporter.email if spec.opened_by else None)
    ticket = await create_ticket(rt, await viewer_for(opener), new, desk.spec.language)
    if spec.taken_by:
        await actions.take(rt, await viewer_for(await _demo_user(spec.taken_by)), ticket.number)
    for author, text in spec.replies:
        await actions.reply(rt, await viewer_for(await _demo_user(author)), ticket.number, text)
    return ticket.number
