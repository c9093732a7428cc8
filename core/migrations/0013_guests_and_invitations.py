"""Guests and invitations: ``loket_user.is_guest`` marks an account row made for someone who filed a ticket
without an account; ``loket_account_token.password_hash`` holds the password a guest chose when registering,
set when the confirmation link is opened; ``loket_ticket.reporter_phone`` is the phone a guest left. Existing
rows are no guests (the column has a database default, so it can be added to a table with rows) and have
neither."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('loket', '0012_guide_outcome_per_day')]

    initial = False

    operations = [
        ops.AddField(
            model_name='AccountToken',
            name='password_hash',
            field=fields.CharField(null=True, description='A guest claiming the account: the password chosen, set on confirming', max_length=255),
        ),
        ops.AddField(
            model_name='Ticket',
            name='reporter_phone',
            field=fields.CharField(null=True, description='The phone a guest left to be reached at', max_length=32),
        ),
        ops.AddField(
            model_name='User',
            name='is_guest',
            field=fields.BooleanField(default=False, description='Filed a ticket without an account: no password, follows tickets through emailed links until claiming the account by registering with this email', db_default=False),
        ),
    ]
