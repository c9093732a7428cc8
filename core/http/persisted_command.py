"""``loket persisted-queries FOLDER``: the allow-list file of ``LOKET_PERSISTED_QUERIES=allowlist``.

Every ``*.graphql`` file under the folder is one document, allowed exactly as written (the text a client sends
is the text that is hashed): the output is a JSON object of SHA-256 hash -> document.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from loket.core.errors import ConfigurationError
from loket.core.http.persisted_queries import build_allow_list


def _persisted_queries(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        raise ConfigurationError(f"{folder} is not a folder")
    allowed = build_allow_list(folder)
    if not allowed:
        raise ConfigurationError(f"{folder} holds no .graphql file")
    text = json.dumps(allowed, indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"{len(allowed)} documents written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def add_persisted_queries_command(sub: argparse._SubParsersAction) -> None:
    command = sub.add_parser("persisted-queries", help="write the allow-list of persisted queries from a folder "
                             "of .graphql documents")
    command.add_argument("folder", help="folder of .graphql files, one document each (searched recursively)")
    command.add_argument("--output", "-o", help="write to this file instead of standard output")
    command.set_defaults(handler=_persisted_queries)
