"""People for a test: accounts with the duties a test needs, signed in through the API as a person would."""

from __future__ import annotations

from collections.abc import Iterable

from loket.core.models import User
from loket.core.testing.client import Client

PASSWORD = "loket-kit-password"
"""The password of every account the kit makes unless the test gives one."""


class Accounts:
    """Makes accounts in the app under test (the ``loket_accounts`` fixture) and signs them in."""

    def __init__(self, client: Client) -> None:
        self.client = client

    async def create(self, email: str, *, password: str = PASSWORD, name: str | None = None,
                     teams: Iterable[str] = (), admin_of: Iterable[str] = (), superuser: bool = False) -> User:
        """An account: an agent of ``teams`` (``"desk/team"``), admin of the desks ``admin_of``, a superuser, or
        none of these (someone who files tickets). Written directly, as ``loket createuser`` does."""
        from loket.core.auth.staff import create_staff

        return await create_staff(email=email, display_name=name or email.split("@")[0], password=password,
                                  superuser=superuser, teams=list(teams), admin_of=list(admin_of))

    async def sign_in(self, email: str, password: str = PASSWORD) -> Client:
        """A client signed in as ``email`` through the ``login`` mutation."""
        return await self.client.sign_in(email, password)

    async def signed_in(self, email: str, *, password: str = PASSWORD, name: str | None = None,
                        teams: Iterable[str] = (), admin_of: Iterable[str] = (), superuser: bool = False,
                        language: str | None = None) -> Client:
        """Create the account, then a client signed in as it (asking for messages in ``language``)."""
        await self.create(email, password=password, name=name, teams=teams, admin_of=admin_of, superuser=superuser)
        client = await self.sign_in(email, password)
        return client.with_language(language) if language else client
