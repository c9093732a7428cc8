"""Signed file links in tests: their parts, and the bearer route behind them."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit, urlunsplit


def bearer_path(url: str) -> str:
    """The route a signed link points at, without its signature: what an API client fetches with a bearer
    token."""
    return urlsplit(url).path


def link_params(url: str) -> dict[str, str]:
    """The query of a signed link (uid, sid, exp, sig)."""
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def with_params(url: str, **changes: str) -> str:
    """The link with some of its query parameters replaced (a forged or tampered copy)."""
    parts = urlsplit(url)
    params = {**link_params(url), **changes}
    return urlunsplit(parts._replace(query="&".join(f"{k}={v}" for k, v in params.items())))


def on_server(url: str, base: str) -> str:
    """The same link on another base URL (a server process listening elsewhere than LOKET_PUBLIC_URL)."""
    parts = urlsplit(url)
    return f"{base.rstrip('/')}{parts.path}?{parts.query}" if parts.query else f"{base.rstrip('/')}{parts.path}"
