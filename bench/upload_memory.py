"""Benchmark: one 500 MB file uploaded through the GraphQL multipart request to a real ``loket serve``.

Run it with ``.venv/bin/python bench/upload_memory.py`` (Linux: it reads /proc). It sets up a throwaway SQLite
database with ``loket migrate``, registers the benchmark desk (bench/bench_desk.py, 500 MB files) through a
``loket`` entry point, starts ``loket serve``, and streams a generated file from this process with httpx
(the body is a generator: never built in memory). It prints the server's resident memory growth during the
upload and the throughput, against the targets: growth < 64 MB, throughput >= 150 MB/s (MB = 2**20 bytes).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.server_process import server_process  # noqa: E402  (the same runner the tests use)

BENCH = Path(__file__).resolve().parent
LOKET = str(Path(sys.executable).with_name("loket"))
MB = 1024 * 1024
CHUNK = 1 * MB
TARGET_GROWTH_MB = 64
TARGET_MB_PER_S = 150
EMAIL, PASSWORD = "bench@bench.example", "bench-password-not-secret"
STAGE = ('mutation($file: Upload!) { stageAttachment(input: {desk: "bench", file: $file, purpose: "ticket"}) '
         '{ attachment { id name size sha256 } } }')


def install_plugin(folder: Path) -> None:
    """Make bench_desk an installed plugin: a dist-info folder with a ``loket`` entry point."""
    dist_info = folder / "loket_bench_desk-1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: loket-bench-desk\nVersion: 1.0\n")
    (dist_info / "entry_points.txt").write_text("[loket]\nbench = bench_desk\n")


def generate(path: Path, size: int) -> str:
    """A file of ``size`` bytes that starts like a PDF, from a random block varied per chunk; its sha256."""
    block = os.urandom(CHUNK)
    digest = hashlib.sha256()
    with path.open("wb") as out:
        written = 0
        while written < size:
            chunk = (b"%PDF-1.7\n" + block)[:CHUNK] if written == 0 else written.to_bytes(8, "big") + block[8:]
            chunk = chunk[: size - written]
            digest.update(chunk)
            out.write(chunk)
            written += len(chunk)
        out.flush()
        os.fsync(out.fileno())  # its write-back must not slow the server's disk writes during the upload
    return digest.hexdigest()


def multipart_body(path: Path, boundary: str, marks: dict[str, float]) -> tuple[Iterator[bytes], int]:
    """The multipart request as a generator of chunks, and its length (sent as Content-Length)."""
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n'
            f'{json.dumps({"query": STAGE, "variables": {"file": None}})}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{{"0": ["variables.file"]}}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="0"; filename="{path.name}"\r\n'
            f"Content-Type: application/pdf\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    def chunks() -> Iterator[bytes]:
        yield head
        with path.open("rb") as source:
            while chunk := source.read(CHUNK):
                yield chunk
        marks["sent"] = time.perf_counter()
        yield tail

    return chunks(), len(head) + path.stat().st_size + len(tail)


def status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


class RssSampler(threading.Thread):
    """Samples the server's VmRSS every 5 ms (the kernel's VmHWM, reset before the upload, confirms the peak)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.stop = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak_kb = max(self.peak_kb, status_kb(self.pid, "VmRSS"))
            time.sleep(0.005)


@contextmanager
def loket_serve(env: dict[str, str], cwd: Path) -> Iterator[tuple[str, int]]:
    with server_process(env, cwd, log_level="warning") as (base, process):
        yield base, process.pid


def upload(http: httpx.Client, base: str, token: str, path: Path) -> tuple[dict, dict[str, float]]:
    boundary = f"loket-bench-{uuid.uuid4().hex}"
    marks: dict[str, float] = {}
    body, length = multipart_body(path, boundary, marks)
    marks["start"] = time.perf_counter()
    response = http.post(f"{base}/graphql", content=body, headers={
        "Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Content-Length": str(length)})
    marks["done"] = time.perf_counter()
    response.raise_for_status()
    answer = response.json()
    if answer.get("errors"):
        raise RuntimeError(f"upload refused: {answer['errors']}")
    return answer["data"]["stageAttachment"]["attachment"], marks


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "?")
    ram_gb = status_meminfo_kb("MemTotal") / MB
    return f"{os.cpu_count()} CPUs ({model}), {ram_gb:.1f} GB RAM, Python {platform.python_version()}"


def status_meminfo_kb(field: str) -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=500, help="file size in MB (2**20 bytes), default 500")
    args = parser.parse_args()
    size = args.size_mb * MB

    with tempfile.TemporaryDirectory(prefix="loket-bench-") as folder:
        tmp = Path(folder)
        install_plugin(tmp / "site")
        (tmp / "spool").mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOKET_")}
        env.update(LOKET_DATABASE_URL=f"sqlite://{tmp}/loket.sqlite3", LOKET_DATA_DIR=str(tmp / "data"),
                   LOKET_PLUGINS="bench", LOKET_NEW_USER_PASSWORD=PASSWORD,
                   PYTHONPATH=os.pathsep.join([str(tmp / "site"), str(BENCH)]),
                   TMPDIR=str(tmp / "spool"))  # where Starlette spools uploads beyond 1 MB
        for command in (["migrate"], ["createuser", "--email", EMAIL]):
            done = subprocess.run([LOKET, *command], env=env, cwd=tmp, capture_output=True, text=True)
            if done.returncode:
                raise RuntimeError(f"loket {command[0]} failed: {done.stdout}{done.stderr}")
        source = tmp / "upload.pdf"
        print(f"generating a {args.size_mb} MB file ...", flush=True)
        expected_sha = generate(source, size)
        small = tmp / "warmup.pdf"
        generate(small, 2 * MB)

        with loket_serve(env, tmp) as (base, pid), httpx.Client(timeout=None) as http:
            login = http.post(f"{base}/graphql", json={
                "query": "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }",
                "variables": {"e": EMAIL, "p": PASSWORD}}).json()
            token = login["data"]["login"]["token"]
            upload(http, base, token, small)  # warm-up: every code path of an upload loaded once
            time.sleep(0.5)
            Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM to the current RSS
            baseline_kb = status_kb(pid, "VmRSS")
            sampler = RssSampler(pid)
            sampler.start()
            staged, marks = upload(http, base, token, source)
            sampler.stop.set()
            sampler.join()
            peak_kb = max(sampler.peak_kb, status_kb(pid, "VmHWM"))
            time.sleep(0.5)
            after_kb = status_kb(pid, "VmRSS")

        if int(staged["size"]) != size or staged["sha256"] != expected_sha:
            raise RuntimeError(f"the stored file differs: {staged}")

    elapsed = marks["done"] - marks["start"]
    growth_mb = (peak_kb - baseline_kb) / 1024
    throughput = size / MB / elapsed
    print(f"machine:      {machine()}")
    print(f"file:         {args.size_mb} MB, stored with the same size and sha256")
    print(f"server RSS:   {baseline_kb / 1024:.1f} MB before, {peak_kb / 1024:.1f} MB peak, "
          f"{after_kb / 1024:.1f} MB after")
    print(f"growth:       {growth_mb:.1f} MB (target < {TARGET_GROWTH_MB} MB): "
          f"{'met' if growth_mb < TARGET_GROWTH_MB else 'MISSED'}")
    print(f"time:         {elapsed:.2f} s: {marks['sent'] - marks['start']:.2f} s sending the body, then "
          f"{marks['done'] - marks['sent']:.2f} s until the answer (copy to storage)")
    print(f"throughput:   {throughput:.0f} MB/s (target >= {TARGET_MB_PER_S} MB/s): "
          f"{'met' if throughput >= TARGET_MB_PER_S else 'MISSED'}")
    return 0 if growth_mb < TARGET_GROWTH_MB and throughput >= TARGET_MB_PER_S else 1


if __name__ == "__main__":
    sys.exit(main())
