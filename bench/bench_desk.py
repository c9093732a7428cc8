"""A desk for benchmarks: one team, and files of up to 500 MB (the largest per-file policy a desk has asked
for). Registered through a ``loket`` entry point that bench/upload_memory.py writes into a temporary folder."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import AttachmentPolicy, DeskSpec, TeamSpec

SLUG = "bench"
MAX_FILE_BYTES = 500 * 1024 * 1024


@hookimpl
def register_desks():
    return [DeskSpec(slug=SLUG, name="Benchmark desk", language="en", teams=(TeamSpec("intake", "Intake", tier=1),))]


@hookimpl
def attachment_policy(desk, purpose):
    if desk.slug != SLUG:
        return None
    return AttachmentPolicy(extensions=("pdf", "txt"), max_bytes=MAX_FILE_BYTES, max_files=3)
