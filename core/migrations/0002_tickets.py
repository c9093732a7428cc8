from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('loket', '0001_accounts_and_desks')]

    initial = False

    operations = [
        ops.CreateModel(
            name='TicketCounter',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('desk', fields.ForeignKeyField('loket.Desk', source_field='desk_id', db_constraint=True, to_field='id', related_name='counters', on_delete=OnDelete.CASCADE)),
                ('scope', fields.CharField(max_length=64)),
                ('value', fields.IntField(default=0)),
            ],
            options={'table': 'loket_ticket_counter', 'app': 'loket', 'unique_together': (('desk', 'scope'),), 'pk_attr': 'id', 'table_description': 'Sequence numbers for ticket numbers, per desk and scope (e.g. a day): each increment is atomic.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Topic',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('desk', fields.ForeignKeyField('loket.Desk', source_field='desk_id', db_constraint=True, to_field='id', related_name='topics', on_delete=OnDelete.CASCADE)),
                ('parent', fields.ForeignKeyField('loket.Topic', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.CASCADE)),
                ('slug', fields.CharField(max_length=100)),
                ('name', fields.CharField(max_length=300)),
                ('depth', fields.IntField(default=0)),
                ('position', fields.IntField(default=0)),
                ('is_active', fields.BooleanField(default=True)),
            ],
            options={'table': 'loket_topic', 'app': 'loket', 'unique_together': (('desk', 'slug'),), 'pk_attr': 'id', 'table_description': 'A help topic, category or service of a desk, possibly under a parent (a sub-category).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Ticket',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(unique=True, max_length=40)),
                ('desk', fields.ForeignKeyField('loket.Desk', source_field='desk_id', db_constraint=True, to_field='id', related_name='tickets', on_delete=OnDelete.RESTRICT)),
                ('topic', fields.ForeignKeyField('loket.Topic', source_field='topic_id', null=True, db_constraint=True, to_field='id', related_name='tickets', on_delete=OnDelete.SET_NULL)),
                ('application', fields.CharField(null=True, max_length=64)),
                ('application_version', fields.CharField(null=True, max_length=64)),
                ('title', fields.CharField(max_length=300)),
                ('description', fields.TextField(unique=False)),
                ('reporter', fields.ForeignKeyField('loket.User', source_field='reporter_id', db_constraint=True, to_field='id', related_name='reported_tickets', on_delete=OnDelete.RESTRICT)),
                ('created_by', fields.ForeignKeyField('loket.User', source_field='created_by_id', db_constraint=True, to_field='id', related_name='created_tickets', on_delete=OnDelete.RESTRICT)),
                ('channel', fields.CharField(default='web', max_length=16)),
                ('reporter_category', fields.CharField(null=True, max_length=100)),
                ('origin', fields.CharField(null=True, description='Where the ticket comes from, e.g. a local office', max_length=200)),
                ('status', fields.CharField(default='new', db_index=True, max_length=32)),
                ('team', fields.ForeignKeyField('loket.Team', source_field='team_id', description='The team holding the ticket now (its position)', db_constraint=True, to_field='id', related_name='held_tickets', on_delete=OnDelete.RESTRICT)),
                ('assignee', fields.ForeignKeyField('loket.User', source_field='assignee_id', null=True, db_constraint=True, to_field='id', related_name='assigned_tickets', on_delete=OnDelete.SET_NULL)),
                ('priority', fields.CharField(null=True, max_length=32)),
                ('priority_reason', fields.TextField(default='', unique=False)),
                ('fields_data', fields.JSONField(source_field='fields', default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('taken_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('first_response_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('resolved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('close_reason', fields.CharField(null=True, max_length=32)),
            ],
            options={'table': 'loket_ticket', 'app': 'loket', 'indexes': [Index(fields=['desk_id', 'status', 'id']), Index(fields=['team_id', 'status', 'id']), Index(fields=['reporter_id', 'id']), Index(fields=['assignee_id', 'status', 'id'])], 'pk_attr': 'id', 'table_description': 'A request for help at a desk. ``version`` rises by one with every event (optimistic concurrency),'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Message',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('ticket', fields.ForeignKeyField('loket.Ticket', source_field='ticket_id', db_constraint=True, to_field='id', related_name='messages', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('loket.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='messages', on_delete=OnDelete.SET_NULL)),
                ('visibility', fields.CharField(default='public', description='public or internal', max_length=16)),
                ('purpose', fields.CharField(default='reply', max_length=32)),
                ('body', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loket_message', 'app': 'loket', 'indexes': [Index(fields=['ticket_id', 'id'])], 'pk_attr': 'id', 'table_description': 'A message on a ticket: a public reply, an internal note agents alone see, or a system line.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Attachment',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('desk', fields.ForeignKeyField('loket.Desk', source_field='desk_id', db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.CASCADE)),
                ('uploader', fields.ForeignKeyField('loket.User', source_field='uploader_id', db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharField(default='ticket', max_length=32)),
                ('ticket', fields.ForeignKeyField('loket.Ticket', source_field='ticket_id', null=True, db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.CASCADE)),
                ('message', fields.ForeignKeyField('loket.Message', source_field='message_id', null=True, db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.SET_NULL)),
                ('visibility', fields.CharField(default='public', max_length=16)),
                ('storage_key', fields.CharField(unique=True, max_length=255)),
                ('original_name', fields.CharField(max_length=255)),
                ('content_type', fields.CharField(default='application/octet-stream', max_length=127)),
                ('size', fields.BigIntField()),
                ('sha256', fields.CharField(max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('bound_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loket_attachment', 'app': 'loket', 'indexes': [Index(fields=['ticket_id', 'created_at'])], 'pk_attr': 'id', 'table_description': 'A file: staged by its uploader, then bound to a ticket (and the message it came with) on submit.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Rating',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('ticket', fields.OneToOneField('loket.Ticket', source_field='ticket_id', db_constraint=True, to_field='id', related_name='rating', on_delete=OnDelete.CASCADE)),
                ('form', fields.CharField(max_length=64)),
                ('answers', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('stars', fields.IntField(null=True, description='The stars answer when the form has one, for reports')),
                ('rated_by', fields.ForeignKeyField('loket.User', source_field='rated_by_id', db_constraint=True, to_field='id', related_name='ratings', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loket_rating', 'app': 'loket', 'pk_attr': 'id', 'table_description': "The reporter's answers to the desk's rating form, once per ticket."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TicketEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('ticket', fields.ForeignKeyField('loket.Ticket', source_field='ticket_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('seq', fields.IntField(description='1, 2, 3, ... per ticket')),
                ('actor', fields.ForeignKeyField('loket.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='ticket_events', on_delete=OnDelete.SET_NULL)),
                ('kind', fields.CharField(max_length=40)),
                ('from_status', fields.CharField(null=True, max_length=32)),
                ('to_status', fields.CharField(null=True, max_length=32)),
                ('from_team', fields.ForeignKeyField('loket.Team', source_field='from_team_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('to_team', fields.ForeignKeyField('loket.Team', source_field='to_team_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('message', fields.ForeignKeyField('loket.Message', source_field='message_id', null=True, db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.SET_NULL)),
                ('visibility', fields.CharField(default='public', max_length=16)),
                ('payload', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loket_ticket_event', 'app': 'loket', 'unique_together': (('ticket', 'seq'),), 'indexes': [Index(fields=['actor_id', 'ticket_id'])], 'pk_attr': 'id', 'table_description': 'One thing that happened to a ticket, in order: the single source for the timeline and live updates.'},
            bases=['Model'],
        ),
    ]
