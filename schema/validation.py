"""Validating documents with bounded work, once per document.

graphql-core's rules are linear in the document except two kinds, bounded here:

- ``OverlappingFieldsCanBeMerged`` compares every pair of fields of the same response name, so a few hundred
  repeats of one field cost a quadratic number of comparisons: it gets a small comparison budget, and a
  document that exhausts it is refused as too complex.
- Rules that suggest names ("Did you mean ...?") compare an unknown name with every name of the schema, for
  every mistake. Production suggests nothing (it would also reveal the schema); development suggests for the
  first few mistakes of each rule only.

``DocumentLimitsRule`` runs first, so a document too large for the rules is refused before they walk it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OverlappingFieldsCanBeMergedRule,
    ValidationContext,
    specified_rules,
    validate,
)
from graphql.validation import (
    FieldsOnCorrectTypeRule,
    KnownArgumentNamesRule,
    KnownTypeNamesRule,
    NoSchemaIntrospectionCustomRule,
    ValuesOfCorrectTypeRule,
)
from graphql.validation.validate import ValidationAbortedError
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from loket.schema.limits import DocumentLimitsRule, refusal, too_complex

OVERLAP_BUDGET = 5_000
"""Work units ``OverlappingFieldsCanBeMerged`` may spend on one document, each about 1.5 µs (comparing two
fields costs 2; graphql-core's own default, 500,000, is most of a second). The documents of the test suite
spend none, a field repeated in a few fragments spends tens."""

MAX_VALIDATION_ERRORS = 25
SUGGESTIONS_PER_RULE = 1  # each compares the name with every name of the schema (~200 types)
"""In development: mistakes per rule that get a "Did you mean ...?" (each costs up to 10 ms)."""
VALIDATED_DOCUMENTS = 256


class BoundedOverlappingFieldsRule(OverlappingFieldsCanBeMergedRule):
    """``OverlappingFieldsCanBeMergedRule`` with a small budget; running out refuses the document as too
    complex rather than with graphql-core's bare "Validation aborted."."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.rule_context.remaining_complexity_budget = OVERLAP_BUDGET

    def enter_selection_set(self, *args: Any) -> None:
        try:
            super().enter_selection_set(*args)
        except ValidationAbortedError:
            raise refusal(too_complex()) from None


class _FewSuggestions:
    """A validation context through which one rule suggests names for its first few mistakes only."""

    def __init__(self, context: ValidationContext) -> None:
        self._context = context
        self._reported = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)

    @property
    def hide_suggestions(self) -> bool:
        return self._reported >= SUGGESTIONS_PER_RULE

    def report_error(self, error: GraphQLError) -> None:
        self._reported += 1
        self._context.report_error(error)


def _suggesting_a_few(rule: type) -> type:
    def __init__(self, context: ValidationContext) -> None:
        rule.__init__(self, _FewSuggestions(context))

    return type(rule.__name__, (rule,), {"__init__": __init__, "__doc__": rule.__doc__})


_SUGGESTING = (FieldsOnCorrectTypeRule, KnownArgumentNamesRule, KnownTypeNamesRule, ValuesOfCorrectTypeRule)
_DEVELOPMENT_REPLACEMENTS = {rule: _suggesting_a_few(rule) for rule in _SUGGESTING}


def _rules(production: bool) -> tuple[type, ...]:
    replacements: dict[type, type] = {OverlappingFieldsCanBeMergedRule: BoundedOverlappingFieldsRule}
    if not production:
        replacements.update(_DEVELOPMENT_REPLACEMENTS)
    rules = [DocumentLimitsRule, *(replacements.get(rule, rule) for rule in specified_rules),
             # what strawberry's own validation adds
             MaybeNullValidationRule, OneOfInputValidationRule]
    if production:
        rules.append(NoSchemaIntrospectionCustomRule)
    return tuple(rules)


# Built once, not per request (a rule class built per request would also be a new class each time).
_RULES = {False: _rules(False), True: _rules(True)}


@lru_cache(maxsize=VALIDATED_DOCUMENTS)
def _validate(schema: GraphQLSchema, document: DocumentNode, production: bool) -> tuple[GraphQLError, ...]:
    # Documents come from strawberry's parser cache, so the same text is the same (identity-hashed) node.
    # In development suggestions are computed by the rules' own budget (the context passed here hides them).
    return tuple(validate(schema, document, _RULES[production], max_errors=MAX_VALIDATION_ERRORS,
                          hide_suggestions=True))


class LoketValidation(SchemaExtension):
    """Validates each operation's document with Loket's rules (cached per document)."""

    def __init__(self, *, production: bool) -> None:
        super().__init__()
        self.production = production

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        # Setting the errors (even none) tells strawberry the document is validated already.
        context.pre_execution_errors = list(_validate(context.schema._schema, context.graphql_document,
                                                      self.production))
        yield
