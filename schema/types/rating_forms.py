"""GraphQL types for a desk's rating forms: what a reporter fills to rate a closed ticket."""

from __future__ import annotations

import strawberry

from loket.core.plugin_types import RatingForm as RatingFormSpec, label
from loket.core.tickets.rating import tags_offered
from loket.schema.types.vocabulary import RatingQuestionKind


@strawberry.type(description="The tags offered when a given number of stars is chosen.")
class TagsForStars:
    stars: int = strawberry.field(description="A number of stars.")
    tags: list[str] = strawberry.field(description="The tags offered for it.")


@strawberry.type(description="One question of a rating form.")
class RatingQuestion:
    key: str = strawberry.field(description="The question's key: the name of its answer in rateTicket's answers.")
    label: str = strawberry.field(description="The question, in the caller's language.")
    kind: RatingQuestionKind = strawberry.field(description="The kind of answer it takes.")
    required: bool = strawberry.field(description="True: the rating is refused without an answer.")
    minimum: int = strawberry.field(description="For stars: the fewest stars.")
    maximum: int = strawberry.field(description="For stars: the most stars.")
    choices: list[str] = strawberry.field(description="For scale: the values, worst first. For tags: the tags "
                                          "offered when tagsByStars is empty.")
    tags_by_stars: list[TagsForStars] = strawberry.field(description="For tags: the tags offered for each number "
                                                         "of stars given; empty: choices are offered whatever "
                                                         "the stars.")
    section: str = strawberry.field(description="The heading the question is shown under, in the caller's "
                                    "language; empty: none.")


@strawberry.type(description="The form a reporter fills to rate a closed ticket; answers go in rateTicket.")
class RatingForm:
    slug: str = strawberry.field(description="The form's identifier within the desk.")
    title: str = strawberry.field(description="The form's title, in the caller's language.")
    questions: list[RatingQuestion] = strawberry.field(description="Its questions, in the order to show them.")


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
