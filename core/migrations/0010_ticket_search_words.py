"""Full-text search on PostgreSQL, second form: each ticket keeps its words in two stored columns, kept up to
date by triggers, with a GIN index each:

- ``search_words``: the title, the description and every public message of the ticket;
- ``search_notes``: its internal notes (searched by the desk's staff only).

A search is then one condition on the ticket row, which PostgreSQL answers either from the GIN index (rare
words) or by walking the newest tickets and checking each row's stored words (common words), instead of
building the whole set of matching tickets and messages for every word (0.3 to 3 s per search over 1,000,000
tickets with the expression indexes of 0007, which this migration drops). Positions are stripped: a search
needs which words a ticket has, not where, and a stripped vector stays small however long the conversation.

Words are the runs of letters and digits, lower-cased, with the language-neutral 'simple' configuration
(no stemming: Indonesian has no PostgreSQL stemmer, and codes must match as typed). SQLite deployments search
with LIKE and get nothing here.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

FORWARD = r"""
ALTER TABLE loket_ticket ADD COLUMN search_words tsvector NOT NULL DEFAULT ''::tsvector,
                         ADD COLUMN search_notes tsvector NOT NULL DEFAULT ''::tsvector;

CREATE FUNCTION loket_words(body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT strip(to_tsvector('simple', regexp_replace(coalesce(body, ''), '[^[:alnum:]]+', ' ', 'g'))) $$;

CREATE FUNCTION loket_ticket_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_words := strip(loket_words(NEW.title || ' ' || NEW.description) || coalesce(
        (SELECT loket_words(string_agg(body, ' ')) FROM loket_message
          WHERE ticket_id = NEW.id AND visibility = 'public'), ''::tsvector));
    RETURN NEW;
END $$;

CREATE TRIGGER loket_ticket_words BEFORE INSERT ON loket_ticket
    FOR EACH ROW EXECUTE FUNCTION loket_ticket_words();

-- A save that writes every column (as the ORM's does) must not recount the words of the whole conversation.
CREATE TRIGGER loket_ticket_words_changed BEFORE UPDATE OF title, description ON loket_ticket
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.description IS DISTINCT FROM NEW.description)
    EXECUTE FUNCTION loket_ticket_words();

CREATE FUNCTION loket_message_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.visibility = 'public' THEN
        UPDATE loket_ticket SET search_words = strip(search_words || loket_words(NEW.body)) WHERE id = NEW.ticket_id;
    ELSE
        UPDATE loket_ticket SET search_notes = strip(search_notes || loket_words(NEW.body)) WHERE id = NEW.ticket_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER loket_message_words AFTER INSERT ON loket_message
    FOR EACH ROW EXECUTE FUNCTION loket_message_words();
"""

BACKFILL = r"""
UPDATE loket_ticket t SET
    search_words = strip(loket_words(t.title || ' ' || t.description) || coalesce(m.public_words, ''::tsvector)),
    search_notes = coalesce(m.notes, ''::tsvector)
FROM (SELECT t2.id,
             (SELECT loket_words(string_agg(body, ' ')) FROM loket_message
               WHERE ticket_id = t2.id AND visibility = 'public') AS public_words,
             (SELECT loket_words(string_agg(body, ' ')) FROM loket_message
               WHERE ticket_id = t2.id AND visibility <> 'public') AS notes
        FROM loket_ticket t2) m
WHERE m.id = t.id;
"""

INDEXES = r"""
DROP INDEX IF EXISTS loket_ticket_words;
DROP INDEX IF EXISTS loket_message_words;
CREATE INDEX loket_ticket_search_words ON loket_ticket USING gin (search_words);
CREATE INDEX loket_ticket_search_notes ON loket_ticket USING gin (search_notes);
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS loket_message_words ON loket_message;
DROP TRIGGER IF EXISTS loket_ticket_words ON loket_ticket;
DROP TRIGGER IF EXISTS loket_ticket_words_changed ON loket_ticket;
DROP FUNCTION IF EXISTS loket_message_words();
DROP FUNCTION IF EXISTS loket_ticket_words();
DROP FUNCTION IF EXISTS loket_words(text);
ALTER TABLE loket_ticket DROP COLUMN IF EXISTS search_words, DROP COLUMN IF EXISTS search_notes;
"""


async def forward(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect != "postgres":
        return
    for script in (FORWARD, BACKFILL, INDEXES):
        await schema_editor.client.execute_script(script)


async def backward(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect == "postgres":
        await schema_editor.client.execute_script(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [('loket', '0009_sla_segment_clock_index')]

    initial = False

    operations = [
        ops.RunPython(forward, backward),
    ]
