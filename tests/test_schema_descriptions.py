"""Every type, field, argument, input field and enum value of the public schema says what it is: code generators
and GraphiQL show these descriptions to the developers of an institution's frontend."""

from __future__ import annotations

from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLUnionType,
    build_schema,
)

SDL = Path(__file__).resolve().parent.parent / "schema" / "schema.graphql"


def undescribed() -> list[str]:
    schema = build_schema(SDL.read_text(encoding="utf-8"))
    missing: list[str] = []
    for name, kind in sorted(schema.type_map.items()):
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        if not (kind.description or "").strip():
            missing.append(name)
        if isinstance(kind, (GraphQLObjectType, GraphQLInterfaceType)):
            for field_name, field in kind.fields.items():
                if not (field.description or "").strip():
                    missing.append(f"{name}.{field_name}")
                missing += [f"{name}.{field_name}({arg_name})" for arg_name, arg in field.args.items()
                            if not (arg.description or "").strip()]
        elif isinstance(kind, GraphQLInputObjectType):
            missing += [f"{name}.{field_name}" for field_name, field in kind.fields.items()
                        if not (field.description or "").strip()]
        elif isinstance(kind, GraphQLEnumType):
            missing += [f"{name}.{value_name}" for value_name, value in kind.values.items()
                        if not (value.description or "").strip()]
        elif isinstance(kind, GraphQLUnionType):
            pass  # a union's description is checked above; its members are types of their own
    return missing


def test_every_type_field_argument_and_value_is_described():
    missing = undescribed()
    assert not missing, f"{len(missing)} parts of the schema have no description: " + ", ".join(missing[:60])
