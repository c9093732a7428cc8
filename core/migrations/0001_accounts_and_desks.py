from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Desk',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(max_length=200)),
                ('language', fields.CharField(default='id', max_length=8)),
                ('description', fields.TextField(default='', unique=False)),
                ('is_active', fields.BooleanField(default=True, description='False when no enabled plugin defines it')),
            ],
            options={'table': 'loket_desk', 'app': 'loket', 'pk_attr': 'id', 'table_description': "A helpdesk run by a plugin. Rows mirror the plugins' ``register_desks`` answers, keyed by slug."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Team',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('desk', fields.ForeignKeyField('loket.Desk', source_field='desk_id', db_constraint=True, to_field='id', related_name='teams', on_delete=OnDelete.CASCADE)),
                ('slug', fields.CharField(max_length=64)),
                ('name', fields.CharField(max_length=200)),
                ('tier', fields.IntField(default=1)),
                ('description', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'loket_team', 'app': 'loket', 'unique_together': (('desk', 'slug'),), 'pk_attr': 'id', 'table_description': 'A group of agents at one tier of a desk: tier 1 handles first, higher tiers take escalations.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('email', fields.CharField(unique=True, description='Stored lower-cased', max_length=254)),
                ('display_name', fields.CharField(max_length=200)),
                ('password_hash', fields.CharField(null=True, description='Argon2id hash, null for SSO-only users', max_length=255)),
                ('is_superuser', fields.BooleanField(default=False)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_login_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loket_user', 'app': 'loket', 'pk_attr': 'id', 'table_description': 'A person: a reporter by default, an agent through team memberships, an admin or superuser by grant.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuthSession',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('loket.User', source_field='user_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('method', fields.CharField(description="'password' or the external provider's name", max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loket_auth_session', 'app': 'loket', 'pk_attr': 'id', 'table_description': 'One issued bearer token. Signing out revokes it, and an expired or revoked session admits no one.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DeskAdmin',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('loket.User', source_field='user_id', db_constraint=True, to_field='id', related_name='desk_admin_grants', on_delete=OnDelete.CASCADE)),
                ('desk', fields.ForeignKeyField('loket.Desk', source_field='desk_id', db_constraint=True, to_field='id', related_name='admin_grants', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'loket_desk_admin', 'app': 'loket', 'unique_together': (('user', 'desk'),), 'pk_attr': 'id', 'table_description': 'A user administers a desk: its teams, memberships and catalogue.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ExternalAccount',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('loket.User', source_field='user_id', db_constraint=True, to_field='id', related_name='external_accounts', on_delete=OnDelete.CASCADE)),
                ('provider', fields.CharField(max_length=64)),
                ('subject', fields.CharField(max_length=255)),
                ('attributes', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'loket_external_account', 'app': 'loket', 'unique_together': (('provider', 'subject'),), 'pk_attr': 'id', 'table_description': "Links a user to an identity at an external provider (e.g. a ministry's single sign-on)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TeamMembership',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('loket.User', source_field='user_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('team', fields.ForeignKeyField('loket.Team', source_field='team_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'loket_team_membership', 'app': 'loket', 'unique_together': (('user', 'team'),), 'pk_attr': 'id', 'table_description': 'A user works as an agent in a team.'},
            bases=['Model'],
        ),
    ]
