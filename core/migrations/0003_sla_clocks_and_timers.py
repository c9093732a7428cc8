from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('loket', '0002_tickets')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SlaClock',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('ticket', fields.ForeignKeyField('loket.Ticket', source_field='ticket_id', db_constraint=True, to_field='id', related_name='sla_clocks', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(description='first_response or resolution', max_length=32)),
                ('target_seconds', fields.IntField()),
                ('working_time', fields.BooleanField(default=False, description='Counted in the desk calendar, not plain hours')),
                ('state', fields.CharField(default='running', description='running, paused or stopped', max_length=16)),
                ('used_seconds', fields.IntField(default=0, description='Counted time used before running_since')),
                ('running_since', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('due_at', fields.DatetimeField(null=True, description='When the target is missed, if it keeps running', auto_now=False, auto_now_add=False)),
                ('warned_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('breached_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('stopped_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loket_sla_clock', 'app': 'loket', 'unique_together': (('ticket', 'kind'),), 'pk_attr': 'id', 'table_description': 'One target of one ticket (first response or resolution): how much time it has used, when it is due.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SlaSegment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('clock', fields.ForeignKeyField('loket.SlaClock', source_field='clock_id', db_constraint=True, to_field='id', related_name='segments', on_delete=OnDelete.CASCADE)),
                ('state', fields.CharField(description='running or paused', max_length=16)),
                ('reason', fields.CharField(default='', max_length=64)),
                ('note', fields.TextField(default='', unique=False)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ended_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loket_sla_segment', 'app': 'loket', 'pk_attr': 'id', 'table_description': 'A stretch during which a clock ran or stood still, and why.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Timer',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('ticket', fields.ForeignKeyField('loket.Ticket', source_field='ticket_id', db_constraint=True, to_field='id', related_name='timers', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=64)),
                ('due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('status', fields.CharField(default='pending', description='pending, firing, fired, cancelled', max_length=16)),
                ('expect_status', fields.CharField(null=True, max_length=32)),
                ('payload', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('armed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('claimed_by', fields.CharField(null=True, max_length=64)),
                ('claimed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('fired_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('outcome', fields.CharField(null=True, description='What firing did, or why it did nothing', max_length=32)),
            ],
            options={'table': 'loket_timer', 'app': 'loket', 'indexes': [Index(fields=['status', 'due_at']), Index(fields=['ticket_id', 'status'])], 'pk_attr': 'id', 'table_description': 'A timed transition: fires once at ``due_at`` if its ticket is still in ``expect_status``.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Ticket',
            name='sla_breached',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='Ticket',
            name='sla_due_at',
            field=fields.DatetimeField(null=True, description='The earliest due time of its running SLA clocks', auto_now=False, auto_now_add=False),
        ),
        ops.AddIndex(
            model_name='Ticket',
            index=Index(fields=['sla_due_at', 'id']),
        ),
    ]
