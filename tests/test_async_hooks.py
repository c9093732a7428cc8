"""Every hook may answer with an awaitable: a desk whose plugin does so throughout (tests/plugins/loket_async_desk.py)
works as users see it over GraphQL, in mail and on its own channel; and a ``firstresult`` coroutine that resolves to
``None`` lets core's default answer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from loket.core.auth.accounts import set_password
from loket.core.demo import load_demo
from loket.core.models import User
from loket.core.notify.sender import send_pending
from loket.core.settings import Settings
from tests.graphql_client import GraphQLClient
from tests.people import Person, make_people
from tests.plugins import loket_test_desk
from tests.plugins.loket_async_desk import DEMO_USER, PROVIDER, SLUG, AsyncDesk, Undecided
from tests.smtp_server import Mailbox, text_of
from tests.ticket_ops import DETAIL, ESCALATE, FORCE_CLOSE, RATE, REPLY, TAKE, create, ticket_input
from tests.tickets.test_attachments import PDF, STAGE, download, send_file, stored_files

CREATE_INPUT = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number } } }"""
LOGIN = """mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token user { email } } }"""
LOGIN_EXTERNAL = """mutation($p: String!, $c: String!) { loginExternal(input: {provider: $p, credential: $c}) {
  token user { email displayName } } }"""
LOOKUP = """query($desk: String!, $kind: String!, $key: String!) {
  lookupReference(desk: $desk, kind: $kind, key: $key) { found data } }"""
DESK = """query($d: String!) { desk(slug: $d) { name attachmentRules { extensions maxFiles }
  ratingForm { slug questions { key kind choices } } } }"""
SHOWN = """query($n: String!) { ticket(number: $n) { number progress links { label url }
  ratingForm { slug } priority { slug reason } } }"""


@pytest.fixture
def desk_plugin() -> AsyncDesk:
    return AsyncDesk()


@pytest.fixture
def plugins(desk_plugin):
    return [desk_plugin]


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox().start()
    yield box
    box.stop()


@pytest.fixture
def settings(settings: Settings, mailbox: Mailbox) -> Settings:
    return settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": mailbox.port,
                                       "public_url": "https://helpdesk.example"})


@pytest.fixture
async def people(client: GraphQLClient, settings: Settings, app) -> dict[str, Person]:
    return await make_people(client, settings, SLUG)


async def _new(people) -> str:
    return (await create(people["reporter"], desk=SLUG))["number"]


async def test_hook_register_desks(client):
    desks = (await client.execute("{ desks { slug name } }")).ok()["desks"]
    assert {"slug": SLUG, "name": "Async Desk"} in desks


async def test_hook_ticket_number_and_ticket_priority(people):
    first, second = await _new(people), await _new(people)
    assert (first, second) == ("ASY-00001", "ASY-00002")
    shown = (await people["agent"].ok(SHOWN, n=first))["ticket"]
    assert shown["priority"] == {"slug": "high", "reason": "asked elsewhere"}


async def test_hook_validate_ticket_and_register_translations(people):
    reporter = people["reporter"]
    refused = await reporter.run(CREATE_INPUT, input=ticket_input(desk=SLUG, title="A forbidden printer"))
    assert refused.error_codes == ["ASYNC_TITLE_REFUSED"]
    assert refused.errors[0]["message"] == "Titles may not say 'forbidden'"
    assert refused.errors[0]["extensions"]["field"] == "input.title"
    reporter.client.language = "id"
    again = await reporter.run(CREATE_INPUT, input=ticket_input(desk=SLUG, title="A forbidden printer"))
    assert again.errors[0]["message"] == "Judul tidak boleh memuat 'forbidden'"


async def test_hook_check_action_and_on_ticket_event(people, desk_plugin):
    number = await _new(people)
    await people["agent"].ok(TAKE, n=number)
    refused = await people["agent"].run(ESCALATE, n=number, m="Over to the experts please.", to="experts")
    assert refused.error_codes == ["ASYNC_NO_ESCALATION"]
    assert refused.errors[0]["message"] == "This desk does not escalate"
    assert desk_plugin.events == [(number, "created"), (number, "taken")]


async def test_hook_ticket_progress_and_ticket_links(people):
    number = await _new(people)
    assert (await people["reporter"].ok(SHOWN, n=number))["ticket"]["progress"] == 7
    await people["agent"].ok(TAKE, n=number)
    seen_by_reporter = (await people["reporter"].ok(SHOWN, n=number))["ticket"]
    assert (seen_by_reporter["progress"], seen_by_reporter["links"]) == (77, [])
    assert (await people["agent"].ok(SHOWN, n=number))["ticket"]["links"] == [
        {"label": "Chat", "url": f"https://chat.example/{number}"}]


async def test_hook_rating_form(people):
    form = (await people["reporter"].ok(DESK, d=SLUG))["desk"]["ratingForm"]
    assert form == {"slug": "async-form",
                    "questions": [{"key": "service", "kind": "SCALE", "choices": ["good", "bad"]}]}
    number = await _new(people)
    await people["reporter"].ok(FORCE_CLOSE, n=number, reason=None)
    assert (await people["reporter"].ok(SHOWN, n=number))["ticket"]["ratingForm"] == {"slug": "async-form"}
    unknown = await people["reporter"].run(RATE, n=number, answers={"stars": 5})
    assert unknown.error_codes == ["UNKNOWN_RATING_QUESTION", "RATING_ANSWER_REQUIRED"]
    rated = (await people["reporter"].ok(RATE, n=number, answers={"service": "good"}))["rateTicket"]["rating"]
    assert rated == {"form": "async-form", "answers": {"service": "good"}, "stars": None}


async def test_hook_attachment_policy_and_attachment_storage(people, desk_plugin, settings):
    reporter = people["reporter"]
    rules = (await reporter.ok(DESK, d=SLUG))["desk"]["attachmentRules"]
    assert rules == {"extensions": ["txt"], "maxFiles": 2}
    pdf = await send_file(reporter, STAGE, "invoice.pdf", PDF, desk=SLUG)
    assert pdf.error_codes == ["ATTACHMENT_TYPE_NOT_ALLOWED"]
    notes = (await send_file(reporter, STAGE, "notes.txt", b"what I saw", desk=SLUG)).ok()
    notes = notes["stageAttachment"]["attachment"]
    await send_file(reporter, STAGE, "more.txt", b"and more", desk=SLUG)
    [storage] = desk_plugin.storages  # asked once, when the app started
    assert storage.saved == 2 and stored_files(settings) == [], "the plugin's storage keeps them, not core's"
    answer = await download(reporter, notes["downloadUrl"])
    assert answer.status_code == 200 and answer.content == b"what I saw"


TIMES = """query($n: String!) { ticket(number: $n) { sla { kind targetSeconds }
  deadlines { kind rule label } messages { nodes { body internal } } } }"""


async def test_hook_sla_policy_ticket_timers_and_timer_fired(people, app, loket_clock):
    loket_clock.attach(app.state.runtime)
    number = await _new(people)
    agent = people["agent"]
    seen = (await agent.ok(TIMES, n=number))["ticket"]
    assert {clock["kind"]: clock["targetSeconds"] for clock in seen["sla"]} == {
        "first_response": 2 * 3600, "resolution": 8 * 3600}, "the targets the plugin looked up"
    await agent.ok(TAKE, n=number)
    timers = [d for d in (await agent.ok(TIMES, n=number))["ticket"]["deadlines"] if d["kind"] == "TIMER"]
    assert timers == [{"kind": "TIMER", "rule": "async_nudge", "label": "Reminder to the handler"}]
    assert await loket_clock.advance("1 hour") == 1
    notes = (await agent.ok(TIMES, n=number))["ticket"]["messages"]["nodes"]
    assert notes[-1] == {"body": "Still in progress after an hour", "internal": True}


async def test_hook_lookup_reference(people):
    found = (await people["reporter"].ok(LOOKUP, desk=SLUG, kind="async-ref", key="R-1"))["lookupReference"]
    assert found == {"found": True, "data": {"key": "R-1", "source": "elsewhere"}}


async def test_hook_password_login_allowed(client):
    for email in ("kim@sso-only.example", "kim@elsewhere.example"):
        await set_password(await User.create(email=email, display_name="Kim"), "a-long-local-password")
    refused = await client.execute(LOGIN, {"e": "kim@sso-only.example", "p": "a-long-local-password"})
    assert refused.error_codes == ["PASSWORD_LOGIN_DISABLED"]
    allowed = (await client.execute(LOGIN, {"e": "kim@elsewhere.example", "p": "a-long-local-password"})).ok()
    assert allowed["login"]["user"] == {"email": "kim@elsewhere.example"}


async def test_hook_authenticate_external(client):
    signed = (await client.execute(LOGIN_EXTERNAL, {"p": PROVIDER, "c": "rin@async.example"})).ok()["loginExternal"]
    assert signed["user"] == {"email": "rin@async.example", "displayName": "Async Person"}
    me = (await client.execute("{ me { email } }", token=signed["token"])).ok()["me"]
    assert me == {"email": "rin@async.example"}


async def test_hook_email_template_notification_channels_and_send_notification(people, app, mailbox, desk_plugin):
    number = await _new(people)
    await people["agent"].ok(TAKE, n=number)
    await people["agent"].ok(REPLY, n=number, m="Please restart the router.")
    assert await send_pending(app.state.runtime) == 2, "the mail and the plugin's own channel"
    [mail] = mailbox.to("reporter@test.example")
    assert mail["Subject"] == f"[ASYNC] {number} from Agent"
    assert text_of(mail) == f"Please restart the router.\n-- https://helpdesk.example/tickets/{number}\n"
    [pigeon] = desk_plugin.delivered
    assert (pigeon.channel, pigeon.recipient, pigeon.subject) == ("pigeon", "reporter@test.example", mail["Subject"])


async def test_hook_demo_data(app, client):
    report = await load_demo(app.state.runtime)
    assert DEMO_USER in report.created
    signed = (await client.execute(LOGIN, {"e": DEMO_USER.email, "p": DEMO_USER.password})).ok()["login"]
    assert signed["user"] == {"email": DEMO_USER.email}


class TestACoroutineAnsweringNone:
    """An ``async def`` firstresult implementation always wins pluggy's call; when its coroutine resolves to
    ``None``, core's own default answers (the plugins after it are not asked), or core's no-answer rule
    applies where it has no default."""

    @pytest.fixture
    def plugins(self):
        return [loket_test_desk, Undecided()]

    @pytest.fixture
    async def people(self, client, settings, app):
        return await make_people(client, settings, "testdesk")

    async def test_core_defaults_answer(self, people, settings):
        reporter = people["reporter"]
        ticket = await create(reporter, topic="printer", fields={"phone": "+62 812 3456 7890"})
        assert ticket["number"].startswith("TES") and len(ticket["number"]) == 13, "core's numbers, not the desk's"
        detail = (await people["agent"].ok(DETAIL, n=ticket["number"]))["ticket"]
        assert detail["priority"]["slug"] == "normal", "core's default priority, not the desk's rule for printers"
        shown = (await reporter.ok(SHOWN, n=ticket["number"]))["ticket"]
        assert (shown["progress"], shown["ratingForm"]) == (0, {"slug": "stars"})
        rules = (await reporter.ok(DESK, d="testdesk"))["desk"]["attachmentRules"]
        assert "docx" in rules["extensions"] and rules["maxFiles"] == 10
        staged = (await send_file(reporter, STAGE, "invoice.pdf", PDF, desk="testdesk")).ok()
        assert staged["stageAttachment"]["attachment"]["name"] == "invoice.pdf" and len(stored_files(settings)) == 1

    async def test_no_answer_where_core_has_no_default(self, people, client):
        lookup = await people["reporter"].run(LOOKUP, desk="testdesk", kind="asset", key="AT-1234")
        assert lookup.error_codes == ["UNKNOWN_REFERENCE_KIND"]
        sso = await client.execute(LOGIN_EXTERNAL, {"p": "bappenas-sso", "c": "a-token"})
        assert sso.error_codes == ["UNKNOWN_PROVIDER"], "the desk plugin whose provider it is was not asked"
