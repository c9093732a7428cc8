"""Self-registration: a confirmation link arrives by email, sign-in waits for it, links work once and expire;
resending and password reset, without revealing which addresses have accounts."""

from __future__ import annotations

import asyncio

import pytest

from loket.core.auth.accounts import create_user
from tests.graphql_client import LOGIN
from tests.smtp_server import html_of, link_in, text_of, token_in

REGISTER = """mutation($e: String!, $p: String!, $n: String!) {
  register(input: {email: $e, password: $p, displayName: $n}) {
  email confirmationSent } }"""
CONFIRM = "mutation($t: String!) { confirmEmail(input: {token: $t}) { email } }"
RESEND = "mutation($e: String!) { resendConfirmation(input: {email: $e}) { accepted } }"
REQUEST_RESET = "mutation($e: String!) { requestPasswordReset(input: {email: $e}) { accepted } }"
RESET = "mutation($t: String!, $p: String!) { resetPassword(input: {token: $t, newPassword: $p}) { email } }"
ME = "{ me { email displayName } }"


async def register(client, email="warga@contoh.id", language="id"):
    return await client.execute(REGISTER, {"e": email, "p": "kata-sandi-panjang", "n": "Warga Contoh"},
                                language=language)


async def test_register_confirm_by_the_emailed_link_then_sign_in(client, mailbox, send, clock):
    registered = await register(client)
    assert registered.ok()["register"] == {"email": "warga@contoh.id", "confirmationSent": True}
    assert await send() == 1
    [mail] = mailbox.to("warga@contoh.id")
    assert mail["Subject"] == "Konfirmasi alamat email Anda"
    assert link_in(mail).startswith("https://helpdesk.example/app/confirm-email?token=")
    assert "berlaku 48 jam" in text_of(mail) and "Konfirmasi email</a>" in html_of(mail)

    refused = await client.execute(LOGIN, {"email": "warga@contoh.id", "password": "kata-sandi-panjang"},
                                   language="id")
    assert refused.error_codes == ["EMAIL_NOT_CONFIRMED"]
    assert refused.errors[0]["message"].startswith("Konfirmasi alamat email Anda terlebih dahulu")

    confirmed = await client.execute(CONFIRM, {"t": token_in(mail)})
    assert confirmed.ok()["confirmEmail"] == {"email": "warga@contoh.id"}
    token = await client.login("warga@contoh.id", "kata-sandi-panjang")
    assert (await client.execute(ME, token=token)).ok()["me"]["displayName"] == "Warga Contoh"

    again = await client.execute(CONFIRM, {"t": token_in(mail)}, language="en")
    assert again.error_codes == ["LINK_ALREADY_USED"]
    assert again.errors[0]["message"] == "This link was already used; ask for a new one if you need it"
    assert (await client.execute(CONFIRM, {"t": "not-a-token"})).error_codes == ["LINK_INVALID"]


async def test_english_mail_for_an_english_sign_up(client, mailbox, send, clock):
    (await register(client, "citizen@example.org", language="en")).ok()
    await send()
    [mail] = mailbox.to("citizen@example.org")
    assert mail["Subject"] == "Confirm your email address"
    assert "valid for 48 hours, once" in text_of(mail)
    assert "<p>Hello Warga Contoh,</p>" in html_of(mail)


async def test_an_expired_link_is_refused_and_a_resent_one_works(client, mailbox, send, clock):
    (await register(client)).ok()
    await send()
    first = token_in(mailbox.messages[-1])
    clock.advance(hours=49)
    expired = await client.execute(CONFIRM, {"t": first}, language="en")
    assert expired.error_codes == ["LINK_EXPIRED"]

    assert (await client.execute(RESEND, {"e": "Warga@Contoh.id"})).ok()["resendConfirmation"]["accepted"] is True
    assert await send() == 1
    second = token_in(mailbox.messages[-1])
    assert second != first
    (await client.execute(CONFIRM, {"t": second})).ok()
    await client.login("warga@contoh.id", "kata-sandi-panjang")

    # Nothing tells a stranger whether an address has an account, or is already confirmed.
    for address in ("nobody@contoh.id", "warga@contoh.id"):
        assert (await client.execute(RESEND, {"e": address})).ok()["resendConfirmation"]["accepted"] is True
    assert await send() == 0


async def test_existing_accounts_sign_in_without_confirming(client, app):
    await create_user(email="agen@contoh.id", display_name="Agen", password="kata-sandi-agen")
    assert await client.login("agen@contoh.id", "kata-sandi-agen")


async def test_password_reset_by_the_emailed_link(client, mailbox, send, clock):
    await create_user(email="lupa@contoh.id", display_name="Pelupa", password="sandi-lama-sekali")
    old_token = await client.login("lupa@contoh.id", "sandi-lama-sekali")
    for address in ("lupa@contoh.id", "tidak-ada@contoh.id"):
        assert (await client.execute(REQUEST_RESET, {"e": address})).ok()["requestPasswordReset"]["accepted"]
    assert await send() == 1
    [mail] = mailbox.to("lupa@contoh.id")
    assert mail["Subject"] == "Atur ulang kata sandi"
    assert link_in(mail).startswith("https://helpdesk.example/app/reset-password?token=")

    short = await client.execute(RESET, {"t": token_in(mail), "p": "pendek"})
    assert short.error_codes == ["PASSWORD_TOO_SHORT"]
    (await client.execute(RESET, {"t": token_in(mail), "p": "sandi-baru-sekali"})).ok()
    assert (await client.execute(RESET, {"t": token_in(mail), "p": "sandi-lain-lagi"})).error_codes == [
        "LINK_ALREADY_USED"]
    assert (await client.execute(ME, token=old_token)).error_codes == ["TOKEN_REVOKED"]
    wrong = await client.execute(LOGIN, {"email": "lupa@contoh.id", "password": "sandi-lama-sekali"})
    assert wrong.error_codes == ["INVALID_CREDENTIALS"]
    assert await client.login("lupa@contoh.id", "sandi-baru-sekali")


async def test_a_reset_link_expires(client, mailbox, send, clock):
    await create_user(email="lupa@contoh.id", display_name="Pelupa", password="sandi-lama-sekali")
    (await client.execute(REQUEST_RESET, {"e": "lupa@contoh.id"})).ok()
    await send()
    clock.advance(hours=2, seconds=1)
    late = await client.execute(RESET, {"t": token_in(mailbox.messages[-1]), "p": "sandi-baru-sekali"})
    assert late.error_codes == ["LINK_EXPIRED"]
    assert await client.login("lupa@contoh.id", "sandi-lama-sekali")


class TestBackgroundSender:
    """The server's own sender delivers without anyone calling it."""

    @pytest.fixture
    def smtp_settings(self):
        return {"outbox_poll_seconds": 0.05}

    @pytest.fixture
    def settings(self, settings):
        return settings.model_copy(update={"run_timers": True})

    async def test_the_confirmation_mail_arrives_on_its_own(self, client, mailbox):
        (await register(client)).ok()
        for _ in range(200):
            if mailbox.messages:
                break
            await asyncio.sleep(0.025)
        [mail] = mailbox.to("warga@contoh.id")
        (await client.execute(CONFIRM, {"t": token_in(mail)})).ok()
        assert await client.login("warga@contoh.id", "kata-sandi-panjang")


async def test_asking_again_at_once_sends_one_mail_and_a_newer_link_retires_older_ones(client, mailbox, send, clock):
    await create_user(email="lupa@contoh.id", display_name="Pelupa", password="sandi-lama-sekali")
    for _ in range(3):
        (await client.execute(REQUEST_RESET, {"e": "lupa@contoh.id"})).ok()
    assert await send() == 1, "a second request within a minute sends nothing"
    clock.advance(minutes=1, seconds=1)
    (await client.execute(REQUEST_RESET, {"e": "lupa@contoh.id"})).ok()
    assert await send() == 1
    first, second = (token_in(mail) for mail in mailbox.to("lupa@contoh.id"))
    (await client.execute(RESET, {"t": second, "p": "sandi-baru-sekali"})).ok()
    assert (await client.execute(RESET, {"t": first, "p": "sandi-lain-lagi"})).error_codes == ["LINK_ALREADY_USED"]
    assert await client.login("lupa@contoh.id", "sandi-baru-sekali")
