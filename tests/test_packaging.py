"""Every package folder ships in an installed Loket, under the loket.* namespace."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
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


def test_sdist_and_wheel_ship_the_graphiql_files(tmp_path: Path):
    """GraphiQL's files (page, script, vendored bundles and their licences) are package data: in the sdist, and
    in the wheel built from that sdist, exactly as they are in the checkout."""
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "venv", "var", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "bench"))
    result = subprocess.run([sys.executable, "-m", "build", "--outdir", str(tmp_path / "out"), str(source)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    folder = ROOT / "core" / "http" / "graphiql"
    expected = {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    assert {"page.html", "loket-graphiql.js", "vendor/README.md", "vendor/graphiql/LICENSE",
            "vendor/graphiql/graphiql.min.js", "vendor/react/LICENSE", "vendor/react-dom/LICENSE"} <= set(expected)

    (sdist,) = (tmp_path / "out").glob("*.tar.gz")
    with tarfile.open(sdist) as tar:
        root = tar.getnames()[0].split("/")[0]
        shipped = {name: tar.extractfile(f"{root}/core/http/graphiql/{name}").read() for name in expected}
    assert shipped == expected

    (wheel,) = (tmp_path / "out").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        installed = {name: archive.read(f"loket/core/http/graphiql/{name}") for name in expected}
        assert "loket/core/http/graphiql_page.py" in archive.namelist()
    assert installed == expected
