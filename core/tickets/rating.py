"""Checking a reporter's answers against the desk's rating form."""

from __future__ import annotations

from typing import Any

from loket.core.errors import InvalidInputError
from loket.core.plugin_types import DeskSpec, RatingForm, RatingQuestion, TicketDraft
from loket.core.plugins import first_answer
from loket.core.tickets.validation import collecting


async def usual_rating_form(pm, desk: DeskSpec) -> RatingForm:
    """The desk's usual rating form: what its plugin answers for a ticket with nothing chosen yet (a
    ticket may get its own, through ``rating_form_for``)."""
    draft = TicketDraft(desk=desk.slug, title="", description="", topic_path=(), application=None,
                        application_version=None, fields={}, channel="web", reporter_category=None, origin=None)
    return await first_answer(pm.hook.rating_form, desk=desk, ticket=draft)


def tags_offered(question: RatingQuestion, stars: int | None) -> tuple[str, ...]:
    if question.tags_by_stars:
        return question.tags_by_stars.get(stars, ()) if stars is not None else ()
    return question.choices


def clean_answers(form: RatingForm, answers: dict[str, Any]) -> tuple[dict[str, Any], int | None]:
    """The answers, checked and normalised, and the stars given (for reports)."""
    questions = {question.key: question for question in form.questions}
    cleaned: dict[str, Any] = {}
    stars: int | None = None
    with collecting() as problems:
        for key in answers:
            if key not in questions:
                problems.add("UNKNOWN_RATING_QUESTION", f"answers.{key}", key=key)
        for question in form.questions:
            if question.kind == "stars":
                value = problems.check(_answer, question, answers.get(question.key), ())
                if value is not None:
                    cleaned[question.key] = value
                    stars = value if stars is None else stars
        for question in form.questions:
            if question.kind == "stars":
                continue
            given_stars = cleaned.get(question.stars_question) if question.stars_question else stars
            value = problems.check(_answer, question, answers.get(question.key), tags_offered(question, given_stars))
            if value is not None:
                cleaned[question.key] = value
    return cleaned, stars


def _answer(question: RatingQuestion, value: Any, offered: tuple[str, ...]) -> Any:
    field = f"answers.{question.key}"
    empty = value is None or value == "" or value == []
    if empty:
        if question.required:
            raise InvalidInputError("RATING_ANSWER_REQUIRED", field=field, key=question.key)
        return None
    if question.kind == "stars":
        if isinstance(value, bool) or not isinstance(value, int) or not question.minimum <= value <= question.maximum:
            raise InvalidInputError("RATING_OUT_OF_RANGE", field=field, min=question.minimum, max=question.maximum)
        return value
    if question.kind == "scale":
        if value not in question.choices:
            raise InvalidInputError("NOT_A_CHOICE", field=field, value=value, choices=", ".join(question.choices))
        return value
    if question.kind == "tags":
        if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
            raise InvalidInputError("RATING_TAGS_NOT_A_LIST", field=field)
        unknown = [tag for tag in value if tag not in offered]
        if unknown:
            raise InvalidInputError("RATING_TAG_NOT_OFFERED", field=field, tags=", ".join(unknown),
                                    offered=", ".join(offered) or "-")
        return list(dict.fromkeys(value))
    if question.kind == "text":
        if not isinstance(value, str):
            raise InvalidInputError("FIELD_NOT_TEXT", field=field, key=question.key)
        if len(value) > question.max_length:
            raise InvalidInputError("TEXT_TOO_LONG", field=field, max=question.max_length, length=len(value))
        return value.strip()
    raise InvalidInputError("UNKNOWN_RATING_QUESTION", field=field, key=question.key)
