"""Teams shared across desks: a ``shared`` flag on teams, and the desks each team serves (``loket_team_desk``).

Every existing team is a desk's own team: it serves its desk, and gets that one row. The flag has a database
default (false), so the column can be added to a table that has rows (SQLite refuses a NOT NULL column without one).
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

OWN_DESKS = ("INSERT INTO loket_team_desk (team_id, desk_id) SELECT id, desk_id FROM loket_team"
             " WHERE NOT EXISTS (SELECT 1 FROM loket_team_desk d WHERE d.team_id = loket_team.id)")


async def own_desks(apps, schema_editor) -> None:
    await schema_editor.client.execute_script(OWN_DESKS)


async def nothing(apps, schema_editor) -> None:
    """Going back drops the table and the column; every team keeps its desk."""


class Migration(migrations.Migration):
    dependencies = [('loket', '0013_guests_and_invitations')]

    initial = False

    operations = [
        ops.CreateModel(
            name='TeamDesk',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('team', fields.ForeignKeyField('loket.Team', source_field='team_id', db_constraint=True, to_field='id', related_name='desk_links', on_delete=OnDelete.CASCADE)),
                ('desk', fields.ForeignKeyField('loket.Desk', source_field='desk_id', db_constraint=True, to_field='id', related_name='team_links', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'loket_team_desk', 'app': 'loket', 'unique_together': (('team', 'desk'),), 'pk_attr': 'id', 'table_description': "A desk a team serves: its members work that desk's tickets held by the team, at the team's tier."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Team',
            name='shared',
            field=fields.BooleanField(default=False, db_default=False, description='Serves every desk that declares it (see TeamDesk)'),
        ),
        ops.RunPython(own_desks, nothing),
    ]
