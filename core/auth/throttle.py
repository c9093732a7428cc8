"""Throttling what can be guessed or abused: sign-in per account and per client address, and the account
requests (register, resend a confirmation, reset a password) per client address.

Sign-in: each attempt is counted before the credential is checked, so parallel guesses cannot slip past the
limit, and taken back when it succeeds (the account's count starts over; the address keeps its failures, so
an attacker's own account cannot wipe the address's count). Over a limit the attempt is refused with
TOO_MANY_ATTEMPTS and the seconds to wait, before any password is checked: a right password is refused too
until the window closes. Unknown addresses are counted like known ones, so the answer reveals nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from loket.core.auth.attempts import AttemptCounter
from loket.core.errors import TooManyAttemptsError
from loket.core.runtime import Runtime


def _account_key(email: str) -> str:
    # Hashed: Redis keys need not spell out addresses people typed.
    return "signin:account:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:40]


@dataclass
class SignInAttempt:
    """One counted sign-in attempt; a failure unless ``succeeded`` is awaited."""

    counter: AttemptCounter
    account_key: str | None
    address_key: str | None

    async def succeeded(self) -> None:
        """The credential was right: the account starts over, and the address gets its attempt back."""
        if self.account_key:
            await self.counter.forget(self.account_key)
        if self.address_key:
            await self.counter.release(self.address_key)


async def begin_sign_in(rt: Runtime, *, email: str | None, address: str | None) -> SignInAttempt:
    """Count a sign-in attempt for the account ``email`` names (None: not known yet, as for an external
    credential) and for the client ``address``; raise TooManyAttemptsError when either is over its limit."""
    settings = rt.settings
    window = settings.login_failure_window_seconds
    attempt = SignInAttempt(rt.attempts, _account_key(email) if email else None,
                            f"signin:address:{address}" if address else None)
    limits = [(attempt.account_key, settings.login_max_failures_per_account),
              (attempt.address_key, settings.login_max_failures_per_address)]
    waits = []
    for key, limit in limits:
        if key is None:
            continue
        count = await rt.attempts.hit(key, window)
        if count.attempts > limit:
            waits.append(count.retry_after)
    if waits:
        raise TooManyAttemptsError(max(waits))
    return attempt


async def count_account_request(rt: Runtime, address: str | None) -> None:
    """Count a request to register, resend a confirmation or reset a password from ``address``; raise
    TooManyAttemptsError past ``account_requests_per_address`` within the window."""
    if not address:
        return
    settings = rt.settings
    count = await rt.attempts.hit(f"requests:address:{address}", settings.account_request_window_seconds)
    if count.attempts > settings.account_requests_per_address:
        raise TooManyAttemptsError(count.retry_after)
