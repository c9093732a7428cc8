"""Messages in the languages Loket speaks. Core ships Indonesian and English; plugins add their own keys
through the ``register_translations`` hook. A message is looked up by its key (an error code or a label
key) and formatted with named parameters; a missing language falls back to English, then to the key."""

from __future__ import annotations

from collections.abc import Mapping

SUPPORTED_LANGUAGES = ("id", "en")

CORE_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "ERROR": "Something went wrong",
        "INTERNAL_ERROR": "Unexpected server error",
        "CONFIGURATION_ERROR": "{detail}",
        "DATABASE_UNAVAILABLE": "Cannot reach the database at {url}: {reason}",
        "UNAUTHENTICATED": "You must sign in first",
        "FORBIDDEN": "You are not allowed to do this",
        "INVALID_INPUT": "{field} is not valid",
        "NOT_FOUND": "Not found",
        "INVALID_CREDENTIALS": "Email or password is incorrect",
        "ACCOUNT_DISABLED": "This account is disabled",
        "PASSWORD_LOGIN_DISABLED": "This account signs in through {provider}, not with a password",
        "INVALID_TOKEN": "The access token is invalid",
        "TOKEN_EXPIRED": "The access token has expired; sign in again",
        "TOKEN_REVOKED": "The access token was revoked (signed out); sign in again",
        "UNKNOWN_PROVIDER": "No enabled plugin signs users in through '{provider}'",
        "EXTERNAL_IDENTITY_REFUSED": "The identity provider '{provider}' refused the credential",
        "EMAIL_REQUIRED": "Email is required",
        "EMAIL_INVALID": "Email must look like name@example.go.id",
        "EMAIL_TAKEN": "An account with this email already exists",
        "PASSWORD_TOO_SHORT": "Password must be at least {min} characters",
        "DISPLAY_NAME_REQUIRED": "Display name is required",
    },
    "id": {
        "ERROR": "Terjadi kesalahan",
        "INTERNAL_ERROR": "Terjadi kesalahan tak terduga di server",
        "CONFIGURATION_ERROR": "{detail}",
        "DATABASE_UNAVAILABLE": "Basis data di {url} tidak dapat dihubungi: {reason}",
        "UNAUTHENTICATED": "Anda harus masuk terlebih dahulu",
        "FORBIDDEN": "Anda tidak berhak melakukan ini",
        "INVALID_INPUT": "{field} tidak valid",
        "NOT_FOUND": "Tidak ditemukan",
        "INVALID_CREDENTIALS": "Email atau kata sandi salah",
        "ACCOUNT_DISABLED": "Akun ini dinonaktifkan",
        "PASSWORD_LOGIN_DISABLED": "Akun ini masuk melalui {provider}, bukan dengan kata sandi",
        "INVALID_TOKEN": "Token akses tidak valid",
        "TOKEN_EXPIRED": "Token akses sudah kedaluwarsa; silakan masuk kembali",
        "TOKEN_REVOKED": "Token akses sudah dicabut (keluar); silakan masuk kembali",
        "UNKNOWN_PROVIDER": "Tidak ada plugin aktif yang memasukkan pengguna melalui '{provider}'",
        "EXTERNAL_IDENTITY_REFUSED": "Penyedia identitas '{provider}' menolak kredensial tersebut",
        "EMAIL_REQUIRED": "Email wajib diisi",
        "EMAIL_INVALID": "Email harus berbentuk nama@contoh.go.id",
        "EMAIL_TAKEN": "Akun dengan email ini sudah ada",
        "PASSWORD_TOO_SHORT": "Kata sandi minimal {min} karakter",
        "DISPLAY_NAME_REQUIRED": "Nama tampilan wajib diisi",
    },
}


class Catalog:
    """Messages per language: core's, extended by plugins. Built once per plugin manager."""

    def __init__(self, extra: list[Mapping[str, Mapping[str, str]]] = ()) -> None:
        self._messages: dict[str, dict[str, str]] = {lang: dict(msgs) for lang, msgs in CORE_MESSAGES.items()}
        for contribution in extra:
            for language, messages in contribution.items():
                self._messages.setdefault(language, {}).update(messages)

    def translate(self, key: str, language: str = "en", **params: object) -> str:
        template = self._messages.get(language, {}).get(key) or self._messages["en"].get(key) or key
        try:
            return template.format(**params)
        except (KeyError, IndexError):
            return template


CORE_CATALOG = Catalog()


def translate(key: str, language: str = "en", **params: object) -> str:
    """Render a core message; the GraphQL layer uses the deployment's catalog, which plugins extend."""
    return CORE_CATALOG.translate(key, language, **params)


def negotiate_language(accept_language: str | None, default: str) -> str:
    """Pick a supported language from an ``Accept-Language`` header, honouring q-values."""
    if not accept_language:
        return default
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in SUPPORTED_LANGUAGES and quality > 0:
            choices.append((-quality, position, primary))
    return min(choices)[2] if choices else default
