"""Signed file links as the GraphQL types give them (``downloadUrl``, ``thumbnailUrl``, ``printUrl``...)."""

from __future__ import annotations

from strawberry.types import Info

from loket.core.files import links
from loket.core.files.links import FileRef

LINK_NOTE = ("An absolute link signed for you and this session: it needs no header (use it in `<img src>` or "
             "`<a href>`), lasts a few minutes (`LOKET_FILE_LINK_TTL_SECONDS`; query again for a fresh one) and "
             "ends when you sign out.")


def signed(info: Info, link: tuple[str, FileRef]) -> str:
    """The absolute link to a file, signed for the caller's session (unsigned, needing a bearer token, when
    the caller is not signed in)."""
    context = info.context
    path, ref = link
    return links.signed_url(context.settings, context.runtime.now(), context.session, path, ref)
