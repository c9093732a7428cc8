"""The priority matrix speaks of the catalogue's own topics, and a tender code alone is enough for the
warehouse's data to weigh in on the priority (the bundled sample data set stands in for the warehouse)."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import pytest

from loket.plugins.spse import national, priority


def test_every_matrix_row_names_a_catalogue_topic_and_every_leaf_has_one():
    matrix = json.loads(resources.files("loket.plugins.spse").joinpath("data/priority_matrix.json").read_text())
    topics = {topic.slug: topic for topic, _, _ in national.desk_spec().walk_topics()}
    rows = {row["topic"] for row in matrix["base"]}
    assert rows <= set(topics), rows - set(topics)
    leaves = {slug for slug, topic in topics.items() if not topic.children}
    assert leaves - rows == set(), "every sub-category has its own row"


@pytest.fixture
def closing_soon(monkeypatch):
    # Sample tender 10012345 closes on 2024-07-15; "today" is the day before.
    monkeypatch.setattr(priority, "today", lambda: date(2024, 7, 14))
    monkeypatch.delenv("LOKET_SPSE_TENDER_API_URL", raising=False)


async def test_a_tender_code_alone_lets_the_warehouse_raise_the_priority(lpse, closing_soon):
    create = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number
        priority { slug reason } } } }"""
    ticket = (await lpse["level1"].ok(create, input={
        "desk": "lpse-support", "title": "Tidak bisa unggah penawaran tender",
        "description": "Unggahan dokumen penawaran gagal menjelang batas akhir.", "topic": "spse-upload-penawaran",
        "application": "spse", "applicationVersion": "4.5", "reporterCategory": "Rekanan/Penyedia",
        "origin": "LPSE Kota Bogor", "fields": {"tender_code": "10012345"}}))["createTicket"]["ticket"]
    assert ticket["priority"]["slug"] == "emergency", ticket["priority"]["reason"]
