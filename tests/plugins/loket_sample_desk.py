"""A third-party plugin as an institution would write it: its own desk, an SSO provider, its own messages.

Tests make it installed by writing a distribution's metadata (with a ``loket`` entry point) onto sys.path,
exactly what ``pip install`` of a package declaring ``[project.entry-points.loket]`` leaves behind.
"""

from __future__ import annotations

from loket.core.errors import AuthenticationError
from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import DemoData, DemoUser, DeskSpec, ExternalIdentity, TeamSpec

PROVIDER = "sample-sso"


@hookimpl
def register_desks():
    return [DeskSpec(slug="sample", name="Sample Institution Desk", language="en",
                     teams=(TeamSpec("first-line", "First line", tier=1), TeamSpec("experts", "Experts", tier=2)))]


@hookimpl
def demo_data():
    return DemoData(users=(DemoUser("agent@sample.test", "Sample Agent", "sample-password",
                                    teams=(("sample", "first-line"),)),))


@hookimpl
def register_translations():
    return {"en": {"SAMPLE_SSO_REFUSED": "Sample SSO says no: {reason}"},
            "id": {"SAMPLE_SSO_REFUSED": "SSO contoh menolak: {reason}"}}


@hookimpl
def authenticate_external(provider, credential):
    if provider != PROVIDER:
        return None

    async def verify():
        # A real provider would verify a signed ID token; this one trusts "ok:<email>:<name>".
        kind, _, rest = credential.partition(":")
        if kind != "ok":
            raise AuthenticationError("SAMPLE_SSO_REFUSED", field="credential", reason="bad credential")
        email, _, name = rest.partition(":")
        return ExternalIdentity(provider=PROVIDER, subject=f"sub-{email.lower()}", email=email, display_name=name,
                                attributes={"unit": "Biro Umum"}, email_verified=True)

    return verify()
