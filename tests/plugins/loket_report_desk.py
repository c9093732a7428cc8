"""A desk for report tests: three tiers (two teams at the first), a topic tree with self-service guides,
a priority rule, plain-hours service levels (first response 4 hours, resolution 24 hours) and a rating form
with stars, tags and a four-point questionnaire question."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import (
    DeskSpec,
    Duration,
    FieldSpec,
    GuideSpec,
    PriorityDecision,
    PrioritySpec,
    RatingForm,
    RatingQuestion,
    SlaTarget,
    TeamSpec,
    TopicSpec,
)

SLUG = "reportdesk"
CLARITY = ("Not satisfying", "Less satisfying", "Satisfying", "Very satisfying")

DESK = DeskSpec(
    slug=SLUG, name="Report desk", language="en",
    teams=(TeamSpec("l1", "Front desk", tier=1, escalates_to="l2"), TeamSpec("l1b", "Accounts desk", tier=1),
           TeamSpec("l2", "Second line", tier=2), TeamSpec("l3", "Engineers", tier=3)),
    topics=(
        TopicSpec("network", "Network", children=(
            TopicSpec("wifi", "Wi-Fi", guides=(GuideSpec("restart-router", "Restart the router"),)),
            TopicSpec("vpn", "VPN"),
        )),
        TopicSpec("account", "Account", team="l1b", guides=(GuideSpec("reset-password", "Reset your password"),)),
    ),
    priorities=(PrioritySpec("normal", "Normal", 1), PrioritySpec("urgent", "Urgent", 2)),
    default_priority="normal",
    fields=(FieldSpec("urgent", "Urgent", kind="boolean"),),
    reporter_categories=("staff", "vendor"),
    sla_targets=(SlaTarget(first_response=Duration.hours(4), resolution=Duration.hours(24)),),
    message_min_length=5,
)


@hookimpl
def register_desks():
    return [DESK]


@hookimpl
def ticket_priority(desk, ticket):
    if desk.slug == SLUG and ticket.fields.get("urgent"):
        return PriorityDecision("urgent", "asked as urgent")
    return None


@hookimpl
def rating_form(desk):
    if desk.slug != SLUG:
        return None
    return RatingForm(slug="report-rating", title="Rate us", questions=(
        RatingQuestion("stars", "Stars", kind="stars"),
        RatingQuestion("tags", "What stood out", kind="tags", required=False, tags_by_stars={
            1: ("slow", "rude"), 2: ("slow", "rude"), 3: ("ok",), 4: ("fast", "friendly"),
            5: ("fast", "friendly", "proactive")}),
        RatingQuestion("clarity", "Was the answer clear?", kind="scale", choices=CLARITY, section="Handling"),
        RatingQuestion("message", "Message", kind="text", required=False),
    ))
