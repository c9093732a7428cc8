"""Every package folder ships in an installed Loket, under the loket.* namespace."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = set()
    for namespace, folder in config["package-dir"].items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder)
            found.add(".".join([namespace, *relative.parts]))
    assert found == listed


def test_installed_loket_imports_under_its_namespace_only(tmp_path: Path):
    # Run outside the checkout, so only what the installation provides is importable.
    probe = ("import importlib.util, loket.core.app, loket.schema.build, loket.plugins.spse;"
             "print([n for n in ('core', 'schema', 'plugins') if importlib.util.find_spec(n)])")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                            env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
