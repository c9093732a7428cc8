"""Configuration from LOKET_* variables and .env, with the production guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from loket.core.errors import ConfigurationError
from loket.core.settings import DEVELOPMENT_SECRET_KEY, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    for name in ("LOKET_ENV", "LOKET_DATA_DIR", "LOKET_DATABASE_URL", "LOKET_PLUGINS", "LOKET_SECRET_KEY",
                 "LOKET_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults_are_an_embedded_sqlite_database_under_the_data_folder():
    settings = load_settings()
    assert settings.env == "development"
    assert settings.database_url == "sqlite://var/loket.sqlite3"
    assert settings.enabled_plugin_names is None, "all installed plugins by default"
    assert settings.redis_url is None


def test_variables_with_the_loket_prefix_are_read(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LOKET_DATA_DIR", "/srv/loket")
    monkeypatch.setenv("LOKET_PLUGINS", "spse, kemsos")
    monkeypatch.setenv("LOKET_REDIS_URL", "redis://127.0.0.1:6379/0")
    settings = load_settings()
    assert settings.database_url == "sqlite:///srv/loket/loket.sqlite3"
    assert settings.enabled_plugin_names == ["spse", "kemsos"]
    assert settings.redis_url == "redis://127.0.0.1:6379/0"


def test_a_dotenv_file_is_read(tmp_path: Path):
    (tmp_path / ".env").write_text("LOKET_DATABASE_URL=postgres://root@127.0.0.1:5432/loket\nLOKET_PLUGINS=none\n")
    settings = load_settings()
    assert settings.database_url == "postgres://root@127.0.0.1:5432/loket"
    assert settings.enabled_plugin_names == []


def test_production_refuses_the_default_secret(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LOKET_ENV", "production")
    with pytest.raises(ConfigurationError, match="LOKET_SECRET_KEY is the development default"):
        load_settings()
    monkeypatch.setenv("LOKET_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    with pytest.raises(ConfigurationError):
        load_settings()


def test_production_refuses_a_short_secret(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LOKET_ENV", "production")
    monkeypatch.setenv("LOKET_SECRET_KEY", "short")
    with pytest.raises(ConfigurationError, match="at least 32 characters"):
        load_settings()


def test_production_accepts_a_real_secret(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LOKET_ENV", "production")
    monkeypatch.setenv("LOKET_SECRET_KEY", "x" * 48)
    assert load_settings().is_production


def test_an_invalid_value_names_the_variable(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LOKET_ENV", "staging")
    with pytest.raises(ConfigurationError, match="LOKET_ENV"):
        load_settings()
