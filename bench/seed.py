"""Fill a PostgreSQL database with realistic tickets for benchmarks.

    .venv/bin/python bench/seed.py [--tickets 1000000] [--database NAME | --url URL] [--replace] [--workers 2]

Creates the database (default: a new ``loket_bench_xxxxxxxx`` on 127.0.0.1:5432, kept afterwards; its URL is
printed last), applies ``loket migrate`` and ``loket demo`` (the bundled desks, their teams and demo accounts,
through the same code a deployment uses), adds agents to every team and a population of reporters, then
writes N tickets spread over the desks and about two years, each with the history the services would have
written: its events with per-ticket ``seq`` (created, taken, replies, internal notes, feedback requests and
answers, escalations or transfers, SLA exceptions, SLA warnings and breaches, resolutions, reopenings,
confirmations, closings by the reporter or by timers, ratings), its conversation, its SLA clocks and their
segments, pending timers of the tickets still open, the rating-form answers of the desks, and the numbers
the desks' own ``ticket_number`` hooks give (with their counters); and reporters' answers to the desks'
self-service guides (deflections).

Tickets are generated in Python by worker processes and written with COPY; the secondary indexes of the
bulk tables are dropped during the load and rebuilt afterwards.

Seeded accounts: ``agent.<desk>.<team>.<n>@seed.loket.example`` (n from 1; 24 per tier-1 team, 8 per tier 2,
4 per tier 3 at 1,000,000 tickets, scaled with the count) and ``reporter.<n>@seed.loket.example``, all with
the password ``SEED_PASSWORD``; ``loket demo``'s accounts are there too. Other benchmarks call
``seed_database(url, tickets)`` (bench/harness.py ``seeded()`` seeds a named database once and reuses it).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import multiprocessing
import random
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import pg  # noqa: E402
from tests.server_process import LOKET, loket_env  # noqa: E402

# The statement migration 0010 fills tickets' search words with (a module name starting with a digit).
SEARCH_WORDS_BACKFILL = importlib.import_module("loket.core.migrations.0010_ticket_search_words").BACKFILL

SEED_PASSWORD = "bench-password-not-secret"
SEED_DOMAIN = "seed.loket.example"
DEFAULT_TICKETS = 1_000_000
SPAN_DAYS = 730
CHUNK_DAYS = 10
MAX_EVENTS = 96  # id block reserved per ticket for events (a ticket's history stays far below)
MAX_MESSAGES = 64
MAX_SEGMENTS = 64
MAX_TIMERS = 6
# Share of tickets per desk (a desk missing from a deployment is left out; an unknown desk gets 10).
DESK_WEIGHTS = {"lpse-support": 55, "kemsos": 20, "helpus": 15, "lpse-kota-bogor": 10}
# Agents per team: tier-1 teams of the big desk are large, higher tiers small.
AGENTS_PER_TIER = {1: 24, 2: 8, 3: 4}
REPORTERS_PER_1000_TICKETS = 40
# Self-service guide outcomes at desks with guides: per ticket of the desk, and the share that solved it.
GUIDE_OUTCOMES_PER_TICKET = 0.5
GUIDE_SOLVED_SHARE = 0.6
JAKARTA = ZoneInfo("Asia/Jakarta")
BULK_TABLES = ("loket_ticket", "loket_ticket_event", "loket_message", "loket_sla_clock", "loket_sla_segment",
               "loket_rating", "loket_timer")

PROBLEMS = [
    "tidak bisa login setelah ganti password", "halaman error 500 saat unggah dokumen",
    "tombol kirim penawaran tidak muncul", "data tidak tersimpan setelah klik simpan",
    "jadwal tahapan tidak bisa diubah", "notifikasi email tidak masuk", "akun terkunci",
    "gagal verifikasi berkas", "aplikasi lambat sekali sejak pagi", "dokumen tidak bisa diunduh",
    "status paket tidak berubah", "muncul pesan sesi berakhir terus", "salah input data, mohon dikoreksi",
    "permintaan reset akun", "koneksi terputus saat proses upload",
]
DETAILS = [
    "Sudah saya coba di beberapa browser (Chrome dan Firefox) dan hasilnya sama.",
    "Mohon bantuannya karena batas waktu tahapan sudah dekat.",
    "Terlampir tangkapan layar pesan error yang muncul.",
    "Masalah ini terjadi sejak kemarin sore setelah pembaruan aplikasi.",
    "Sudah membersihkan cache dan cookies tetapi tetap tidak berhasil.",
    "Pengguna lain di kantor kami mengalami hal yang sama.",
]
AGENT_REPLIES = [
    "Terima kasih atas laporannya, kami sedang memeriksa kendala yang Bapak/Ibu alami.",
    "Mohon coba kembali setelah membersihkan cache browser, lalu kabari kami hasilnya.",
    "Kendala sudah kami teruskan ke tim teknis untuk diperiksa lebih lanjut.",
    "Kami sudah melakukan perbaikan data, silakan dicoba kembali.",
]
FEEDBACK_REQUESTS = [
    "Mohon lampirkan tangkapan layar pesan error dan kode paket yang dimaksud.",
    "Mohon informasikan browser dan versi yang digunakan serta waktu kejadian.",
    "Mohon kirimkan dokumen pendukung yang belum lengkap agar dapat kami proses.",
]
REPORTER_REPLIES = [
    "Baik, terima kasih. Berikut saya lampirkan informasi yang diminta.",
    "Sudah saya coba sesuai arahan namun masih muncul pesan yang sama.",
    "Apakah ada perkembangan untuk laporan saya? Terima kasih.",
]
NOTES = [
    "Sudah dicek di log server, ada timeout pada layanan penyimpanan berkas.",
    "Pelapor sudah dihubungi lewat telepon, menunggu kiriman dokumen.",
    "Kemungkinan terkait pembaruan versi minggu lalu, perlu dicek tim teknis.",
]
HANDOVERS = [
    "Mohon ditindaklanjuti, kendala di luar kewenangan kami dan memerlukan akses server.",
    "Diteruskan karena membutuhkan perbaikan data di basis data pusat.",
]
RESOLUTIONS = [
    "Data sudah kami perbaiki dan akun sudah dapat digunakan kembali. Silakan dicoba.",
    "Kendala disebabkan sesi yang kedaluwarsa; sudah kami reset dan berfungsi normal.",
    "Berkas sudah terverifikasi dan status sudah diperbarui di aplikasi.",
]
NOT_SOLVED = [
    "Belum berhasil, masih muncul pesan error yang sama saat saya coba pagi ini.",
    "Masalah muncul lagi setelah saya login ulang, mohon dicek kembali.",
]
RATING_MESSAGES = ["Terima kasih, sangat membantu.", "Penanganan cepat dan jelas.", "", "Semoga lebih cepat lagi."]
NAMES = ["Budi", "Siti", "Agus", "Dewi", "Rina", "Andi", "Yusuf", "Wulan", "Hendra", "Lestari", "Rudi", "Ayu",
         "Fajar", "Indah", "Bayu", "Putri", "Joko", "Maya", "Eko", "Nur"]
SURNAMES = ["Santoso", "Wijaya", "Saputra", "Hidayat", "Kurniawan", "Lestari", "Pratama", "Rahmawati",
            "Siregar", "Nasution", "Simanjuntak", "Harahap", "Gunawan", "Setiawan"]


# ---------------------------------------------------------------------------------------------------------
# The plan: plain data every worker process reads (inherited by fork)


@dataclass
class DeskPlan:
    id: int
    slug: str
    weight: int
    intake_team: int
    teams: dict[int, dict]  # team id -> {"tier", "next": team id or None, "peers": [team ids]}
    agents: dict[int, list[int]]  # team id -> agent ids
    topics: list[tuple[int | None, str | None, str, str | None, int]]  # (topic id, application, name, version, team)
    channels: list[str]
    reporter_categories: list[str]
    origins: list[str]
    title_max: int
    fields: list[dict]  # {"key", "kind", "required", "choices", "pattern"}
    priorities: dict[tuple, tuple[str | None, str]]  # (topic id, variant) -> (priority, reason)
    policies: dict[tuple, tuple[int | None, int | None, int | None]]  # (topic id, priority) -> seconds
    feedback_timeout: int | None
    confirmation_window: int | None
    pause_reasons: list[str]
    rating: dict | None  # {"slug", "questions": [...]}
    escalation_rate: float
    transfer: bool
    guides: list[tuple[str, str]] = field(default_factory=list)  # (topic slug, guide key) of self-service guides


@dataclass
class Plan:
    desks: list[DeskPlan]
    reporters: list[int]
    now: datetime
    first_ticket_id: int
    first_event_id: int
    first_message_id: int
    first_clock_id: int
    first_segment_id: int
    first_rating_id: int
    first_timer_id: int
    skeleton: list[tuple] = field(default_factory=list)  # per ticket: (created_at, desk index, channel, by_agent, number)


PLAN: Plan | None = None


def _seconds(value) -> int | None:
    if value is not None and not isinstance(value, timedelta):
        value = value.length()  # a Duration of calendar time (working time is not seeded)
    return int(value.total_seconds()) if value is not None else None


def _after(spec, action: str) -> int | None:
    """Seconds after which the desk's workflow takes the system action ``action`` (a timed transition, or a
    window ending with it), when the desk has one."""
    workflow = spec.workflow
    if workflow is None:
        return None
    for transition in workflow.transitions:
        if transition.action == action:
            return _seconds(transition.after)
    for window in workflow.windows:
        if window.then == action:
            return _seconds(window.within)
    return None


async def build_plan(url: str, count: int, now: datetime, rng: random.Random) -> Plan:
    """Read the desks from the plugins (as the server does) and add agents and reporters."""
    from loket.core import db
    from loket.core.auth.passwords import hash_password
    from loket.core.desks.sync import collect_desk_specs, sync_desks
    from loket.core.plugin_types import TicketDraft, label
    from loket.core.plugins import first_answer, get_plugin_manager
    from loket.core.runtime import Runtime
    from loket.core.settings import Settings
    from loket.core.tickets.create import decide_priority

    settings = Settings(database_url=url, plugins="all")
    pm = get_plugin_manager(settings)
    await db.open_database(settings)
    rt = Runtime(settings=settings, pm=pm)
    await rt.start()
    rt.desks = await sync_desks(await collect_desk_specs(pm, settings))
    connection = await asyncpg.connect(url)
    try:
        password_hash = await hash_password(SEED_PASSWORD)
        people = await _add_people(connection, rt, count, password_hash, rng)
        desks = []
        for desk in rt.desks:
            spec = desk.spec
            teams = {}
            for team in spec.teams:
                team_id = desk.team_ids[team.slug]
                higher = [t for t in spec.teams if t.tier > team.tier]
                next_slug = team.escalates_to or (min(higher, key=lambda t: t.tier).slug if higher else None)
                teams[team_id] = {"tier": team.tier, "next": desk.team_ids[next_slug] if next_slug else None,
                                  "peers": [desk.team_ids[t.slug] for t in spec.teams
                                            if t.tier == team.tier and t.slug != team.slug]}
            topics = []
            children = {parent.slug for _, parent, _ in spec.walk_topics() if parent}
            for topic, _parent, _depth in spec.walk_topics():
                if topic.slug in children:
                    continue  # tickets sit on leaves
                path = desk.topic_path(topic.slug)
                applications = next((desk.topic(s).applications for s in reversed(path) if desk.topic(s).applications),
                                    ())
                application = None
                if spec.applications:
                    allowed = [a for a in spec.applications if not applications or a.slug in applications]
                    application = allowed[0] if allowed else None
                version = application.versions[-1] if application and application.versions else None
                team = desk.team_ids[desk.team_for_new_ticket(topic.slug).slug]
                topics.append((desk.topic_ids[topic.slug], application.slug if application else None,
                               label(topic.name, spec.language), version, team))
            if not topics:
                topics = [(None, None, spec.name, None, desk.team_ids[spec.intake_team().slug])]
            field_specs = [{"key": f.key, "kind": f.kind, "required": f.required, "choices": list(f.choices),
                            "pattern": f.pattern, "max": f.max_length, "topics": list(f.topics)}
                           for f in spec.fields if not f.agent_only]
            priorities, policies = {}, {}
            slug_of_topic = {v: k for k, v in desk.topic_ids.items()}
            for topic_id, application, _name, version, _team in topics:
                topic_slug = slug_of_topic.get(topic_id)
                for variant in range(4):
                    fields = _fields(field_specs, topic_slug, desk, random.Random(variant), variant, now)
                    draft = TicketDraft(desk=spec.slug, title="x", description="x",
                                        topic_path=desk.topic_path(topic_slug) if topic_slug else (),
                                        application=application, application_version=version, fields=fields,
                                        channel="web", reporter_category=None, origin=None, by_agent=False)
                    priority, reason = await decide_priority(rt, desk, draft)
                    priorities[(topic_id, variant)] = (priority, reason, fields)
                    if (topic_id, priority) not in policies:
                        policy = pm.hook.sla_policy(desk=spec, ticket=draft)
                        if policy is not None and any(d is not None and d.working for d in (
                                policy.first_response, policy.resolution, policy.warn_before)):
                            raise SystemExit(f"desk {spec.slug} counts SLA time in a calendar: not seeded yet")
                        policies[(topic_id, priority)] = (
                            _seconds(policy.first_response) if policy else None,
                            _seconds(policy.resolution) if policy else None,
                            _seconds(policy.warn_before) if policy else None)
            draft = TicketDraft(desk=spec.slug, title="x", description="x", topic_path=(), application=None,
                                application_version=None, fields={}, channel="web", reporter_category=None,
                                origin=None, by_agent=False)
            form = await first_answer(pm.hook.rating_form, desk=spec, ticket=draft)
            rating = None if form is None else {"slug": form.slug, "questions": [
                {"key": q.key, "kind": q.kind, "required": q.required, "min": q.minimum, "max": q.maximum,
                 "choices": list(q.choices), "tags": {int(k): list(v) for k, v in q.tags_by_stars.items()}}
                for q in form.questions]}
            tier_one = [t for t in spec.teams if t.tier == 1]
            desks.append(DeskPlan(
                id=desk.id, slug=spec.slug, weight=DESK_WEIGHTS.get(spec.slug, 10),
                intake_team=desk.team_ids[spec.intake_team().slug], teams=teams, agents=people["agents"],
                topics=topics, channels=list(spec.channels), reporter_categories=list(spec.reporter_categories),
                origins=list(spec.origins), title_max=spec.title_max_length, fields=field_specs,
                priorities=priorities, policies=policies, feedback_timeout=_after(spec, "auto_close"),
                confirmation_window=_after(spec, "auto_complete"),
                pause_reasons=[p.slug for p in spec.pause_reasons], rating=rating,
                escalation_rate=0.3 if any(t.tier > 1 for t in spec.teams) else (0.15 if len(tier_one) > 1 else 0),
                transfer=not any(t.tier > 1 for t in spec.teams) and len(tier_one) > 1,
                guides=[(topic.slug, guide.key) for topic, _parent, _depth in spec.walk_topics()
                        for guide in topic.guides]))
        ids = {}
        for table in BULK_TABLES:
            ids[table] = (await connection.fetchval(f"SELECT coalesce(max(id), 0) FROM {table}")) + 1
        plan = Plan(desks=desks, reporters=people["reporters"], now=now,
                    first_ticket_id=ids["loket_ticket"], first_event_id=ids["loket_ticket_event"],
                    first_message_id=ids["loket_message"], first_clock_id=ids["loket_sla_clock"],
                    first_segment_id=ids["loket_sla_segment"], first_rating_id=ids["loket_rating"],
                    first_timer_id=ids["loket_timer"])
        plan.skeleton, counters = await _skeleton(connection, rt, plan, count, rng)
        await _store_counters(connection, counters)
        return plan
    finally:
        await connection.close()
        await db.close_database()


def _fields(specs: list[dict], topic_slug: str | None, desk, rng: random.Random, variant: int, now: datetime) -> dict:
    """Values for the desk's extra fields, as a reporter would fill them (``variant`` 0 leaves optional ones out)."""
    path = set(desk.topic_path(topic_slug)) if topic_slug else set()
    asked = {s.key for s in desk.fields_for(topic_slug)}
    values = {}
    for spec in specs:
        if spec["key"] not in asked or (spec["topics"] and not path & set(spec["topics"])):
            continue
        if not spec["required"] and variant == 0:
            continue
        kind, key = spec["kind"], spec["key"]
        if spec["choices"]:
            value = spec["choices"][variant % len(spec["choices"])]
        elif kind == "integer":
            value = now.year - variant % 2
        elif kind in ("money", "number"):
            value = str([150_000_000, 2_500_000_000, 45_000_000, 800_000_000][variant])
        elif kind == "date":
            value = (now.date() + timedelta(days=[2, 10, 1, 30][variant])).isoformat()
        elif kind == "boolean":
            value = variant % 2 == 0
        elif kind == "phone":
            value = f"08123456{variant:04d}"
        elif kind == "email":
            value = f"kontak{variant}@{SEED_DOMAIN}"
        elif spec["pattern"] and "0-9" in spec["pattern"]:
            value = f"{1000000 + variant * 7919}"
        else:
            value = f"{key.replace('_', ' ')} {variant + 1}"
        if spec["max"] and isinstance(value, str):
            value = value[: spec["max"]]
        values[key] = value
    return values


async def _add_people(connection, rt, count: int, password_hash: str, rng: random.Random) -> dict:
    """Agents in every team (scaled with the ticket count) and reporters, all with ``SEED_PASSWORD``."""
    scale = max(0.25, min(4.0, count / 1_000_000))
    now = datetime.now(UTC)
    users, memberships = [], []
    agents: dict[int, list[str]] = {}
    for desk in rt.desks:
        for team in desk.spec.teams:
            team_id = desk.team_ids[team.slug]
            size = max(2, round(AGENTS_PER_TIER.get(team.tier, 3) * scale))
            emails = [f"agent.{desk.slug}.{team.slug}.{n}@{SEED_DOMAIN}" for n in range(1, size + 1)]
            agents[team_id] = emails
            users.extend((email, _name(rng)) for email in emails)
    reporter_emails = [f"reporter.{n}@{SEED_DOMAIN}" for n in range(1, max(50, count * REPORTERS_PER_1000_TICKETS // 1000) + 1)]
    users.extend((email, _name(rng)) for email in reporter_emails)
    existing = {row["email"] for row in await connection.fetch(
        "SELECT email FROM loket_user WHERE email LIKE $1", f"%@{SEED_DOMAIN}")}
    await connection.copy_records_to_table(
        "loket_user", columns=["email", "display_name", "password_hash", "is_superuser", "is_active",
                               "email_confirmed", "language", "created_at"],
        records=[(email, name, password_hash, False, True, True, "id", now) for email, name in users
                 if email not in existing])
    ids = {row["email"]: row["id"] for row in await connection.fetch(
        "SELECT id, email FROM loket_user WHERE email LIKE $1", f"%@{SEED_DOMAIN}")}
    for team_id, emails in agents.items():
        memberships.extend((ids[email], team_id, now) for email in emails)
    await connection.executemany(
        "INSERT INTO loket_team_membership (user_id, team_id, created_at) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING", memberships)
    return {"agents": {team_id: [ids[e] for e in emails] for team_id, emails in agents.items()},
            "reporters": [ids[e] for e in reporter_emails]}


def _name(rng: random.Random) -> str:
    return f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}"


async def _skeleton(connection, rt, plan: Plan, count: int, rng: random.Random):
    """When each ticket was opened, at which desk, through which channel, and the number its desk's
    ``ticket_number`` hook gives it (counters continue from those stored; colliding numbers are asked again)."""
    from loket.core.plugin_types import TicketDraft
    from loket.core.plugins import first_answer

    counters: dict[tuple[int, str], int] = {
        (row["desk_id"], row["scope"]): row["value"]
        for row in await connection.fetch("SELECT desk_id, scope, value FROM loket_ticket_counter")}
    taken = {row["number"] for row in await connection.fetch("SELECT number FROM loket_ticket")}
    start = plan.now - timedelta(days=SPAN_DAYS)
    span = (plan.now - timedelta(minutes=5) - start).total_seconds()
    # Weekdays are busier than weekends, office hours busier than nights (UTC+7).
    moments = []
    while len(moments) < count:
        offset = rng.random() * span
        moment = start + timedelta(seconds=offset)
        local = moment + timedelta(hours=7)
        weight = (1.0 if local.weekday() < 5 else 0.25) * (1.0 if 8 <= local.hour < 17 else 0.2)
        if rng.random() < weight:
            moments.append(offset)
    moments.sort()
    weights = [desk.weight for desk in plan.desks]
    drafts = {}
    skeleton = []
    for offset in moments:
        created = start + timedelta(seconds=offset)
        index = rng.choices(range(len(plan.desks)), weights)[0]
        desk_plan = plan.desks[index]
        by_agent = rng.random() < 0.12
        channel = "web"
        if by_agent and len(desk_plan.channels) > 1:
            channel = rng.choice(desk_plan.channels)
        key = (index, channel, by_agent)
        if key not in drafts:
            drafts[key] = TicketDraft(desk=desk_plan.slug, title="x", description="x", topic_path=(),
                                      application=None, application_version=None, fields={}, channel=channel,
                                      reporter_category=None, origin=None, by_agent=by_agent)
        desk = rt.desks.by_id(desk_plan.id)

        async def sequence(scope: str, desk_id=desk_plan.id) -> int:
            counters[(desk_id, scope)] = counters.get((desk_id, scope), 0) + 1
            return counters[(desk_id, scope)]

        for _attempt in range(20):
            number = await first_answer(rt.pm.hook.ticket_number, desk=desk.spec, ticket=drafts[key], now=created,
                                        sequence=sequence)
            if number not in taken:
                break
        else:
            raise SystemExit(f"desk {desk_plan.slug} keeps giving numbers already taken")
        taken.add(number)
        skeleton.append((created, index, channel, by_agent, number))
    return skeleton, counters


async def _store_counters(connection, counters: dict[tuple[int, str], int]) -> None:
    await connection.executemany(
        "INSERT INTO loket_ticket_counter (desk_id, scope, value) VALUES ($1, $2, $3) "
        "ON CONFLICT (desk_id, scope) DO UPDATE SET value = GREATEST(loket_ticket_counter.value, EXCLUDED.value)",
        [(desk_id, scope[:64], value) for (desk_id, scope), value in counters.items()])


# ---------------------------------------------------------------------------------------------------------
# One ticket's life, as the services would have recorded it


PAUSE_FOR_STATUS = {"waiting_on_reporter": "waiting_on_reporter", "resolved": "resolved"}
INTERNAL_KINDS = {"note_added", "sla_warning", "sla_breached"}  # handovers: public event, internal message


class Life:
    """Simulates one ticket from its creation to ``now``: events, messages, clocks, segments, timers."""

    def __init__(self, plan: Plan, desk: DeskPlan, rng: random.Random, ticket_id: int, ids: dict[str, int]):
        self.plan, self.desk, self.rng, self.ids = plan, desk, rng, ids
        self.ticket_id = ticket_id
        self.events, self.messages, self.segments, self.timers = [], [], [], []
        self.clocks: dict[str, dict] = {}
        self.seq = 0
        self.finished = False

    def next_id(self, kind: str) -> int:
        value = self.ids[kind]
        self.ids[kind] += 1
        return value

    # --- clocks (mirrors loket.core.sla.clocks) -----------------------------------------------------------

    def start_clocks(self, t: datetime, first: int | None, resolution: int | None, warn: int | None) -> None:
        self.warn = warn
        for kind, target in (("first_response", first), ("resolution", resolution)):
            if target is None:
                continue
            clock = {"id": self.next_id("clock"), "kind": kind, "target": target, "state": "running", "used": 0,
                     "since": t, "due": t + timedelta(seconds=target), "warned": None, "breached": None,
                     "stopped": None, "open": None}
            self.clocks[kind] = clock
            self._open(clock, "running", "started", t)

    def _open(self, clock: dict, state: str, reason: str, t: datetime, note: str = "") -> None:
        segment = [self.next_id("segment"), clock["id"], state, reason, note, t, None]
        self.segments.append(segment)
        clock["open"] = segment

    def _close(self, clock: dict, t: datetime, note: str | None = None) -> None:
        segment = clock["open"]
        if segment is not None:
            segment[6] = t
            if note is not None:
                segment[4] = note
            clock["open"] = None

    def _pause(self, clock: dict, reason: str, t: datetime, note: str = "") -> None:
        clock["used"] += int((t - clock["since"]).total_seconds())
        clock["state"], clock["since"], clock["due"] = "paused", None, None
        self._close(clock, t)
        self._open(clock, "paused", reason, t, note)

    def _resume(self, clock: dict, reason: str, t: datetime) -> None:
        clock["state"], clock["since"] = "running", t
        clock["due"] = t + timedelta(seconds=max(0, clock["target"] - clock["used"]))
        self._close(clock, t)
        self._open(clock, "running", reason, t)

    def _stop(self, clock: dict, reason: str, t: datetime) -> None:
        if clock["state"] == "running":
            clock["used"] += int((t - clock["since"]).total_seconds())
        clock["state"], clock["since"], clock["stopped"] = "stopped", None, t
        if clock["used"] > clock["target"] and clock["breached"] is None:
            clock["breached"] = t
        self._close(clock, t, note=reason)

    def fire_clock_timers(self, until: datetime, ticket: dict) -> None:
        """SLA warnings and breaches the timer runner would have fired before ``until``."""
        while True:
            due = []
            for clock in self.clocks.values():
                if clock["state"] != "running" or clock["breached"] is not None:
                    continue
                if clock["warned"] is None and self.warn and self.warn < clock["target"]:
                    lead = clock["target"] - self.warn - clock["used"]
                    due.append((clock["since"] + timedelta(seconds=max(0, lead)), "sla_warning", clock))
                due.append((clock["due"], "sla_breach", clock))
            due = [d for d in due if d[0] <= until]
            if not due:
                return
            at, kind, clock = min(due, key=lambda d: d[0])
            payload = {"rule": kind, "clock": clock["kind"], "due_at": clock["due"].isoformat()}
            if kind == "sla_warning":
                clock["warned"] = at
                self.event(ticket, at, "sla_warning", None, payload=payload)
            else:
                clock["breached"] = at
                ticket["sla_breached"] = True
                self.event(ticket, at, "sla_breached", None, payload=payload)

    def clocks_react(self, ticket: dict, kind: str, from_status: str, t: datetime, payload: dict) -> None:
        if not self.clocks:
            return
        first, resolution = self.clocks.get("first_response"), self.clocks.get("resolution")
        if first and first["state"] != "stopped" and ticket["first_response_at"] is not None:
            self._stop(first, "responded", t)
        if ticket["status"] == "closed":
            for clock in self.clocks.values():
                if clock["state"] != "stopped":
                    self._stop(clock, ticket["close_reason"] or "closed", t)
        elif resolution and resolution["state"] != "stopped":
            status_reason = PAUSE_FOR_STATUS.get(ticket["status"])
            if kind == "sla_paused":
                self._pause(resolution, payload["reason"], t, payload.get("note", ""))
            elif kind == "sla_resumed" and resolution["state"] == "paused":
                self._resume(resolution, "exception_lifted", t)
            elif status_reason and resolution["state"] == "running":
                self._pause(resolution, status_reason, t)
            elif (resolution["state"] == "paused" and from_status in PAUSE_FOR_STATUS and not status_reason
                  and resolution["open"] and resolution["open"][3] == PAUSE_FOR_STATUS[from_status]):
                self._resume(resolution, "feedback_given" if from_status == "waiting_on_reporter" else "reopened", t)

    # --- events --------------------------------------------------------------------------------------------

    def event(self, ticket: dict, t: datetime, kind: str, actor: int | None, *, to_status: str | None = None,
              to_team: int | None = None, message: tuple[str, str, bool] | None = None, payload: dict | None = None,
              updates: dict | None = None) -> None:
        self.seq += 1
        from_status, from_team = ticket["status"], ticket["team_id"]
        message_id = None
        if message is not None:
            body, purpose, internal = message
            message_id = self.next_id("message")
            self.messages.append((message_id, self.ticket_id, actor, "internal" if internal else "public", purpose,
                                  body, t))
        if to_status is not None:
            if to_status != ticket["status"]:
                ticket["status_since"] = t
            ticket["status"] = to_status
        if to_team is not None:
            ticket["team_id"] = to_team
        ticket.update(updates or {})
        ticket["version"], ticket["updated_at"] = self.seq, t
        internal = kind in INTERNAL_KINDS
        self.events.append((self.next_id("event"), self.ticket_id, self.seq, actor, kind,
                            from_status if kind != "created" else None, ticket["status"],
                            from_team if kind != "created" else None, ticket["team_id"], message_id,
                            "internal" if internal else "public", json.dumps(payload or {}), t))
        if kind != "created":
            self.clocks_react(ticket, kind, from_status, t, payload or {})


def live(plan: Plan, desk: DeskPlan, rng: random.Random, ticket: dict, life: Life) -> None:
    """The ticket's story, cut at ``now``: what a desk's agents and the reporter do, with realistic delays."""
    now = plan.now
    reporter = ticket["reporter_id"]
    t = ticket["created_at"]
    hours = lambda mean: timedelta(seconds=rng.expovariate(1 / (mean * 3600)))  # noqa: E731

    def at(delay: timedelta) -> bool:
        nonlocal t
        if t + delay > now:
            life.fire_clock_timers(now, ticket)
            return False
        life.fire_clock_timers(t + delay, ticket)
        t = t + delay
        return True

    def agent_of(team_id: int) -> int:
        return rng.choice(desk.agents[team_id])

    def first_response() -> dict:
        return {} if ticket["first_response_at"] else {"first_response_at": t}

    def take() -> int | None:
        if not at(hours(2 if ticket["status"] == "new" else 1)):
            return None
        agent = agent_of(ticket["team_id"])
        life.event(ticket, t, "taken", agent, to_status="in_progress", updates={"assignee_id": agent, "taken_at": t})
        return agent

    def work(agent: int) -> bool:
        """Replies, notes, feedback requests; False when the story ends (cut at now, or closed)."""
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            roll = rng.random()
            if roll < 0.35:
                if not at(hours(3)):
                    return False
                life.event(ticket, t, "replied", agent, message=(rng.choice(AGENT_REPLIES), "reply", False),
                           updates=first_response())
            elif roll < 0.55:
                if not at(hours(1)):
                    return False
                life.event(ticket, t, "note_added", agent, message=(rng.choice(NOTES), "note", True))
            elif roll < 0.85:
                if not at(hours(2)):
                    return False
                life.event(ticket, t, "feedback_requested", agent, to_status="waiting_on_reporter",
                           message=(rng.choice(FEEDBACK_REQUESTS), "feedback_request", False), updates=first_response())
                answer = hours(20) if rng.random() < 0.9 else timedelta(days=30)
                if desk.feedback_timeout and answer.total_seconds() > desk.feedback_timeout:
                    if not at(timedelta(seconds=desk.feedback_timeout)):
                        return False
                    life.event(ticket, t, "auto_closed", None, to_status="closed",
                               payload={"rule": "auto_close", "action": "auto_close"},
                               updates={"closed_at": t, "close_reason": "no_feedback"})
                    return False
                if not at(answer):
                    return False
                life.event(ticket, t, "feedback_given", reporter, to_status="in_progress",
                           message=(rng.choice(REPORTER_REPLIES), "feedback", False))
            elif roll < 0.95:
                if not at(hours(6)):
                    return False
                life.event(ticket, t, "replied", reporter, message=(rng.choice(REPORTER_REPLIES), "reply", False))
            elif desk.pause_reasons and "resolution" in life.clocks and life.clocks["resolution"]["state"] == "running":
                if not at(hours(1)):
                    return False
                reason = rng.choice(desk.pause_reasons)
                life.event(ticket, t, "sla_paused", agent, payload={"reason": reason, "note": ""})
                if not at(hours(30)):
                    return False
                life.event(ticket, t, "sla_resumed", agent, payload={"reason": reason})
        return True

    if rng.random() < 0.02:  # the reporter gives up before anyone takes it
        if at(hours(5)):
            life.event(ticket, t, "force_closed", reporter, to_status="closed",
                       updates={"closed_at": t, "close_reason": "force_closed"})
        return
    agent = take()
    if agent is None or not work(agent) or ticket["status"] == "closed":
        return
    if rng.random() < desk.escalation_rate:
        team = desk.teams[ticket["team_id"]]
        target = team["next"] if not desk.transfer else (rng.choice(team["peers"]) if team["peers"] else None)
        if target is not None:
            if not at(hours(4)):
                return
            kind, purpose = ("transferred", "transferred") if desk.transfer else ("escalated", "escalated")
            life.event(ticket, t, kind, agent, to_status="new", to_team=target,
                       message=(rng.choice(HANDOVERS), purpose, True), updates={"assignee_id": None})
            agent = take()
            if agent is None or not work(agent) or ticket["status"] == "closed":
                return
    for _round in range(3):
        if not at(hours(8)):
            return
        life.event(ticket, t, "resolved", agent, to_status="resolved",
                   message=(rng.choice(RESOLUTIONS), "resolution", False),
                   updates={"resolved_at": t, **first_response()})
        roll = rng.random()
        answer = hours(12) if roll < 0.97 else timedelta(days=400)
        if desk.confirmation_window and answer.total_seconds() > desk.confirmation_window:
            if not at(timedelta(seconds=desk.confirmation_window)):
                return
            life.event(ticket, t, "auto_completed", None, to_status="closed",
                       payload={"rule": "auto_complete", "action": "auto_complete"},
                       updates={"closed_at": t, "close_reason": "completed"})
            break
        if not at(answer):
            return
        if roll < 0.08:
            life.event(ticket, t, "reopened", reporter, to_status="in_progress",
                       message=(rng.choice(NOT_SOLVED), "not_solved", False), updates={"resolved_at": None})
            if not work(agent) or ticket["status"] == "closed":
                return
            continue
        life.event(ticket, t, "confirmed", reporter, to_status="closed",
                   updates={"closed_at": t, "close_reason": "confirmed"})
        break
    else:
        return
    if desk.rating and rng.random() < 0.45 and at(hours(10)):
        answers, stars = rating_answers(desk.rating, rng)
        ticket["rating"] = (desk.rating["slug"], json.dumps(answers), stars, reporter, t)
        life.event(ticket, t, "rated", reporter, payload={"form": desk.rating["slug"], "stars": stars})


def rating_answers(form: dict, rng: random.Random) -> tuple[dict, int | None]:
    answers, stars = {}, None
    for question in form["questions"]:
        if question["kind"] == "stars":
            value = rng.choices(range(question["min"], question["max"] + 1),
                                [1, 1, 3, 8, 12][: question["max"] - question["min"] + 1])[0]
            answers[question["key"]] = value
            stars = value if stars is None else stars
    for question in form["questions"]:
        kind = question["kind"]
        if kind == "scale":
            choices = question["choices"]
            answers[question["key"]] = rng.choices(choices, [1] * (len(choices) - 2) + [4, 3])[0] \
                if len(choices) > 2 else rng.choice(choices)
        elif kind == "tags":
            offered = question["tags"].get(stars, []) if question["tags"] else question["choices"]
            if offered and (question["required"] or rng.random() < 0.7):
                answers[question["key"]] = rng.sample(offered, k=min(len(offered), rng.randint(1, 3)))
        elif kind == "text" and (question["required"] or rng.random() < 0.4):
            answers[question["key"]] = rng.choice(RATING_MESSAGES)
    return answers, stars


# ---------------------------------------------------------------------------------------------------------
# Worker processes: a chunk of tickets generated and copied


TICKET_COLUMNS = ["id", "number", "desk_id", "topic_id", "application", "application_version", "title",
                  "description", "reporter_id", "created_by_id", "channel", "reporter_category", "origin", "status",
                  "status_category", "status_since", "team_id", "assignee_id", "priority", "priority_reason", "fields", "version", "created_at",
                  "updated_at", "taken_at", "first_response_at", "resolved_at", "closed_at", "close_reason",
                  "sla_due_at", "sla_breached"]
EVENT_COLUMNS = ["id", "ticket_id", "seq", "actor_id", "kind", "from_status", "to_status", "from_team_id",
                 "to_team_id", "message_id", "visibility", "payload", "created_at"]
MESSAGE_COLUMNS = ["id", "ticket_id", "author_id", "visibility", "purpose", "body", "created_at"]
CLOCK_COLUMNS = ["id", "ticket_id", "kind", "target_seconds", "working_time", "state", "used_seconds",
                 "running_since", "due_at", "warned_at", "breached_at", "stopped_at"]
SEGMENT_COLUMNS = ["id", "clock_id", "state", "reason", "note", "started_at", "ended_at"]
RATING_COLUMNS = ["id", "ticket_id", "form", "answers", "stars", "rated_by_id", "created_at"]
TIMER_COLUMNS = ["id", "ticket_id", "kind", "due_at", "status", "expect_status", "payload", "armed_at"]


def generate(plan: Plan, first: int, last: int, seed: int) -> dict[str, list[tuple]]:
    """Rows for tickets ``first`` .. ``last - 1`` of the skeleton."""
    rng = random.Random(seed)
    rows = {name: [] for name in ("tickets", "events", "messages", "clocks", "segments", "ratings", "timers")}
    for index in range(first, last):
        created, desk_index, channel, by_agent, number = plan.skeleton[index]
        desk = plan.desks[desk_index]
        ticket_id = plan.first_ticket_id + index
        ids = {"event": plan.first_event_id + index * MAX_EVENTS,
               "message": plan.first_message_id + index * MAX_MESSAGES,
               "segment": plan.first_segment_id + index * MAX_SEGMENTS,
               "clock": plan.first_clock_id + index * 2}
        topic_id, application, topic_name, version, team_id = rng.choice(desk.topics)
        variant = rng.randrange(4)
        priority, reason, fields = desk.priorities[(topic_id, variant)]
        reporter = rng.choice(plan.reporters)
        creator = rng.choice(desk.agents[desk.intake_team]) if by_agent else reporter
        problem = rng.choice(PROBLEMS)
        ticket = {"created_at": created, "status": "new", "status_since": created, "team_id": team_id, "assignee_id": None,
                  "reporter_id": reporter, "taken_at": None, "first_response_at": None, "resolved_at": None,
                  "closed_at": None, "close_reason": None, "sla_breached": False, "version": 1,
                  "updated_at": created, "rating": None}
        life = Life(plan, desk, rng, ticket_id, ids)
        first_s, resolution_s, warn_s = desk.policies[(topic_id, priority)]
        life.event(ticket, created, "created", creator,
                   payload={"channel": channel, "priority": priority, "on_behalf": by_agent})
        life.start_clocks(created, first_s, resolution_s, warn_s)
        live(plan, desk, rng, ticket, life)
        life.fire_clock_timers(plan.now, ticket)  # whatever was due when the story stopped has fired
        running = [c["due"] for c in life.clocks.values() if c["state"] == "running" and c["due"] is not None]
        sla_due = min(running, default=None)
        title = f"{topic_name}: {problem}"[: desk.title_max]
        rows["tickets"].append((
            ticket_id, number, desk.id, topic_id, application, version, title,
            f"{problem.capitalize()}. {rng.choice(DETAILS)}", reporter, creator, channel,
            rng.choice(desk.reporter_categories) if desk.reporter_categories else None,
            rng.choice(desk.origins) if desk.origins else None, ticket["status"],
            "open" if ticket["status"] == "in_progress" else ticket["status"], ticket["status_since"], ticket["team_id"],
            ticket["assignee_id"], priority, reason, json.dumps(fields), ticket["version"], created,
            ticket["updated_at"], ticket["taken_at"], ticket["first_response_at"], ticket["resolved_at"],
            ticket["closed_at"], ticket["close_reason"], sla_due, ticket["sla_breached"]))
        rows["events"].extend(life.events)
        rows["messages"].extend(life.messages)
        for clock in life.clocks.values():
            rows["clocks"].append((clock["id"], ticket_id, clock["kind"], clock["target"], False, clock["state"],
                                   clock["used"], clock["since"], clock["due"], clock["warned"], clock["breached"],
                                   clock["stopped"]))
        rows["segments"].extend(tuple(segment) for segment in life.segments)
        if ticket["rating"]:
            form, answers, stars, rated_by, at = ticket["rating"]
            rows["ratings"].append((plan.first_rating_id + index, ticket_id, form, answers, stars, rated_by, at))
        # Timers still pending at ``now`` (the timer runner fired the earlier ones: their events are above).
        timer_id = plan.first_timer_id + index * MAX_TIMERS
        last_event_at = ticket["updated_at"]
        pending = []
        if ticket["status"] == "waiting_on_reporter" and desk.feedback_timeout:
            pending.append(("close_unanswered", last_event_at + timedelta(seconds=desk.feedback_timeout),
                            "waiting_on_reporter", {"after_seconds": desk.feedback_timeout}, last_event_at))
        if ticket["status"] == "resolved" and desk.confirmation_window:
            pending.append(("complete_unconfirmed", last_event_at + timedelta(seconds=desk.confirmation_window),
                            "resolved", {"after_seconds": desk.confirmation_window}, last_event_at))
        for clock in life.clocks.values():
            if clock["state"] == "running" and clock["breached"] is None:
                pending.append(("sla_breach", clock["due"], None, {"clock": clock["kind"]}, clock["since"]))
                if clock["warned"] is None and life.warn and life.warn < clock["target"]:
                    warn_at = clock["since"] + timedelta(seconds=max(0, clock["target"] - life.warn - clock["used"]))
                    pending.append(("sla_warning", warn_at, None, {"clock": clock["kind"]}, clock["since"]))
        for offset, (kind, due, expect, payload, armed) in enumerate(pending[:MAX_TIMERS]):
            rows["timers"].append((timer_id + offset, ticket_id, kind, due, "pending", expect, json.dumps(payload),
                                   armed))
    return rows


async def copy_rows(connection, rows: dict[str, list[tuple]]) -> None:
    for name, table, columns in (("tickets", "loket_ticket", TICKET_COLUMNS),
                                 ("messages", "loket_message", MESSAGE_COLUMNS),
                                 ("events", "loket_ticket_event", EVENT_COLUMNS),
                                 ("clocks", "loket_sla_clock", CLOCK_COLUMNS),
                                 ("segments", "loket_sla_segment", SEGMENT_COLUMNS),
                                 ("ratings", "loket_rating", RATING_COLUMNS),
                                 ("timers", "loket_timer", TIMER_COLUMNS)):
        if rows[name]:
            await connection.copy_records_to_table(table, columns=columns, records=rows[name])


def _worker(url: str, jobs, results) -> None:
    async def main() -> None:
        connection = await asyncpg.connect(url)
        await connection.execute("SET session_replication_role = replica")  # the rows are consistent by construction
        await connection.execute("SET synchronous_commit = off")
        try:
            while (job := jobs.get()) is not None:
                first, last, seed = job
                rows = generate(PLAN, first, last, seed)
                await copy_rows(connection, rows)
                results.put({name: len(value) for name, value in rows.items()})
        finally:
            await connection.close()

    asyncio.run(main())


# ---------------------------------------------------------------------------------------------------------
# The whole seeding


async def _drop_indexes(url: str) -> list[str]:
    """Drop the bulk tables' secondary indexes (not those behind primary keys or unique constraints) and pause
    the triggers that keep tickets' search words (they are filled once at the end); returns the indexes'
    definitions to rebuild them."""
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("ALTER TABLE loket_ticket DISABLE TRIGGER USER; "
                                 "ALTER TABLE loket_message DISABLE TRIGGER USER")
        rows = await connection.fetch(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' "
            "AND i.tablename = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conname = i.indexname)", list(BULK_TABLES))
        for row in rows:
            await connection.execute(f'DROP INDEX "{row["indexname"]}"')
        return [row["indexdef"] for row in rows]
    finally:
        await connection.close()


async def _finish(url: str, definitions: list[str]) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("SET maintenance_work_mem = '256MB'")
        await connection.execute(SEARCH_WORDS_BACKFILL)  # what the paused triggers would have written
        await connection.execute("ALTER TABLE loket_ticket ENABLE TRIGGER USER; "
                                 "ALTER TABLE loket_message ENABLE TRIGGER USER")
        for definition in definitions:
            await connection.execute(definition)
        for table in BULK_TABLES:
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)")
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()


async def _guide_outcomes(url: str, plan: Plan, rng: random.Random) -> int:
    """Reporters' answers to the desks' self-service guides (solved: a request that needed no ticket), a few
    minutes before tickets of the same desk were filed, so they spread over the period as tickets do."""
    rows, answered = [], set()
    for created, desk_index, _channel, by_agent, _number in plan.skeleton:
        desk = plan.desks[desk_index]
        if not desk.guides or by_agent or rng.random() >= GUIDE_OUTCOMES_PER_TICKET:
            continue
        topic, guide = rng.choice(desk.guides)
        reporter, moment = rng.choice(plan.reporters), created - timedelta(minutes=rng.randrange(1, 30))
        day = moment.astimezone(JAKARTA).date()  # the bundled desks count their days in Jakarta
        if (reporter, desk.id, topic, guide, day) in answered:
            continue  # one answer per reporter, guide and day, as Loket keeps them
        answered.add((reporter, desk.id, topic, guide, day))
        rows.append((desk.id, topic, guide, rng.random() < GUIDE_SOLVED_SHARE, reporter, moment, day))
    if rows:
        connection = await asyncpg.connect(url)
        try:
            await connection.copy_records_to_table(
                "loket_guide_feedback",
                columns=["desk_id", "topic", "guide", "solved", "user_id", "created_at", "day"], records=rows)
        finally:
            await connection.close()
    return len(rows)


def loket(url: str, *args: str) -> None:
    folder = Path(__file__).resolve().parent / ".seed"
    folder.mkdir(exist_ok=True)
    result = subprocess.run([LOKET, *args], env=loket_env(url, folder), cwd=folder, capture_output=True, text=True,
                            timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"loket {' '.join(args)} failed:\n{result.stdout}{result.stderr}")


def seed_database(url: str, tickets: int = DEFAULT_TICKETS, *, workers: int = 2, chunk: int = 10_000,
                  seed: int = 20261122, now: datetime | None = None, quiet: bool = False) -> dict[str, int]:
    """Migrate the database at ``url``, load the desks' demo data, and add ``tickets`` seeded tickets.
    Returns the row counts written."""
    global PLAN
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    started = time.perf_counter()
    loket(url, "migrate")
    loket(url, "demo")
    say(f"migrated, demo data loaded ({time.perf_counter() - started:.1f} s)")
    rng = random.Random(seed)
    now = (now or datetime.now(UTC)).astimezone(UTC)
    PLAN = asyncio.run(build_plan(url, tickets, now, rng))
    say(f"desks, {sum(len(a) for d in PLAN.desks[:1] for a in d.agents.values())} agents, "
        f"{len(PLAN.reporters)} reporters and {tickets} ticket numbers planned ({time.perf_counter() - started:.1f} s)")
    definitions = asyncio.run(_drop_indexes(url))
    context = multiprocessing.get_context("fork")
    jobs, results = context.Queue(), context.Queue()
    processes = [context.Process(target=_worker, args=(url, jobs, results)) for _ in range(workers)]
    for process in processes:
        process.start()
    chunks = [(first, min(first + chunk, tickets), seed + first) for first in range(0, tickets, chunk)]
    for job in chunks:
        jobs.put(job)
    for _ in processes:
        jobs.put(None)
    totals: dict[str, int] = {}
    for done in range(len(chunks)):
        for name, value in results.get().items():
            totals[name] = totals.get(name, 0) + value
        if not quiet and (done + 1) % max(1, len(chunks) // 10) == 0:
            say(f"  {totals['tickets']:,} tickets written ({time.perf_counter() - started:.0f} s)")
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit("a seeding worker failed")
    outcomes = asyncio.run(_guide_outcomes(url, PLAN, random.Random(seed + 1)))
    if outcomes:
        totals["guide outcomes"] = outcomes
    loaded = time.perf_counter()
    asyncio.run(_finish(url, definitions))
    say(f"indexes rebuilt and analysed in {time.perf_counter() - loaded:.1f} s")
    say("rows: " + ", ".join(f"{name} {value:,}" for name, value in totals.items()))
    say(f"seeded in {time.perf_counter() - started:.1f} s")
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=DEFAULT_TICKETS)
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--database", help="database name on the benchmark server (default: a new throwaway one)")
    target.add_argument("--url", help="a PostgreSQL URL of an existing, empty or migrated database")
    parser.add_argument("--replace", action="store_true", help="drop --database first if it exists")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args()
    if args.url:
        url = args.url
    else:
        name = args.database or pg.throwaway_name()
        if asyncio.run(pg.database_exists(name)):
            if not args.replace:
                raise SystemExit(f"database {name} exists: pass --replace to drop it, or --url to add to it")
            asyncio.run(pg.drop_database(name))
        url = asyncio.run(pg.create_database(name))
    seed_database(url, args.tickets, workers=args.workers, seed=args.seed)
    print(f"database: {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
