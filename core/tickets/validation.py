"""Checking what people type against the desk's rules, reporting every broken rule at once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from loket.core.desks.registry import DeskInfo
from loket.core.errors import InvalidInputError, InvalidInputErrors
from loket.core.inputs import check_day, check_text
from loket.core.plugin_types import NUMBER_FIELD_KINDS, TEXT_FIELD_KINDS, FieldSpec
from loket.core.tickets.field_numbers import read_number

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{6,18}[0-9]$")


class Problems:
    """Collects broken rules; raises them together when the block ends."""

    def __init__(self) -> None:
        self.errors: list[InvalidInputError] = []

    def add(self, code: str, field: str, **params: Any) -> None:
        self.errors.append(InvalidInputError(code, field=field, **params))

    def check(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except InvalidInputErrors as group:
            self.errors.extend(group.errors)
        except InvalidInputError as error:
            self.errors.append(error)
        return None


@contextmanager
def collecting() -> Iterator[Problems]:
    problems = Problems()
    yield problems
    if problems.errors:
        raise InvalidInputErrors(problems.errors)


def clean_title(desk: DeskInfo, title: str, problems: Problems) -> str:
    title = " ".join(title.split())
    if not title:
        problems.add("TITLE_REQUIRED", "title")
    elif len(title) > desk.spec.title_max_length:
        problems.add("TITLE_TOO_LONG", "title", max=desk.spec.title_max_length, length=len(title))
    return title


def clean_text(text: str, minimum: int, field: str, problems: Problems) -> str:
    text = text.strip()
    if len(text) < minimum:
        problems.add("TEXT_TOO_SHORT", field, min=minimum, length=len(text))
    return text


def check_message(desk: DeskInfo, text: str, field: str = "message") -> str:
    with collecting() as problems:
        cleaned = clean_text(text, desk.spec.message_min_length, field, problems)
    return cleaned


def clean_topic(desk: DeskInfo, topic: str | None, application: str | None, problems: Problems, *,
                kept: str | None = None) -> str | None:
    """The topic chosen for a ticket: one the desk offers (``kept``, the ticket's own, even when since retired)."""
    if not desk.spec.topics:
        if topic:
            problems.add("UNKNOWN_TOPIC", "topic", topic=topic)
        return None
    if not topic:
        problems.add("TOPIC_REQUIRED", "topic")
        return None
    spec = desk.topic(topic)
    if spec is None:
        problems.add("UNKNOWN_TOPIC", "topic", topic=topic)
        return None
    if topic != kept and any(desk.topic(slug).retired for slug in desk.topic_path(topic)):
        problems.add("TOPIC_RETIRED", "topic", topic=topic)
    elif any(not child.retired for child in spec.children):
        problems.add("TOPIC_NEEDS_SUBTOPIC", "topic", topic=topic)
    for slug in desk.topic_path(topic):
        allowed = desk.topic(slug).applications
        if allowed and application and application not in allowed:
            problems.add("TOPIC_NOT_FOR_APPLICATION", "topic", topic=topic, application=application)
            break
    return topic


def clean_application(desk: DeskInfo, application: str | None, version: str | None,
                      problems: Problems) -> tuple[str | None, str | None]:
    applications = {app.slug: app for app in desk.spec.applications}
    if not applications:
        if application:
            problems.add("UNKNOWN_APPLICATION", "application", application=application)
        return None, None
    if not application:
        problems.add("APPLICATION_REQUIRED", "application")
        return None, None
    app = applications.get(application)
    if app is None:
        problems.add("UNKNOWN_APPLICATION", "application", application=application)
        return None, None
    if app.versions:
        if not version:
            problems.add("APPLICATION_VERSION_REQUIRED", "applicationVersion", application=app.name)
        elif version not in app.versions:
            problems.add("UNKNOWN_APPLICATION_VERSION", "applicationVersion", version=version, application=app.name,
                         versions=", ".join(app.versions))
    return application, (version or None)


def clean_choice(value: str | None, choices: tuple[str, ...], field: str, code: str,
                 problems: Problems) -> str | None:
    value = value.strip() if value else None
    if value and choices and value not in choices:
        problems.add(code, field, value=value, choices=", ".join(choices))
    return value


def clean_fields(desk: DeskInfo, topic: str | None, values: dict[str, Any], problems: Problems, *,
                 by_agent: bool, recategorising: bool = False) -> dict[str, Any]:
    """Check extra fields for a topic. When an agent moves a ticket to another topic, values the new topic
    does not ask for are dropped and missing required ones are not demanded (the reporter gave what the
    old topic asked)."""
    specs = {spec.key: spec for spec in desk.fields_for(topic)}
    cleaned: dict[str, Any] = {}
    if recategorising:
        values = {key: value for key, value in values.items() if key in specs}
    for key in values:
        if key not in specs:
            problems.add("UNKNOWN_FIELD", f"fields.{key}", key=key)
    for key, spec in specs.items():
        if spec.agent_only and not by_agent:
            if values.get(key) not in (None, ""):
                problems.add("FIELD_FOR_AGENTS_ONLY", f"fields.{key}", key=key)
            continue
        value = values.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if spec.required and not recategorising:
                problems.add("FIELD_REQUIRED", f"fields.{key}", key=key)
            continue
        converted = problems.check(_convert, spec, value)
        if converted is not None:
            cleaned[key] = converted
    return cleaned


def _convert(spec: FieldSpec, value: Any) -> Any:
    field = f"fields.{spec.key}"
    kind = spec.kind
    if kind in TEXT_FIELD_KINDS:
        if not isinstance(value, str):
            raise InvalidInputError("FIELD_NOT_TEXT", field=field, key=spec.key)
        value = check_text(value.strip(), field, spec.text_limit())
        if spec.min_length is not None and len(value) < spec.min_length:
            raise InvalidInputError("TEXT_TOO_SHORT", field=field, min=spec.min_length, length=len(value))
        if kind == "email" and not _EMAIL.match(value):
            raise InvalidInputError("EMAIL_INVALID", field=field)
        if kind == "phone":
            if not PHONE.match(value):
                raise InvalidInputError("PHONE_INVALID", field=field, key=spec.key)
            value = re.sub(r"[ \-]", "", value)
        if kind == "choice" and value not in spec.choices:
            raise InvalidInputError("NOT_A_CHOICE", field=field, value=value, choices=", ".join(spec.choices))
        if spec.pattern and not re.fullmatch(spec.pattern, value):
            raise InvalidInputError("FIELD_PATTERN_MISMATCH", field=field, key=spec.key)
        return value
    if kind in NUMBER_FIELD_KINDS:
        return read_number(spec, value)
    if kind == "date":
        try:
            text = str(value).strip()
            if not text.isascii():  # fromisoformat reads other digits too ("２０２４-01-01")
                raise ValueError
            day = date.fromisoformat(text)
        except ValueError:
            raise InvalidInputError("FIELD_NOT_DATE", field=field, key=spec.key) from None
        return check_day(day, field).isoformat()
    if kind == "boolean":
        if not isinstance(value, bool):
            raise InvalidInputError("FIELD_NOT_BOOLEAN", field=field, key=spec.key)
        return value
    raise InvalidInputError("UNKNOWN_FIELD", field=field, key=spec.key)
