"""Profile a benchmark's server with py-spy while the benchmark's load runs.

    .venv/bin/python bench/profile_server.py create_ticket [--duration 15] [-- benchmark options]

Starts one server worker on the seeded database, drives it with the named benchmark's requests, and records
the worker with ``py-spy record`` (a flame graph in bench/.profiles/<name>.svg, and the hottest functions by
own time and total time printed). py-spy comes with the ``bench`` extra.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import harness  # noqa: E402
from bench.load import install_uvloop, run_load  # noqa: E402

PY_SPY = str(Path(sys.executable).with_name("py-spy"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("benchmark", help="a bench module with a scenario(base, url, args) function")
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--database", default=harness.DEFAULT_DATABASE)
    parser.add_argument("--pool", type=int, default=10)
    parser.add_argument("--format", default="flamegraph", choices=["flamegraph", "speedscope", "raw"])
    args, rest = parser.parse_known_args()
    module = importlib.import_module(f"bench.{args.benchmark}")
    url = harness.seeded(args.database, 1_000_000)
    out = Path(__file__).resolve().parent / ".profiles"
    out.mkdir(exist_ok=True)
    install_uvloop()
    with harness.serve(url, workers=1, pool=args.pool) as (base, process):
        name, body, headers = module.scenario(base, url, args.clients, rest)
        target = out / f"{args.benchmark}.{'svg' if args.format == 'flamegraph' else 'txt'}"
        spy = subprocess.Popen([PY_SPY, "record", "--pid", str(process.pid), "--duration", str(int(args.duration)),
                                "--rate", "200", "--format", args.format, "--output", str(target), "--nonblocking"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        result = asyncio.run(run_load(name, base, body, headers, warmup=0.5, duration=args.duration))
        spy.wait()
    print(result.line())
    print(f"profile: {target}")
    if args.format == "raw":
        summarise(target)
    return 0


def summarise(path: Path, top: int = 30) -> None:
    """Share of samples per function: inclusive (anywhere on the stack) and own (at the top)."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        samples = int(count)
        total += samples
        frames = stack.split(";")
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + samples
        own[frames[-1]] = own.get(frames[-1], 0) + samples
    for title, table in (("inclusive", inclusive), ("own", own)):
        print(f"-- {title} share of {total:,} samples")
        for frame, samples in sorted(table.items(), key=lambda item: -item[1])[:top]:
            print(f"{100 * samples / total:5.1f}%  {frame[:160]}")


if __name__ == "__main__":
    sys.exit(main())
