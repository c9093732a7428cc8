"""GraphQL documents and helpers the people tests share."""

from __future__ import annotations

import re

from loket.core.models import OutboxMessage

ACCOUNT = "id email displayName isActive isSuperuser language lastLoginAt roles { role deskSlug team { slug } }"
PEOPLE = """query($filter: PeopleFilterInput, $first: Int = 50, $after: String) {
  people(filter: $filter, first: $first, after: $after) { edges { node { %s } } hasNextPage endCursor } }""" % ACCOUNT
GRANT_TEAM = """mutation($user: ID!, $desk: String!, $team: String!) {
  grantTeamMembership(input: {user: $user, desk: $desk, team: $team}) { account { %s } } }""" % ACCOUNT
REVOKE_TEAM = """mutation($user: ID!, $desk: String!, $team: String!) {
  revokeTeamMembership(input: {user: $user, desk: $desk, team: $team}) { account { %s } } }""" % ACCOUNT
GRANT_ADMIN = """mutation($user: ID!, $desk: String!) {
  grantDeskAdmin(input: {user: $user, desk: $desk}) { account { %s } } }""" % ACCOUNT
REVOKE_ADMIN = """mutation($user: ID!, $desk: String!) {
  revokeDeskAdmin(input: {user: $user, desk: $desk}) { account { %s } } }""" % ACCOUNT
SUPERUSER = """mutation($user: ID!, $granted: Boolean!) {
  setSuperuser(input: {user: $user, granted: $granted}) { account { %s } } }""" % ACCOUNT
DEACTIVATE = """mutation($user: ID!) { deactivateUser(input: {user: $user}) { account { %s } } }""" % ACCOUNT
REACTIVATE = """mutation($user: ID!) { reactivateUser(input: {user: $user}) { account { %s } } }""" % ACCOUNT
SEND_RESET = """mutation($user: ID!) { sendPasswordReset(input: {user: $user}) { account { id } } }"""
INVITE = """mutation($input: InviteUserInput!) { inviteUser(input: $input) { account { %s } } }""" % ACCOUNT
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
