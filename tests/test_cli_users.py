"""``loket users``: an operator lists, invites, grants, revokes, deactivates, reactivates and resets, with a
superuser's powers, audited as the console; a deactivation made at the console ends the account's token on a
running server (another process) at once."""

from __future__ import annotations

import getpass
from pathlib import Path

import httpx
import pytest

from tests.databases import BACKENDS, throwaway_database
from tests.server_process import loket_env, run_loket, running_server

PASSWORD = "operator-chosen-password"
LOGIN = "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }"
ME = "{ me { email } }"
LOG = "{ auditLog(first: 20) { edges { node { actor desk action target } } } }"


@pytest.fixture(params=BACKENDS)
def fresh_env(request: pytest.FixtureRequest, tmp_path: Path):
    with throwaway_database(request.param, tmp_path) as url:
        yield loket_env(url, tmp_path / "var", LOKET_NEW_USER_PASSWORD=PASSWORD)


def post(base: str, query: str, token: str | None = None, **variables) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(f"{base}/graphql", json={"query": query, "variables": variables}, headers=headers, timeout=30)


def login(base: str, email: str) -> str:
    body = post(base, LOGIN, e=email, p=PASSWORD).json()
    assert not body.get("errors"), body
    return body["data"]["login"]["token"]


def test_operators_manage_people_and_a_deactivation_ends_the_token_on_a_running_server(fresh_env, tmp_path: Path):
    def users(*args: str):
        return run_loket("users", *args, env=fresh_env, cwd=tmp_path)

    assert run_loket("migrate", env=fresh_env, cwd=tmp_path).returncode == 0
    for email, duties in (("root@ops.example", ["--superuser"]), ("agen@ops.example", ["--team", "kemsos/layanan"])):
        created = run_loket("createuser", "--email", email, *duties, env=fresh_env, cwd=tmp_path)
        assert created.returncode == 0, created.stderr

    with running_server(fresh_env, tmp_path) as base:
        token = login(base, "agen@ops.example")
        assert post(base, ME, token).json()["data"]["me"]["email"] == "agen@ops.example"
        done = users("deactivate", "agen@ops.example")
        assert done.returncode == 0 and "deactivated" in done.stdout, done.stderr
        refused = post(base, ME, token)
        assert refused.status_code == 401
        assert refused.json()["errors"][0]["extensions"]["code"] in ("ACCOUNT_DISABLED", "TOKEN_REVOKED")
        assert users("reactivate", "agen@ops.example").returncode == 0
        assert login(base, "agen@ops.example")

        invited = users("invite", "baru@ops.example", "--name", "Agen Baru", "--team", "kemsos/layanan")
        assert invited.returncode == 0 and "Agen Baru <baru@ops.example>" in invited.stdout, invited.stderr
        again = users("invite", "baru@ops.example")
        assert again.returncode == 2
        assert again.stderr.strip() == "loket users: error: An account with this email already exists"
        granted = users("grant", "agen@ops.example", "--admin-of", "kemsos")
        assert granted.returncode == 0 and "granted admin of kemsos" in granted.stdout, granted.stderr
        wrong = users("grant", "agen@ops.example", "--team", "kemsos/nope")
        assert wrong.returncode == 2 and "The desk 'kemsos' has no team 'nope'" in wrong.stderr
        revoked = users("revoke", "agen@ops.example", "--team", "kemsos/layanan")
        assert revoked.returncode == 0 and "revoked team kemsos/layanan" in revoked.stdout
        listed = users("list", "--desk", "kemsos")
        assert "baru@ops.example" in listed.stdout and "agen@ops.example" in listed.stdout
        assert "root@ops.example" not in listed.stdout and "admin of kemsos" in listed.stdout
        last = users("deactivate", "root@ops.example")
        assert last.returncode == 2 and "last active superuser" in last.stderr
        assert users("reset-password", "agen@ops.example").returncode == 0
        unknown = users("deactivate", "nobody@ops.example")
        assert unknown.returncode == 2 and "no account with the email 'nobody@ops.example'" in unknown.stderr

        log = post(base, LOG, login(base, "root@ops.example")).json()["data"]["auditLog"]["edges"]
        actions = [entry["node"]["action"] for entry in log]
        assert actions == ["user.password_reset", "team_membership.revoke", "desk_admin.grant", "user.invite",
                           "user.reactivate", "user.deactivate"]
        assert {entry["node"]["actor"] for entry in log} == {f"console ({getpass.getuser()})"}
