"""GraphQL types for a desk's rating forms: what a reporter fills to rate a closed ticket."""

from __future__ import annotations

import strawberry

from loket.core.plugin_types import RatingForm as RatingFormSpec, label
from loket.core.tickets.rating import tags_offered
from loket.schema.types.vocabulary import RatingQuestionKind


@strawberry.type(description="The tags offered when a given number of stars is chosen.")
class TagsForStars:
    stars: int
    tags: list[str]


@strawberry.type(description="One question of a rating form.")
class RatingQuestion:
    key: str
    label: str
    kind: RatingQuestionKind
    required: bool
    minimum: int
    maximum: int
    choices: list[str]
    tags_by_stars: list[TagsForStars]
    section: str


@strawberry.type(description="The form a reporter fills to rate a closed ticket; answers go in rateTicket.")
class RatingForm:
    slug: str
    title: str
    questions: list[RatingQuestion]

    @classmethod
    def from_spec(cls, spec: RatingFormSpec, language: str) -> RatingForm:
        questions = [
            RatingQuestion(key=q.key, label=label(q.label, language), kind=RatingQuestionKind(q.kind), required=q.required,
                           minimum=q.minimum, maximum=q.maximum, choices=list(q.choices),
                           tags_by_stars=[TagsForStars(stars=stars, tags=list(tags_offered(q, stars)))
                                          for stars in sorted(q.tags_by_stars)],
                           section=label(q.section, language))
            for q in spec.questions]
        return cls(slug=spec.slug, title=label(spec.title, language), questions=questions)
