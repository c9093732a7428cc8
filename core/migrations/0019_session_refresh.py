"""Refreshing a session: the id of the token that stands for it now, the one its last refresh replaced and
when, and its absolute end. Sessions opened before keep working: their token has no id (empty), and their end
is their sign-in plus the configured session lifetime."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('loket', '0018_guides_and_canned_responses')]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name='AuthSession',
            options={'table': 'loket_auth_session', 'app': 'loket', 'pk_attr': 'id', 'table_description': 'One sign-in and the bearer token that stands for it now.'},
        ),
        ops.AddField(
            model_name='AuthSession',
            name='ends_at',
            field=fields.DatetimeField(null=True, description='Absolute end: no refresh extends the session beyond it (null: created_at plus the configured session lifetime)', auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='AuthSession',
            name='previous_token_id',
            field=fields.CharField(null=True, description='The jti of the token the last refresh replaced', max_length=32),
        ),
        ops.AddField(
            model_name='AuthSession',
            name='rotated_at',
            field=fields.DatetimeField(null=True, description='When the last refresh replaced a token', auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='AuthSession',
            name='token_id',
            field=fields.CharField(default='', description='The jti of the token that stands for the session now (empty: its first token, issued without one)', max_length=32),
        ),
    ]
