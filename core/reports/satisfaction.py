"""Ratings: stars, and the answers to each question of the rating forms used."""

from __future__ import annotations

import json
from dataclasses import dataclass

from loket.core.models import Ticket
from loket.core.plugin_types import RatingForm, RatingQuestion
from loket.core.reports.scope import Bucket, Scope
from loket.core.reports.sql import Sql, _with
from loket.core.tickets.actions import rating_form_for
from loket.core.tickets.rating import usual_rating_form


@dataclass
class Choice:
    value: str
    count: int


@dataclass
class QuestionSummary:
    """The answers to one question of a rating form: how often each choice (or tag, or star value) was
    picked; ``average`` for stars and scales (a scale scores 1 for its first choice, 2 for the next, ...)."""

    form: str
    question: RatingQuestion
    answered: int
    average: float | None
    choices: list[Choice]


@dataclass
class SatisfactionPoint:
    bucket: Bucket
    ratings: int
    average_stars: float | None


@dataclass
class Satisfaction:
    ratings: int
    average_stars: float | None
    stars: list[Choice]  # how many ratings gave each number of stars
    questions: list[QuestionSummary]
    series: list[SatisfactionPoint]


async def satisfaction(scope: Scope) -> Satisfaction:
    """Ratings given within the period to the selected tickets: stars, and every question of the forms
    they answered (the forms come from the desk's rating_form hook; free-text answers are not counted)."""
    sql = Sql(scope)
    cte = sql.buckets_cte()
    index, join = sql.bucket_of("r.created_at")
    text = (f"{_with(cte)}SELECT {index} AS idx, r.stars AS stars, r.form AS form, MIN(r.ticket_id) AS ticket_id, "
            f"COUNT(*) AS n FROM loket_rating r JOIN loket_ticket t ON t.id = r.ticket_id{join} "
            f"WHERE {sql.tickets()} AND {sql.in_period('r.created_at')} GROUP BY 1, 2, 3")
    rows = await sql.rows(text)
    count, star_sum, starred = scope.zeros(), scope.zeros(), scope.zeros()
    by_stars: dict[int, int] = {}
    forms: dict[str, int] = {}  # form slug -> a ticket rated with it
    for row in rows:
        i, n = int(row["idx"]), int(row["n"])
        forms[row["form"]] = min(forms.get(row["form"], row["ticket_id"]), row["ticket_id"])
        count[i] += n
        if row["stars"] is not None:
            star_sum[i] += int(row["stars"]) * n
            starred[i] += n
            by_stars[int(row["stars"])] = by_stars.get(int(row["stars"]), 0) + n
    usual = await usual_rating_form(scope.rt.pm, scope.desk.spec)
    low = min((q.minimum for q in usual.questions if q.kind == "stars"), default=min(by_stars, default=1))
    high = max((q.maximum for q in usual.questions if q.kind == "stars"), default=max(by_stars, default=5))
    stars = [Choice(str(value), by_stars.get(value, 0))
             for value in range(min([low, *by_stars]), max([high, *by_stars]) + 1)]
    series = [SatisfactionPoint(bucket, count[i], star_sum[i] / starred[i] if starred[i] else None)
              for i, bucket in enumerate(scope.buckets)]
    return Satisfaction(ratings=sum(count), average_stars=sum(star_sum) / sum(starred) if sum(starred) else None,
                        stars=stars, questions=await _questions(scope, usual, forms), series=series)


async def _questions(scope: Scope, usual: RatingForm, used: dict[str, int]) -> list[QuestionSummary]:
    """The questions of the forms ``used`` (slug -> a ticket rated with it), with their answers counted."""
    forms: list[RatingForm] = []
    for slug, ticket_id in sorted(used.items()):
        if slug == usual.slug:
            forms.append(usual)
        else:  # a form the plugin gives some tickets only: ask for it as it did for one of them
            form = await rating_form_for(scope.rt, scope.desk, await Ticket.get(id=ticket_id))
            if form is not None and form.slug == slug:
                forms.append(form)
    summaries = []
    for form in forms:
        asked = [q for q in form.questions if q.kind in ("stars", "scale", "tags")]
        if not asked:
            continue
        answers = await _answer_counts(scope, form.slug, [q.key for q in asked])
        for question in asked:
            summaries.append(_summary(form.slug, question, answers.get(question.key, {})))
    return summaries


async def _answer_counts(scope: Scope, form: str, keys: list[str]) -> dict[str, dict[str, int]]:
    """Question key -> answer (as text; each tag of a tag list on its own) -> how many ratings gave it,
    and "" -> how many ratings answered the question at all. SQL groups the ratings by each question's
    answer (a tag list as a whole: few distinct lists); the lists are split into tags here."""
    sql = Sql(scope)
    answers = "r.answers::jsonb" if sql.pg else "r.answers"
    text_type = "::text" if sql.pg else ""
    rated = (f"SELECT {answers} AS answers FROM loket_rating r JOIN loket_ticket t ON t.id = r.ticket_id "
             f"WHERE {sql.tickets()} AND {sql.in_period('r.created_at')} AND r.form = {sql.p(form)}")
    branches = []
    for key in keys:
        name = sql.p(key, text_type)
        branches.append(f"SELECT {name} AS key, CAST(answers -> {name} AS TEXT) AS answer, COUNT(*) AS n "
                        f"FROM rated GROUP BY 2")
    found: dict[str, dict[str, int]] = {key: {} for key in keys}
    for row in await sql.rows(f"WITH rated AS ({rated}) {' UNION ALL '.join(branches)}"):
        value = json.loads(row["answer"]) if row["answer"] is not None else None
        if value is None:
            continue
        counts, n = found[row["key"]], int(row["n"])
        counts[""] = counts.get("", 0) + n
        for answer in (dict.fromkeys(value) if isinstance(value, list) else (value,)):
            counts[str(answer)] = counts.get(str(answer), 0) + n
    return found


def _summary(form: str, question: RatingQuestion, counts: dict[str, int]) -> QuestionSummary:
    answered = counts.get("", 0)
    given = {answer: n for answer, n in counts.items() if answer != ""}
    if question.kind == "stars":
        values = [str(v) for v in range(question.minimum, question.maximum + 1)]
        scores = {str(v): v for v in range(question.minimum, question.maximum + 1)}
    elif question.kind == "scale":
        values = list(question.choices)
        scores = {choice: position + 1 for position, choice in enumerate(question.choices)}
    else:
        offered = list(question.choices) + [tag for stars in sorted(question.tags_by_stars)
                                            for tag in question.tags_by_stars[stars]]
        values, scores = list(dict.fromkeys(offered)), {}
    values += sorted(answer for answer in given if answer not in values)  # answers a former form offered
    scored = [(scores[answer], n) for answer, n in given.items() if answer in scores]
    total = sum(n for _, n in scored)
    average = sum(score * n for score, n in scored) / total if total else None
    return QuestionSummary(form=form, question=question, answered=answered, average=average,
                           choices=[Choice(value, given.get(value, 0)) for value in values])
