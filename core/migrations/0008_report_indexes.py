from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('loket', '0007_ticket_search')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Rating',
            index=Index(fields=['created_at']),
        ),
        ops.AddIndex(
            model_name='Ticket',
            index=Index(fields=['desk_id', 'created_at']),
        ),
        ops.AddIndex(
            model_name='Ticket',
            index=Index(fields=['desk_id', 'first_response_at']),
        ),
        ops.AddIndex(
            model_name='Ticket',
            index=Index(fields=['desk_id', 'resolved_at']),
        ),
        ops.AddIndex(
            model_name='Ticket',
            index=Index(fields=['desk_id', 'closed_at']),
        ),
        ops.AddIndex(
            model_name='TicketEvent',
            index=Index(fields=['kind', 'created_at']),
        ),
    ]
