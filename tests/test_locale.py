"""Every core message exists in Indonesian and English, with the same parameters."""

from __future__ import annotations

import string

from loket.core.locale import CORE_MESSAGES


def _params(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys():
    assert set(CORE_MESSAGES["id"]) == set(CORE_MESSAGES["en"])


def test_translations_use_the_same_parameters():
    for key, english in CORE_MESSAGES["en"].items():
        assert _params(CORE_MESSAGES["id"][key]) == _params(english), key
