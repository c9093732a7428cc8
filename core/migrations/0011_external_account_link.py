from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('loket', '0010_ticket_search_words')]

    initial = False

    operations = [
        ops.AddField(
            model_name='ExternalAccount',
            name='linked_existing',
            field=fields.BooleanField(default=False, db_default=False, description='Linked to an account that existed before (which keeps its password sign-in), not created by this sign-in'),
        ),
    ]
