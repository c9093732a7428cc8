from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('loket', '0004_self_service_guides')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AccountToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('loket.User', source_field='user_id', db_constraint=True, to_field='id', related_name='account_tokens', on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharField(description='confirm_email or reset_password', max_length=32)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loket_account_token', 'app': 'loket', 'pk_attr': 'id', 'table_description': 'A single-use, expiring link sent by email (confirm an address, reset a password).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutboxMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('channel', fields.CharField(default='email', max_length=32)),
                ('kind', fields.CharField(description='Which template made it, e.g. ticket_reply', max_length=64)),
                ('recipient', fields.CharField(max_length=254)),
                ('subject', fields.CharField(max_length=300)),
                ('body_text', fields.TextField(unique=False)),
                ('body_html', fields.TextField(default='', unique=False)),
                ('language', fields.CharField(default='id', max_length=8)),
                ('desk', fields.ForeignKeyField('loket.Desk', source_field='desk_id', null=True, db_constraint=True, to_field='id', related_name='outbox', on_delete=OnDelete.SET_NULL)),
                ('ticket', fields.ForeignKeyField('loket.Ticket', source_field='ticket_id', null=True, db_constraint=True, to_field='id', related_name='outbox', on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharField(default='pending', description='pending, sent or failed', max_length=16)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_error', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loket_outbox_message', 'app': 'loket', 'indexes': [Index(fields=['status', 'next_attempt_at'])], 'pk_attr': 'id', 'table_description': 'A message to send (an email, or a channel a plugin adds), sent with retries.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='User',
            name='email_confirmed',
            field=fields.BooleanField(default=True, description='False for a self-registered account until its confirmation link is opened'),
        ),
        ops.AddField(
            model_name='User',
            name='language',
            field=fields.CharField(null=True, description='Language of the emails the person receives', max_length=8),
        ),
    ]
