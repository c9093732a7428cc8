"""Guide statistics: counted only for the desk's own reporters, at most once per person, guide and desk day,
on both databases; a desk's staff get the answer an unknown guide gets."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import pytest

from loket.core import db
from loket.core.models import Desk, DeskAdmin, GuideFeedback
from loket.core.settings import Settings
from tests.databases import BACKENDS, throwaway_database
from tests.people import sign_up
from tests.sla.conftest import WIB, FakeClock

RECORD = """mutation($topic: String!, $guide: String!, $solved: Boolean!) {
  recordGuideOutcome(input: {desk: "reportdesk", topic: $topic, guide: $guide, solved: $solved}) {
    outcome { topic guide solved } } }"""
DEFLECTIONS = """{ guideDeflections(desk: "reportdesk") { solved notSolved byGuide { guide solved notSolved } } }"""
CREATE = """mutation { createTicket(input: {desk: "reportdesk", title: "No wifi", topic: "wifi",
  description: "The wifi drops every minute."}) { ticket { number reporter { email } createdBy { email } } } }"""


@pytest.fixture
def plugins():
    from tests.plugins import loket_report_desk

    return [loket_report_desk]


@pytest.fixture
def clock(app) -> FakeClock:
    fake = FakeClock(datetime(2026, 12, 1, 23, 40, tzinfo=WIB))  # late evening in Jakarta, 16:40 UTC
    app.state.runtime.clock = fake.now
    return fake


@pytest.fixture
async def people(client, settings, app):
    found = {
        "reporter": await sign_up(client, settings, "reporter@guides.example", "Reporter"),
        "colleague": await sign_up(client, settings, "colleague@guides.example", "Colleague"),
        "agent": await sign_up(client, settings, "agent@guides.example", "Agent", teams=(("reportdesk", "l1"),)),
        "expert": await sign_up(client, settings, "expert@guides.example", "Expert", teams=(("reportdesk", "l3"),)),
        "admin": await sign_up(client, settings, "admin@guides.example", "Admin"),
        "superuser": await sign_up(client, settings, "root@guides.example", "Root", superuser=True),
        # an agent of another desk: at this desk, a reporter like anyone else
        "outsider": await sign_up(client, settings, "outsider@guides.example", "Outsider",
                                  teams=(("kemsos", "layanan"),)),
    }
    await DeskAdmin.create(user=found["admin"].user, desk=await Desk.get(slug="reportdesk"))
    return found


async def counts(people) -> dict:
    return (await people["admin"].ok(DEFLECTIONS))["guideDeflections"]


async def test_one_person_counts_once_per_guide_and_day_and_their_last_answer_stands(people, clock):
    reporter = people["reporter"]
    first = await reporter.ok(RECORD, topic="wifi", guide="restart-router", solved=False)
    assert first["recordGuideOutcome"]["outcome"] == {"topic": "wifi", "guide": "restart-router", "solved": False}
    clock.advance(minutes=5)
    for _ in range(5):  # pressing the button again and again the same evening
        await reporter.ok(RECORD, topic="wifi", guide="restart-router", solved=True)
    assert await counts(people) == {"solved": 1, "notSolved": 0,
                                    "byGuide": [{"guide": "restart-router", "solved": 1, "notSolved": 0}]}
    assert await GuideFeedback.all().count() == 1

    # Another guide, and another person, count on their own.
    await reporter.ok(RECORD, topic="account", guide="reset-password", solved=True)
    await people["colleague"].ok(RECORD, topic="wifi", guide="restart-router", solved=False)
    assert (await counts(people))["byGuide"] == [{"guide": "reset-password", "solved": 1, "notSolved": 0},
                                                 {"guide": "restart-router", "solved": 1, "notSolved": 1}]

    # After midnight in Jakarta it is another day of the desk (still the same day in UTC).
    clock.advance(minutes=20)
    assert clock.current.astimezone(WIB).day == 2 and clock.current.astimezone(WIB).utcoffset()
    await reporter.ok(RECORD, topic="wifi", guide="restart-router", solved=False)
    await reporter.ok(RECORD, topic="wifi", guide="restart-router", solved=False)
    assert (await counts(people))["byGuide"][1] == {"guide": "restart-router", "solved": 1, "notSolved": 2}
    stored = await GuideFeedback.filter(user_id=reporter.user.id, guide="restart-router").order_by("day")
    assert [(row.day.isoformat(), row.solved) for row in stored] == [("2026-12-01", True), ("2026-12-02", False)]


async def test_the_desks_staff_are_not_counted_and_hear_of_no_such_guide(people, clock):
    unknown = await people["reporter"].run(RECORD, topic="wifi", guide="no-such-guide", solved=True)
    assert unknown.error_codes == ["UNKNOWN_GUIDE"] and unknown.errors[0]["extensions"]["field"] == "input.guide"
    for role in ("agent", "expert", "admin", "superuser"):
        answer = await people[role].run(RECORD, topic="wifi", guide="restart-router", solved=True)
        assert answer.data is None and answer.error_codes == ["UNKNOWN_GUIDE"], role
        assert answer.errors[0]["extensions"]["field"] == "input.guide"
        assert answer.errors[0]["message"] == "Category 'wifi' has no guide 'restart-router'"
        # ... the same answer whatever they ask for: nothing to learn about the guides from it
        assert (await people[role].run(RECORD, topic="nope", guide="x", solved=True)).error_codes == ["UNKNOWN_GUIDE"]
    assert await GuideFeedback.all().count() == 0

    # An agent of another desk is a reporter here: they file as one, and their answer counts.
    filed = (await people["outsider"].ok(CREATE))["createTicket"]["ticket"]
    assert filed["reporter"]["email"] == filed["createdBy"]["email"] == "outsider@guides.example"
    await people["outsider"].ok(RECORD, topic="wifi", guide="restart-router", solved=True)
    assert (await counts(people))["solved"] == 1


async def test_answers_sent_at_once_by_one_person_count_once(people, clock):
    reporter = people["reporter"]
    answers = await asyncio.gather(*(reporter.run(RECORD, topic="wifi", guide="restart-router", solved=i % 2 == 0)
                                     for i in range(24)))
    assert [a.errors for a in answers if a.errors] == []
    assert {a.status for a in answers} == {200}
    assert await GuideFeedback.filter(user_id=reporter.user.id).count() == 1
    totals = await counts(people)
    assert totals["solved"] + totals["notSolved"] == 1


async def _answers_across_the_migration(url: str, dialect: str) -> list[tuple]:
    from tortoise.migrations.api.migrate import migrate

    from loket.core.models import User

    settings = Settings(database_url=url)
    db.ensure_sqlite_folder(url)
    await db.open_database(settings)
    try:
        await migrate(config=db.tortoise_config(url), target="loket.0010_ticket_search_words")
        desk = await Desk.create(slug="legacy", name="Legacy")
        connection = db.connection()
        # People as the table was at 0010 (today's User model has columns added since).
        marker = "$1, $2" if dialect == "postgres" else "?, ?"
        for email, name in (("one@x.example", "One"), ("two@x.example", "Two")):
            await connection.execute_query(
                "INSERT INTO loket_user (email, display_name, is_superuser, is_active, email_confirmed, created_at) "
                f"VALUES ({marker}, FALSE, TRUE, TRUE, CURRENT_TIMESTAMP)", [email, name])
        one = await User.get(email="one@x.example").only("id")
        two = await User.get(email="two@x.example").only("id")
        moments = [(one, "2026-12-01 08:00:00+00:00", True), (one, "2026-12-01 09:00:00+00:00", False),
                   (one, "2026-12-02 08:00:00+00:00", True), (two, "2026-12-01 10:00:00+00:00", True)]
        for user, moment, solved in moments:
            if dialect == "postgres":
                sql = ("INSERT INTO loket_guide_feedback (desk_id, topic, guide, solved, user_id, created_at) "
                       "VALUES ($1, 'wifi', 'restart-router', $2, $3, $4::timestamptz)")
                await connection.execute_query(sql, [desk.id, solved, user.id, datetime.fromisoformat(moment)])
            else:
                sql = ("INSERT INTO loket_guide_feedback (desk_id, topic, guide, solved, user_id, created_at) "
                       "VALUES (?, 'wifi', 'restart-router', ?, ?, ?)")
                await connection.execute_query(sql, [desk.id, int(solved), user.id, moment])
        await migrate(config=db.tortoise_config(url))
        rows = await GuideFeedback.all().order_by("id").values_list("user_id", "day", "solved")
        return [(user_id == one.id, day.isoformat(), solved) for user_id, day, solved in rows]
    finally:
        await db.close_database()


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_migration_keeps_the_latest_answer_of_each_person_guide_and_day(backend: str, tmp_path: Path):
    with throwaway_database(backend, tmp_path) as url:
        rows = asyncio.run(_answers_across_the_migration(url, backend))
    # one's two answers of Dec 1: the latest (not solved) stays; Dec 2 and two's answer are untouched.
    assert rows == [(True, "2026-12-01", False), (True, "2026-12-02", True), (False, "2026-12-01", True)]
