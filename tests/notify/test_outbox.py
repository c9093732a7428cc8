"""The outbox: agents' public messages mail the reporter in the same transaction as the event; the sender
retries with backoff against a real SMTP server; development writes .eml files; plugins bring their own
templates and channels."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy

import pytest

from loket.core.hookspecs import hookimpl
from loket.core.models import Message, OutboxMessage, User
from loket.core.plugin_types import EmailTemplate
from loket.core.settings import Settings
from loket.core.tickets.events import unit_of_work
from tests.conftest import TEST_SECRET
from tests.smtp_server import Mailbox, html_of, link_in, self_signed_tls, text_of
from tests.ticket_ops import REPLY, REQUEST_FEEDBACK, RESOLVE, TAKE, create


class Channels:
    """A plugin with its own reply template for the test desk and a second channel it delivers itself."""

    delivered: list = []

    @hookimpl
    def email_template(self, desk, kind, language):
        if desk is None or desk.slug != "testdesk" or kind != "ticket_reply" or language != "en":
            return None
        return EmailTemplate(subject="[TESTDESK] $ticket_number: news from $agent_name",
                             text="$message\n-- $link\n", html="<p>$message</p><a href=\"$link\">open</a>")

    @hookimpl
    def notification_channels(self, desk, kind):
        return ["pager"] if kind == "ticket_resolved" else []

    @hookimpl
    def send_notification(self, channel, message):
        if channel != "pager":
            return None
        self.delivered.append(message)
        return True


@pytest.fixture
def plugins(test_desk_plugins):
    Channels.delivered = []
    return [*test_desk_plugins, Channels()]


async def _taken(people) -> str:
    number = (await create(people["reporter"]))["number"]
    await people["agent"].ok(TAKE, n=number)
    return number


async def test_agents_public_messages_mail_the_reporter(people, mailbox, send, clock):
    number = await _taken(people)
    await people["agent"].ok(REPLY, n=number, m="Internal: check the battery.", internal=True)
    await people["agent"].ok(REPLY, n=number, m="Please hold the power button for <10> seconds.")
    await people["agent"].ok(REQUEST_FEEDBACK, n=number, m="Did the screen come back?")
    await people["reporter"].ok(REPLY, n=number, m="No, still black.")
    await people["agent"].ok(RESOLVE, n=number, m="Replaced the display cable.")
    assert await send() == 4, "three emails and the plugin's own channel"
    mails = mailbox.to("reporter@test.example")
    assert [m["Subject"] for m in mails] == [
        f"[TESTDESK] {number}: news from Agent",  # the plugin's template
        f"Ticket {number} awaits your answer", f"Ticket {number} is resolved"]
    assert text_of(mails[0]) == f"Please hold the power button for <10> seconds.\n-- https://helpdesk.example/app/tickets/{number}\n"
    assert "<p>Please hold the power button for &lt;10&gt; seconds.</p>" in html_of(mails[0])
    assert "Did the screen come back?" in text_of(mails[1])
    assert link_in(mails[2]) == f"https://helpdesk.example/app/tickets/{number}"
    assert "Agent resolved ticket" in text_of(mails[2]) and "Replaced the display cable." in html_of(mails[2])
    assert [(m.channel, m.recipient, m.subject, m.desk, m.ticket_number) for m in Channels.delivered] == [
        ("pager", "reporter@test.example", f"Ticket {number} is resolved", "testdesk", number)]
    assert await send() == 0, "each message is sent once"


async def test_indonesian_reporter_gets_indonesian_mail(people, mailbox, send, clock):
    await User.filter(id=people["reporter"].user.id).update(language="id")
    number = await _taken(people)
    await people["agent"].ok(REQUEST_FEEDBACK, n=number, m="Apakah layar sudah menyala?")
    await send()
    [mail] = mailbox.to("reporter@test.example")
    assert mail["Subject"] == f"Tiket {number} menunggu jawaban Anda"
    assert "Ikuti perkembangan tiket Anda di:" in text_of(mail)
    assert "Lihat perkembangan tiket</a>" in html_of(mail)


async def test_the_mail_commits_with_its_event_or_not_at_all(people, app, clock):
    number = await _taken(people)
    rt = app.state.runtime
    agent = people["agent"].user
    with pytest.raises(RuntimeError, match="the action fails after the reply"):
        async with unit_of_work(rt) as work:
            ticket = await work.lock_ticket(number)
            message = await Message.create(ticket_id=ticket.id, author=agent, body="Try again", created_at=rt.now())
            await work.record(ticket, actor=agent, kind="replied", message=message)
            assert await OutboxMessage.filter(ticket_id=ticket.id).count() == 1, "written inside the transaction"
            raise RuntimeError("the action fails after the reply")
    assert await OutboxMessage.filter(ticket_id=ticket.id).count() == 0
    assert await Message.filter(ticket_id=ticket.id, body="Try again").count() == 0


async def test_retries_with_backoff_until_the_server_takes_it(people, mailbox, send, clock):
    mailbox.stop()  # the SMTP server is down
    number = await _taken(people)
    await people["agent"].ok(REPLY, n=number, m="We are on it.")
    start = clock.now()
    assert await send() == 0
    [row] = await OutboxMessage.all()
    assert (row.status, row.attempts) == ("pending", 1)
    assert "Connect" in row.last_error or "refused" in row.last_error.lower()
    assert row.next_attempt_at == start + timedelta(seconds=30)

    clock.advance(seconds=29)
    assert await send() == 0
    assert (await OutboxMessage.get(id=row.id)).attempts == 1, "not retried before its time"

    mailbox.refuse = True
    mailbox.start()  # up again, but answering "try again later"
    clock.advance(seconds=1)
    assert await send() == 0
    row = await OutboxMessage.get(id=row.id)
    assert (row.attempts, mailbox.refused) == (2, 1)
    assert "451" in row.last_error
    assert row.next_attempt_at == clock.now() + timedelta(seconds=60), "the wait doubles"

    mailbox.refuse = False
    clock.advance(seconds=60)
    assert await send() == 1
    row = await OutboxMessage.get(id=row.id)
    assert (row.status, row.attempts, row.sent_at) == ("sent", 3, clock.now())
    assert len(mailbox.to("reporter@test.example")) == 1


@pytest.mark.parametrize("smtp_settings", [{"outbox_max_attempts": 2}])
async def test_gives_up_after_the_last_attempt(people, mailbox, send, clock):
    mailbox.refuse = True
    number = await _taken(people)
    await people["agent"].ok(REPLY, n=number, m="We are on it.")
    await send()
    clock.advance(seconds=30)
    await send()
    clock.advance(days=1)
    assert await send() == 0
    [row] = await OutboxMessage.all()
    assert (row.status, row.attempts, mailbox.refused) == ("failed", 2, 2)


@pytest.fixture
def dev_settings(migrated_database_url, tmp_path) -> Settings:
    return Settings(database_url=migrated_database_url, data_dir=tmp_path, secret_key=TEST_SECRET, plugins="all",
                    run_timers=False)


class TestDevelopment:
    @pytest.fixture
    def settings(self, dev_settings):
        return dev_settings

    async def test_without_smtp_each_mail_is_an_eml_file(self, people, send, clock, tmp_path):
        number = await _taken(people)
        await people["agent"].ok(REQUEST_FEEDBACK, n=number, m="Which model is the laptop?")
        assert await send() == 1
        [path] = (tmp_path / "outbox").glob("*.eml")
        mail = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert (mail["To"], mail["Subject"]) == ("reporter@test.example", f"Ticket {number} awaits your answer")
        assert mail["From"] == "Loket <noreply@localhost>"
        assert link_in(mail) == f"http://127.0.0.1:8000/tickets/{number}"
        assert "Which model is the laptop?" in html_of(mail)


class TestStartTlsWithCredentials:
    """A server that demands STARTTLS and a login: the sender upgrades, trusts the configured CA, signs in."""

    @pytest.fixture
    def tls(self, tmp_path_factory):
        return self_signed_tls(tmp_path_factory.mktemp("tls"))

    @pytest.fixture
    def mailbox(self, tls):
        box = Mailbox(tls_context=tls[0], credentials=("loket", "smtp-secret")).start()
        yield box
        box.stop()

    @pytest.fixture
    def smtp_settings(self, tls):
        return {"smtp_security": "starttls", "smtp_ca_file": tls[1], "smtp_username": "loket",
                "smtp_password": "smtp-secret"}

    async def test_sent_over_starttls_after_signing_in(self, people, mailbox, send, clock):
        number = await _taken(people)
        await people["agent"].ok(REQUEST_FEEDBACK, n=number, m="Which model is the laptop?")
        assert await send() == 1
        assert mailbox.logins == ["loket"]
        [mail] = mailbox.to("reporter@test.example")
        assert mail["Subject"] == f"Ticket {number} awaits your answer"


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")  # the socket is TLS
class TestImplicitTls(TestStartTlsWithCredentials):
    """A server speaking TLS from the first byte (submissions port, 465)."""

    @pytest.fixture
    def mailbox(self, tls):
        box = Mailbox(tls_context=tls[0], credentials=("loket", "smtp-secret"), implicit_tls=True).start()
        yield box
        box.stop()

    @pytest.fixture
    def smtp_settings(self, tls):
        return {"smtp_security": "tls", "smtp_ca_file": tls[1], "smtp_username": "loket",
                "smtp_password": "smtp-secret"}
