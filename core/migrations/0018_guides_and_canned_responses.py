"""Guide and FAQ articles a desk's admins write at run time, and canned responses for agents' replies."""

from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('loket', '0017_admin_audit_and_desk_settings')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CannedResponse',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('desk', fields.ForeignKeyField('loket.Desk', source_field='desk_id', db_constraint=True, to_field='id', related_name='canned_responses', on_delete=OnDelete.CASCADE)),
                ('team', fields.ForeignKeyField('loket.Team', source_field='team_id', null=True, description='The team it is for (null: desk-wide)', db_constraint=True, to_field='id', related_name='canned_responses', on_delete=OnDelete.CASCADE)),
                ('scope', fields.CharField(description='desk, or team:<team id>: names are unique within it', max_length=40)),
                ('name', fields.CharField(max_length=100)),
                ('body', fields.TextField(description='Template text with placeholders', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_by', fields.ForeignKeyField('loket.User', source_field='updated_by_id', null=True, db_constraint=True, to_field='id', related_name='canned_responses', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'loket_canned_response', 'app': 'loket', 'unique_together': (('desk', 'scope', 'name'),), 'pk_attr': 'id', 'table_description': 'A reply text agents of a desk (or of one of its teams) start from, with placeholders such as'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='GuideArticle',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('desk', fields.ForeignKeyField('loket.Desk', source_field='desk_id', db_constraint=True, to_field='id', related_name='guide_articles', on_delete=OnDelete.CASCADE)),
                ('topic', fields.CharField(default='', description='Slug of its topic (empty: desk-wide FAQ)', max_length=100)),
                ('key', fields.CharField(description='Names it within its topic', max_length=100)),
                ('title', fields.JSONField(description='Title per language', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('body', fields.JSONField(description='Plain-text body per language', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('keywords', fields.JSONField(default=list, description='Extra words search finds it by', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('published', fields.BooleanField(default=False)),
                ('position', fields.IntField(default=0, description='Order among the articles of its topic (lowest first)')),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_by', fields.ForeignKeyField('loket.User', source_field='updated_by_id', null=True, db_constraint=True, to_field='id', related_name='guide_articles', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'loket_guide_article', 'app': 'loket', 'unique_together': (('desk', 'topic', 'key'),), 'indexes': [Index(fields=['desk_id', 'published'])], 'pk_attr': 'id', 'table_description': "A guide or FAQ article a desk's admins wrote at run time, beside the guides of the desk's plugin."},
            bases=['Model'],
        ),
    ]
