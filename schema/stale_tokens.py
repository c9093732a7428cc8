"""Operations that work whatever ``Authorization`` header arrives.

A browser app keeps its token in storage and sends it with every request; once that token has expired or been
revoked, the header is stale. Signing in again (and the mutations around it: registering, confirming an email,
resetting a password, guest links, refreshing a session with its own token) must still work, or the user is
locked out until the app thinks of dropping the header. Every other operation sent with a refused token is
answered 401 with the reason (``TOKEN_EXPIRED``, ``TOKEN_REVOKED``, ``INVALID_TOKEN``, ``ACCOUNT_DISABLED``,
``TOKEN_REUSED``), never run anonymously: a client must learn that its sign-in ended.

``PUBLIC_MUTATIONS`` is the one list of them, by root field name. An operation is let through only when it is a
mutation whose root fields are all in it (``__typename`` aside); it then runs unauthenticated, as without the
header. Fragments at the root are not followed: such an operation needs a valid token.
"""

from __future__ import annotations

from graphql import FieldNode, GraphQLError, OperationType, parse
from graphql.utilities import get_operation_ast

PUBLIC_MUTATIONS = frozenset({
    "login", "loginExternal", "register", "confirmEmail", "resendConfirmation", "requestPasswordReset",
    "resetPassword", "acceptInvitation", "followGuestLink", "requestGuestLink", "refreshSession",
})

MAX_TOKENS = 5000  # as the schema's own limit (loket.schema.build): this parse must cost no more than that one


def runs_without_token(query: str, operation_name: str | None) -> bool:
    """Whether the operation selected by ``operation_name`` only asks for ``PUBLIC_MUTATIONS``."""
    try:
        document = parse(query, max_tokens=MAX_TOKENS, no_location=True)
    except GraphQLError:
        return False
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation is not OperationType.MUTATION:
        return False
    names = []
    for selection in operation.selection_set.selections:
        if not isinstance(selection, FieldNode):
            return False
        names.append(selection.name.value)
    return any(name in PUBLIC_MUTATIONS for name in names) and all(
        name in PUBLIC_MUTATIONS or name == "__typename" for name in names)
