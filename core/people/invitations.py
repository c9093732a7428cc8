"""Invitations and password resets an admin sends: a link, mailed through the outbox, to choose a password.

An invitation creates the account (without a password) with its first duties, all in one transaction with
its mail and audit entry: an address that has an account already is refused (EMAIL_TAKEN) and nothing is
stored. The invited person opens the link and chooses a password (``acceptInvitation``); a lapsed invitation
is no loss, ``requestPasswordReset`` serves such accounts too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from loket.core.admin.access import require_admin_of
from loket.core.admin.audit import Actor, record
from loket.core.auth.accounts import validate_email
from loket.core.auth.links import INVITATION, RESET_PASSWORD, issue_link, ttl_hours
from loket.core.errors import InvalidInputError, PermissionDeniedError
from loket.core.i18n import SUPPORTED_LANGUAGES
from loket.core.models import DeskAdmin, TeamMembership, User
from loket.core.notify.outbox import enqueue, site_name
from loket.core.people.duties import team_of_desk
from loket.core.people.scope import desk_of, duties, require_may_manage, target
from loket.core.workflow.access import Viewer

if TYPE_CHECKING:
    from loket.core.runtime import Runtime

STAFF_INVITATION = "staff_invitation"
"""The mail of an invitation (its link is an ``invitation`` link, opened with ``acceptInvitation``)."""


def checked_language(language: str | None, *, field: str) -> str | None:
    """A language Loket speaks (``id``, ``en``), or None; LANGUAGE_UNSUPPORTED otherwise."""
    if language is None:
        return None
    code = language.strip().lower()
    if code not in SUPPORTED_LANGUAGES:
        raise InvalidInputError("LANGUAGE_UNSUPPORTED", field=field, language=language,
                                supported=", ".join(SUPPORTED_LANGUAGES))
    return code


async def invite(rt: Runtime, viewer: Viewer, actor: Actor, *, email: str, display_name: str,
                 language: str | None = None, teams: Sequence[tuple[str, str]] = (),
                 admin_of: Sequence[str] = (), field: str = "input") -> User:
    """Create an account for ``email`` with these duties (``teams``: (desk, team) pairs) and mail it an
    invitation. Superusers invite anyone; a desk admin invites people to duties at their desks, and gives at
    least one (an account without duties is the superusers' to create)."""
    if not viewer.is_superuser and not viewer.admin_desk_ids:
        raise PermissionDeniedError()
    email = validate_email(email, field=f"{field}.email")
    display_name = display_name.strip() or email.split("@")[0]
    language = checked_language(language, field=f"{field}.language")
    team_ids: list[int] = []
    desk_ids: set[int] = set()
    for desk_slug, team_slug in teams:
        require_admin_of(viewer, rt.desks.get(desk_slug, field=f"{field}.teams.desk"))
        desk_id, team_id = team_of_desk(rt, desk_slug, team_slug, desk_field=f"{field}.teams.desk",
                                        team_field=f"{field}.teams.team")
        desk_ids.add(desk_id)
        team_ids.append(team_id)
    admin_desk_ids: list[int] = []
    for desk_slug in admin_of:
        desk = rt.desks.get(desk_slug, field=f"{field}.adminOf")
        require_admin_of(viewer, desk)
        desk_ids.add(desk.id)
        admin_desk_ids.append(desk.id)
    if not viewer.is_superuser and not desk_ids:
        raise InvalidInputError("DUTY_REQUIRED", field=f"{field}.teams")
    try:
        async with in_transaction():
            if await User.filter(email=email).exists():
                raise InvalidInputError("EMAIL_TAKEN", field=f"{field}.email")
            user = await User.create(email=email, display_name=display_name, password_hash=None,
                                     email_confirmed=False, language=language)
            for team_id in dict.fromkeys(team_ids):
                await TeamMembership.create(user_id=user.id, team_id=team_id)
            for desk_id in dict.fromkeys(admin_desk_ids):
                await DeskAdmin.create(user_id=user.id, desk_id=desk_id)
            link = await issue_link(rt, user, INVITATION)
            await enqueue(rt, kind=STAFF_INVITATION, recipient=user, desk=None,
                          values={"link": link, "hours": f"{ttl_hours(rt, INVITATION):g}",
                                  "inviter_name": actor.user.display_name if actor.user else site_name(rt)})
            await record(actor, rt.now(), "user.invite", target(user), before=None,
                         after={"email": email, "displayName": display_name, "language": language,
                                **await duties(user.id)}, desk_id=desk_of(desk_ids))
    except IntegrityError:
        raise InvalidInputError("EMAIL_TAKEN", field=f"{field}.email") from None  # invited meanwhile
    return user


async def send_password_reset(rt: Runtime, viewer: Viewer, actor: Actor, user: User) -> None:
    """Mail ``user`` a link to choose a new password (the one of ``requestPasswordReset``); their sessions
    end when they use it. For the accounts the viewer may manage, active ones only."""
    desks = await require_may_manage(viewer, user)
    if not user.is_active:
        raise InvalidInputError("ACCOUNT_INACTIVE", field="user")
    async with in_transaction():
        link = await issue_link(rt, user, RESET_PASSWORD)
        await enqueue(rt, kind=RESET_PASSWORD, recipient=user, desk=None,
                      values={"link": link, "hours": f"{ttl_hours(rt, RESET_PASSWORD):g}"})
        await record(actor, rt.now(), "user.password_reset", target(user), desk_id=desk_of(desks))
