"""The desks of this deployment, as plugins define them and their admins changed them, joined with their stored ids.

Built at start-up (by ``sync_desks``) and read by every service: the catalogue, fields, limits and labels of a
desk come from here, not from the database. When a desk's admins change its configuration, every process builds
that desk's ``DeskInfo`` again (``loket.core.desk_config.reload``) and swaps it in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from loket.core.errors import InvalidInputError
from loket.core.i18n import Catalog
from loket.core.plugin_types import DeskSpec, FieldSpec, SlaTarget, TeamSpec, TopicSpec, label
from loket.core.workflow.default import default_workflow
from loket.core.workflow.spec import WorkflowSpec


@dataclass
class DeskInfo:
    """A desk's spec with its stored ids. ``team_ids`` maps every team the desk declares, its own and the shared
    ones it is served by, to the team's row; ``team_spec`` answers with this desk's declaration.

    ``spec`` is the desk as it is now: its plugin's definition (``base``) with its admins' settings laid over it.
    ``sla_target_sets`` are the SLA targets admins put in force, each from a moment on, oldest first: a ticket
    runs on the set in force when it was opened (``sla_targets_at``), the plugin's before the first.
    """

    spec: DeskSpec
    id: int
    team_ids: dict[str, int] = field(default_factory=dict)
    topic_ids: dict[str, int] = field(default_factory=dict)
    base: DeskSpec | None = None
    sla_target_sets: tuple[tuple[datetime, tuple[SlaTarget, ...]], ...] = ()

    def __post_init__(self) -> None:
        if self.base is None:
            self.base = self.spec
        self._topics: dict[str, tuple[TopicSpec, tuple[str, ...]]] = {}
        self._by_team_id = {team_id: slug for slug, team_id in self.team_ids.items()}
        self._by_topic_id = {topic_id: slug for slug, topic_id in self.topic_ids.items()}
        paths: dict[str, tuple[str, ...]] = {}
        for topic, parent, _depth in self.spec.walk_topics():
            path = (paths[parent.slug] if parent else ()) + (topic.slug,)
            paths[topic.slug] = path
            self._topics[topic.slug] = (topic, path)

    @property
    def slug(self) -> str:
        return self.spec.slug

    def sla_targets_at(self, moment: datetime) -> tuple[SlaTarget, ...]:
        """The SLA targets in force at ``moment``: the latest set admins put in force by then, else the spec's."""
        chosen = self.base.sla_targets
        for since, targets in self.sla_target_sets:
            if since <= moment:
                chosen = targets
        return chosen

    @property
    def workflow(self) -> WorkflowSpec:
        """The desk's workflow: its own, or core's default."""
        return self.spec.workflow or default_workflow()

    def topic(self, slug: str) -> TopicSpec | None:
        found = self._topics.get(slug)
        return found[0] if found else None

    def topic_path(self, slug: str) -> tuple[str, ...]:
        return self._topics[slug][1] if slug in self._topics else ()

    def topic_slug(self, topic_id: int | None) -> str | None:
        return self._by_topic_id.get(topic_id) if topic_id is not None else None

    def team_slug(self, team_id: int) -> str | None:
        return self._by_team_id.get(team_id)

    def team_spec(self, team_id: int) -> TeamSpec | None:
        slug = self.team_slug(team_id)
        return self.spec.team(slug) if slug else None

    def fields_for(self, topic_slug: str | None) -> list[FieldSpec]:
        """The extra fields a ticket on this topic carries: desk-wide ones, and those the topic (or an
        ancestor) asks for or that name the topic (or an ancestor)."""
        path = set(self.topic_path(topic_slug)) if topic_slug else set()
        wanted: set[str] = set()
        for slug in path:
            topic = self.topic(slug)
            if topic:
                wanted.update(topic.fields)
        chosen = []
        for spec in self.spec.fields:
            if spec.topics:
                if path & set(spec.topics):
                    chosen.append(spec)
            elif spec.key in wanted or not self._asked_by_some_topic(spec.key):
                chosen.append(spec)
        return chosen

    def _asked_by_some_topic(self, key: str) -> bool:
        return any(key in topic.fields for topic, _ in self._topics.values())

    def team_for_new_ticket(self, topic_slug: str | None) -> TeamSpec:
        for slug in reversed(self.topic_path(topic_slug)) if topic_slug else ():
            topic = self.topic(slug)
            if topic and topic.team:
                team = self.spec.team(topic.team)
                if team:
                    return team
        team = self.spec.intake_team()
        if team is None:
            raise InvalidInputError("DESK_HAS_NO_TEAMS", field="desk", desk=self.slug)
        return team


class DeskRegistry:
    """Desk slug -> DeskInfo for the enabled plugins' desks."""

    def __init__(self, desks: list[DeskInfo]) -> None:
        self._by_slug = {desk.slug: desk for desk in desks}
        self._by_id = {desk.id: desk for desk in desks}

    def __iter__(self):
        return iter(self._by_slug.values())

    def get(self, slug: str, *, field: str = "desk") -> DeskInfo:
        desk = self._by_slug.get(slug)
        if desk is None:
            raise InvalidInputError("UNKNOWN_DESK", field=field, desk=slug)
        return desk

    def by_id(self, desk_id: int) -> DeskInfo:
        return self._by_id[desk_id]

    def replace(self, desk: DeskInfo) -> None:
        """Swap in ``desk`` as its slug's current definition (after its admins changed it)."""
        self._by_slug[desk.slug] = desk
        self._by_id[desk.id] = desk

    def find(self, slug: str) -> DeskInfo | None:
        return self._by_slug.get(slug)

    def desks_of_team(self, team_id: int) -> list[DeskInfo]:
        """The desks a team serves (several for a shared team), by slug."""
        return [desk for desk in self._by_slug.values() if desk.team_slug(team_id) is not None]


def status_label(desk: DeskInfo, status: str, language: str, catalog: Catalog) -> str:
    """The desk's word for a status: its ``status_labels``, else its workflow's label, else core's."""
    labels = desk.spec.status_labels.get(status)
    if labels:
        return label(labels, language)
    spec = desk.workflow.status(status)
    if spec is not None and spec.label:
        return label(spec.label, language)
    return catalog.translate(f"STATUS_{status.upper()}", language)
