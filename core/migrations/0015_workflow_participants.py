"""Workflows as desk data: a ticket's status category, whom a pending question is addressed to, who resolved
and who closed it, and the participants of each ticket.

Existing tickets run core's default workflow, whose slugs are the statuses they already have: the category of
``in_progress`` is ``open``, every other status is its own category. Who resolved and who closed a ticket are
read from its timeline (the latest such event with a person as actor); a ticket waiting on its reporter is
waiting on its reporter's answer; agents who took, escalated, transferred, returned or resolved a ticket
held it.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

FILL = [
    "CREATE INDEX IF NOT EXISTS idx_loket_ticket_status_category ON loket_ticket (status_category)",
    "UPDATE loket_ticket SET status_category = CASE status WHEN 'in_progress' THEN 'open' ELSE status END",
    "UPDATE loket_ticket SET asked_id = reporter_id WHERE status = 'waiting_on_reporter'",
    "UPDATE loket_ticket SET resolved_by_id = (SELECT e.actor_id FROM loket_ticket_event e WHERE e.ticket_id ="
    " loket_ticket.id AND e.kind = 'resolved' ORDER BY e.seq DESC LIMIT 1) WHERE resolved_at IS NOT NULL",
    "UPDATE loket_ticket SET closed_by_id = (SELECT e.actor_id FROM loket_ticket_event e WHERE e.ticket_id ="
    " loket_ticket.id AND e.to_status = 'closed' AND e.from_status <> 'closed' ORDER BY e.seq DESC LIMIT 1)"
    " WHERE status = 'closed'",
    "INSERT INTO loket_ticket_participant (ticket_id, user_id, role, created_at)"
    " SELECT ticket_id, actor_id, 'holder', MIN(created_at) FROM loket_ticket_event WHERE actor_id IS NOT NULL"
    " AND kind IN ('taken', 'escalated', 'transferred', 'returned', 'resolved') GROUP BY ticket_id, actor_id",
]


async def fill(apps, schema_editor) -> None:
    for statement in FILL:
        await schema_editor.client.execute_script(statement)


async def nothing(apps, schema_editor) -> None:
    """Going back drops the columns and the table with their contents."""


class Migration(migrations.Migration):
    dependencies = [('loket', '0014_shared_teams')]

    initial = False

    operations = [
        ops.CreateModel(
            name='TicketParticipant',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('ticket', fields.ForeignKeyField('loket.Ticket', source_field='ticket_id', db_constraint=True, to_field='id', related_name='participants', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('loket.User', source_field='user_id', db_constraint=True, to_field='id', related_name='participations', on_delete=OnDelete.CASCADE)),
                ('role', fields.CharField(description='holder or asked', max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loket_ticket_participant', 'app': 'loket', 'unique_together': (('ticket', 'user', 'role'),), 'indexes': [Index(fields=['user_id', 'ticket_id'])], 'pk_attr': 'id', 'table_description': 'Someone taking part in a ticket besides its reporter: an agent who held it (``holder``) or a person'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Ticket',
            name='asked',
            field=fields.ForeignKeyField('loket.User', source_field='asked_id', null=True, description='Whom a pending question on the ticket is addressed to', db_constraint=True, to_field='id', related_name='asked_tickets', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='Ticket',
            name='closed_by',
            field=fields.ForeignKeyField('loket.User', source_field='closed_by_id', null=True, description='None when the system closed it', db_constraint=True, to_field='id', related_name='closed_tickets', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='Ticket',
            name='resolved_by',
            field=fields.ForeignKeyField('loket.User', source_field='resolved_by_id', null=True, db_constraint=True, to_field='id', related_name='resolved_tickets', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='Ticket',
            name='status_category',
            field=fields.CharField(default='new', db_index=True, description='What the status means to core: new, open, waiting_on_reporter, waiting_on_third_party, resolved, closed or final', max_length=32),
        ),
        ops.RunPython(fill, nothing),
    ]
