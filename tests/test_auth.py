"""Signing in and out over GraphQL, and what happens to bad credentials and tokens."""

from __future__ import annotations

import uuid
from datetime import timedelta

import jwt
import pytest

from loket.core.auth.accounts import create_user
from loket.core.timekeeping.clock import utcnow
from loket.core.models import AuthSession, User

ME = "{ me { email displayName isSuperuser roles { role deskSlug team { slug tier } } } }"


@pytest.fixture
async def alice(app):
    return await create_user(email="Alice@Example.go.id", display_name="Alice", password="correct horse")


async def test_login_returns_a_token_that_answers_me(client, alice):
    token = await client.login("alice@example.go.id", "correct horse")
    me = (await client.execute(ME, token=token)).ok()["me"]
    assert me["email"] == "alice@example.go.id"
    assert me["displayName"] == "Alice"
    assert [grant["role"] for grant in me["roles"]] == ["REPORTER"]


async def test_email_is_matched_without_regard_to_case(client, alice):
    assert await client.login("  ALICE@example.GO.id ", "correct horse")


async def test_me_is_null_without_a_token(client):
    assert (await client.execute(ME)).ok() == {"me": None}


async def test_password_is_stored_as_argon2id_with_owasp_parameters(alice):
    stored = await User.get(id=alice.id)
    assert stored.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert "correct horse" not in stored.password_hash


@pytest.mark.parametrize("email,password", [("alice@example.go.id", "wrong"), ("nobody@example.go.id", "correct horse")])
async def test_wrong_credentials_are_refused_alike_in_the_callers_language(client, alice, email, password):
    login = "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }"
    indonesian = await client.execute(login, {"e": email, "p": password})
    assert indonesian.error_codes == ["INVALID_CREDENTIALS"]
    assert indonesian.errors[0]["message"] == "Email atau kata sandi salah"
    assert indonesian.errors[0]["extensions"]["field"] == "input.password"
    english = await client.execute(login, {"e": email, "p": password}, language="en-US,en;q=0.8")
    assert english.errors[0]["message"] == "Email or password is incorrect"
    assert await AuthSession.all().count() == 0, "a refused login must not open a session"


async def test_disabled_account_cannot_sign_in(client, alice):
    await User.filter(id=alice.id).update(is_active=False)
    response = await client.execute(
        'mutation { login(input: {email: "alice@example.go.id", password: "correct horse"}) { token } }')
    assert response.error_codes == ["ACCOUNT_DISABLED"]


async def test_logout_revokes_the_token_at_once(client, alice):
    token = await client.login("alice@example.go.id", "correct horse")
    other = await client.login("alice@example.go.id", "correct horse")
    signed_out = await client.execute("mutation { logout { revoked sessionsEnded } }", token=token)
    assert signed_out.ok() == {"logout": {"revoked": True, "sessionsEnded": 1}}
    refused = await client.execute(ME, token=token)
    assert refused.status == 401
    assert refused.error_codes == ["TOKEN_REVOKED"]
    assert (await client.execute(ME, token=other)).ok()["me"]["email"] == "alice@example.go.id", "other sessions live on"


async def test_logout_everywhere_ends_every_session_of_the_account_only(client, alice):
    others = await create_user(email="bob@example.go.id", display_name="Bob", password="battery staple")
    tokens = [await client.login("alice@example.go.id", "correct horse") for _ in range(3)]
    bob = await client.login("bob@example.go.id", "battery staple")
    everywhere = "mutation($input: LogoutInput!) { logout(input: $input) { revoked sessionsEnded } }"
    signed_out = await client.execute(everywhere, {"input": {"everywhere": True}}, token=tokens[1])
    assert signed_out.ok() == {"logout": {"revoked": True, "sessionsEnded": 3}}
    for token in tokens:
        assert (await client.execute(ME, token=token)).error_codes == ["TOKEN_REVOKED"]
    assert (await client.execute(ME, token=bob)).ok()["me"]["email"] == others.email


async def test_logout_needs_a_token(client):
    assert (await client.execute("mutation { logout { revoked } }")).error_codes == ["UNAUTHENTICATED"]


async def test_forged_token_is_refused(client, alice, settings):
    token = await client.login("alice@example.go.id", "correct horse")
    claims = jwt.decode(token, settings.secret_key, algorithms=["HS256"], audience="loket")
    forged = jwt.encode({**claims, "sub": "999"}, "not-the-secret-key-of-this-deployment", algorithm="HS256")
    response = await client.execute(ME, token=forged)
    assert (response.status, response.error_codes) == (401, ["INVALID_TOKEN"])
    assert response.data is None


async def test_token_for_another_user_is_refused_even_when_signed(client, alice, settings):
    token = await client.login("alice@example.go.id", "correct horse")
    claims = jwt.decode(token, settings.secret_key, algorithms=["HS256"], audience="loket")
    bob = await create_user(email="bob@example.go.id", display_name="Bob", password="another pass")
    tampered = jwt.encode({**claims, "sub": str(bob.id)}, settings.secret_key, algorithm="HS256")
    assert (await client.execute(ME, token=tampered)).error_codes == ["INVALID_TOKEN"]


async def test_expired_token_is_refused(client, alice, settings):
    session = await AuthSession.create(id=uuid.uuid4(), user=alice, method="password",
                                       expires_at=utcnow() - timedelta(minutes=1))
    expired = jwt.encode({"sub": str(alice.id), "sid": str(session.id), "aud": "loket",
                          "exp": int((utcnow() - timedelta(minutes=1)).timestamp())}, settings.secret_key,
                         algorithm="HS256")
    response = await client.execute(ME, token=expired, language="en")
    assert (response.status, response.error_codes) == (401, ["TOKEN_EXPIRED"])
    assert "expired" in response.errors[0]["message"]


async def test_garbage_authorization_header_is_refused(client):
    response = await client.execute(ME, token="not-a-jwt")
    assert (response.status, response.error_codes) == (401, ["INVALID_TOKEN"])


async def test_an_email_longer_than_any_account_can_have_is_refused_before_any_lookup(client, alice):
    login = "mutation($e: String!) { login(input: {email: $e, password: \"correct horse\"}) { token } }"
    response = await client.execute(login, {"e": "a" * 300 + "@example.go.id"})
    assert response.error_codes == ["TEXT_TOO_LONG"]
    assert response.errors[0]["extensions"]["field"] == "input.email"
