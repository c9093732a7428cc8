"""Core's default attachment policy for core's purposes: office documents, images and archives, 20 MB each,
ten at a time. A purpose of a plugin's own is that plugin's to answer."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import AttachmentPolicy

DEFAULT_EXTENSIONS = ("txt", "pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "zip", "csv")
CORE_PURPOSES = ("ticket", "message", "resolution")


@hookimpl(trylast=True)
def attachment_policy(purpose):
    if purpose not in CORE_PURPOSES:
        return None
    return AttachmentPolicy(extensions=DEFAULT_EXTENSIONS, max_bytes=20 * 1024 * 1024, max_files=10)
