"""Desks, their teams (each at a tier, some shared by several desks), and who works in or administers them."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Desk(Model):
    """A helpdesk run by a plugin. Rows mirror the plugins' ``register_desks`` answers, keyed by slug."""

    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=200)
    language = fields.CharField(max_length=8, default="id")
    description = fields.TextField(default="")
    is_active = fields.BooleanField(default=True, description="False when no enabled plugin defines it")

    class Meta:
        table = "loket_desk"


class Team(Model):
    """A group of agents at one tier of a desk: tier 1 handles first, higher tiers take escalations.

    The desks a team serves are its ``TeamDesk`` rows: a desk's own team serves ``desk`` alone; a ``shared`` team
    (e.g. a ministry-wide tier-1 pool) serves every desk that declares it, with one membership per agent, and
    ``desk`` is merely where it was first declared.
    """

    id = fields.IntField(primary_key=True)
    desk = fields.ForeignKeyField("loket.Desk", related_name="teams", on_delete=fields.CASCADE)
    slug = fields.CharField(max_length=64)
    name = fields.CharField(max_length=200)
    tier = fields.IntField(default=1)
    description = fields.TextField(default="")
    shared = fields.BooleanField(default=False, db_default=False, description="Serves every desk that declares it (see TeamDesk)")

    class Meta:
        table = "loket_team"
        unique_together = (("desk", "slug"),)


class TeamDesk(Model):
    """A desk a team serves: its members work that desk's tickets held by the team, at the team's tier."""

    id = fields.IntField(primary_key=True)
    team = fields.ForeignKeyField("loket.Team", related_name="desk_links", on_delete=fields.CASCADE)
    desk = fields.ForeignKeyField("loket.Desk", related_name="team_links", on_delete=fields.CASCADE)

    class Meta:
        table = "loket_team_desk"
        unique_together = (("team", "desk"),)


class TeamMembership(Model):
    """A user works as an agent in a team."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("loket.User", related_name="memberships", on_delete=fields.CASCADE)
    team = fields.ForeignKeyField("loket.Team", related_name="memberships", on_delete=fields.CASCADE)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "loket_team_membership"
        unique_together = (("user", "team"),)


class DeskAdmin(Model):
    """A user administers a desk: its teams, memberships and catalogue."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("loket.User", related_name="desk_admin_grants", on_delete=fields.CASCADE)
    desk = fields.ForeignKeyField("loket.Desk", related_name="admin_grants", on_delete=fields.CASCADE)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "loket_desk_admin"
        unique_together = (("user", "desk"),)
