"""Loket and django-helpdesk side by side: the same create and list operations, the same load generator, the
same PostgreSQL server, the same number of stored tickets, in one run.

    .venv/bin/python bench/django_helpdesk.py [--tickets 10000] [--clients 8] [--workers 2] [--duration 15]

django-helpdesk (from PyPI, with Django REST framework, its token authentication, gunicorn and psycopg) is
installed into bench/.django-venv on first use, with a minimal Django project in bench/.django-venv/project
(DEBUG off, persistent database connections, e-mail to a dummy backend). Each system gets its own throwaway
database, dropped afterwards, holding ``--tickets`` tickets: Loket's seeded with bench/seed.py; django-
helpdesk's written with set-based SQL into its own tables (one queue per Loket desk, three follow-ups per
ticket, 95 % of tickets closed, spread over two years). Both servers run ``--workers`` processes (gunicorn's
gthread workers with 4 threads each: the usual production set-up, and it keeps connections alive).

Operations:
- create: Loket ``createTicket`` by reporters at LPSE Support; django-helpdesk ``POST /api/tickets/`` by a
  staff user (its API admits staff only).
- list: the first page of 50 closed tickets with their conversation, by a superuser: Loket ``tickets``
  (people, priority, messages with authors); django-helpdesk ``GET /api/tickets/?status=4&page_size=50``
  (its serializer nests every follow-up).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import venv
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import harness, pg  # noqa: E402
from bench.create_ticket import request as loket_create  # noqa: E402
from bench.load import failed_rest, install_uvloop  # noqa: E402
from bench.seed import SEED_DOMAIN, seed_database  # noqa: E402
from tests.server_process import free_port, stop  # noqa: E402

BENCH = Path(__file__).resolve().parent
VENV = BENCH / ".django-venv"
PROJECT = VENV / "project"
PACKAGES = ["django-helpdesk>=2.6", "djangorestframework>=3.15", "gunicorn>=23", "psycopg[binary]>=3.2"]
STAFF, STAFF_PASSWORD = "bench-staff", "bench-password-not-secret"
CLOSED = 4  # helpdesk.models.Ticket.CLOSED_STATUS
LIST = """query($first: Int!, $filter: TicketFilter) { tickets(first: $first, filter: $filter) { edges { node {
  number title description status { name } reporter { email } assignee { displayName } priority { slug }
  messages { nodes { body createdAt author { displayName } } } } } pageInfo { hasNextPage endCursor } } }"""

SETTINGS = '''import os
SECRET_KEY = "benchmark-only-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django.contrib.messages", "django.contrib.staticfiles", "django.contrib.sites", "django.contrib.humanize",
    "rest_framework", "rest_framework.authtoken", "helpdesk",
]
SITE_ID = 1
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware", "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware", "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "cmp.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True, "OPTIONS": {
    "context_processors": ["django.template.context_processors.request",
                           "django.contrib.auth.context_processors.auth",
                           "django.contrib.messages.context_processors.messages"]}}]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": os.environ["BENCH_DJANGO_DATABASE"],
                         "USER": os.environ.get("PGUSER", "root"), "HOST": "127.0.0.1", "PORT": "5432",
                         "CONN_MAX_AGE": 600}}
USE_TZ = True
STATIC_URL = "/static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"]}
HELPDESK_TEAMS_MODE_ENABLED = False  # teams need the pinax-teams package
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
'''
URLS = '''from django.urls import include, path

urlpatterns = [path("helpdesk/", include("helpdesk.urls"))]
'''
WSGI = '''import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmp.settings")
application = get_wsgi_application()
'''
# Run by `manage.py shell`: queues like Loket's desks, agents, the staff user and its API token.
SETUP = '''
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from helpdesk.models import Queue
User = get_user_model()
queues = [Queue.objects.get_or_create(slug=slug, defaults={"title": title})[0].id for slug, title in QUEUES]
staff = User.objects.filter(username=STAFF).first() or User.objects.create_superuser(STAFF, "staff@bench.example", PASSWORD)
agents = [User.objects.get_or_create(username=f"agent{n}", defaults={"is_staff": True, "email": f"agent{n}@bench.example"})[0].id
          for n in range(1, 31)]
print(json.dumps({"token": Token.objects.get_or_create(user=staff)[0].key, "queues": queues, "agents": agents}))
'''
QUEUES = [("lpse-support", "LPSE Support 2.0"), ("kemsos", "Helpdesk Kemensos"), ("helpus", "HelpUs Bappenas"),
          ("lpse-kota-bogor", "Helpdesk LPSE Kota Bogor")]


def python() -> Path:
    return VENV / "bin" / "python"


def ensure_environment() -> None:
    """The separate environment with django-helpdesk, and the Django project around it."""
    if not python().exists():
        print(f"creating {VENV} and installing {', '.join(PACKAGES)}", flush=True)
        venv.create(VENV, with_pip=True)
    probe = subprocess.run([str(python()), "-c", "import helpdesk, rest_framework, gunicorn, psycopg"],
                           capture_output=True)
    if probe.returncode != 0:
        subprocess.run([str(python()), "-m", "pip", "install", "-q", *PACKAGES], check=True)
    (PROJECT / "cmp").mkdir(parents=True, exist_ok=True)
    for name, text in (("__init__.py", ""), ("settings.py", SETTINGS), ("urls.py", URLS), ("wsgi.py", WSGI)):
        (PROJECT / "cmp" / name).write_text(text)


def django_env(database: str) -> dict[str, str]:
    return {**os.environ, "BENCH_DJANGO_DATABASE": database, "DJANGO_SETTINGS_MODULE": "cmp.settings",
            "PYTHONPATH": str(PROJECT)}


def manage(database: str, *args: str) -> str:
    result = subprocess.run([str(python()), "-m", "django", *args], env=django_env(database), cwd=PROJECT,
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"django {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


async def fill_helpdesk(url: str, tickets: int, queues: list[int], agents: list[int]) -> None:
    """``tickets`` tickets over two years, 95 % closed, three follow-ups each, straight into its tables."""
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("""
            INSERT INTO helpdesk_ticket (title, created, modified, submitter_email, status, on_hold, description,
                                         resolution, priority, assigned_to_id, queue_id, secret_key)
            SELECT 'Tidak bisa mengunggah dokumen ' || g,
                   now() - make_interval(secs => (($1 - g)::float8 / $1) * 63072000),
                   now() - make_interval(secs => (($1 - g)::float8 / $1) * 63072000) + interval '2 days',
                   'reporter.' || (g % 4000) || '@' || $4, CASE WHEN g % 20 = 0 THEN 1 ELSE 4 END, false,
                   'Unggahan dokumen penawaran berhenti di 90% dan muncul pesan galat.',
                   CASE WHEN g % 20 = 0 THEN NULL ELSE 'Berkas sudah diperbaiki.' END, 1 + g % 5,
                   ($3::int[])[1 + g % cardinality($3::int[])], ($2::int[])[1 + (g * 7) % cardinality($2::int[])],
                   md5(g::text)
              FROM generate_series(1, $1) AS g""", tickets, queues, agents, SEED_DOMAIN)
        await connection.execute("""
            INSERT INTO helpdesk_followup (date, title, comment, public, new_status, ticket_id, user_id)
            SELECT t.created + k * interval '3 hours', 'Comment',
                   'Terima kasih atas laporannya, kami sedang memeriksa kendala yang dialami.', true,
                   CASE WHEN k = 3 AND t.status = 4 THEN 4 END, t.id, t.assigned_to_id
              FROM helpdesk_ticket t, generate_series(1, 3) AS k""")
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


@contextmanager
def gunicorn(database: str, workers: int):
    port = free_port()
    log = (PROJECT / f"gunicorn-{port}.log").open("w")
    process = subprocess.Popen(
        [str(VENV / "bin" / "gunicorn"), "cmp.wsgi:application", "--workers", str(workers), "--threads", "4",
         "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--keep-alive", "30", "--log-level", "warning"],
        env=django_env(database), cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited: {Path(log.name).read_text()}")
            try:
                httpx.get(f"{base}/helpdesk/api/", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not come up") from None
                time.sleep(0.2)
        yield base, process
    finally:
        stop(process)
        log.close()


def run_helpdesk(args, database: str, url: str) -> dict[str, object]:
    setup = manage(database, "shell", "-c", "import json\nSTAFF = %r\nPASSWORD = %r\nQUEUES = %r\n%s" % (
        STAFF, STAFF_PASSWORD, QUEUES, SETUP))
    ids = json.loads(setup.strip().splitlines()[-1])
    asyncio.run(fill_helpdesk(url, args.tickets, ids["queues"], ids["agents"]))
    headers = [{"Authorization": f"Token {ids['token']}"}] * args.clients
    create = lambda client, index: json.dumps({  # noqa: E731
        "queue": ids["queues"][0], "title": f"Tidak bisa mengunggah penawaran {client}-{index}",
        "description": "Unggahan dokumen penawaran berhenti di 90% dan muncul pesan galat.",
        "submitter_email": f"reporter.{client}@{SEED_DOMAIN}", "priority": 3}).encode()
    results = {}
    with gunicorn(database, args.workers) as (base, process):
        probe = httpx.get(f"{base}/helpdesk/api/tickets/?status={CLOSED}&page_size=50", headers=headers[0],
                          timeout=600)
        if probe.status_code != 200 or len(probe.json()["results"]) != 50:
            raise SystemExit(f"django-helpdesk list answered {probe.status_code}: {probe.text[:300]}")
        results["create"] = harness.measure(base, process, database, args, "django-helpdesk create", create,
                                            headers, path="/helpdesk/api/tickets/", check=failed_rest)
        print(results["create"].line(), flush=True)
        results["list"] = harness.measure(base, process, database, args, "django-helpdesk list", lambda c, i: b"",
                                          headers, path=f"/helpdesk/api/tickets/?status={CLOSED}&page_size=50",
                                          method="GET", check=failed_rest)
        print(results["list"].line(), flush=True)
    return results


def run_loket(args, database: str, url: str) -> dict[str, object]:
    seed_database(url, args.tickets, quiet=True)
    results = {}
    with harness.serve(url, workers=args.workers, pool=args.pool) as (base, process):
        reporters = [harness.bearer(harness.login(base, harness.reporter_email(n))) for n in range(1, args.clients + 1)]
        superuser = harness.bearer(harness.login(base, "admin@loket.local", "loket-admin"))
        results["create"] = harness.measure(base, process, database, args, "Loket createTicket", loket_create,
                                            reporters)
        print(results["create"].line(), flush=True)
        page = harness.body(LIST, first=50, filter={"statuses": ["CLOSED"]})
        results["list"] = harness.measure(base, process, database, args, "Loket tickets page", lambda c, i: page,
                                          [superuser] * args.clients)
        print(results["list"].line(), flush=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=10_000, help="tickets stored in each system")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--pool", type=int, default=10)
    args = parser.parse_args()
    ensure_environment()
    print(harness.machine())
    install_uvloop()
    names = {"loket": pg.throwaway_name("loket_cmp"), "helpdesk": pg.throwaway_name("helpdesk_cmp")}
    try:
        urls = {system: asyncio.run(pg.create_database(name)) for system, name in names.items()}
        manage(names["helpdesk"], "migrate", "--no-input", "-v", "0")
        loket = run_loket(args, names["loket"], urls["loket"])
        helpdesk = run_helpdesk(args, names["helpdesk"], urls["helpdesk"])
    finally:
        for name in names.values():
            asyncio.run(pg.drop_database(name))
    version = subprocess.run([str(python()), "-c", "import importlib.metadata as m; print(m.version('django-helpdesk'),"
                              " m.version('django'), m.version('djangorestframework'))"],
                             capture_output=True, text=True).stdout.split()
    print(f"\n{args.tickets:,} tickets stored in each; {args.clients} clients; {args.workers} server workers each; "
          f"django-helpdesk {version[0]} (Django {version[1]}, DRF {version[2]})")
    print(f"{'operation':<8} {'':<16} {'Loket':>12} {'django-helpdesk':>16} {'Loket / helpdesk':>17}")
    for operation in ("create", "list"):
        ours, theirs = loket[operation], helpdesk[operation]
        print(f"{operation:<8} {'requests/s':<16} {ours.rate:>12,.1f} {theirs.rate:>16,.1f} "
              f"{ours.rate / theirs.rate if theirs.rate else float('inf'):>16.2f}x")
        for p in (50, 99):
            print(f"{'':<8} {f'p{p} ms':<16} {ours.percentile(p):>12.1f} {theirs.percentile(p):>16.1f} "
                  f"{ours.percentile(p) / theirs.percentile(p):>16.2f}x")
        print(f"{'':<8} {'errors':<16} {ours.errors:>12} {theirs.errors:>16}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
