"""Argon2id password hashing, run off the event loop (hashing takes tens of milliseconds by design)."""

from __future__ import annotations

import anyio.to_thread
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP's minimum for Argon2id: m=19 MiB, t=2, p=1.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)

# Verified against when the email is unknown, so a wrong email costs the same time as a wrong password.
_DUMMY_HASH = _HASHER.hash("loket-timing-equaliser")

MIN_PASSWORD_LENGTH = 8


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
