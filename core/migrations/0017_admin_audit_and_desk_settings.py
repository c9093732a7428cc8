"""Administration at run time: the audit log of administrative changes, the settings a desk's admins lay over
its plugin's definition, and the SLA target sets they put in force (each from a moment on)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('loket', '0016_status_since')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('actor', fields.ForeignKeyField('loket.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='audit_entries', on_delete=OnDelete.SET_NULL)),
                ('actor_label', fields.CharField(description="Who acted, as shown: the user's email, or 'console (<login>)' for an operator's command", max_length=300)),
                ('desk', fields.ForeignKeyField('loket.Desk', source_field='desk_id', null=True, description='The desk the change belongs to (null for deployment-wide changes)', db_constraint=True, to_field='id', related_name='audit_entries', on_delete=OnDelete.SET_NULL)),
                ('action', fields.CharField(description="What was done, e.g. 'topic.add', 'user.deactivate'", max_length=64)),
                ('target', fields.CharField(description="What it was done to, e.g. 'topic:pengaduan', 'user:12'", max_length=300)),
                ('before', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('after', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'loket_audit_entry', 'app': 'loket', 'indexes': [Index(fields=['desk_id', 'id']), Index(fields=['actor_id', 'id']), Index(fields=['action', 'id'])], 'pk_attr': 'id', 'table_description': 'One administrative change: who made it, when, to what, and the values before and after.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DeskSetting',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('desk', fields.ForeignKeyField('loket.Desk', source_field='desk_id', db_constraint=True, to_field='id', related_name='settings', on_delete=OnDelete.CASCADE)),
                ('section', fields.CharField(max_length=32)),
                ('key', fields.CharField(max_length=100)),
                ('value', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_by', fields.ForeignKeyField('loket.User', source_field='updated_by_id', null=True, db_constraint=True, to_field='id', related_name='desk_settings', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'loket_desk_setting', 'app': 'loket', 'unique_together': (('desk', 'section', 'key'),), 'pk_attr': 'id', 'table_description': "One piece of a desk's configuration as its admins changed it, laid over what the desk's plugin defines."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SlaTargetSet',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('desk', fields.ForeignKeyField('loket.Desk', source_field='desk_id', db_constraint=True, to_field='id', related_name='sla_target_sets', on_delete=OnDelete.CASCADE)),
                ('effective_from', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('targets', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_by', fields.ForeignKeyField('loket.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='sla_target_sets', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'loket_sla_target_set', 'app': 'loket', 'indexes': [Index(fields=['desk_id', 'effective_from'])], 'pk_attr': 'id', 'table_description': "A desk's SLA targets as its admins set them, in force from ``effective_from``."},
            bases=['Model'],
        ),
    ]
