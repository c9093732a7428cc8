"""Sign-in through the Bappenas single sign-on: an OpenID Connect ID token (a JWT) checked against the
identity provider's keys (a JWKS URL or a key file), its issuer and its audience (HelpUs' client id).

Settings (environment): ``LOKET_HELPUS_SSO_ISSUER``, ``LOKET_HELPUS_SSO_CLIENT_ID``, and either
``LOKET_HELPUS_SSO_JWKS_URL`` or ``LOKET_HELPUS_SSO_KEY_FILE`` (a PEM public key or a JWKS JSON file).

The email is vouched for when the token says ``email_verified: true``. An SSO that omits the claim but owns
the domain it issues addresses of (``TRUSTED_DOMAINS``) can be declared so with
``LOKET_HELPUS_SSO_VOUCHES_FOR_DOMAIN=true``: its addresses of that domain then count as verified.
"""

from __future__ import annotations

import asyncio
import json
from functools import lru_cache
from pathlib import Path

import jwt
from pydantic_settings import BaseSettings, SettingsConfigDict

from loket.core.errors import AuthenticationError
from loket.core.plugin_types import ExternalIdentity

PROVIDER = "bappenas-sso"
TRUSTED_DOMAINS = ("bappenas.go.id",)
"""The email domains the ministry's SSO is authoritative for: its verified addresses of these domains sign in
to existing accounts (core never links superusers' or desk admins' accounts automatically)."""
UNIT_CLAIMS = ("unit_kerja", "unit")
ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]


class SsoSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LOKET_HELPUS_SSO_", env_file=".env", extra="ignore")

    issuer: str = ""
    client_id: str = ""
    jwks_url: str = ""
    key_file: Path | None = None
    leeway_seconds: int = 30
    vouches_for_domain: bool = False


TRANSLATIONS = {
    "id": {
        "SSO_NOT_CONFIGURED": "SSO Bappenas belum dikonfigurasi (penerbit, client id dan kunci)",
        "SSO_TOKEN_INVALID": "Token SSO tidak sah",
        "SSO_TOKEN_FORGED": "Tanda tangan token SSO tidak sah",
        "SSO_TOKEN_EXPIRED": "Token SSO sudah kedaluwarsa; silakan masuk kembali",
        "SSO_WRONG_AUDIENCE": "Token SSO bukan untuk aplikasi HelpUs",
        "SSO_WRONG_ISSUER": "Token SSO tidak diterbitkan oleh SSO Bappenas",
        "SSO_KEYS_UNAVAILABLE": "Kunci SSO Bappenas tidak dapat diambil: {reason}",
        "SSO_CLAIM_MISSING": "Token SSO tidak memuat {claim}",
    },
    "en": {
        "SSO_NOT_CONFIGURED": "The Bappenas SSO is not configured (issuer, client id and keys)",
        "SSO_TOKEN_INVALID": "The SSO token is not valid",
        "SSO_TOKEN_FORGED": "The SSO token's signature is not valid",
        "SSO_TOKEN_EXPIRED": "The SSO token has expired; sign in again",
        "SSO_WRONG_AUDIENCE": "The SSO token is not meant for HelpUs",
        "SSO_WRONG_ISSUER": "The SSO token was not issued by the Bappenas SSO",
        "SSO_KEYS_UNAVAILABLE": "Could not fetch the Bappenas SSO keys: {reason}",
        "SSO_CLAIM_MISSING": "The SSO token has no {claim}",
    },
}


@lru_cache(maxsize=8)
def _jwks_client(url: str) -> jwt.PyJWKClient:
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=300, timeout=10)


def _key_for(token: str, config: SsoSettings):
    if config.jwks_url:
        try:
            return _jwks_client(config.jwks_url).get_signing_key_from_jwt(token).key
        except jwt.PyJWKClientConnectionError as error:
            raise AuthenticationError("SSO_KEYS_UNAVAILABLE", field="credential", reason=str(error)) from error
        except (jwt.PyJWKClientError, jwt.DecodeError) as error:
            raise AuthenticationError("SSO_TOKEN_FORGED", field="credential") from error
    text = Path(config.key_file).read_text("utf-8")
    if text.lstrip().startswith("{"):
        keys = jwt.PyJWKSet.from_dict(json.loads(text))
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.DecodeError as error:
            raise AuthenticationError("SSO_TOKEN_INVALID", field="credential") from error
        found = [k for k in keys.keys if kid is None or k.key_id == kid]
        if not found:
            raise AuthenticationError("SSO_TOKEN_FORGED", field="credential")
        return found[0].key
    return text


def verify(token: str, config: SsoSettings) -> dict:
    """The token's claims when its signature, expiry, issuer and audience are good; else AuthenticationError."""
    if not (config.issuer and config.client_id and (config.jwks_url or config.key_file)):
        raise AuthenticationError("SSO_NOT_CONFIGURED", field="provider")
    key = _key_for(token, config)
    try:
        return jwt.decode(token, key, algorithms=ALGORITHMS, audience=config.client_id, issuer=config.issuer,
                          leeway=config.leeway_seconds, options={"require": ["exp", "iss", "aud", "sub"]})
    except jwt.ExpiredSignatureError as error:
        raise AuthenticationError("SSO_TOKEN_EXPIRED", field="credential") from error
    except jwt.InvalidAudienceError as error:
        raise AuthenticationError("SSO_WRONG_AUDIENCE", field="credential") from error
    except jwt.InvalidIssuerError as error:
        raise AuthenticationError("SSO_WRONG_ISSUER", field="credential") from error
    except jwt.InvalidSignatureError as error:
        raise AuthenticationError("SSO_TOKEN_FORGED", field="credential") from error
    except jwt.MissingRequiredClaimError as error:
        raise AuthenticationError("SSO_CLAIM_MISSING", field="credential", claim=error.claim) from error
    except jwt.InvalidTokenError as error:
        raise AuthenticationError("SSO_TOKEN_INVALID", field="credential") from error


def identity_of(claims: dict, config: SsoSettings | None = None) -> ExternalIdentity:
    email = claims.get("email")
    if not email:
        raise AuthenticationError("SSO_CLAIM_MISSING", field="credential", claim="email")
    unit = next((claims[c] for c in UNIT_CLAIMS if claims.get(c)), None)
    name = claims.get("name") or claims.get("preferred_username") or email
    attributes = {"unit": unit} if unit else {}
    if claims.get("nip"):
        attributes["nip"] = claims["nip"]
    verified = claims.get("email_verified") in (True, "true")
    if config is not None and config.vouches_for_domain and "email_verified" not in claims:
        verified = str(email).rpartition("@")[2].lower() in TRUSTED_DOMAINS
    return ExternalIdentity(provider=PROVIDER, subject=str(claims["sub"]), email=email, display_name=name,
                            attributes=attributes, email_verified=verified)


def authenticate(provider: str, credential: str):
    """The ``authenticate_external`` answer: None when the provider is not ours, else an awaitable identity
    (fetching keys over HTTP runs in a worker thread)."""
    if provider != PROVIDER:
        return None

    async def check() -> ExternalIdentity:
        config = SsoSettings()
        claims = await asyncio.to_thread(verify, credential, config)
        return identity_of(claims, config)

    return check()
