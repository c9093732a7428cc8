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
            field=fields.BooleanField(default=False, description='Filed a ticket without an account: no password, follows tickets through emailed links until claiming the account by registering with this email'),
        ),
    ]
