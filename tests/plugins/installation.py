"""Make a test plugin 'installed': a dist-info folder with a ``loket`` entry point, on sys.path."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def installed_plugin(folder: Path, *, name: str, module: str, distribution: str = "loket-sample-desk") -> Iterator[None]:
    dist_info = folder / f"{distribution.replace('-', '_')}-1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 1.0\n")
    (dist_info / "entry_points.txt").write_text(f"[loket]\n{name} = {module}\n")
    sys.path.insert(0, str(folder))
    try:
        yield
    finally:
        sys.path.remove(str(folder))
