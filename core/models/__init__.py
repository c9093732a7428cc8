"""Core's stored data. Tortoise discovers every model imported here (app label ``loket``)."""

from loket.core.models.accounts import AuthSession, ExternalAccount, User
from loket.core.models.desks import Desk, DeskAdmin, Team, TeamMembership

__all__ = ["AuthSession", "Desk", "DeskAdmin", "ExternalAccount", "Team", "TeamMembership", "User"]
