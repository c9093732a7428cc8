"""Core's default rating form: 1 to 5 stars and an optional message."""

from __future__ import annotations

from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import RatingForm, RatingQuestion


@hookimpl(trylast=True)
def rating_form():
    return RatingForm(
        slug="stars",
        title={"id": "Penilaian layanan", "en": "Rate our service"},
        questions=(
            RatingQuestion("stars", {"id": "Bintang", "en": "Stars"}, kind="stars", minimum=1, maximum=5),
            RatingQuestion("message", {"id": "Pesan", "en": "Message"}, kind="text", required=False),
        ),
    )
