"""The plugin manager: built by a factory, kept on the application, never a module-level global."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable
from importlib.metadata import EntryPoint, entry_points
from typing import Any, TypeVar

import pluggy

from loket.core import hookspecs
from loket.core.errors import ConfigurationError
from loket.core.settings import Settings

ENTRY_POINT_GROUP = "loket"

# Core's own behaviour, registered exactly like a third-party plugin.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "loket.core.defaults.attachments",
    "loket.core.defaults.demo",
    "loket.core.defaults.numbering",
    "loket.core.defaults.priority",
    "loket.core.defaults.progress",
    "loket.core.defaults.rating",
    "loket.core.defaults.sla",
    "loket.core.defaults.storage",
)

T = TypeVar("T")


def installed_plugins() -> dict[str, EntryPoint]:
    """Every plugin installed in this environment, by entry-point name."""
    found: dict[str, EntryPoint] = {}
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        other = found.get(entry_point.name)
        if other is not None and other.value != entry_point.value:
            raise ConfigurationError(
                f"two installed plugins are named '{entry_point.name}': {other.value} and {entry_point.value}"
            )
        found[entry_point.name] = entry_point
    return found


def get_plugin_manager(settings: Settings, *, extra_plugins: Iterable[object] = ()) -> pluggy.PluginManager:
    """Build a plugin manager: core's hook specs, core's default plugins, then the enabled installed plugins.

    ``LOKET_PLUGINS`` chooses which installed plugins are enabled (``all`` by default); naming one that is
    not installed is a configuration error listing what is. ``extra_plugins`` registers plugin objects
    directly (used by tests and embedding applications).
    """
    pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
    pm.add_hookspecs(hookspecs)
    for module_name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(module_name), name=module_name)

    available = installed_plugins()
    wanted = settings.enabled_plugin_names
    if wanted is None:
        wanted = sorted(available)
    unknown = [name for name in wanted if name not in available]
    if unknown:
        installed = ", ".join(sorted(available)) or "none"
        raise ConfigurationError(
            f"LOKET_PLUGINS names unknown plugin(s): {', '.join(unknown)} (installed: {installed})"
        )
    for name in wanted:
        try:
            plugin = available[name].load()
        except Exception as exc:  # an institution's broken package must not look like ours
            raise ConfigurationError(f"plugin '{name}' failed to load: {exc}") from exc
        pm.register(plugin, name=name)
    for plugin in extra_plugins:
        pm.register(plugin)
    pm.check_pending()
    return pm


def enabled_plugin_names(pm: pluggy.PluginManager) -> list[str]:
    """The names of the registered plugins that are not core defaults."""
    return sorted(
        name for name, plugin in pm.list_name_plugin() if name not in DEFAULT_PLUGINS and plugin is not None
    )


async def await_me_maybe(value: T | Callable[[], Any] | Any) -> Any:
    """Resolve a hook answer that may be a value, a callable, or an awaitable (Datasette's helper)."""
    if callable(value) and not inspect.isclass(value):
        value = value()
    if inspect.isawaitable(value):
        value = await value
    return value


async def gather_results(results: Iterable[Any]) -> list[Any]:
    """Resolve each answer of a collecting hook, in the order pluggy gave them, dropping ``None``s."""
    resolved = []
    for result in results:
        value = await await_me_maybe(result)
        if value is not None:
            resolved.append(value)
    return resolved


async def first_answer(hook: pluggy.HookCaller, **kwargs: Any) -> Any:
    """Call a ``firstresult`` hook and resolve its answer (a value, a callable or an awaitable).

    pluggy stops at the first implementation that returns something other than ``None``, and an ``async def``
    implementation always returns something (a coroutine). So when the answer resolves to ``None``, that
    plugin did not answer after all: core's own default (its ``loket.core.defaults`` implementation, if it
    has one) answers instead, and ``None`` comes back only when core has no default answer either.
    """
    answer = hook(**kwargs)
    if answer is None:
        return None
    resolved = await await_me_maybe(answer)
    if resolved is None:
        resolved = await await_me_maybe(_core_default(hook, kwargs))
    return resolved


def _core_default(hook: pluggy.HookCaller, kwargs: dict[str, Any]) -> Any:
    # Core's defaults are plain functions (no wrappers): called as pluggy calls them, by argument name.
    for impl in reversed(hook.get_hookimpls()):
        if impl.plugin_name in DEFAULT_PLUGINS:
            answer = impl.function(*(kwargs[name] for name in impl.argnames))
            if answer is not None:
                return answer
    return None
