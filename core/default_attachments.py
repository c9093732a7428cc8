"""Core's default attachment policy: office documents, images and archives, 20 MB each, ten at a time."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import AttachmentPolicy

DEFAULT_EXTENSIONS = ("txt", "pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "zip", "csv")


@hookimpl(trylast=True)
def attachment_policy():
    return AttachmentPolicy(extensions=DEFAULT_EXTENSIONS, max_bytes=20 * 1024 * 1024, max_files=10)
