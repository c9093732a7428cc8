"""People as an external identity provider vouches for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ExternalIdentity:
    """A person as an external identity provider (e.g. a ministry's SSO) vouches for them.

    ``provider`` and ``subject`` identify the person for good; email and name are refreshed at each sign-in.
    ``email_verified``: the provider asserts that the person owns ``email`` (OpenID Connect's
    ``email_verified`` claim). Only a verified email, of a domain the deployment trusts the provider for, signs
    in to an existing account with that email (see ``DeskSpec.sso_trusted_domains``).
    """

    provider: str
    subject: str
    email: str
    display_name: str
    attributes: dict[str, Any] = field(default_factory=dict)
    email_verified: bool = False
