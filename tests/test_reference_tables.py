"""docs/events.md has a row for every kind of ticket event and docs/errors.md one for every error code a client
can receive; neither lists one that no longer exists. Kinds come from ``PAYLOAD_AUDIENCE`` (and every kind core
records must be there); codes from the message catalogues of core and plugins and from where the source makes
errors (see ``tests/reference_scan.py``). Each failure names the rows to add or remove."""

from __future__ import annotations

import string
from collections import Counter

import pytest

from loket.core.error_codes import is_label
from loket.core.locale import CORE_MESSAGES
from loket.core.plugins import get_plugin_manager
from loket.core.settings import Settings
from loket.core.tickets.audience import PAYLOAD_AUDIENCE
from tests.reference_scan import ROOT, names_in, raised_codes, recorded_kinds, table_rows

EVENTS_DOC = ROOT / "docs" / "events.md"
ERRORS_DOC = ROOT / "docs" / "errors.md"

# Catalogue keys that label things (statuses, event kinds, columns, the printed ticket) rather than name errors
# are told apart in core (the schema's ErrorCode enum leaves them out). A key the source also raises as an error
# still counts as a code.
LOCALE_ONLY = "core/locale; if it is a label, not an error code, add it to LABELS in core/error_codes.py"


def plugin_catalogues() -> dict[str, dict[str, dict[str, str]]]:
    """Each installed plugin's messages (``register_translations``), by plugin name and language."""
    pm = get_plugin_manager(Settings(plugins="all"))
    found: dict[str, dict[str, dict[str, str]]] = {}
    for impl in pm.hook.register_translations.get_hookimpls():
        for language, messages in impl.function().items():
            found.setdefault(impl.plugin_name, {}).setdefault(language, {}).update(messages)
    return found


PLUGIN_CATALOGUES = plugin_catalogues()
PLUGINS = {plugin: languages.get("en", {}) for plugin, languages in PLUGIN_CATALOGUES.items()}
RAISED = raised_codes("core", "schema", "plugins")
ENGLISH = {**CORE_MESSAGES["en"], **{key: t for messages in PLUGINS.values() for key, t in messages.items()}}


def known_codes() -> dict[str, str]:
    """Every error code (and ``BAD_REQUEST`` message key), with where it was found."""
    codes = {key: LOCALE_ONLY for messages in CORE_MESSAGES.values() for key in messages if not is_label(key)}
    for plugin, messages in PLUGINS.items():
        codes.update({key: f"the translations of plugin {plugin}" for key in messages if not is_label(key)})
    codes.update({code: ", ".join(sites[:3]) for code, sites in RAISED.items()})
    return codes


def plugin_of_code(code: str) -> str | None:
    for plugin, messages in PLUGINS.items():
        if code in messages:
            return plugin
    for site in RAISED.get(code, ()):
        if site.startswith("plugins/"):
            return site.split("/")[1]
    return None


def differences(documented: list[str], existing: dict[str, str], doc: str, what: str) -> str:
    missing = sorted(set(existing) - set(documented))
    stale = sorted(set(documented) - set(existing))
    twice = sorted(name for name, count in Counter(documented).items() if count > 1)
    lines = [f"{doc} is out of step with the source:"]
    lines += [f"  missing row for {what} `{name}` (found in {existing[name]})" for name in missing]
    lines += [f"  stale row `{name}`: no such {what} exists any more; remove the row" for name in stale]
    lines += [f"  `{name}` has more than one row" for name in twice]
    return "\n".join(lines) if missing or stale or twice else ""


# Event kinds

def test_core_records_only_kinds_whose_audience_is_declared():
    scan = recorded_kinds("core")
    assert not scan.unreadable, ("the kind of these recorded events cannot be read from the source; record a "
                                 "literal kind or teach tests/reference_scan.py where it comes from:\n  "
                                 + "\n  ".join(scan.unreadable))
    undeclared = {kind: sites for kind, sites in scan.kinds.items() if kind not in PAYLOAD_AUDIENCE}
    assert not undeclared, f"kinds recorded without a PAYLOAD_AUDIENCE entry: {undeclared}"
    unrecorded = sorted(set(PAYLOAD_AUDIENCE) - set(scan.kinds))
    assert not unrecorded, f"PAYLOAD_AUDIENCE declares kinds core never records: {unrecorded}"


def test_events_table_has_a_row_for_each_kind_and_no_other():
    documented = [row.name for row in table_rows(EVENTS_DOC)]
    existing = {kind: "PAYLOAD_AUDIENCE" for kind in PAYLOAD_AUDIENCE}
    problems = differences(documented, existing, "docs/events.md", "event kind")
    assert not problems, problems


@pytest.mark.parametrize("kind", sorted(PAYLOAD_AUDIENCE))
def test_events_table_shows_the_declared_audience_of_each_payload(kind: str):
    rows = {row.name: row for row in table_rows(EVENTS_DOC)}
    assert kind in rows, f"docs/events.md has no row for `{kind}`"
    cells, audience = rows[kind].cells, PAYLOAD_AUDIENCE[kind]
    public = names_in(cells.get("Public payload", ""), r"`(\w+)`:")
    staff_only = names_in(cells.get("Staff-only payload", ""), r"`(\w+)`:")
    assert public == set(audience.public), (
        f"docs/events.md line {rows[kind].line}: the public payload of `{kind}` lists {sorted(public)}, "
        f"PAYLOAD_AUDIENCE declares {sorted(audience.public)} (write each key as `key`: meaning)")
    assert staff_only == set(audience.staff_only), (
        f"docs/events.md line {rows[kind].line}: the staff-only payload of `{kind}` lists {sorted(staff_only)}, "
        f"PAYLOAD_AUDIENCE declares {sorted(audience.staff_only)} (write each key as `key`: meaning)")


# Error codes

def test_the_source_makes_errors_to_document():
    assert len(RAISED) > 50 and {"TICKET_NOT_FOUND", "BAD_REQUEST", "GRAPHQL_VALIDATION_FAILED"} <= set(RAISED)


def test_errors_table_has_a_row_for_each_code_and_no_other():
    documented = [row.name for row in table_rows(ERRORS_DOC)]
    problems = differences(documented, known_codes(), "docs/errors.md", "error code")
    assert not problems, problems


def test_plugin_codes_are_listed_under_their_plugin():
    misplaced = [f"`{row.name}` (line {row.line}) belongs under the heading ### `{plugin}`"
                 for row in table_rows(ERRORS_DOC)
                 if (plugin := plugin_of_code(row.name)) and f"`{plugin}`" not in row.section]
    assert not misplaced, "docs/errors.md:\n  " + "\n  ".join(misplaced)


def test_message_values_are_those_of_the_english_message():
    wrong = []
    for row in table_rows(ERRORS_DOC):
        if "Message values" not in row.cells or row.name not in ENGLISH:
            continue
        documented = names_in(row.cells["Message values"])
        expected = {name for _, name, _, _ in string.Formatter().parse(ENGLISH[row.name]) if name}
        if documented != expected:
            wrong.append(f"`{row.name}` (line {row.line}): lists {sorted(documented)}, "
                         f"the message uses {sorted(expected)}")
    assert not wrong, "docs/errors.md, column Message values:\n  " + "\n  ".join(wrong)


# Codes answered with a message that is not theirs: graphql-core's own, or REQUEST_MALFORMED with its detail.
NO_MESSAGE_OF_THEIR_OWN = {"GRAPHQL_VALIDATION_FAILED", "METHOD_NOT_ALLOWED"}


def test_every_code_the_source_makes_has_a_message_in_both_languages():
    catalogues = {language: dict(messages) for language, messages in CORE_MESSAGES.items()}
    for languages in PLUGIN_CATALOGUES.values():
        for language, messages in languages.items():
            catalogues.setdefault(language, {}).update(messages)
    untranslated = {code: [language for language in ("id", "en") if code not in catalogues.get(language, {})]
                    for code in set(RAISED) - NO_MESSAGE_OF_THEIR_OWN}
    untranslated = {code: languages for code, languages in untranslated.items() if languages}
    assert not untranslated, f"codes without a message (core/locale or the plugin's translations): {untranslated}"


def test_both_reference_tables_are_linked_from_the_readme_and_the_plugin_hooks():
    for page in ("README.md", "docs/plugin_hooks.md"):
        text = (ROOT / page).read_text(encoding="utf-8")
        for doc in ("events.md", "errors.md"):
            assert f"{doc})" in text, f"{page} does not link docs/{doc}"
