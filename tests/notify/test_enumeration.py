"""Nothing tells a stranger which addresses have accounts: registering a taken address answers as for a new one
and mails its owner instead; reset and resend requests do the same work on the request path either way (the
look-up and the mail come after the answer). Concurrent registrations of one address never fail. Common
passwords are refused wherever a password is chosen."""

from __future__ import annotations

import asyncio
import logging

import pytest

from loket.core.auth.accounts import create_user, set_password
from loket.core.errors import InvalidInputError
from loket.core.models import User
from tests.graphql_client import LOGIN
from tests.smtp_server import html_of, link_in, text_of, token_in
from tests.tickets.test_query_count import counting_sql

REGISTER = """mutation($e: String!, $p: String!, $n: String!) {
  register(input: {email: $e, password: $p, displayName: $n}) {
  email confirmationSent } }"""
REQUEST_RESET = "mutation($e: String!) { requestPasswordReset(input: {email: $e}) { accepted } }"
RESEND = "mutation($e: String!) { resendConfirmation(input: {email: $e}) { accepted } }"
RESET = "mutation($t: String!, $p: String!) { resetPassword(input: {token: $t, newPassword: $p}) { email } }"


async def register(client, email, password="kata-sandi-baru-sekali", name="Orang Lain", language="id"):
    return await client.execute(REGISTER, {"e": email, "p": password, "n": name}, language=language)


async def test_registering_a_taken_address_answers_alike_and_mails_its_owner(client, mailbox, send, clock):
    owner = await create_user(email="pemilik@contoh.id", display_name="Pemilik", password="sandi-pemilik-lama")
    taken = await register(client, "Pemilik@Contoh.id")
    fresh = await register(client, "baru@contoh.id")
    assert taken.status == fresh.status == 200
    assert taken.ok()["register"] == {"email": "pemilik@contoh.id", "confirmationSent": True}
    assert fresh.ok()["register"] == {"email": "baru@contoh.id", "confirmationSent": True}

    assert await send() == 2
    [notice] = mailbox.to("pemilik@contoh.id")
    assert notice["Subject"] == "Ada yang mencoba mendaftar dengan alamat email Anda"
    assert "Halo Pemilik," in text_of(notice) and "Lupa kata sandi" in text_of(notice)
    assert link_in(notice).startswith("https://helpdesk.example/app")
    assert "?token=" not in text_of(notice), "the notice carries no link that acts on the account"
    assert "masuk</a>" in html_of(notice)
    [confirmation] = mailbox.to("baru@contoh.id")
    assert confirmation["Subject"] == "Konfirmasi alamat email Anda"

    stored = await User.get(id=owner.id)
    assert (stored.display_name, stored.password_hash) == ("Pemilik", owner.password_hash), "nothing changed"
    assert await client.login("pemilik@contoh.id", "sandi-pemilik-lama")
    refused = await client.execute(LOGIN, {"email": "pemilik@contoh.id", "password": "kata-sandi-baru-sekali"})
    assert refused.error_codes == ["INVALID_CREDENTIALS"]

    (await register(client, "pemilik@contoh.id")).ok()
    assert await send() == 0, "a second attempt within a minute mails nothing more"
    clock.advance(minutes=1, seconds=1)
    (await register(client, "pemilik@contoh.id", language="en")).ok()
    assert await send() == 1


async def test_the_owner_reads_the_notice_in_their_language(client, mailbox, send, clock):
    (await register(client, "citizen@example.org", language="en")).ok()
    (await register(client, "citizen@example.org", language="id")).ok()
    await send()
    notice = mailbox.to("citizen@example.org")[-1]
    assert notice["Subject"] == "Someone tried to register with your email address"
    assert "If it was not you: ignore this email" in text_of(notice)


async def test_concurrent_registrations_of_one_address_all_get_the_same_answer(client, mailbox, send, clock):
    answers = await asyncio.gather(*(register(client, "serentak@contoh.id", name=f"Orang {i}") for i in range(12)))
    assert [answer.error_codes for answer in answers] == [[]] * 12
    assert {answer.data["register"]["email"] for answer in answers} == {"serentak@contoh.id"}
    assert await User.filter(email="serentak@contoh.id").count() == 1
    await send()
    subjects = sorted(mail["Subject"] for mail in mailbox.to("serentak@contoh.id"))
    assert subjects == ["Ada yang mencoba mendaftar dengan alamat email Anda", "Konfirmasi alamat email Anda"]


async def _request_path(client, query: str, email: str) -> list[str]:
    with counting_sql() as statements:
        assert (await client.execute(query, {"e": email})).ok()
    return statements


@pytest.mark.parametrize("query,kind", [(REQUEST_RESET, "reset"), (RESEND, "resend")])
async def test_reset_and_resend_requests_do_the_same_work_for_any_address(client, mailbox, send, clock, caplog,
                                                                          query, kind):
    if kind == "reset":
        await create_user(email="ada@contoh.id", display_name="Ada", password="sandi-lama-sekali")
    else:
        (await register(client, "ada@contoh.id")).ok()
        await send()
        clock.advance(minutes=2)
        mailbox.messages.clear()
    known = await _request_path(client, query, "ada@contoh.id")
    unknown = await _request_path(client, query, "tidak-ada@contoh.id")
    assert known == unknown == [], "the request path looks nothing up; the work comes after the answer"
    with caplog.at_level(logging.ERROR, logger="loket.auth"):
        too_long = await client.execute(query, {"e": "a" * 300 + "@contoh.id"})
        assert await send() == 1
    assert too_long.error_codes == ["TEXT_TOO_LONG"], "an address no account can have is refused for its length"
    assert not caplog.records
    [mail] = mailbox.to("ada@contoh.id")
    assert token_in(mail)


async def test_common_passwords_are_refused_wherever_one_is_chosen(client, mailbox, send, clock):
    for password in ("12345678", "password", "PassWord", "bismillah", " qwertyuiop "):
        refused = await register(client, "warga@contoh.id", password=password, language="en")
        assert refused.error_codes == ["PASSWORD_TOO_COMMON"], password
        assert refused.errors[0]["extensions"]["field"] == "input.password"
        assert refused.errors[0]["message"] == "This password is too common and easy to guess; choose another"
    indonesian = await register(client, "warga@contoh.id", password="12345678")
    assert indonesian.errors[0]["message"] == "Kata sandi ini terlalu umum dan mudah ditebak; pilih yang lain"
    assert not await User.filter(email="warga@contoh.id").exists()

    user = await create_user(email="lupa@contoh.id", display_name="Pelupa", password="sandi-lama-sekali")
    (await client.execute(REQUEST_RESET, {"e": "lupa@contoh.id"})).ok()
    await send()
    token = token_in(mailbox.to("lupa@contoh.id")[0])
    common = await client.execute(RESET, {"t": token, "p": "password"})
    assert common.error_codes == ["PASSWORD_TOO_COMMON"]
    assert common.errors[0]["extensions"]["field"] == "input.newPassword"
    (await client.execute(RESET, {"t": token, "p": "kuda-benar-baterai-staples"})).ok()

    for make in (lambda: create_user(email="x@contoh.id", display_name="X", password="12345678"),
                 lambda: set_password(user, "password")):
        with pytest.raises(InvalidInputError) as refused:
            await make()
        assert refused.value.code == "PASSWORD_TOO_COMMON"
