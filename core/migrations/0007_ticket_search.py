"""Full-text search on PostgreSQL: GIN indexes over the words of tickets (title and description) and of
messages, with the language-neutral 'simple' configuration (lower-cased words, no stemming: Indonesian has no
PostgreSQL stemmer, and tender codes, names and numbers must match as typed). Every run of characters other than
letters and digits counts as a space first, so "QX-7781", "v2.3" and "user@mail.com" are words a search can
reach one by one (PostgreSQL's parser would keep "-7781" or "user@mail.com" whole). The indexes are on expressions, so
the models carry no extra column; ``loket.core.tickets.search`` queries with the very same expressions.
SQLite deployments search with LIKE and need nothing here. Migration 0010 replaced these indexes by stored
words per ticket."""

from tortoise import migrations
from tortoise.migrations import operations as ops

# Frozen copies of loket.core.tickets.search's expressions (a test checks that searches use these indexes).
TICKET_WORDS = "to_tsvector('simple', regexp_replace(title || ' ' || description, '[^[:alnum:]]+', ' ', 'g'))"
MESSAGE_WORDS = "to_tsvector('simple', regexp_replace(body, '[^[:alnum:]]+', ' ', 'g'))"
SEARCH_INDEXES = {
    "loket_ticket_words": ("loket_ticket", TICKET_WORDS),
    "loket_message_words": ("loket_message", MESSAGE_WORDS),
}


async def create_search_indexes(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect != "postgres":
        return
    for name, (table, expression) in SEARCH_INDEXES.items():
        await schema_editor.client.execute_script(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}))")


async def drop_search_indexes(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect != "postgres":
        return
    for name in SEARCH_INDEXES:
        await schema_editor.client.execute_script(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [('loket', '0006_export_jobs')]

    initial = False

    operations = [
        ops.RunPython(create_search_indexes, drop_search_indexes),
    ]
