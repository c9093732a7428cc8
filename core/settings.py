"""Deployment configuration, read from ``LOKET_*`` environment variables and an optional ``.env`` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from loket.core.errors import ConfigurationError

DEVELOPMENT_SECRET_KEY = "loket-development-secret-do-not-use-in-production"


class Settings(BaseSettings):
    """Everything a deployment can configure. Each field reads ``LOKET_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="LOKET_", env_file=".env", extra="ignore")

    env: Literal["development", "production"] = "development"
    data_dir: Path = Path("./var")
    database_url: str = Field(default="", description="Defaults to a SQLite file under data_dir.")
    plugins: str = Field(default="all", description="'all', 'none' or a comma-separated list of plugin names.")
    secret_key: str = DEVELOPMENT_SECRET_KEY
    redis_url: str | None = Field(default=None, description="Redis carrying live updates between server processes "
                                  "and hosts (redis://host:6379/0); unset, they reach only the same process.")
    redis_channel: str = Field(default="loket:ticket-events", min_length=1,
                               description="The Redis pub/sub channel of this deployment's events.")
    token_ttl_seconds: int = Field(default=12 * 3600, gt=0, description="Idle timeout: a token (from signing in "
                                   "or refreshSession) expires this long after it was issued, unless refreshed.")
    session_lifetime_seconds: int = Field(default=7 * 24 * 3600, gt=0, description="Absolute timeout: no refresh "
                                          "extends a session beyond this long after its sign-in.")
    token_rotation_grace_seconds: float = Field(default=30.0, ge=0, description="How long a token replaced by "
                                                "refreshSession keeps working (for requests already under way); "
                                                "presented later, it revokes its session (TOKEN_REUSED).")
    default_language: Literal["id", "en"] = "id"
    timezone: str = Field(default="Asia/Jakarta", description="Where a desk without a calendar counts its days.")
    allowed_origins: str = Field(default="", description="Comma-separated origins (https://app.example.go.id) "
                                 "whose web pages may call the API: CORS for HTTP and the Origin check of "
                                 "websockets. Empty: same-origin pages only. '*' (any origin) is refused in "
                                 "production and with cors_allow_credentials.")
    cors_max_age_seconds: int = Field(default=600, ge=0, description="How long a browser may cache the answer "
                                      "to a CORS preflight (Access-Control-Max-Age).")
    cors_allow_credentials: bool = Field(default=False, description="Let allowed origins send cookies and HTTP "
                                         "authentication (Access-Control-Allow-Credentials). Loket's tokens "
                                         "travel in the Authorization header, which needs no credentials mode.")
    run_timers: bool = Field(default=True, description="Run timed transitions in this process (every process may).")
    timer_poll_seconds: float = Field(default=1.0, gt=0)
    movable_clock: bool = Field(default=False, description="Development only: the server's time is real time plus "
                                "an offset that `loket clock` and the advanceClock mutation move (kept in "
                                "data_dir/clock-offset). Production refuses to start with it.")
    public_url: str = Field(default="http://127.0.0.1:8000",
                            description="Base URL of the web front end, for links in emails (e.g. {base}/tickets/N).")
    files_base_url: str | None = Field(default=None, description="Base URL at which this server's file routes "
                                       "(/attachments, /exports, /tickets/N/print.pdf) are reached, for signed file "
                                       "links; unset, LOKET_PUBLIC_URL (a front end on that URL proxies them).")
    file_link_ttl_seconds: int = Field(default=300, gt=0, le=86400, description="Validity of a signed file link "
                                       "(downloadUrl, thumbnailUrl, printUrl...); it also ends with the session "
                                       "that asked for it.")
    thumbnail_max_pixels: int = Field(default=40_000_000, gt=0, description="Largest image (width x height) a "
                                      "preview is made of; a larger one, or a decompression bomb, gets none.")
    thumbnail_timeout_seconds: float = Field(default=10.0, gt=0, description="Longest wait for one preview to "
                                             "be made.")
    mail_from: str = Field(default="Loket <noreply@localhost>", description="Sender of outgoing email.")
    smtp_host: str | None = Field(default=None, description="SMTP server; unset writes each email as an .eml file "
                                  "under data_dir/outbox (development).")
    smtp_port: int = Field(default=25, gt=0)
    smtp_security: Literal["none", "starttls", "tls"] = Field(
        default="none", description="'tls' connects over TLS (usually port 465), 'starttls' upgrades (port 587).")
    smtp_ca_file: Path | None = Field(default=None, description="CA certificates (PEM) to trust for the SMTP "
                                      "server's TLS certificate, besides the system's.")
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_timeout_seconds: float = Field(default=30.0, gt=0)
    outbox_poll_seconds: float = Field(default=2.0, gt=0, description="How often the sender looks for mail to send "
                                       "(it runs in every process that runs timers).")
    outbox_retry_seconds: float = Field(default=30.0, gt=0,
                                        description="Wait before the first retry; doubles with each failure.")
    outbox_max_attempts: int = Field(default=8, gt=0, description="Attempts before a message is marked failed.")
    confirmation_ttl_hours: float = Field(default=48.0, gt=0, description="Validity of an email confirmation link.")
    password_reset_ttl_hours: float = Field(default=2.0, gt=0, description="Validity of a password reset link.")
    invitation_ttl_hours: float = Field(default=168.0, gt=0, description="Validity of the link that invites a "
                                        "caller an agent registered to choose a password.")
    guest_link_ttl_hours: float = Field(default=168.0, gt=0, description="Validity of a link that lets a guest "
                                        "follow their tickets (each opens one sign-in).")
    export_ttl_hours: float = Field(default=24.0, gt=0, description="How long a finished export file is kept.")
    export_poll_seconds: float = Field(default=5.0, gt=0, description="How often a process looks for exports left "
                                       "by a stopped process, and for expired export files (where timers run).")
    login_max_failures_per_account: int = Field(
        default=10, gt=0, description="Failed sign-ins of one account (by email, whether it exists or not) "
        "within the window before its sign-in is refused with TOO_MANY_ATTEMPTS; a success starts over.")
    login_max_failures_per_address: int = Field(
        default=100, gt=0, description="Failed sign-ins (password or external) from one client address within "
        "the window, across accounts, before that address is refused with TOO_MANY_ATTEMPTS.")
    login_failure_window_seconds: int = Field(
        default=900, gt=0, description="The window of the sign-in limits; it opens with the first failure.")
    account_requests_per_address: int = Field(
        default=20, gt=0, description="Requests to register, resend a confirmation, reset a password, file a ticket "
        "as a guest or ask for a guest link from one client address within their window.")
    account_request_window_seconds: int = Field(default=900, gt=0,
                                                description="The window of account_requests_per_address.")
    sso_trusted_domains: dict[str, list[str]] = Field(
        default_factory=dict, description="JSON {provider: [email domains]}: a verified email of one of these "
        "domains from that provider signs in to the existing account with that email (besides what desks declare).")
    max_request_bytes: int = Field(default=1024 * 1024, gt=0,
                                   description="Largest request body, except GraphQL file uploads.")
    max_upload_bytes: int = Field(default=600 * 1024 * 1024, gt=0,
                                  description="Largest GraphQL multipart request (all its files together).")
    body_timeout_seconds: float = Field(default=20.0, gt=0, description="Longest wait for the next piece of a "
                                        "request body; a body that stalls longer is cut off with 408.")
    body_min_rate: int = Field(default=10 * 1024, gt=0, description="Bytes per second a request body must average "
                               "once its first LOKET_BODY_TIMEOUT_SECONDS are over; a slower one is cut off with 408.")
    staged_file_ttl_hours: float = Field(default=24.0, gt=0, description="How long an uploaded file waits to be "
                                         "sent with a ticket or message before it is removed.")
    staged_max_files: int = Field(default=20, gt=0, description="Files one user may have waiting to be sent.")
    staged_max_bytes: int = Field(default=1024 * 1024 * 1024, gt=0,
                                  description="Bytes one user may have waiting to be sent (all files together).")
    staged_purge_poll_seconds: float = Field(default=60.0, gt=0, description="How often a process removes expired "
                                             "uploaded files (where timers run).")
    persisted_queries: Literal["off", "auto", "allowlist"] = Field(
        default="auto", description="Persisted queries (Apollo's persistedQuery extension): 'auto' keeps the "
        "documents clients send with their hash, 'allowlist' runs only the documents of "
        "LOKET_PERSISTED_QUERIES_FILE, 'off' refuses hashes (see docs/graphql_over_http.md).")
    persisted_queries_file: Path | None = Field(
        default=None, description="JSON file of the allowed documents (hash -> document, or an Apollo persisted "
        "query manifest), for LOKET_PERSISTED_QUERIES=allowlist; `loket persisted-queries` writes one.")
    persisted_query_ttl_seconds: int = Field(default=7 * 24 * 3600, gt=0, description="How long Redis keeps an "
                                             "automatic persisted query after its last use.")
    persisted_query_cache_size: int = Field(default=1000, gt=0, description="Automatic persisted queries each "
                                            "process keeps in memory (least recently used go first).")
    persisted_query_max_bytes: int = Field(default=32 * 1024, gt=0, description="Largest document kept as an "
                                           "automatic persisted query (a larger one runs, but is not kept).")

    @model_validator(mode="after")
    def _defaults_and_production_guard(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite://{(self.data_dir / 'loket.sqlite3').as_posix()}"
        if self.is_production and self.secret_key == DEVELOPMENT_SECRET_KEY:
            raise ConfigurationError(
                "LOKET_SECRET_KEY is the development default; set a secret of your own before running in production"
            )
        if self.is_production and len(self.secret_key) < 32:
            raise ConfigurationError("LOKET_SECRET_KEY must be at least 32 characters in production")
        if self.persisted_queries == "allowlist" and self.persisted_queries_file is None:
            raise ConfigurationError("LOKET_PERSISTED_QUERIES=allowlist needs LOKET_PERSISTED_QUERIES_FILE, the "
                                     "documents allowed to run")
        if "*" in self.allowed_origin_list and (self.is_production or self.cors_allow_credentials):
            raise ConfigurationError("LOKET_ALLOWED_ORIGINS='*' (any origin) is for development only, and never "
                                     "with LOKET_CORS_ALLOW_CREDENTIALS; list the origins of your web apps")
        if self.is_production and self.movable_clock:
            raise ConfigurationError("LOKET_MOVABLE_CLOCK is for development only; production keeps real time")
        return self

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite://")

    @property
    def enabled_plugin_names(self) -> list[str] | None:
        """The plugin names to enable, or ``None`` for every installed plugin."""
        value = self.plugins.strip()
        if value.lower() == "all":
            return None
        if value.lower() in ("", "none"):
            return []
        return [name.strip() for name in value.split(",") if name.strip()]

    @property
    def allowed_origin_list(self) -> list[str]:
        """The allowed origins as browsers send them (lower-case, no default port, no trailing slash)."""
        from strawberry.http.websocket_origin import normalize_allowed_origins

        listed = [origin.strip() for origin in self.allowed_origins.split(",") if origin.strip()]
        try:
            return sorted(normalize_allowed_origins(listed))
        except ValueError as exc:
            raise ConfigurationError(f"LOKET_ALLOWED_ORIGINS: {exc}") from None


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning pydantic's validation report into one clear ConfigurationError."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            if isinstance(error.get("ctx", {}).get("error"), ConfigurationError):
                problems.append(str(error["ctx"]["error"]))
                continue
            name = ".".join(str(part) for part in error["loc"]) or "settings"
            problems.append(f"LOKET_{name.upper()}: {error['msg']}")
        raise ConfigurationError("; ".join(problems)) from None
