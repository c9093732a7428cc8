"""What a desk offers reporters to choose from: topics with their self-service guides, applications, extra
ticket fields with their limits, and priorities."""

from __future__ import annotations

from dataclasses import dataclass

from loket.core.plugin_types.labels import Labels


@dataclass(frozen=True)
class GuideSpec:
    """A self-service troubleshooting guide shown before a request is filed (e.g. in a popup).

    ``key`` identifies it within its topic; ``steps`` are shown in order; ``keywords`` help search find it.
    Reporters say whether it solved their problem (``recordGuideOutcome``), so the desk can count requests
    that never became tickets.
    """

    key: str
    title: str | Labels
    steps: tuple[str | Labels, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicSpec:
    """A help topic, category or service, possibly with children (sub-categories).

    ``applications`` restricts the topic to tickets about those applications (empty: any). ``fields``
    lists the keys of the desk's extra fields this topic asks for (empty: the desk-wide fields only).
    ``team`` names the team whose queue new tickets on this topic go to (default: the desk's intake team).
    ``guides`` are self-service troubleshooting guides offered before a ticket on this topic is filed.
    ``retired``: no longer offered for new tickets (nor its sub-topics); tickets filed on it keep it.
    """

    slug: str
    name: str | Labels
    description: str | Labels = ""
    children: tuple[TopicSpec, ...] = ()
    applications: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    team: str | None = None
    guides: tuple[GuideSpec, ...] = ()
    retired: bool = False


@dataclass(frozen=True)
class ApplicationSpec:
    """A system tickets are about (e.g. an e-procurement application), with the versions a reporter can choose."""

    slug: str
    name: str
    versions: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldSpec:
    """An extra ticket field the desk asks for.

    ``kind`` is one of ``text``, ``textarea``, ``email``, ``phone``, ``integer``, ``number``, ``money``,
    ``date``, ``boolean``, ``choice``. Core validates kind, ``required``, lengths, ``pattern`` and
    ``choices``; a plugin adds rules of its own through ``validate_ticket``. ``topics`` limits the field
    to tickets on those topics (or their children); empty means every ticket of the desk.

    Text is at most ``max_length`` characters (default: ``TEXT_MAX_LENGTH``, or ``TEXTAREA_MAX_LENGTH`` for a
    textarea). Numbers (``integer``, ``number``, ``money``) lie between ``minimum`` and ``maximum`` (ints or
    decimal strings; a money value is at least 0 unless the desk says otherwise) and have at most
    ``max_digits`` digits, ``decimal_places`` of them after the point (defaults: ``NUMBER_DEFAULTS``). They
    are written with the digits 0-9 only: no exponent, no NaN or Infinity, no other digits.
    """

    key: str
    label: str | Labels
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    help: str | Labels = ""
    topics: tuple[str, ...] = ()
    agent_only: bool = False
    minimum: int | str | None = None
    maximum: int | str | None = None
    max_digits: int | None = None
    decimal_places: int | None = None

    def text_limit(self) -> int:
        """The most characters a text value of this field may have."""
        if self.max_length is not None:
            return self.max_length
        return TEXTAREA_MAX_LENGTH if self.kind == "textarea" else TEXT_MAX_LENGTH

    def number_limits(self) -> tuple[int, int]:
        """``(max_digits, decimal_places)`` of a number of this field, the desk's or core's defaults."""
        digits, places = NUMBER_DEFAULTS.get(self.kind, NUMBER_DEFAULTS["number"])
        places = 0 if self.kind == "integer" else self.decimal_places if self.decimal_places is not None else places
        digits = self.max_digits if self.max_digits is not None else max(digits, places)
        return min(digits, MAX_DIGITS), min(places, digits)


TEXT_FIELD_KINDS = ("text", "textarea", "email", "phone", "choice")
NUMBER_FIELD_KINDS = ("integer", "number", "money")
FIELD_KINDS = (*TEXT_FIELD_KINDS, *NUMBER_FIELD_KINDS, "date", "boolean")
"""Every kind of desk field: core's closed set (the schema's FieldKind enum)."""
TEXT_MAX_LENGTH = 500
TEXTAREA_MAX_LENGTH = 5000
# (max_digits, decimal_places) of each numeric kind: 15 significant digits are what a spreadsheet keeps exactly.
NUMBER_DEFAULTS = {"integer": (15, 0), "number": (15, 4), "money": (15, 2)}
MAX_DIGITS = 28  # what decimal arithmetic computes exactly (a desk asking for more gets this many)


@dataclass(frozen=True)
class PrioritySpec:
    """A priority level. ``rank``: higher is more urgent."""

    slug: str
    name: str | Labels
    rank: int
