"""A guide's outcome counts once per reporter and day: a ``day`` column (the desk's day of the answer) and a
unique index over (user, desk, topic, guide, day), so a second answer that day replaces the first even when
two arrive at once.

Existing answers get the (UTC) date of their moment, and of several answers one person gave to one guide on
one day only the latest is kept: the earlier ones are exactly the repeats the rule no longer counts.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import UniqueConstraint

FILL_DAYS = {
    "postgres": "UPDATE loket_guide_feedback SET day = (created_at AT TIME ZONE 'UTC')::date WHERE day IS NULL",
    "sqlite": "UPDATE loket_guide_feedback SET day = date(created_at) WHERE day IS NULL",
}
KEEP_LATEST = (
    "DELETE FROM loket_guide_feedback WHERE user_id IS NOT NULL AND id NOT IN ("
    " SELECT max(id) FROM loket_guide_feedback WHERE user_id IS NOT NULL"
    " GROUP BY user_id, desk_id, topic, guide, day)"
)


async def fill_days(apps, schema_editor) -> None:
    client = schema_editor.client
    dialect = "postgres" if client.capabilities.dialect == "postgres" else "sqlite"
    await client.execute_script(FILL_DAYS[dialect])
    await client.execute_script(KEEP_LATEST)


async def restore_sqlite_index(apps, schema_editor) -> None:
    """SQLite changes a column by rebuilding its table, and tortoise's rebuild leaves the table's indexes behind:
    the (desk_id, solved) index of 0004 is made again, under its name."""
    if schema_editor.client.capabilities.dialect == "sqlite":
        await schema_editor.client.execute_script(
            'CREATE INDEX IF NOT EXISTS "idx_loket_guide_desk_id_d0820e" ON "loket_guide_feedback" ("desk_id", "solved")')


async def nothing(apps, schema_editor) -> None:
    """Going back keeps the rows as they are (the column and index go with the field)."""


class Migration(migrations.Migration):
    dependencies = [('loket', '0011_external_account_link')]

    initial = False

    operations = [
        ops.AddField(
            model_name='GuideFeedback',
            name='day',
            field=fields.DateField(null=True, description="The desk's day of the answer: one answer per reporter, guide and day"),
        ),
        ops.RunPython(fill_days, nothing),
        ops.AlterField(
            model_name='GuideFeedback',
            name='day',
            field=fields.DateField(description="The desk's day of the answer: one answer per reporter, guide and day"),
        ),
        ops.AddConstraint(
            model_name='GuideFeedback',
            constraint=UniqueConstraint(fields=('user', 'desk', 'topic', 'guide', 'day'), name=None),
        ),
        ops.RunPython(restore_sqlite_index, nothing),
    ]
