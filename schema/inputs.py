"""Every text input of the API has a declared maximum length, checked in one place before any resolver runs.

Arguments and input fields declare what they take with the types below (``number: TicketNumber``,
``message: LongText``, ``fields: JsonObject``); a text input that declares nothing gets
``loket.core.inputs.DEFAULT``. :func:`bound_inputs` wraps each field of the built schema that has arguments:
before its resolver (or subscription) runs, every string in its arguments, nested input objects and lists
included, is checked by ``loket.core.inputs`` (length, NUL, unpaired surrogates), and JSON objects are checked
for shape and size. A broken bound is a typed error (``TEXT_TOO_LONG``, ``TEXT_INVALID_CHARACTER``,
``JSON_OBJECT_REQUIRED``, ``JSON_TOO_LARGE``, ``JSON_TOO_DEEP``) whose ``field`` is the argument's path, e.g.
``input.number``.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from graphql import (
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
)
from strawberry.scalars import JSON

from loket.core import inputs


@dataclass(frozen=True)
class MaxLength:
    """The most characters a text input takes (``lowered``: lower-cased too, as emails are looked up)."""

    characters: int
    lowered: bool = False


@dataclass(frozen=True)
class JsonObjectBounds:
    """A JSON input that must be an object of bounded size, its strings at most ``characters`` long."""

    characters: int = inputs.LONG_TEXT


TicketNumber = Annotated[str, MaxLength(inputs.TICKET_NUMBER)]
Slug = Annotated[str, MaxLength(inputs.SLUG)]
Email = Annotated[str, MaxLength(inputs.EMAIL, lowered=True)]
Name = Annotated[str, MaxLength(inputs.NAME)]
Password = Annotated[str, MaxLength(inputs.PASSWORD)]
LinkToken = Annotated[str, MaxLength(inputs.LINK_TOKEN)]
Credential = Annotated[str, MaxLength(inputs.CREDENTIAL)]
Title = Annotated[str, MaxLength(inputs.TITLE)]
ShortText = Annotated[str, MaxLength(inputs.SHORT_TEXT)]
LongText = Annotated[str, MaxLength(inputs.LONG_TEXT)]
SearchText = Annotated[str, MaxLength(inputs.SEARCH)]
GlobalId = Annotated[strawberry.ID, MaxLength(inputs.GLOBAL_ID)]
Cursor = Annotated[str, MaxLength(inputs.GLOBAL_ID)]
JsonObject = Annotated[JSON, JsonObjectBounds()]

TEXT_SCALARS = ("String", "ID")

Check = Callable[[Any, str], None]


def bound_inputs(schema: strawberry.Schema) -> None:
    """Check the arguments of every field of ``schema`` (queries, mutations, subscriptions) before it runs."""
    graphql_schema: GraphQLSchema = schema._schema
    checks = _Checks()
    for type_ in graphql_schema.type_map.values():
        if isinstance(type_, GraphQLObjectType) and not type_.name.startswith("__"):
            for field in type_.fields.values():
                if field.args:
                    _wrap(field, checks)


def _wrap(field: GraphQLField, checks: _Checks) -> None:
    by_argument = {name: checks.of(argument.type, declared_bound(argument))
                   for name, argument in field.args.items()}
    by_argument = {name: check for name, check in by_argument.items() if check is not None}
    if not by_argument:
        return

    def check_arguments(arguments: dict[str, Any]) -> None:
        for name, check in by_argument.items():
            value = arguments.get(name)
            if value is not None:
                check(value, name)

    for attribute in ("resolve", "subscribe"):
        original = getattr(field, attribute)
        if original is not None:
            setattr(field, attribute, _checked(original, check_arguments))


def _checked(original: Callable[..., Any], check_arguments: Callable[[dict[str, Any]], None]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(original):
        # Refuse the way the resolver itself would: as an awaitable, so graphql-core settles its siblings.
        async def resolve_async(source: Any, info: Any, **arguments: Any) -> Any:
            check_arguments(arguments)
            return await original(source, info, **arguments)

        return resolve_async

    def resolve(source: Any, info: Any, **arguments: Any) -> Any:
        check_arguments(arguments)
        return original(source, info, **arguments)

    return resolve


def declared_bound(graphql_element: Any) -> MaxLength | JsonObjectBounds | None:
    """The bound an argument or input field declares in its Python annotation, if any."""
    definition = (graphql_element.extensions or {}).get("strawberry-definition")
    annotation = getattr(definition, "type_annotation", None)
    if annotation is None:
        return None
    return _find_bound(annotation.evaluate())


def _find_bound(annotation: Any) -> MaxLength | JsonObjectBounds | None:
    for item in getattr(annotation, "__metadata__", ()):
        if isinstance(item, (MaxLength, JsonObjectBounds)):
            return item
    for argument in typing.get_args(annotation):
        found = _find_bound(argument)
        if found is not None:
            return found
    return None


class _Checks:
    """Builds the check of each input type once (input objects are shared by many fields, and may nest)."""

    def __init__(self) -> None:
        self._objects: dict[str, Check] = {}

    def of(self, type_: GraphQLInputType, declared: MaxLength | JsonObjectBounds | None) -> Check | None:
        """How to check values of ``type_`` (None: nothing to check, e.g. numbers, booleans, enums, dates)."""
        while isinstance(type_, GraphQLNonNull):
            type_ = type_.of_type
        if isinstance(type_, GraphQLList):
            item = self.of(type_.of_type, declared)
            return None if item is None else _list_check(item)
        if isinstance(type_, GraphQLInputObjectType):
            return self._object(type_)
        if isinstance(type_, GraphQLScalarType) and type_.name in TEXT_SCALARS:
            bound = declared if isinstance(declared, MaxLength) else MaxLength(inputs.DEFAULT)
            return lambda value, path: inputs.check_text(
                value, path, bound.characters, lowered=bound.lowered) if isinstance(value, str) else None
        if isinstance(type_, GraphQLScalarType) and type_.name == "JSON":
            if isinstance(declared, JsonObjectBounds):
                return lambda value, path: inputs.check_json_object(value, path, declared.characters)
            return inputs.check_json
        return None

    def _object(self, type_: GraphQLInputObjectType) -> Check:
        if type_.name in self._objects:
            return self._objects[type_.name]
        fields: dict[str, Check] = {}

        def check(value: Any, path: str) -> None:
            for name, field_check in fields.items():
                member = value.get(name)
                if member is not None:
                    field_check(member, f"{path}.{name}")

        self._objects[type_.name] = check
        for name, field in type_.fields.items():
            field_check = self.of(field.type, declared_bound(field))
            if field_check is not None:
                fields[name] = field_check
        return check


def _list_check(item: Check) -> Check:
    def check(values: Any, path: str) -> None:
        for value in values if isinstance(values, list) else (values,):
            if value is not None:
                item(value, path)

    return check
