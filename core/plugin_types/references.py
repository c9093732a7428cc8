"""Answers of reference lookups in outside sources (e.g. a tender code in a data warehouse)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loket.core.plugin_types.labels import Labels


@dataclass(frozen=True)
class ReferenceResult:
    """The answer of a reference lookup (e.g. a tender code in a data warehouse).

    ``found`` with ``data`` when the key is known; not found with a ``message`` otherwise; ``unavailable``
    when the source could not be asked (timeout, error), so the user knows to enter the data by hand.
    """

    found: bool
    data: dict[str, Any] = field(default_factory=dict)
    message: str | Labels = ""
    unavailable: bool = False
