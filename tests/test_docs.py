"""Every hook is documented in docs/plugin_hooks.md under a heading showing its exact signature."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from loket.core import hookspecs
from loket.core.plugins import get_plugin_manager
from loket.core.settings import Settings

DOC = Path(__file__).resolve().parent.parent / "docs" / "plugin_hooks.md"
HEADINGS = re.findall(r"^## `(\w+)\(([^)]*)\)`", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
HOOK_NAMES = sorted(name for name in dir(get_plugin_manager(Settings(plugins="none")).hook) if not name.startswith("_"))


def spec_arguments(name: str) -> str:
    return ", ".join(inspect.signature(getattr(hookspecs, name)).parameters)


def test_there_are_hooks_to_document():
    assert len(HOOK_NAMES) >= 4


@pytest.mark.parametrize("hook", HOOK_NAMES)
def test_hook_is_documented_with_its_signature(hook: str):
    documented = dict(HEADINGS)
    assert hook in documented, f"docs/plugin_hooks.md has no heading for the hook {hook}"
    assert documented[hook] == spec_arguments(hook), f"the documented arguments of {hook} are out of date"


def test_every_documented_hook_exists():
    assert sorted(name for name, _ in HEADINGS) == HOOK_NAMES


@pytest.mark.parametrize("hook", HOOK_NAMES)
def test_hook_spec_has_a_docstring(hook: str):
    assert (getattr(hookspecs, hook).__doc__ or "").strip()
