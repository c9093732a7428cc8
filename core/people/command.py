"""``loket users list|invite|grant|revoke|deactivate|reactivate|reset-password``: people, from the console.

The operator has a superuser's powers and is audited as ``console (<login>)``; each change goes through the
same services as the GraphQL mutations, in one transaction with its audit entry. Announcements (sessions
ended) reach the servers through the broker when the deployment shares one (``LOKET_REDIS_URL``); without it
the servers still refuse a deactivated account's tokens, as they read the database on every request.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from typing import TYPE_CHECKING

from loket.core.console import with_deployment
from loket.core.settings import load_settings

if TYPE_CHECKING:
    from loket.core.runtime import Runtime

ROLES = ("reporter", "agent", "desk_admin", "superuser")


def add_users_command(sub: argparse._SubParsersAction) -> None:
    users = sub.add_parser("users", help="list, invite and manage people (as a superuser, audited)",
                           description="Act on accounts with a superuser's powers; every change is audited as "
                           "'console (<your login>)'.")
    actions = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list accounts, newest first")
    listing.add_argument("--search", help="part of the name or email")
    listing.add_argument("--desk", help="people with a duty at this desk")
    listing.add_argument("--team", help="members of this team of --desk")
    listing.add_argument("--role", choices=ROLES)
    listing.add_argument("--limit", type=int, default=100, help="at most this many (1-100, default 100)")
    invite = actions.add_parser("invite", help="create an account and mail it a link to choose a password")
    invite.add_argument("email")
    invite.add_argument("--name", default="", help="display name (default: the email's local part)")
    invite.add_argument("--language", choices=("id", "en"))
    _duty_arguments(invite, superuser=False)
    for name, what in (("grant", "give an account duties"), ("revoke", "take duties from an account")):
        duty = actions.add_parser(name, help=what)
        duty.add_argument("email")
        _duty_arguments(duty, superuser=True)
    for name, what in (("deactivate", "disable an account; its sessions end at once"),
                       ("reactivate", "let a disabled account sign in again"),
                       ("reset-password", "mail an account a link to choose a new password")):
        actions.add_parser(name, help=what).add_argument("email")
    users.set_defaults(handler=run_users_command)


def _duty_arguments(parser: argparse.ArgumentParser, *, superuser: bool) -> None:
    parser.add_argument("--team", action="append", default=[], metavar="DESK/TEAM", help="a team (repeatable)")
    parser.add_argument("--admin-of", action="append", default=[], metavar="DESK", help="a desk (repeatable)")
    if superuser:
        parser.add_argument("--superuser", action="store_true", help="the superuser role")


def run_users_command(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        lines = asyncio.run(with_deployment(settings, lambda rt: _run(rt, args)))
    except _NoSuchAccount as exc:
        print(f"loket users: error: no account with the email '{exc.email}'", file=sys.stderr)
        return 2
    for line in lines:
        print(line)
    return 0


class _NoSuchAccount(Exception):
    def __init__(self, email: str) -> None:
        super().__init__(email)
        self.email = email


async def _run(rt: Runtime, args: argparse.Namespace) -> list[str]:
    from loket.core.admin.audit import Actor
    from loket.core.people import duties, invitations, standing
    from loket.core.people.scope import console_viewer

    viewer, actor = console_viewer(), Actor.console(getpass.getuser())
    command = args.users_command
    if command == "list":
        return await _list(rt, args)
    if command == "invite":
        user = await invitations.invite(rt, viewer, actor, email=args.email, display_name=args.name,
                                        language=args.language, teams=_teams(args.team), admin_of=args.admin_of)
        return [f"invited {user} (an invitation is in the outbox)"]
    user = await _account(args.email)
    if command in ("grant", "revoke"):
        granting = command == "grant"
        changed = []
        for desk, team in _teams(args.team):
            act = duties.grant_team if granting else duties.revoke_team
            changed.append((f"team {desk}/{team}", await act(rt, viewer, actor, user, desk, team)))
        for desk in args.admin_of:
            act = duties.grant_desk_admin if granting else duties.revoke_desk_admin
            changed.append((f"admin of {desk}", await act(rt, viewer, actor, user, desk)))
        if args.superuser:
            changed.append(("superuser", await duties.set_superuser(rt, viewer, actor, user, granting)))
        if not changed:
            raise _usage("name a --team, --admin-of or --superuser")
        past = "granted" if granting else "revoked"
        return [f"{past} {what}" if done else f"unchanged: {what}" for what, done in changed]
    if command == "deactivate":
        done = await standing.deactivate(rt, viewer, actor, user)
        return [f"deactivated {user}; its sessions ended" if done else f"{user} was inactive already"]
    if command == "reactivate":
        done = await standing.reactivate(rt, viewer, actor, user)
        return [f"reactivated {user}" if done else f"{user} was active already"]
    await invitations.send_password_reset(rt, viewer, actor, user)
    return [f"a password reset link for {user} is in the outbox"]


def _usage(text: str):
    from loket.core.errors import ConfigurationError

    return ConfigurationError(text)


def _teams(refs: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for ref in refs:
        desk, _, team = ref.partition("/")
        if not desk or not team:
            raise _usage(f"'{ref}' is not DESK/TEAM")
        pairs.append((desk, team))
    return pairs


async def _account(email: str):
    from loket.core.auth.accounts import find_by_email

    user = await find_by_email(email)
    if user is None:
        raise _NoSuchAccount(email)
    return user


async def _list(rt: Runtime, args: argparse.Namespace) -> list[str]:
    from loket.core.auth.roles import Role
    from loket.core.people.directory import PeopleFilter, find_people
    from loket.core.people.scope import console_viewer, duties

    wanted = PeopleFilter(text=args.search, desk=args.desk, team=args.team,
                          role=Role(args.role) if args.role else None)
    query = find_people(rt.desks, console_viewer(), wanted)
    lines = []
    for user in await query.order_by("-id").limit(max(1, min(args.limit, 100))):
        held = await duties(user.id)
        roles = held["teams"] + [f"admin of {slug}" for slug in held["admin_of"]]
        roles += ["superuser"] if user.is_superuser else []
        state = "active" if user.is_active else "INACTIVE"
        lines.append(f"{user.id:>6}  {user.email:36} {user.display_name:24} {state:8} {', '.join(roles) or '-'}")
    return lines or ["no accounts match"]


