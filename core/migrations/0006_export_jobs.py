from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('loket', '0005_outbox_and_registration')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ExportJob',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('requested_by', fields.ForeignKeyField('loket.User', source_field='requested_by_id', db_constraint=True, to_field='id', related_name='export_jobs', on_delete=OnDelete.CASCADE)),
                ('format', fields.CharField(description='csv or xlsx', max_length=8)),
                ('language', fields.CharField(max_length=8)),
                ('query', fields.JSONField(description='The queue, filter and order of the list exported', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharField(default='pending', description='pending, running, done, failed, expired', max_length=16)),
                ('rows_total', fields.IntField(null=True)),
                ('rows_done', fields.IntField(default=0)),
                ('attempt', fields.IntField(default=0)),
                ('lease_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('storage_key', fields.CharField(null=True, max_length=255)),
                ('file_name', fields.CharField(default='', max_length=255)),
                ('size', fields.BigIntField(null=True)),
                ('error', fields.CharField(null=True, description='The error code when it failed', max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('started_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loket_export_job', 'app': 'loket', 'indexes': [Index(fields=['requested_by_id', 'created_at']), Index(fields=['status', 'lease_until']), Index(fields=['expires_at'])], 'pk_attr': 'id', 'table_description': 'One export of a ticket list (CSV or Excel) asked for by a user.'},
            bases=['Model'],
        ),
    ]
