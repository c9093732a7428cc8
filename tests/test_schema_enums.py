"""The schema's enums of core's closed sets hold exactly core's values, each described, and a desk that
would step outside them is refused when the server starts, never served as a value the schema cannot show."""

from __future__ import annotations

import pytest
from graphql import GraphQLEnumType

from loket.core.errors import ConfigurationError
from loket.core.desks.sync import check_desk
from loket.core.plugin_types import CHANNELS, FIELD_KINDS, RATING_QUESTION_KINDS, DeskSpec, FieldSpec
from loket.core.plugins import get_plugin_manager
from loket.core.settings import Settings
from loket.core.tickets.audience import PAYLOAD_AUDIENCE
from loket.core.tickets.effects import MESSAGE_PURPOSE
from loket.core.workflow.spec import EFFECTS
from loket.schema.build import build_schema

SCHEMA = build_schema(get_plugin_manager(Settings(plugins="all")))._schema

CORE_SETS = {
    "TicketEventKind": set(PAYLOAD_AUDIENCE),
    "ActionEffect": set(EFFECTS),
    "FieldKind": set(FIELD_KINDS),
    "RatingQuestionKind": set(RATING_QUESTION_KINDS),
    "Channel": set(CHANNELS),
    "MessagePurpose": set(MESSAGE_PURPOSE.values()) | {"reply", "system"},  # the default, and a timer's note
    "SlaClockState": {"running", "paused", "stopped"},
    "ParticipantRole": {"holder", "asked"},
}


@pytest.mark.parametrize("name", sorted(CORE_SETS))
def test_enum_holds_cores_values_each_described(name: str):
    enum = SCHEMA.type_map[name]
    assert isinstance(enum, GraphQLEnumType) and enum.description
    assert {value.value for value in enum.values.values()} == CORE_SETS[name]
    assert set(enum.values) == {value.upper() for value in CORE_SETS[name]}
    assert all(value.description for value in enum.values.values()), f"{name}: a value without a description"


def test_a_desk_with_a_field_of_an_unknown_kind_is_refused():
    spec = DeskSpec(slug="odd", name="Odd", fields=(FieldSpec(key="colour", label="Colour", kind="colour"),))
    with pytest.raises(ConfigurationError, match="colour"):
        check_desk(spec)


def test_a_desk_offering_an_unknown_channel_is_refused():
    with pytest.raises(ConfigurationError, match="fax"):
        check_desk(DeskSpec(slug="odd", name="Odd", channels=("web", "fax")))
