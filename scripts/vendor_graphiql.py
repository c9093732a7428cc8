"""Fetch GraphiQL and React from the npm registry into loket/core/http/graphiql/vendor (run from the checkout).

Usage: ``python3 scripts/vendor_graphiql.py`` (needs ``npm``). To upgrade, change a version in ``PACKAGES`` and
run it again; it replaces the vendored files, writes ``vendor/README.md`` (versions, licences, the registry's
integrity of each tarball, a checksum of each file) and copies each package's licence beside its files. Only the
built browser files are kept: no sources, no source maps. Then run ``tests/test_graphiql_page.py`` and
``tests/e2e/test_graphiql_offline.py``.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "core" / "http" / "graphiql" / "vendor"

# package, version, {file in the npm tarball: vendored name}. graphiql 3.x and 4.x have a UMD build (5 does not);
# 3.9.0's bundle includes graphql-ws (subscriptions) and needs only React and ReactDOM beside it.
PACKAGES: list[tuple[str, str, dict[str, str]]] = [
    ("graphiql", "3.9.0", {"graphiql.min.js": "graphiql.min.js", "graphiql.min.css": "graphiql.min.css"}),
    ("react", "18.3.1", {"umd/react.production.min.js": "react.production.min.js"}),
    ("react-dom", "18.3.1", {"umd/react-dom.production.min.js": "react-dom.production.min.js"}),
]
LICENCE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE")
SOURCE_MAP_COMMENT = re.compile(rb"\n?/[/*]# sourceMappingURL=[^\n]*")


def pack(package: str, version: str, folder: Path) -> tuple[Path, dict]:
    """``npm pack`` one package into ``folder``; return the extracted folder and npm's description of it."""
    result = subprocess.run(["npm", "pack", f"{package}@{version}", "--json", "--pack-destination", str(folder)],
                            capture_output=True, text=True, check=True, cwd=folder)
    info = json.loads(result.stdout)[0]
    target = folder / package
    with tarfile.open(folder / info["filename"]) as tar:
        tar.extractall(target, filter="data")
    return target / "package", info


def vendor_package(package: str, version: str, files: dict[str, str], work: Path) -> list[str]:
    source, info = pack(package, version, work)
    manifest = json.loads((source / "package.json").read_text(encoding="utf-8"))
    target = VENDOR / package
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    rows = []
    for inside, name in files.items():
        content = SOURCE_MAP_COMMENT.sub(b"", (source / inside).read_bytes())  # the maps are not shipped
        (target / name).write_bytes(content)
        rows.append(f"| `{package}/{name}` | `{inside}` | {len(content):,} | `{hashlib.sha256(content).hexdigest()}` |")
    licence = next(source / name for name in LICENCE_NAMES if (source / name).exists())
    shutil.copyfile(licence, target / "LICENSE")
    header = f"| `{package}` | {version} | {manifest['license']} | `{info['integrity']}` |"
    return [header, *rows]


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    packages, files = [], []
    with tempfile.TemporaryDirectory() as work:
        for package, version, wanted in PACKAGES:
            header, *rows = vendor_package(package, version, wanted, Path(work))
            packages.append(header)
            files.extend(rows)
    readme = "\n".join([
        "# Vendored GraphiQL",
        "",
        "The GraphiQL page at `/graphql` loads only these files, served by Loket itself "
        "(`loket.core.http.graphiql_page`), so it works on a host without internet access.",
        "Written by `scripts/vendor_graphiql.py` from the npm registry; do not edit by hand. "
        "Each package's licence is in its folder. Source-map comments are removed (the maps are not shipped).",
        "graphiql's bundle also contains its own dependencies (among them `@graphiql/react`, `@graphiql/toolkit`, "
        "`graphql`, `graphql-ws`, CodeMirror 5 and `markdown-it`, all MIT-licensed), as published on npm.",
        "",
        "| package | version | licence | npm integrity |",
        "|---|---|---|---|",
        *packages,
        "",
        "| file | from the package's | bytes | sha256 |",
        "|---|---|---|---|",
        *files,
        "",
    ])
    (VENDOR / "README.md").write_text(readme, encoding="utf-8")
    print(readme)
    return 0


if __name__ == "__main__":
    sys.exit(main())
