"""Core's messages, one module per language."""

from loket.core.locale.en import MESSAGES as EN
from loket.core.locale.id import MESSAGES as ID

CORE_MESSAGES: dict[str, dict[str, str]] = {"en": EN, "id": ID}
