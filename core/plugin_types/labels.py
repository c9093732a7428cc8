"""Text a desk shows in several languages."""

from __future__ import annotations


Labels = dict[str, str]
"""Text per language, e.g. ``{"id": "Darurat", "en": "Emergency"}``."""


def label(text: str | Labels, language: str, fallback: str = "en") -> str:
    """Pick ``language`` from a label (a plain string is the same in every language)."""
    if isinstance(text, str):
        return text
    return text.get(language) or text.get(fallback) or next(iter(text.values()), "")
