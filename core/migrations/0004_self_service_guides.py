from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('loket', '0003_sla_clocks_and_timers')]

    initial = False

    operations = [
        ops.CreateModel(
            name='GuideFeedback',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('desk', fields.ForeignKeyField('loket.Desk', source_field='desk_id', db_constraint=True, to_field='id', related_name='guide_feedback', on_delete=OnDelete.CASCADE)),
                ('topic', fields.CharField(description='Slug of the topic the guide belongs to', max_length=100)),
                ('guide', fields.CharField(description='Key of the guide within its topic', max_length=100)),
                ('solved', fields.BooleanField()),
                ('user', fields.ForeignKeyField('loket.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='guide_feedback', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loket_guide_feedback', 'app': 'loket', 'indexes': [Index(fields=['desk_id', 'solved'])], 'pk_attr': 'id', 'table_description': 'A reporter read a guide of a topic and said whether it solved the problem (a deflected request).'},
            bases=['Model'],
        ),
    ]
