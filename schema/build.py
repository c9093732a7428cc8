"""Assembling the schema: core's queries and mutations, query limits, error formatting."""

from __future__ import annotations

from typing import Any

import pluggy
import strawberry
from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.extensions.max_aliases import MaxAliasesLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from loket.schema.errors import LoketErrors
from loket.schema.inputs import bound_inputs
from loket.schema.mutations.auth import AuthMutations
from loket.schema.mutations.tickets import TicketMutations
from loket.schema.queries.accounts import AccountQueries
from loket.schema.queries.exports import ExportMutations, ExportQueries, ExportSubscriptions
from loket.schema.queries.guides import GuideMutations, GuideQueries
from loket.schema.queries.references import ReferenceQueries
from loket.schema.queries.reports import ReportQueries
from loket.schema.queries.tickets import TicketQueries
from loket.schema.subscriptions.tickets import TicketSubscriptions
from loket.schema.types.tickets import Attachment, Message, Ticket

MAX_QUERY_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 5000

PARSED_DOCUMENTS = 256

# Built once: limiters constructed per request would defeat the validation cache.
_LIMIT_RULES = tuple(
    QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH).validation_rules
    + MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules
)
_PRODUCTION_RULES = _LIMIT_RULES + (NoSchemaIntrospectionCustomRule,)


class LoketSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        # LoketErrors already logged what was unexpected; expected errors are not server faults.
        return None


def build_schema(pm: pluggy.PluginManager, *, production: bool = False) -> strawberry.Schema:
    """The deployment's schema. In production, introspection and field suggestions are off."""
    query = merge_types("Query", (AccountQueries, TicketQueries, ReferenceQueries, GuideQueries, ExportQueries,
                                  ReportQueries))
    mutation = merge_types("Mutation", (AuthMutations, TicketMutations, GuideMutations, ExportMutations))
    subscription = merge_types("Subscription", (TicketSubscriptions, ExportSubscriptions))
    rules = list(_PRODUCTION_RULES if production else _LIMIT_RULES)
    schema = LoketSchema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        types=[Ticket, Message, Attachment],
        extensions=[
            LoketErrors,
            lambda: AddValidationRules(rules),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            # Clients send the same few documents over and over: parse each once (bounded, so unique texts
            # cannot grow memory; a document over the token limit raises and is never cached).
            lambda: ParserCache(maxsize=PARSED_DOCUMENTS),
            ValidationCache,
        ],
        config=StrawberryConfig(disable_field_suggestions=production),
    )
    bound_inputs(schema)
    return schema
