from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('loket', '0008_report_indexes')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='SlaSegment',
            index=Index(fields=['clock_id', 'ended_at']),
        ),
    ]
