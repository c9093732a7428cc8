"""The ``loket`` command, run as a separate process the way an operator runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.databases import BACKENDS, throwaway_database
from tests.server_process import loket_env, run_loket


@pytest.fixture(params=BACKENDS)
def fresh_env(request: pytest.FixtureRequest, tmp_path: Path):
    with throwaway_database(request.param, tmp_path) as url:
        yield loket_env(url, tmp_path / "var")


def test_help_lists_the_commands(tmp_path: Path):
    result = run_loket("--help", env=loket_env("sqlite://x", tmp_path), cwd=tmp_path)
    assert result.returncode == 0
    for command in ("serve", "migrate", "demo", "createuser", "export-schema"):
        assert command in result.stdout
    serve_help = run_loket("serve", "--help", env=loket_env("sqlite://x", tmp_path), cwd=tmp_path).stdout
    assert "--host" in serve_help and "--port" in serve_help and "--workers" in serve_help


def test_migrate_then_demo_is_idempotent(fresh_env, tmp_path: Path):
    migrated = run_loket("migrate", env=fresh_env, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert "applied loket.0001" in migrated.stdout and "applied loket.0002" in migrated.stdout
    assert "applied" not in run_loket("migrate", env=fresh_env, cwd=tmp_path).stdout
    first = run_loket("demo", env=fresh_env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "admin@loket.local" in first.stdout and "helpdesk.lpse@spse.demo" in first.stdout
    admins = [line for line in first.stdout.splitlines() if "(desk admin:" in line]
    for desk in ("LPSE Support", "LPSE Kota Bogor", "HelpUs", "Helpdesk Pusdatin Kesos"):
        assert any(desk in line for line in admins), f"no desk admin account shown for {desk}"
    second = run_loket("demo", env=fresh_env, cwd=tmp_path)
    created = int(first.stdout.split("loaded: ")[1].split(" ")[0])
    assert created >= 10
    assert f"0 account(s) created, {created} already there" in second.stdout
    opened = int(first.stdout.split("demo tickets: ")[1].split(" ")[0])
    assert opened >= 4, "every bundled desk shows sample tickets"
    assert f"demo tickets: 0 opened (-), {opened} already there" in second.stdout


def test_createuser_makes_an_agent_who_can_sign_in(fresh_env, tmp_path: Path):
    assert run_loket("migrate", env=fresh_env, cwd=tmp_path).returncode == 0
    assert run_loket("demo", env=fresh_env, cwd=tmp_path).returncode == 0
    result = run_loket("createuser", "--email", "agen.baru@kemsos.go.id", "--name", "Agen Baru", "--password",
                       "rahasia-sekali", "--team", "kemsos/layanan", env=fresh_env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Agen Baru <agen.baru@kemsos.go.id>" in result.stdout
    again = run_loket("createuser", "--email", "agen.baru@kemsos.go.id", "--password", "rahasia-sekali",
                      env=fresh_env, cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr.strip() == "loket createuser: error: An account with this email already exists"


def test_createuser_with_an_unknown_team_writes_nothing(fresh_env, tmp_path: Path):
    assert run_loket("migrate", env=fresh_env, cwd=tmp_path).returncode == 0
    bad = run_loket("createuser", "--email", "x@y.go.id", "--password", "long-enough", "--team", "kemsos/nope",
                    env=fresh_env, cwd=tmp_path)
    assert bad.returncode == 2 and "no team 'kemsos/nope'" in bad.stderr
    good = run_loket("createuser", "--email", "x@y.go.id", "--password", "long-enough", env=fresh_env, cwd=tmp_path)
    assert good.returncode == 0, "the failed attempt must not have left the account behind"


@pytest.mark.parametrize("variables,expected", [
    ({"LOKET_PLUGINS": "spse,bogus"},
     "error: LOKET_PLUGINS names unknown plugin(s): bogus (installed: helpus, kemsos, spse)"),
    ({"LOKET_DATABASE_URL": "postgres://root@127.0.0.1:1/nowhere"},
     "error: Cannot reach the database at postgres://root@127.0.0.1:1/nowhere"),
    ({"LOKET_ENV": "production"}, "error: LOKET_SECRET_KEY is the development default"),
])
@pytest.mark.parametrize("command", ["serve", "migrate", "demo"])
def test_bad_configuration_is_one_line_and_a_non_zero_exit(tmp_path: Path, variables, expected, command):
    env = loket_env(f"sqlite://{tmp_path}/db.sqlite3", tmp_path) | variables
    result = run_loket(command, env=env, cwd=tmp_path)
    if command == "migrate" and "LOKET_PLUGINS" in variables:
        assert result.returncode == 0, "migrate does not load plugins"
        return
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_serve_refuses_a_database_without_migrations(tmp_path: Path):
    result = run_loket("serve", env=loket_env(f"sqlite://{tmp_path}/db.sqlite3", tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert "lacks" in result.stderr and "loket.0001_accounts_and_desks" in result.stderr
    assert "run `loket migrate` first" in result.stderr


def test_export_schema_prints_the_checked_in_sdl(tmp_path: Path):
    result = run_loket("export-schema", env=loket_env("sqlite://x", tmp_path), cwd=tmp_path)
    checked_in = (Path(__file__).resolve().parent.parent / "schema" / "schema.graphql").read_text()
    assert result.returncode == 0 and result.stdout == checked_in


def test_concurrent_commands_on_sqlite_wait_for_each_other(tmp_path: Path):
    import subprocess

    from tests.server_process import LOKET

    env = loket_env(f"sqlite://{tmp_path}/db.sqlite3", tmp_path)
    assert run_loket("migrate", env=env, cwd=tmp_path).returncode == 0
    processes = [subprocess.Popen([LOKET, "createuser", "--email", f"u{i}@x.go.id", "--password", f"long-enough-{i}"],
                                  env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for i in range(5)]
    outcomes = [(process.wait(timeout=60), process.stderr.read()) for process in processes]
    assert [code for code, _ in outcomes] == [0] * 5, [err for _, err in outcomes]
