"""Messages in the languages Loket speaks. Core ships Indonesian and English; plugins add their own keys
through the ``register_translations`` hook. A message is looked up by its key (an error code or a label
key) and formatted with named parameters; a missing language falls back to English, then to the key."""

from __future__ import annotations

from collections.abc import Mapping

from loket.core.locale import CORE_MESSAGES

SUPPORTED_LANGUAGES = ("id", "en")

class Catalog:
    """Messages per language: core's, extended by plugins' when the runtime starts (``Runtime.start``)."""

    def __init__(self, extra: list[Mapping[str, Mapping[str, str]]] = ()) -> None:
        self._messages: dict[str, dict[str, str]] = {lang: dict(msgs) for lang, msgs in CORE_MESSAGES.items()}
        self.add(extra)

    def add(self, extra: list[Mapping[str, Mapping[str, str]]]) -> None:
        """Add the plugins' messages (``register_translations`` answers); a later one overrides an earlier."""
        for contribution in extra:
            for language, messages in contribution.items():
                self._messages.setdefault(language, {}).update(messages)

    def translate(self, key: str, language: str = "en", /, **params: object) -> str:
        template = self._messages.get(language, {}).get(key) or self._messages["en"].get(key) or key
        try:
            return template.format(**params)
        except (KeyError, IndexError):
            return template


CORE_CATALOG = Catalog()


def translate(key: str, language: str = "en", /, **params: object) -> str:
    """Render a core message; the GraphQL layer uses the deployment's catalog, which plugins extend."""
    return CORE_CATALOG.translate(key, language, **params)


def negotiate_language(accept_language: str | None, default: str) -> str:
    """Pick a supported language from an ``Accept-Language`` header, honouring q-values."""
    if not accept_language:
        return default
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in SUPPORTED_LANGUAGES and quality > 0:
            choices.append((-quality, position, primary))
    return min(choices)[2] if choices else default
