"""The satisfaction form a reporter fills after a ticket closes."""

from __future__ import annotations

from dataclasses import dataclass, field

from loket.core.plugin_types.labels import Labels

RATING_QUESTION_KINDS = ("stars", "scale", "tags", "text")
"""Every kind of rating question: core's closed set (the schema's RatingQuestionKind enum)."""


@dataclass(frozen=True)
class RatingQuestion:
    """One question of a rating form.

    ``kind``: ``stars`` (``minimum``..``maximum``), ``scale`` (one of ``choices``), ``tags`` (any of the
    tags offered for the stars given, see ``tags_by_stars``, or of ``choices``), ``text`` (free text up to
    ``max_length``).
    """

    key: str
    label: str | Labels
    kind: str
    required: bool = True
    minimum: int = 1
    maximum: int = 5
    choices: tuple[str, ...] = ()
    tags_by_stars: dict[int, tuple[str, ...]] = field(default_factory=dict)
    stars_question: str | None = None
    max_length: int = 2000
    section: str | Labels = ""


@dataclass(frozen=True)
class RatingForm:
    """The satisfaction form a reporter fills after a ticket closes."""

    slug: str
    title: str | Labels
    questions: tuple[RatingQuestion, ...]
