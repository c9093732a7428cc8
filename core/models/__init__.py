"""Core's stored data. Tortoise discovers every model imported here (app label ``loket``)."""

from loket.core.models.admin import AuditEntry, DeskSetting, SlaTargetSet
from loket.core.models.accounts import AccountToken, AuthSession, ExternalAccount, User
from loket.core.models.catalogue import Topic
from loket.core.models.desks import Desk, DeskAdmin, Team, TeamDesk, TeamMembership
from loket.core.models.exports import ExportJob
from loket.core.models.guides import CannedResponse, GuideArticle, GuideFeedback
from loket.core.models.notify import OutboxMessage
from loket.core.models.sla import SlaClock, SlaSegment, Timer
from loket.core.models.tickets import Attachment, Message, Rating, Ticket, TicketCounter, TicketEvent, TicketParticipant

__all__ = [
    "AccountToken",
    "Attachment",
    "AuditEntry",
    "AuthSession",
    "CannedResponse",
    "Desk",
    "DeskAdmin",
    "DeskSetting",
    "ExportJob",
    "ExternalAccount",
    "GuideArticle",
    "GuideFeedback",
    "Message",
    "OutboxMessage",
    "Rating",
    "SlaClock",
    "SlaSegment",
    "SlaTargetSet",
    "Team",
    "TeamDesk",
    "TeamMembership",
    "Ticket",
    "TicketCounter",
    "TicketEvent",
    "TicketParticipant",
    "Timer",
    "Topic",
    "User",
]
