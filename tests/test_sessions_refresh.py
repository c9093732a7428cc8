"""Sessions that behave in a browser: signing in works whatever stale Authorization header the app still sends,
every other operation with a refused token is a 401 naming the reason, and refreshSession extends a sign-in by
rotating its token (the replaced one works for a grace, then revokes the session when presented)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta

import jwt
import pytest

from loket.core.auth.accounts import create_user
from loket.core.models import AuthSession
from loket.core.timekeeping.clock import utcnow
from loket.schema.stale_tokens import PUBLIC_MUTATIONS

ME = "{ me { email } }"
REFRESH = "mutation($t: String!) { refreshSession(input: {token: $t}) { token expiresAt user { email } } }"
PASSWORD = "correct horse battery"
EMAIL = "alice@example.go.id"


@pytest.fixture
async def alice(app):
    return await create_user(email=EMAIL, display_name="Alice", password=PASSWORD)


def session_of(token: str) -> str:
    return jwt.decode(token, options={"verify_signature": False})["sid"]


def expiry(answer: dict) -> datetime:
    return datetime.fromisoformat(answer["expiresAt"])


async def refresh(client, token: str, **headers: str) -> dict:
    client.headers.update(headers)
    try:
        return await client.execute(REFRESH, {"t": token})
    finally:
        for name in headers:
            client.headers.pop(name, None)


# Stale headers.

VALUES = {"email": EMAIL, "password": PASSWORD, "newPassword": "another long passphrase", "displayName": "Alice",
          "token": "not-a-link-token", "provider": "nosuchprovider", "credential": "nothing"}


def mutation_for(app, field: str) -> str:
    """A call of the mutation ``field`` with made-up values, shaped as the schema declares its arguments (one
    ``input`` object or separate arguments), selecting only ``__typename``."""
    graphql_schema = app.state.schema._schema
    definition = graphql_schema.mutation_type.fields[field]

    def literal(name: str, kind) -> str:
        kind = getattr(kind, "of_type", kind)
        if hasattr(kind, "fields"):  # an input object
            return "{" + ", ".join(f"{n}: {literal(n, f.type)}" for n, f in kind.fields.items()
                                   if n in VALUES or str(f.type).endswith("!")) + "}"
        return '"%s"' % VALUES[name]

    arguments = ", ".join(f"{name}: {literal(name, argument.type)}" for name, argument in definition.args.items()
                          if name in VALUES or name == "input" or str(argument.type).endswith("!"))
    return f"mutation {{ {field}({arguments}) {{ __typename }} }}"


@pytest.mark.parametrize("header", ["Bearer garbage", "Basic dXNlcjpwYXNz", "expired", "revoked"])
async def test_signing_in_and_its_neighbours_work_whatever_header_arrives(app, client, alice, header):
    if header in ("expired", "revoked"):
        token = await client.login(EMAIL, PASSWORD)
        if header == "revoked":
            assert (await client.execute("mutation { logout { revoked } }", token=token)).ok()
        else:
            await AuthSession.filter(id=session_of(token)).update(expires_at=utcnow() - timedelta(minutes=1))
        header = f"Bearer {token}"
    client.headers["Authorization"] = header
    for field in sorted(PUBLIC_MUTATIONS - {"refreshSession"}):
        response = await client.execute(mutation_for(app, field))
        assert response.status == 200, (field, response.body)
        refused = {"INVALID_TOKEN", "TOKEN_EXPIRED", "TOKEN_REVOKED", "INTERNAL_ERROR"} & set(response.error_codes)
        assert not refused, (field, response.body)
        if field == "login":
            assert response.ok()["login"]["__typename"] == "LoginPayload"


async def test_a_login_with_a_stale_header_signs_in_as_the_person_it_names(client, alice):
    client.headers["Authorization"] = "Bearer stale"
    token = await client.login(EMAIL, PASSWORD)
    client.headers.clear()
    assert (await client.execute(ME, token=token)).ok()["me"]["email"] == EMAIL


@pytest.mark.parametrize("document,operation", [
    (ME, None),
    ("mutation { __typename }", None),
    ('mutation { requestPasswordReset(input: {email: "a@b.go.id"}) { accepted } logout { revoked } }', None),
    ("mutation M { ...F } fragment F on Mutation { logout { revoked } }", None),
    ("query Q { me { email } } mutation L { logout { revoked } }", "Q"),
    ("{ desks { slug } }", None),
    ("not graphql at all", None),
])
async def test_every_other_operation_with_a_refused_token_is_a_401_naming_the_reason(client, document, operation):
    response = await client.http.post("/graphql", json={"query": document, "operationName": operation},
                                      headers={"Authorization": "Bearer garbage"})
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"
    assert "invalid_token" in response.headers["www-authenticate"]


async def test_the_operation_named_decides_not_the_first_one(app, client, alice):
    document = "query Q { me { email } } " + mutation_for(app, "requestPasswordReset").replace("mutation", "mutation R")
    response = await client.http.post("/graphql", json={"query": document, "operationName": "R"},
                                      headers={"Authorization": "Bearer garbage"})
    assert response.status_code == 200 and not response.json().get("errors"), response.json()


async def test_a_revoked_token_over_get_is_a_401_too(client, alice):
    token = await client.login(EMAIL, PASSWORD)
    await client.execute("mutation { logout { revoked } }", token=token)
    response = await client.http.get("/graphql", params={"query": ME}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401 and response.json()["errors"][0]["extensions"]["code"] == "TOKEN_REVOKED"


# refreshSession.

async def test_refreshing_gives_a_new_token_for_the_same_session_with_a_later_expiry(client, alice):
    old = await client.login(EMAIL, PASSWORD)
    before = (await AuthSession.get(id=session_of(old))).expires_at
    await asyncio.sleep(1.1)  # a token's times are in whole seconds
    answer = (await refresh(client, old)).ok()["refreshSession"]
    new = answer["token"]
    assert new != old and session_of(new) == session_of(old)
    assert expiry(answer) > before and answer["user"]["email"] == EMAIL
    assert (await client.execute(ME, token=new)).ok()["me"]["email"] == EMAIL
    assert (await client.execute(ME, token=old)).ok()["me"]["email"] == EMAIL, "the old one works for the grace"
    assert await AuthSession.all().count() == 1


async def test_a_replaced_token_presented_after_the_grace_revokes_the_session(client, alice):
    old = await client.login(EMAIL, PASSWORD)
    other = await client.login(EMAIL, PASSWORD)  # another sign-in of the same person
    new = (await refresh(client, old)).ok()["refreshSession"]["token"]
    await AuthSession.filter(id=session_of(old)).update(rotated_at=utcnow() - timedelta(seconds=31))
    reused = await client.execute(ME, token=old, language="en")
    assert (reused.status, reused.error_codes) == (401, ["TOKEN_REUSED"])
    assert "sign in again" in reused.errors[0]["message"]
    after = await client.execute(ME, token=new)
    assert (after.status, after.error_codes) == (401, ["TOKEN_REVOKED"])
    assert (await client.execute(ME, token=other)).ok()["me"]["email"] == EMAIL, "other sign-ins live on"


async def test_refreshing_with_a_replaced_token_after_the_grace_is_reuse_too(client, alice):
    old = await client.login(EMAIL, PASSWORD)
    new = (await refresh(client, old)).ok()["refreshSession"]["token"]
    await AuthSession.filter(id=session_of(old)).update(rotated_at=utcnow() - timedelta(minutes=5))
    assert (await refresh(client, old)).error_codes == ["TOKEN_REUSED"]
    assert (await refresh(client, new)).error_codes == ["TOKEN_REVOKED"]


async def test_two_refreshes_with_one_token_get_the_same_new_token(client, alice):
    old = await client.login(EMAIL, PASSWORD)
    first, second = await asyncio.gather(refresh(client, old), refresh(client, old))
    tokens = {first.ok()["refreshSession"]["token"], second.ok()["refreshSession"]["token"]}
    assert len(tokens) == 1 and old not in tokens
    again = (await refresh(client, old)).ok()["refreshSession"]["token"]
    assert {again} == tokens
    (new,) = tokens
    assert (await client.execute(ME, token=new)).ok()["me"]["email"] == EMAIL


async def test_no_refresh_extends_a_session_beyond_its_absolute_end(client, alice):
    token = await client.login(EMAIL, PASSWORD)
    end = utcnow() + timedelta(minutes=10)
    await AuthSession.filter(id=session_of(token)).update(ends_at=end)
    answer = (await refresh(client, token)).ok()["refreshSession"]
    assert abs((expiry(answer) - end).total_seconds()) < 1


async def test_a_session_ends_by_default_seven_days_after_signing_in(client, alice, settings):
    token = await client.login(EMAIL, PASSWORD)
    session = await AuthSession.get(id=session_of(token))
    assert settings.session_lifetime_seconds == 7 * 24 * 3600
    assert abs((session.ends_at - session.created_at).total_seconds() - 7 * 24 * 3600) < 2


async def test_refresh_works_whatever_header_arrives(client, alice):
    token = await client.login(EMAIL, PASSWORD)
    answer = await refresh(client, token, Authorization="Bearer stale")
    assert answer.ok()["refreshSession"]["user"]["email"] == EMAIL


@pytest.mark.parametrize("case,code", [("garbage", "INVALID_TOKEN"), ("revoked", "TOKEN_REVOKED"),
                                       ("expired", "TOKEN_EXPIRED"), ("disabled", "ACCOUNT_DISABLED")])
async def test_a_token_that_no_longer_works_cannot_be_refreshed(client, alice, case, code):
    token = await client.login(EMAIL, PASSWORD)
    if case == "garbage":
        token = "garbage"
    elif case == "revoked":
        await client.execute("mutation { logout { revoked } }", token=token)
    elif case == "expired":
        await AuthSession.filter(id=session_of(token)).update(expires_at=utcnow() - timedelta(seconds=1))
    else:
        await alice.__class__.filter(id=alice.id).update(is_active=False)
    response = await refresh(client, token)
    assert response.error_codes == [code] and response.data is None


async def test_a_token_from_before_refreshing_existed_still_works_and_can_be_refreshed(client, alice, settings):
    """Sessions opened before migration 0019: their token carries no id, and they have no end of their own."""
    session = await AuthSession.create(id=uuid.uuid4(), user=alice, method="password",
                                       expires_at=utcnow() + timedelta(hours=1))
    legacy = jwt.encode({"sub": str(alice.id), "sid": str(session.id), "aud": "loket",
                         "exp": int((utcnow() + timedelta(hours=1)).timestamp())}, settings.secret_key,
                        algorithm="HS256")
    assert (await client.execute(ME, token=legacy)).ok()["me"]["email"] == EMAIL
    new = (await refresh(client, legacy)).ok()["refreshSession"]["token"]
    assert (await client.execute(ME, token=new)).ok()["me"]["email"] == EMAIL
