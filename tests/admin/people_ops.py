"""GraphQL documents and helpers the people tests share."""

from __future__ import annotations

import re

from loket.core.models import OutboxMessage

ACCOUNT = "id email displayName isActive isSuperuser language lastLoginAt roles { role deskSlug team { slug } }"
PEOPLE = """query($filter: PeopleFilterInput, $first: Int = 50, $after: String) {
  people(filter: $filter, first: $first, after: $after) { edges { node { %s } } hasNextPage endCursor } }""" % ACCOUNT
GRANT_TEAM = """mutation($user: ID!, $desk: String!, $team: String!) {
  grantTeamMembership(user: $user, desk: $desk, team: $team) { %s } }""" % ACCOUNT
REVOKE_TEAM = """mutation($user: ID!, $desk: String!, $team: String!) {
  revokeTeamMembership(user: $user, desk: $desk, team: $team) { %s } }""" % ACCOUNT
GRANT_ADMIN = """mutation($user: ID!, $desk: String!) { grantDeskAdmin(user: $user, desk: $desk) { %s } }""" % ACCOUNT
REVOKE_ADMIN = """mutation($user: ID!, $desk: String!) { revokeDeskAdmin(user: $user, desk: $desk) { %s } }""" % ACCOUNT
SUPERUSER = """mutation($user: ID!, $granted: Boolean!) { setSuperuser(user: $user, granted: $granted) { %s } }""" \
    % ACCOUNT
DEACTIVATE = """mutation($user: ID!) { deactivateUser(user: $user) { %s } }""" % ACCOUNT
REACTIVATE = """mutation($user: ID!) { reactivateUser(user: $user) { %s } }""" % ACCOUNT
SEND_RESET = """mutation($user: ID!) { sendPasswordReset(user: $user) { id } }"""
INVITE = """mutation($input: InviteUserInput!) { inviteUser(input: $input) { %s } }""" % ACCOUNT
ACCEPT = """mutation($t: String!, $p: String!) { acceptInvitation(input: {token: $t, newPassword: $p}) { email } }"""
LOG = """query($filter: AuditFilterInput) { auditLog(filter: $filter) {
  edges { node { actor desk action target before after } } } }"""
ME = "{ me { email displayName language roles { role deskSlug } } }"
INCOMING = "{ tickets(queue: INCOMING) { edges { node { number } } } }"


def emails(data: dict) -> list[str]:
    return [edge["node"]["email"] for edge in data["people"]["edges"]]


def field_of(response) -> str | None:
    return response.errors[0]["extensions"].get("field")


async def mails_to(address: str, kind: str | None = None) -> list[OutboxMessage]:
    query = OutboxMessage.filter(recipient=address, channel="email")
    if kind:
        query = query.filter(kind=kind)
    return await query.order_by("id")


def token_of(mail: OutboxMessage) -> str:
    return re.search(r"[?&]token=([^\s&]+)", mail.body_text).group(1)
