"""Argon2id password hashing, run off the event loop (hashing takes tens of milliseconds by design)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import anyio.to_thread
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from loket.core.errors import InvalidInputError

# OWASP's minimum for Argon2id: m=19 MiB, t=2, p=1.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)

# Verified against when the email is unknown, so a wrong email costs the same time as a wrong password.
_DUMMY_HASH = _HASHER.hash("loket-timing-equaliser")

MIN_PASSWORD_LENGTH = 8


@cache
def common_passwords() -> frozenset[str]:
    """The common passwords shipped with Loket (``core/data/common-passwords.txt``: sources and licences in its
    header), lower-cased."""
    text = files("loket.core").joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def check_new_password(password: str, *, field: str = "password") -> None:
    """Refuse a password someone is choosing when it is too short or among the common ones (with ``field``)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError("PASSWORD_TOO_SHORT", field=field, min=MIN_PASSWORD_LENGTH)
    if password.strip().lower() in common_passwords():
        raise InvalidInputError("PASSWORD_TOO_COMMON", field=field)


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_HASHER.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; always spends one verification, even without a stored hash."""

    def _verify() -> bool:
        try:
            return _HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    return await anyio.to_thread.run_sync(_verify)


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)
