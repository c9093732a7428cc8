"""Signing in through the Bappenas SSO: ID tokens signed with keys the test generates, verified against a
JWKS served by a small identity server on loopback."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from loket.core.auth.accounts import set_password
from loket.core.models import Desk, DeskAdmin, ExternalAccount, User

ISSUER = "https://sso.bappenas.example/realms/bappenas"
CLIENT_ID = "helpus"
LOGIN = """mutation($c: String!) { loginExternal(input: {provider: "bappenas-sso", credential: $c}) {
  token user { email displayName externalAccounts { provider attributes } } } }"""
PASSWORD_LOGIN = """mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }"""


@pytest.fixture(scope="module")
def keys():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048), \
        rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def identity_server(keys, monkeypatch):
    """The SSO's JWKS endpoint on 127.0.0.1, publishing the first key only."""
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(keys[0].public_key()))
    body = json.dumps({"keys": [{**public, "kid": "sso-1", "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200 if self.path == "/certs" else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body if self.path == "/certs" else b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/certs"
    monkeypatch.setenv("LOKET_HELPUS_SSO_ISSUER", ISSUER)
    monkeypatch.setenv("LOKET_HELPUS_SSO_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("LOKET_HELPUS_SSO_JWKS_URL", url)
    yield url
    server.shutdown()
    server.server_close()


def id_token(key, **overrides) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": CLIENT_ID, "sub": "199001012020011001", "iat": now, "exp": now + 300,
              "email": "Budi.Santoso@bappenas.go.id", "email_verified": True, "name": "Budi Santoso",
              "unit_kerja": "Direktorat Sistem dan Prosedur Pendanaan Pembangunan", **overrides}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "sso-1"})


async def test_first_sign_in_creates_the_employee_with_unit_and_second_reuses_it(client, identity_server, keys):
    first = (await client.execute(LOGIN, {"c": id_token(keys[0])})).ok()["loginExternal"]
    assert first["token"]
    assert first["user"] == {"email": "budi.santoso@bappenas.go.id", "displayName": "Budi Santoso",
                             "externalAccounts": [{"provider": "bappenas-sso", "attributes": {
                                 "unit": "Direktorat Sistem dan Prosedur Pendanaan Pembangunan"}}]}
    moved = id_token(keys[0], name="Budi Santoso, S.Kom", unit_kerja="Pusdatinrenbang")
    second = (await client.execute(LOGIN, {"c": moved})).ok()["loginExternal"]
    assert second["user"]["displayName"] == "Budi Santoso, S.Kom"
    assert second["user"]["externalAccounts"][0]["attributes"] == {"unit": "Pusdatinrenbang"}
    assert await User.filter(email="budi.santoso@bappenas.go.id").count() == 1
    assert await ExternalAccount.all().count() == 1


@pytest.mark.parametrize(("build", "code", "message"), [
    (lambda keys: id_token(keys[1]), "SSO_TOKEN_FORGED", "Tanda tangan token SSO tidak sah"),
    (lambda keys: id_token(keys[0], exp=int(time.time()) - 3600), "SSO_TOKEN_EXPIRED",
     "Token SSO sudah kedaluwarsa; silakan masuk kembali"),
    (lambda keys: id_token(keys[0], aud="aplikasi-lain"), "SSO_WRONG_AUDIENCE", "Token SSO bukan untuk aplikasi HelpUs"),
    (lambda keys: id_token(keys[0], iss="https://sso.palsu.example"), "SSO_WRONG_ISSUER",
     "Token SSO tidak diterbitkan oleh SSO Bappenas"),
    (lambda keys: "bukan-token", "SSO_TOKEN_FORGED", "Tanda tangan token SSO tidak sah"),
])
async def test_bad_tokens_are_refused_with_their_codes(client, identity_server, keys, build, code, message):
    client.language = "id"
    refused = await client.execute(LOGIN, {"c": build(keys)})
    assert refused.error_codes == [code]
    assert refused.errors[0]["message"] == message
    assert await User.filter(email="budi.santoso@bappenas.go.id").count() == 0


async def test_english_messages(client, identity_server, keys):
    client.language = "en"
    refused = await client.execute(LOGIN, {"c": id_token(keys[0], aud="other-app")})
    assert refused.errors[0]["message"] == "The SSO token is not meant for HelpUs"


async def test_password_login_stays_for_local_admins_only(client, identity_server, keys):
    await client.execute(LOGIN, {"c": id_token(keys[0])})
    employee = await User.get(email="budi.santoso@bappenas.go.id")
    await set_password(employee, "kata-sandi-lokal-123")
    refused = await client.execute(PASSWORD_LOGIN, {"e": employee.email, "p": "kata-sandi-lokal-123"})
    assert refused.error_codes == ["PASSWORD_LOGIN_DISABLED"]
    await DeskAdmin.create(user=employee, desk=await Desk.get(slug="helpus"))
    assert (await client.execute(PASSWORD_LOGIN, {"e": employee.email, "p": "kata-sandi-lokal-123"})).ok()
    local = await User.create(email="admin.lokal@bappenas.example", display_name="Admin Lokal")
    await set_password(local, "kata-sandi-lokal-123")
    assert (await client.execute(PASSWORD_LOGIN, {"e": local.email, "p": "kata-sandi-lokal-123"})).ok()


async def test_a_key_file_instead_of_a_jwks_url(client, keys, monkeypatch, tmp_path):
    from cryptography.hazmat.primitives import serialization

    pem = keys[0].public_key().public_bytes(serialization.Encoding.PEM,
                                             serialization.PublicFormat.SubjectPublicKeyInfo)
    (tmp_path / "sso.pem").write_bytes(pem)
    monkeypatch.setenv("LOKET_HELPUS_SSO_ISSUER", ISSUER)
    monkeypatch.setenv("LOKET_HELPUS_SSO_CLIENT_ID", CLIENT_ID)
    monkeypatch.delenv("LOKET_HELPUS_SSO_JWKS_URL", raising=False)
    monkeypatch.setenv("LOKET_HELPUS_SSO_KEY_FILE", str(tmp_path / "sso.pem"))
    signed = (await client.execute(LOGIN, {"c": id_token(keys[0])})).ok()["loginExternal"]
    assert signed["user"]["email"] == "budi.santoso@bappenas.go.id"
    forged = await client.execute(LOGIN, {"c": id_token(keys[1])})
    assert forged.error_codes == ["SSO_TOKEN_FORGED"]
