"""Which account an SSO sign-in opens. An identity signs in to an existing account with its email only when the
SSO vouches for the email (``email_verified``) and is trusted for its domain (HelpUs: ``bappenas.go.id``), and
never to a superuser's or a desk admin's; otherwise the person signs in and links the identity explicitly.
Whatever is refused changes nothing, and a linked account keeps its password."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest

from loket.core.auth.accounts import create_user
from loket.core.models import AuthSession, Desk, DeskAdmin, ExternalAccount, User
from tests.people import stored_key
from tests.plugins_helpus.test_sso import CLIENT_ID, ISSUER, LOGIN, id_token, identity_server, keys  # noqa: F401

PASSWORD = "kata-sandi-lokal-123"
LINK = """mutation($c: String!) { linkExternalAccount(input: {provider: "bappenas-sso", credential: $c}) {
  provider user { email externalAccounts { provider } } } }"""
ME = "{ me { id email externalAccounts { provider } } }"


async def local_account(email: str, *, superuser: bool = False, desk_admin: bool = False) -> User:
    user = await create_user(email=email, display_name="Pemilik Akun", password=PASSWORD, is_superuser=superuser)
    if desk_admin:
        await DeskAdmin.create(user=user, desk=await Desk.get(slug="helpus"))
    return user


def token_for(keys, email: str, *, verified: bool | None, name: str = "Penyerang") -> str:
    """An SSO ID token for ``email`` with a subject of its own; ``verified`` None leaves the claim out."""
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": CLIENT_ID, "sub": uuid.uuid4().hex, "iat": now, "exp": now + 300,
              "email": email, "name": name}
    if verified is not None:
        claims["email_verified"] = verified
    return jwt.encode(claims, keys[0], algorithm="RS256", headers={"kid": "sso-1"})


async def assert_untouched(client, user: User) -> None:
    """No link, no session, the same name and email, and the password still signs in."""
    assert await ExternalAccount.filter(user_id=user.id).count() == 0
    assert await AuthSession.filter(user_id=user.id).count() == 0
    stored = await User.get(id=user.id)
    assert (stored.email, stored.display_name) == (user.email, "Pemilik Akun")
    assert await client.login(user.email, PASSWORD)


@pytest.mark.parametrize("email,superuser", [("admin@loket.local", True), ("vendor@penyedia.co.id", False),
                                             ("siti@bappenas.go.id", False)])
async def test_an_unverified_email_opens_no_existing_account(client, identity_server, keys, email, superuser):
    owner = await local_account(email, superuser=superuser)
    refused = await client.execute(LOGIN, {"c": token_for(keys, email, verified=False)}, language="id")
    assert refused.data is None and refused.error_codes == ["EXTERNAL_ACCOUNT_NOT_LINKED"]
    assert refused.errors[0]["extensions"]["field"] == "input.credential"
    assert "Masuk dengan akun Loket Anda" in refused.errors[0]["message"]
    assert "tautkan akun bappenas-sso" in refused.errors[0]["message"]
    await assert_untouched(client, owner)


async def test_an_unverified_email_creates_no_account_and_is_answered_alike(client, identity_server, keys):
    await local_account("siti@bappenas.go.id")
    taken = await client.execute(LOGIN, {"c": token_for(keys, "siti@bappenas.go.id", verified=False)})
    free = await client.execute(LOGIN, {"c": token_for(keys, "baru@bappenas.go.id", verified=False)})
    assert free.error_codes == taken.error_codes == ["EXTERNAL_ACCOUNT_NOT_LINKED"]
    assert free.errors[0]["message"] == taken.errors[0]["message"]
    assert not await User.filter(email="baru@bappenas.go.id").exists()
    assert await ExternalAccount.all().count() == 0


async def test_a_verified_email_of_an_untrusted_domain_opens_no_existing_account(client, identity_server, keys):
    vendor = await local_account("vendor@penyedia.co.id")
    refused = await client.execute(LOGIN, {"c": token_for(keys, vendor.email, verified=True)}, language="en")
    assert refused.error_codes == ["EXTERNAL_ACCOUNT_NOT_LINKED"]
    assert refused.errors[0]["message"].startswith("This bappenas-sso account is not linked to a Loket account. "
                                                   "Sign in with your Loket account")
    await assert_untouched(client, vendor)


async def test_a_verified_email_of_the_trusted_domain_opens_the_account_which_keeps_its_password(
        client, identity_server, keys):
    employee = await local_account("siti@bappenas.go.id")
    signed = (await client.execute(LOGIN, {"c": token_for(keys, "Siti@Bappenas.go.id", verified=True,
                                                          name="Siti Aminah")})).ok()["loginExternal"]
    assert signed["user"]["email"] == "siti@bappenas.go.id" and signed["user"]["displayName"] == "Siti Aminah"
    me = (await client.execute(ME, token=signed["token"])).ok()["me"]
    assert stored_key(me["id"]) == str(employee.id) and me["externalAccounts"] == [{"provider": "bappenas-sso"}]
    assert await client.login("siti@bappenas.go.id", PASSWORD), "a linked account keeps its password sign-in"


async def test_a_guests_address_signed_in_through_the_trusted_sso_is_no_guest_any_more(
        client, identity_server, keys):
    guest = await User.create(email="tamu@bappenas.go.id", display_name="Tamu", is_guest=True, email_confirmed=False)
    signed = (await client.execute(LOGIN, {"c": token_for(keys, guest.email, verified=True)})).ok()["loginExternal"]
    assert signed["user"]["email"] == guest.email
    assert (await client.execute("{ me { guest } }", token=signed["token"])).ok()["me"] == {"guest": False}


@pytest.mark.parametrize("role", ["superuser", "desk_admin"])
async def test_superusers_and_desk_admins_are_never_linked_automatically(client, identity_server, keys, role):
    admin = await local_account("kepala@bappenas.go.id", superuser=role == "superuser",
                                desk_admin=role == "desk_admin")
    refused = await client.execute(LOGIN, {"c": token_for(keys, admin.email, verified=True)})
    assert refused.error_codes == ["EXTERNAL_ACCOUNT_NOT_LINKED"]
    await assert_untouched(client, admin)


@pytest.mark.parametrize("email,superuser", [("vendor@penyedia.co.id", False), ("admin@loket.local", True)])
async def test_a_signed_in_user_links_an_identity_explicitly_and_then_signs_in_either_way(
        client, identity_server, keys, email, superuser):
    owner = await local_account(email, superuser=superuser)
    credential = token_for(keys, "nama.lain@pribadi.example", verified=False, name="Nama Di SSO")
    token = await client.login(email, PASSWORD)
    linked = (await client.execute(LINK, {"c": credential}, token=token)).ok()["linkExternalAccount"]
    assert linked == {"provider": "bappenas-sso",
                      "user": {"email": email, "externalAccounts": [{"provider": "bappenas-sso"}]}}

    through_sso = (await client.execute(LOGIN, {"c": credential})).ok()["loginExternal"]
    assert through_sso["user"]["email"] == email, "the linked identity opens the account, whatever its email"
    me = (await client.execute(ME, token=through_sso["token"])).ok()["me"]
    assert stored_key(me["id"]) == str(owner.id)
    assert await client.login(email, PASSWORD), "password sign-in still works after linking"
    assert not await User.filter(email="nama.lain@pribadi.example").exists()


async def test_linking_again_is_harmless_and_an_identity_of_someone_else_is_refused(client, identity_server, keys):
    credential = token_for(keys, "budi@bappenas.go.id", verified=True)
    (await client.execute(LOGIN, {"c": credential})).ok()  # creates Budi's account
    vendor = await local_account("vendor@penyedia.co.id")
    token = await client.login(vendor.email, PASSWORD)
    refused = await client.execute(LINK, {"c": credential}, token=token)
    assert refused.error_codes == ["EXTERNAL_ACCOUNT_IN_USE"]
    assert await ExternalAccount.filter(user_id=vendor.id).count() == 0

    own = token_for(keys, vendor.email, verified=False)
    (await client.execute(LINK, {"c": own}, token=token)).ok()
    (await client.execute(LINK, {"c": own}, token=token)).ok()
    assert await ExternalAccount.filter(user_id=vendor.id).count() == 1


async def test_linking_needs_a_signed_in_user_and_a_good_credential(client, identity_server, keys):
    anonymous = await client.execute(LINK, {"c": token_for(keys, "x@bappenas.go.id", verified=True)})
    assert anonymous.error_codes == ["UNAUTHENTICATED"]
    vendor = await local_account("vendor@penyedia.co.id")
    token = await client.login(vendor.email, PASSWORD)
    forged = await client.execute(LINK, {"c": id_token(keys[1])}, token=token)
    assert forged.error_codes == ["SSO_TOKEN_FORGED"]
    assert await ExternalAccount.all().count() == 0


async def test_a_linked_identity_changes_the_accounts_email_only_to_a_verified_one(client, identity_server, keys):
    first = (await client.execute(LOGIN, {"c": id_token(keys[0])})).ok()["loginExternal"]
    assert first["user"]["email"] == "budi.santoso@bappenas.go.id"
    (await client.execute(LOGIN, {"c": id_token(keys[0], email="admin@loket.local", email_verified=False)})).ok()
    assert await User.filter(email="budi.santoso@bappenas.go.id").exists()
    moved = (await client.execute(LOGIN, {"c": id_token(keys[0], email="budi@bappenas.go.id")})).ok()
    assert moved["loginExternal"]["user"]["email"] == "budi@bappenas.go.id"


class TestTrustFromTheDeployment:
    @pytest.fixture
    def settings(self, settings):
        return settings.model_copy(update={"sso_trusted_domains": {"bappenas-sso": ["mitra.example"]}})

    async def test_a_domain_the_deployment_trusts_links_like_the_desks_own(self, client, identity_server, keys):
        partner = await local_account("rekan@mitra.example")
        signed = (await client.execute(LOGIN, {"c": token_for(keys, partner.email, verified=True)})).ok()
        assert signed["loginExternal"]["user"]["email"] == partner.email
        assert await ExternalAccount.filter(user_id=partner.id, linked_existing=True).count() == 1
        assert await client.login(partner.email, PASSWORD)
        other = await local_account("vendor@penyedia.co.id")
        refused = await client.execute(LOGIN, {"c": token_for(keys, other.email, verified=True)})
        assert refused.error_codes == ["EXTERNAL_ACCOUNT_NOT_LINKED"]


async def test_an_sso_declared_to_vouch_for_its_domain_needs_no_claim(client, identity_server, keys, monkeypatch):
    refused = await client.execute(LOGIN, {"c": token_for(keys, "baru@bappenas.go.id", verified=None)})
    assert refused.error_codes == ["EXTERNAL_ACCOUNT_NOT_LINKED"], "without the claim, nothing is vouched for"
    monkeypatch.setenv("LOKET_HELPUS_SSO_VOUCHES_FOR_DOMAIN", "true")
    created = (await client.execute(LOGIN, {"c": token_for(keys, "baru@bappenas.go.id", verified=None)})).ok()
    assert created["loginExternal"]["user"]["email"] == "baru@bappenas.go.id"
    outside = await client.execute(LOGIN, {"c": token_for(keys, "orang@luar.example", verified=None)})
    assert outside.error_codes == ["EXTERNAL_ACCOUNT_NOT_LINKED"]
    said_no = await client.execute(LOGIN, {"c": token_for(keys, "lain@bappenas.go.id", verified=False)})
    assert said_no.error_codes == ["EXTERNAL_ACCOUNT_NOT_LINKED"], "a claim that says no is believed"
