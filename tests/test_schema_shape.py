"""Every mutation has the one shape a client and a code generator can rely on: a single argument `input` of a
non-null input object type, and a non-null object type named `...Payload` as its result."""

from __future__ import annotations

import graphql

from loket.core.settings import Settings
from loket.schema.export import export_sdl

def mutations() -> dict[str, graphql.GraphQLField]:
    schema = graphql.build_schema(export_sdl(Settings(plugins="all")))
    assert schema.mutation_type is not None
    return dict(schema.mutation_type.fields)


def shape_problems(name: str, field: graphql.GraphQLField) -> list[str]:
    problems = []
    if list(field.args) != ["input"]:
        problems.append(f"{name} takes {list(field.args)}, not one argument `input`")
    else:
        argument = field.args["input"].type
        if not (graphql.is_non_null_type(argument) and graphql.is_input_object_type(argument.of_type)):
            problems.append(f"{name}(input: {argument}): not a non-null input object")
    result = field.type
    if not (graphql.is_non_null_type(result) and graphql.is_object_type(result.of_type)
            and result.of_type.name.endswith("Payload")):
        problems.append(f"{name} returns {result}, not a non-null ...Payload object")
    return problems


def test_every_mutation_takes_one_input_object_and_returns_a_payload():
    problems = [problem for name, field in mutations().items()
                for problem in shape_problems(name, field)]
    assert problems == []


def test_the_check_catches_each_way_out_of_shape():
    schema = graphql.build_schema("""
        type Query { ok: Boolean }
        type Thing { id: ID }
        type ThingPayload { thing: Thing }
        input ThingInput { id: ID }
        type Mutation {
          good(input: ThingInput!): ThingPayload!
          twoArguments(input: ThingInput!, extra: ID): ThingPayload!
          otherName(thing: ThingInput!): ThingPayload!
          nullableInput(input: ThingInput): ThingPayload!
          scalarInput(input: ID!): ThingPayload!
          bareResult(input: ThingInput!): Thing!
          nullableResult(input: ThingInput!): ThingPayload
          scalarResult(input: ThingInput!): Boolean!
        }""")
    assert schema.mutation_type is not None
    verdicts = {name: bool(shape_problems(name, field)) for name, field in schema.mutation_type.fields.items()}
    assert verdicts == {"good": False, "twoArguments": True, "otherName": True, "nullableInput": True,
                        "scalarInput": True, "bareResult": True, "nullableResult": True, "scalarResult": True}
