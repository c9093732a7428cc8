"""Run the ``loket`` command as a user would: as a separate process, on a real port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

LOKET = str(Path(sys.executable).with_name("loket"))


def loket_env(database_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
    env.update(LOKET_DATABASE_URL=database_url, LOKET_DATA_DIR=str(data_dir), LOKET_PLUGINS="all", **extra)
    return env


def run_loket(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LOKET, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server_process(env: dict[str, str], cwd: Path, *, workers: int = 1, log_level: str = "info",
                   port: int | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start ``loket serve`` (on ``port``, else a free one); yield its base URL and process once /healthz answers;
    stop it afterwards."""
    port = port or free_port()
    log_path = cwd / f"server-{port}.log"
    log = log_path.open("w")
    process = subprocess.Popen([LOKET, "serve", "--port", str(port), "--workers", str(workers),
                                "--log-level", log_level], env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90  # generous: CI machines are shared and busy
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"loket serve exited with {process.returncode}: {log_path.read_text()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"loket serve did not come up: {log_path.read_text()}")
            time.sleep(0.1)
        yield base, process
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen) -> None:
    """Ask a server to stop; kill it when it has not stopped within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def running_server(env: dict[str, str], cwd: Path, *, workers: int = 1, port: int | None = None) -> Iterator[str]:
    """Start ``loket serve`` and yield its base URL once /healthz answers; stop it afterwards."""
    with server_process(env, cwd, workers=workers, port=port) as (base, _process):
        yield base


@contextmanager
def demo_server(backend: str, folder: Path, *, port: int | None = None, **settings: str) -> Iterator[str]:
    """A throwaway database of ``backend``, migrated and loaded with the demo data, served by ``loket serve`` (on
    ``port``, else a free one) with the extra ``LOKET_*`` ``settings``."""
    from tests.databases import throwaway_database

    with throwaway_database(backend, folder) as url:
        env = loket_env(url, folder / "var", **settings)
        for command in ("migrate", "demo"):
            result = run_loket(command, env=env, cwd=folder)
            assert result.returncode == 0, result.stderr
        with running_server(env, folder, port=port) as base:
            yield base
