"""Self-service guides: the outcomes reporters record, the articles a desk's admins write, and their canned responses."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class GuideFeedback(Model):
    """A reporter read a guide of a topic and said whether it solved the problem (a deflected request).

    One row per reporter, guide and day (the desk's day): a second answer the same day replaces the first.
    """

    id = fields.BigIntField(primary_key=True)
    desk = fields.ForeignKeyField("loket.Desk", related_name="guide_feedback", on_delete=fields.CASCADE)
    topic = fields.CharField(max_length=100, description="Slug of the topic the guide belongs to")
    guide = fields.CharField(max_length=100, description="Key of the guide within its topic")
    solved = fields.BooleanField()
    user = fields.ForeignKeyField("loket.User", related_name="guide_feedback", null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField()
    day = fields.DateField(description="The desk's day of the answer: one answer per reporter, guide and day")

    class Meta:
        table = "loket_guide_feedback"
        indexes = (("desk_id", "solved"),)
        unique_together = (("user", "desk", "topic", "guide", "day"),)


class GuideArticle(Model):
    """A guide or FAQ article a desk's admins wrote at run time, beside the guides of the desk's plugin.

    ``topic`` is the slug of the topic it belongs to, or empty for a desk-wide FAQ article. ``title`` and
    ``body`` hold text per language (``{"id": ..., "en": ...}``); the body is plain text. Reporters see it once
    ``published``; the desk's staff see drafts too. ``key`` names it within its topic, as a plugin guide's key
    does, so reporters' answers (``GuideFeedback``) count for it the same way.
    """

    id = fields.IntField(primary_key=True)
    desk = fields.ForeignKeyField("loket.Desk", related_name="guide_articles", on_delete=fields.CASCADE)
    topic = fields.CharField(max_length=100, default="", description="Slug of its topic (empty: desk-wide FAQ)")
    key = fields.CharField(max_length=100, description="Names it within its topic")
    title = fields.JSONField(description="Title per language")
    body = fields.JSONField(description="Plain-text body per language")
    keywords = fields.JSONField(default=list, description="Extra words search finds it by")
    published = fields.BooleanField(default=False)
    position = fields.IntField(default=0, description="Order among the articles of its topic (lowest first)")
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    updated_by = fields.ForeignKeyField("loket.User", related_name="guide_articles", null=True,
                                        on_delete=fields.SET_NULL)

    class Meta:
        table = "loket_guide_article"
        unique_together = (("desk", "topic", "key"),)
        indexes = (("desk_id", "published"),)


class CannedResponse(Model):
    """A reply text agents of a desk (or of one of its teams) start from, with placeholders such as
    ``{{ reporter.name }}`` rendered for the ticket at hand.

    ``scope`` is ``desk`` for a desk-wide response, or ``team:<team id>`` for a team's: names are unique within
    a scope.
    """

    id = fields.IntField(primary_key=True)
    desk = fields.ForeignKeyField("loket.Desk", related_name="canned_responses", on_delete=fields.CASCADE)
    team = fields.ForeignKeyField("loket.Team", related_name="canned_responses", null=True,
                                  on_delete=fields.CASCADE, description="The team it is for (null: desk-wide)")
    scope = fields.CharField(max_length=40, description="desk, or team:<team id>: names are unique within it")
    name = fields.CharField(max_length=100)
    body = fields.TextField(description="Template text with placeholders")
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    updated_by = fields.ForeignKeyField("loket.User", related_name="canned_responses", null=True,
                                        on_delete=fields.SET_NULL)

    class Meta:
        table = "loket_canned_response"
        unique_together = (("desk", "scope", "name"),)
