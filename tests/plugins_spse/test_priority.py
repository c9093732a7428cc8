"""The LPSE Support priority rule: every row of priority_matrix.json, the tender raising rules on a fixed
"today", the reason agents see, and docs/spse.md's table kept equal to the JSON."""

from __future__ import annotations

import asyncio
import inspect

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from loket.core.plugin_types import label
from loket.plugins.spse import priority
from tests.plugins_spse.common import DESK, OTHER_DESK, TOPICS, draft, plugin_manager, topic_path

MATRIX = json.loads((Path(priority.__file__).parent / "data" / "priority_matrix.json").read_text(encoding="utf-8"))
DOC = Path(__file__).resolve().parents[2] / "docs" / "spse.md"
TODAY = date(2024, 6, 10)
ALL_TOPICS = [slug for application, categories in TOPICS.items()
              for category, subs in categories.items() for slug in (category, *subs)]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(priority, "today", lambda: TODAY)


def decide(ticket):
    answer = plugin_manager().hook.ticket_priority(desk=DESK, ticket=ticket)
    # A bare tender code makes the rule ask the warehouse first (here: the bundled sample data).
    return asyncio.run(answer) if inspect.iscoroutine(answer) else answer


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


# 1. base priority per topic: every row of the JSON


@pytest.mark.parametrize("row", MATRIX["base"], ids=[row["topic"] for row in MATRIX["base"]])
def test_base_priority_of_each_topic_row(row):
    decision = decide(draft(row["topic"]))
    assert decision.priority == row["priority"]
    names = {spec.slug: spec.name for spec in DESK.priorities}
    assert decision.reason == {language: f"{row['label'][language]}: {label(names[row['priority']], language)}"
                               for language in ("id", "en")}


def test_every_category_and_sub_category_of_the_desk_has_a_row_and_nothing_else_does():
    assert sorted(row["topic"] for row in MATRIX["base"]) == sorted(ALL_TOPICS)


def test_priorities_in_the_matrix_are_the_desks_levels():
    assert {level["slug"]: level["rank"] for level in MATRIX["levels"]} == {
        spec.slug: spec.rank for spec in DESK.priorities}
    used = {row["priority"] for row in MATRIX["base"]} | {MATRIX["default"]["priority"]}
    used |= {rule["at_least"] for group in ("closing", "stage", "hps") for rule in MATRIX[group] if "at_least" in rule}
    assert used <= {spec.slug for spec in DESK.priorities}


@pytest.mark.parametrize("topic", [None, "spse", "lainnya"], ids=["no topic", "application only", "other"])
def test_a_topic_without_a_row_gets_the_default(topic):
    decision = decide(draft(topic))
    assert decision.priority == MATRIX["default"]["priority"] == "minor"
    assert decision.reason["en"] == "Any other category: Minor"


def test_a_sub_category_row_wins_over_its_category_row():
    assert decide(draft("spse-jadwal")).priority == "major"   # spse-paket is medium
    assert decide(draft("spse-paket")).priority == "medium"


# 2. raising by tender information, with "today" fixed at 2024-06-10

RAISES = [
    # (case, topic, fields, expected priority, rules that applied after the base row)
    ("no tender information: base", "spse-lupa-password", {}, "minor", []),
    ("deadline today", "spse-lupa-password", {"tender_closing": day(0)}, "emergency", ["closing-1-day"]),
    ("deadline tomorrow", "spse-lupa-password", {"tender_closing": day(1)}, "emergency", ["closing-1-day"]),
    ("deadline in 2 days", "spse-lupa-password", {"tender_closing": day(2)}, "major", ["closing-2-days"]),
    ("deadline in 3 days", "spse-lupa-password", {"tender_closing": day(3)}, "minor", []),
    ("deadline passed yesterday", "spse-login", {"tender_closing": day(-1)}, "medium", []),
    ("deadline as date-time", "spse-login", {"tender_closing": f"{day(1)}T15:00:00+07:00"}, "emergency",
     ["closing-1-day"]),
    ("unreadable deadline ignored", "spse-login", {"tender_closing": "besok"}, "medium", []),
    ("at least never lowers", "spse-jadwal", {"tender_closing": day(2)}, "major", ["closing-2-days"]),
    ("opening stage with a tender", "spse-pembukaan-penawaran", {"tender_code": "10012345"}, "emergency",
     ["stage-opening-evaluation"]),
    ("evaluation stage with a tender", "spse-evaluasi", {"fiscal_year": 2024}, "emergency",
     ["stage-opening-evaluation"]),
    ("evaluation stage without a tender: base", "spse-evaluasi", {}, "major", []),
    ("evaluation stage, empty tender fields: base", "spse-evaluasi", {"tender_code": " ", "hps_value": None},
     "major", []),
    ("upload stage is not a stage row", "spse-upload-penawaran", {"tender_code": "10012345"}, "major", []),
    ("HPS just under 10 billion", "sikap-data-penyedia", {"hps_value": "9999999999.99"}, "minor", []),
    ("HPS 10 billion lifts minor", "sikap-data-penyedia", {"hps_value": "10000000000"}, "medium",
     ["hps-10-billion"]),
    ("HPS 10 billion keeps major", "spse-upload-penawaran", {"hps_value": "25000000000"}, "major",
     ["hps-10-billion"]),
    ("HPS 100 billion: minor one level up", "spse-lupa-password", {"hps_value": "100000000000"}, "medium",
     ["hps-100-billion"]),
    ("HPS 100 billion: medium one level up", "spse-kontrak", {"hps_value": "150000000000.00"}, "major",
     ["hps-100-billion"]),
    ("HPS 100 billion: major one level up", "spse-upload-penawaran", {"hps_value": "245800000000"},
     "emergency", ["hps-100-billion"]),
    ("HPS 100 billion: emergency stays", "spse-evaluasi", {"hps_value": "1325000000000"}, "emergency",
     ["stage-opening-evaluation", "hps-100-billion"]),
    ("deadline in 2 days and HPS 100 billion", "spse-lupa-password",
     {"tender_closing": day(2), "hps_value": "100000000000"}, "emergency", ["closing-2-days", "hps-100-billion"]),
    ("deadline in 2 days and HPS 10 billion", "spse-lupa-password",
     {"tender_closing": day(2), "hps_value": "12000000000"}, "major", ["closing-2-days", "hps-10-billion"]),
    ("unreadable HPS ignored", "spse-kontrak", {"hps_value": "seratus miliar"}, "medium", []),
]


@pytest.mark.parametrize(("topic", "fields", "expected", "rules"), [case[1:] for case in RAISES],
                         ids=[case[0] for case in RAISES])
def test_tender_information_raises_the_priority(topic, fields, expected, rules):
    assert decide(draft(topic, **fields)).priority == expected
    _, steps = priority.decide(topic_path(topic), fields, TODAY)
    assert [step.rule for step in steps[1:]] == rules


def test_every_raising_row_of_the_json_is_exercised():
    rows = {rule["rule"] for group in ("closing", "stage", "hps") for rule in MATRIX[group]}
    exercised = {rule for case in RAISES for rule in case[4]}
    assert rows == exercised


def test_the_reason_lists_each_row_that_applied_in_both_languages():
    decision = decide(draft("spse-upload-penawaran", tender_closing=day(1), hps_value="150000000000"))
    assert decision.priority == "emergency"
    assert decision.reason == {
        "id": "Unggah dokumen penawaran: Major; "
              "Batas akhir tender paling lambat besok (2024-06-11): Darurat; "
              "Nilai HPS paling sedikit Rp100 miliar (Rp150.000.000.000): Darurat",
        "en": "Uploading a bid: Major; "
              "Tender deadline today or tomorrow (2024-06-11): Emergency; "
              "HPS value of at least IDR 100 billion (Rp150.000.000.000): Emergency",
    }


def test_today_is_the_date_in_jakarta(monkeypatch):
    monkeypatch.undo()  # the real clock
    before = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    assert priority.today() in (before, before + timedelta(days=1))


def test_the_clock_is_read_at_each_decision(monkeypatch):
    ticket = draft("spse-lupa-password", tender_closing="2024-06-12")
    monkeypatch.setattr(priority, "today", lambda: date(2024, 6, 9))
    assert decide(ticket).priority == "minor"
    monkeypatch.setattr(priority, "today", lambda: date(2024, 6, 10))
    assert decide(ticket).priority == "major"
    monkeypatch.setattr(priority, "today", lambda: date(2024, 6, 11))
    assert decide(ticket).priority == "emergency"
    monkeypatch.setattr(priority, "today", lambda: date(2024, 6, 13))
    assert decide(ticket).priority == "minor"


def test_other_desks_get_cores_default():
    decision = plugin_manager().hook.ticket_priority(desk=OTHER_DESK, ticket=draft("spse-evaluasi",
                                                                                    desk="lpse-kota-bogor"))
    assert decision is None  # OTHER_DESK has no priorities, so core's default answers nothing either
    assert priority.spse_ticket_priority(OTHER_DESK, draft("spse-evaluasi")) is None


# 3. docs/spse.md shows the same matrix


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    following = re.search(r"^## ", text[start + len(heading):], flags=re.MULTILINE)
    return text[start: start + len(heading) + following.start()] if following else text[start:]


def _table_after(section: str, heading: str) -> list[list[str]]:
    lines = section[section.index(heading):].splitlines()[1:]
    rows = []
    for line in lines:
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not set("".join(cells)) <= set("-: "):
            rows.append(cells)
    return rows[1:]  # without the header


def test_the_documented_matrix_matches_the_json():
    section = _section(DOC.read_text(encoding="utf-8"), "## Priority matrix")
    base = _table_after(section, "### Base priority per topic")
    documented = {cells[0].strip("`"): cells[2] for cells in base}
    expected = {row["topic"]: row["priority"] for row in MATRIX["base"]}
    expected["*(any other)*"] = MATRIX["default"]["priority"]
    assert documented == expected
    assert [cells[0].strip("`") for cells in base][:-1] == [row["topic"] for row in MATRIX["base"]]

    raises = _table_after(section, "### Raising rules")
    rules = [(rule, "closing") for rule in MATRIX["closing"]] + [(rule, "stage") for rule in MATRIX["stage"]] \
        + [(rule, "hps") for rule in MATRIX["hps"]]
    assert [cells[0].strip("`") for cells in raises] == [rule["rule"] for rule, _ in rules]
    for cells, (rule, group) in zip(raises, rules):
        condition, effect = cells[1], cells[2]
        if "raise_levels" in rule:
            assert effect == f"raise {rule['raise_levels']} level"
        else:
            assert effect == f"at least {rule['at_least']}"
        if group == "closing":
            assert re.search(rf"\b{rule['within_days']} days?\b", condition), condition
        elif group == "stage":
            assert re.findall(r"`([^`]+)`", condition) == rule["topics"]
        else:
            assert int(condition.split(">=")[1].replace(",", "").strip()) == int(rule["min_value"])
