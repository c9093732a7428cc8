"""Time in workflows: when each ticket entered its current status (windows count from it), and core's two
timed transitions renamed to the workflow rules that replace them.

A ticket entered its status at the latest event that moved it there (its creation, for a ticket that never
moved). Pending ``close_unanswered`` and ``complete_unconfirmed`` timers become timers of the default
workflow's ``auto_close`` and ``auto_complete`` system actions (a desk that names its rule otherwise, or ends a
window with the action, still has them fire), so tickets waiting today still close on time.
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

FILL = [
    "UPDATE loket_ticket SET status_since = COALESCE((SELECT MAX(e.created_at) FROM loket_ticket_event e"
    " WHERE e.ticket_id = loket_ticket.id AND e.to_status = loket_ticket.status"
    " AND (e.from_status IS NULL OR e.from_status <> e.to_status OR e.kind = 'created')), created_at)",
    "UPDATE loket_timer SET kind = 'transition:auto_close', payload = '{\"rule\": \"auto_close\"}'"
    " WHERE kind = 'close_unanswered' AND status IN ('pending', 'firing')",
    "UPDATE loket_timer SET kind = 'transition:auto_complete', payload = '{\"rule\": \"auto_complete\"}'"
    " WHERE kind = 'complete_unconfirmed' AND status IN ('pending', 'firing')",
]


async def fill(apps, schema_editor) -> None:
    for statement in FILL:
        await schema_editor.client.execute_script(statement)


async def nothing(apps, schema_editor) -> None:
    """Going back drops the column; renamed timers keep their new kinds."""


class Migration(migrations.Migration):
    dependencies = [('loket', '0015_workflow_participants')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Ticket',
            name='status_since',
            field=fields.DatetimeField(null=True, description='When the ticket entered its current status', auto_now=False, auto_now_add=False),
        ),
        ops.RunPython(fill, nothing),
    ]
