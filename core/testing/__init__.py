"""Loket's test kit for desk plugins: an app on SQLite or PostgreSQL whose clock the test moves, and helpers to
sign in and send GraphQL. Installed with Loket and enabled in pytest through the ``pytest11`` entry point
``loket`` (``loket.core.testing.plugin``); docs/testing.md shows a desk tested with it."""

from loket.core.testing.accounts import PASSWORD, Accounts
from loket.core.testing.client import Client, Response
from loket.core.testing.clock import START, ManualClock
from loket.core.testing.databases import KitSettings

__all__ = ["Accounts", "Client", "KitSettings", "ManualClock", "PASSWORD", "Response", "START"]
