"""Redis for tests: the machine's server (each test on its own channel), or a private ``redis-server`` process
that a test can stop and start again, to see what the service does when Redis goes away.

Redis is required: when it cannot be reached the tests that need it fail loudly, never skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from tests.server_process import free_port

MACHINE_REDIS_URL = os.environ.get("LOKET_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def machine_redis() -> str:
    """The machine's Redis URL, after checking that it answers."""
    try:
        redis.Redis.from_url(MACHINE_REDIS_URL, socket_connect_timeout=5).ping()
    except redis.RedisError as exc:
        raise RuntimeError(f"Redis is required by the test suite and {MACHINE_REDIS_URL} cannot be reached: "
                           f"{exc}") from exc
    return MACHINE_REDIS_URL


def unique_channel() -> str:
    return f"loket-test:{uuid.uuid4().hex[:12]}"


class PrivateRedis:
    """A ``redis-server`` of the test's own on a fixed port, keeping nothing on disk."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is required by the broker outage tests and is not on PATH")
        self.binary = binary
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=1).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@contextmanager
def private_redis(folder: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()
