"""Assembling the schema: core's queries and mutations, query limits, error formatting."""

from __future__ import annotations

from typing import Any

import pluggy
import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxTokensLimiter, ParserCache
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from loket.schema.admin.audit import AuditQueries
from loket.schema.admin.canned_responses import CannedResponseMutations, CannedResponseQueries
from loket.schema.admin.catalogue import CatalogueMutations
from loket.schema.admin.desk_settings import DeskSettingsMutations
from loket.schema.admin.guides import GuideAdminMutations, GuideAdminQueries
from loket.schema.admin.service_levels import ServiceLevelMutations, ServiceLevelQueries
from loket.schema.admin.people import PeopleMutations, PeopleQueries
from loket.schema.error_codes import error_code_queries
from loket.schema.errors import InputFieldErrors, LoketErrors
from loket.schema.inputs import bound_inputs
from loket.schema.mutations.attachments import AttachmentMutations
from loket.schema.mutations.auth import AuthMutations
from loket.schema.mutations.clock import ClockMutations
from loket.schema.mutations.guests import GuestMutations
from loket.schema.mutations.profile import ProfileMutations
from loket.schema.mutations.sessions import SessionMutations
from loket.schema.mutations.tickets import TicketMutations
from loket.schema.mutations.workflow import WorkflowMutations
from loket.schema.queries.accounts import AccountQueries
from loket.schema.queries.assignment import AssignmentQueries
from loket.schema.queries.exports import ExportMutations, ExportQueries, ExportSubscriptions
from loket.schema.queries.guides import GuideMutations, GuideQueries
from loket.schema.queries.nodes import NodeQueries
from loket.schema.queries.references import ReferenceQueries
from loket.schema.queries.reports import ReportQueries
from loket.schema.queries.tickets import TicketQueries
from loket.schema.subscriptions.tickets import TicketSubscriptions
from loket.schema.types.tickets import Attachment, Message, Ticket
from loket.schema.validation import LoketValidation

MAX_TOKENS = 5000

PARSED_DOCUMENTS = 256

QUERY = ("What a client reads: desks and their forms, tickets, guides, reports and administration. Each field says "
         "who may call it; any object with an `id` is refetched with `node(id)`.")
MUTATION = ("What a client changes. Every mutation takes one argument, `input`, and returns a payload. A refusal is "
            "a GraphQL error whose `extensions.code` is an ErrorCode and whose `extensions.field` names the input at "
            "fault; a refused mutation changes nothing.")
SUBSCRIPTION = ("Live updates, over a websocket on /graphql with the graphql-transport-ws protocol (graphql-ws); "
                "sent over HTTP, a subscription is refused with SUBSCRIPTION_NEEDS_WEBSOCKET.")


class LoketSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        # LoketErrors already logged what was unexpected; expected errors are not server faults.
        return None


def build_schema(pm: pluggy.PluginManager, *, production: bool = False) -> strawberry.Schema:
    """The deployment's schema. In production, introspection and field suggestions are off."""
    query = _root("Query", QUERY, (AccountQueries, TicketQueries, ReferenceQueries, GuideQueries, ExportQueries,
                                  ReportQueries, AuditQueries, ServiceLevelQueries, GuideAdminQueries,
                                  CannedResponseQueries, PeopleQueries, AssignmentQueries, NodeQueries,
                                  error_code_queries(pm)))
    mutation = _root("Mutation", MUTATION, (AuthMutations, GuestMutations, TicketMutations, WorkflowMutations,
                                         GuideMutations, ExportMutations, ClockMutations, DeskSettingsMutations,
                                         CatalogueMutations, ServiceLevelMutations, GuideAdminMutations,
                                         CannedResponseMutations, PeopleMutations, ProfileMutations,
                                         SessionMutations, AttachmentMutations))
    for field in mutation.__strawberry_definition__.fields:
        if not any(isinstance(extension, InputFieldErrors) for extension in field.extensions):
            field.extensions.append(InputFieldErrors())  # once: the classes' fields outlive this schema
    subscription = _root("Subscription", SUBSCRIPTION, (TicketSubscriptions, ExportSubscriptions))
    schema = LoketSchema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        types=[Ticket, Message, Attachment],
        extensions=[
            LoketErrors,
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            # Clients send the same few documents over and over: parse each once (bounded, so unique texts
            # cannot grow memory; a document over the token limit raises and is never cached).
            lambda: ParserCache(maxsize=PARSED_DOCUMENTS),
            # Depth, aliases and expanded size first, then graphql-core's rules with bounded work; cached.
            lambda: LoketValidation(production=production),
        ],
        config=StrawberryConfig(disable_field_suggestions=production),
    )
    bound_inputs(schema)
    return schema


def _root(name: str, description: str, types: tuple[type, ...]) -> type:
    """The root type ``name``: the fields of ``types`` together."""
    root = merge_types(name, types)
    root.__strawberry_definition__.description = description
    return root
