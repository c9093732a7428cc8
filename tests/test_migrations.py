"""The committed migrations produce exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from tortoise import Tortoise

from loket.core import db
from loket.core.settings import Settings
from tests.databases import BACKENDS, throwaway_database
from tests.schema_introspection import describe


async def _described(url: str, *, build: str) -> dict[str, set[tuple]]:
    settings = Settings(database_url=url)
    if build == "migrations":
        await db.migrate(settings)
        await db.open_database(settings)
        assert await db.unapplied_migrations() == []
    else:
        await db.open_database(settings)
        await Tortoise.generate_schemas(safe=False)
    try:
        return await describe(db.connection(), "sqlite" if url.startswith("sqlite") else "postgres")
    finally:
        await db.close_database()


async def test_no_model_change_lacks_a_migration():
    assert await db.pending_model_changes() == [], "run `loket makemigrations --name <what changed>` and commit it"


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrations_build_the_same_schema_as_the_models(backend: str, tmp_path: Path):
    with throwaway_database(backend, tmp_path) as migrated_url, throwaway_database(backend, tmp_path) as model_url:
        migrated = asyncio.run(_described(migrated_url, build="migrations"))
        from_models = asyncio.run(_described(model_url, build="models"))
    assert migrated["tables"], "introspection found no tables"
    if backend == "postgres":  # the stored words of full-text search are made by migration 0010 alone
        search = {index for index in migrated["indexes"] if "USING gin (search_" in index[1]}
        assert len(search) == 2 and {table for table, _ in search} == {"loket_ticket"}, migrated["indexes"]
        migrated["indexes"] -= search
        words = {column for column in migrated["columns"] if column[1] in ("search_words", "search_notes")}
        assert {(table, name) for table, name, *_ in words} == {("loket_ticket", "search_words"),
                                                               ("loket_ticket", "search_notes")}
        migrated["columns"] -= words
    for part in ("tables", "columns", "indexes", "foreign_keys"):
        assert migrated[part] == from_models[part], (
            f"{part} differ: only from migrations {migrated[part] - from_models[part]}, "
            f"only from models {from_models[part] - migrated[part]}")


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrate_twice_is_harmless(backend: str, tmp_path: Path):
    with throwaway_database(backend, tmp_path) as url:
        asyncio.run(db.migrate(Settings(database_url=url)))
        asyncio.run(db.migrate(Settings(database_url=url)))


async def _accounts_across_0011_and_0013(url: str) -> tuple[list[tuple], list[tuple]]:
    from tortoise.migrations.api.migrate import migrate

    from loket.core.models import ExternalAccount, User

    db.ensure_sqlite_folder(url)
    await db.open_database(Settings(database_url=url))
    try:
        await migrate(config=db.tortoise_config(url), target="loket.0010_ticket_search_words")
        marker = "$1" if url.startswith("postgres") else "?"
        await db.connection().execute_query(
            "INSERT INTO loket_user (email, display_name, is_superuser, is_active, email_confirmed, created_at) "
            f"VALUES ({marker}, 'Lama', FALSE, TRUE, TRUE, CURRENT_TIMESTAMP)", ["lama@contoh.id"])
        await db.connection().execute_query(
            "INSERT INTO loket_external_account (user_id, provider, subject, attributes, created_at) "
            f"SELECT id, 'sso', {marker}, '{{}}', CURRENT_TIMESTAMP FROM loket_user", ["lama-1"])
        await migrate(config=db.tortoise_config(url))
        return (await User.all().values_list("email", "is_guest"),
                await ExternalAccount.all().values_list("subject", "linked_existing"))
    finally:
        await db.close_database()


@pytest.mark.parametrize("backend", BACKENDS)
def test_existing_accounts_migrate_as_no_guests_and_their_sso_links_as_their_own(backend: str, tmp_path: Path):
    with throwaway_database(backend, tmp_path) as url:
        assert asyncio.run(_accounts_across_0011_and_0013(url)) == ([("lama@contoh.id", False)], [("lama-1", False)])
