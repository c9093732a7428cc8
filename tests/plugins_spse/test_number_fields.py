"""The LPSE Support desk's number fields have a range and a precision, checked before its rules see them:
what a reporter types that no person means (``1e1000000``, ``NaN``, ``²``, 4,000 digits) is refused at once,
with a typed error on the field, in the reporter's language; nothing is stored; every export still works."""

from __future__ import annotations

import io
import json
import time

import pytest
from openpyxl import load_workbook

from loket.core.models import Ticket
from tests.exports.helpers import export

CREATE = """mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { number fields
    priority { slug } } } }"""
FIELDS = """query { desk(slug: "lpse-support") { fields { key kind minimum maximum decimalPlaces maxLength } } }"""
TENDER = {"spse_build": "SPSE v4.5u20231010", "fiscal_year": 2026, "hps_value": "2500000000",
          "procurement_category": "Pekerjaan Konstruksi"}


def ticket_input(**fields) -> dict:
    return {"desk": "lpse-support", "title": "Tidak bisa unggah penawaran tender",
            "description": "Unggahan dokumen penawaran gagal menjelang batas akhir.", "topic": "spse-upload-penawaran",
            "application": "spse", "applicationVersion": "4.5", "reporterCategory": "Rekanan/Penyedia",
            "origin": "LPSE Kota Bogor", "fields": {**TENDER, **fields}}


REFUSED = [
    ("hps_value", "1e1000000", "FIELD_NOT_NUMBER"),
    ("hps_value", "1e400", "FIELD_NOT_NUMBER"),
    ("hps_value", "1E5", "FIELD_NOT_NUMBER"),
    ("hps_value", "NaN", "FIELD_NOT_NUMBER"),
    ("hps_value", "Infinity", "FIELD_NOT_NUMBER"),
    ("hps_value", "-Infinity", "FIELD_NOT_NUMBER"),
    ("hps_value", "²", "FIELD_NOT_NUMBER"),
    ("hps_value", "١٢٣٤", "FIELD_NOT_NUMBER"),
    ("hps_value", "1_000", "FIELD_NOT_NUMBER"),
    ("hps_value", "1.000.000", "FIELD_NOT_NUMBER"),
    ("hps_value", "9" * 4000, "FIELD_TOO_LARGE"),
    ("hps_value", "1000000000000000.01", "FIELD_TOO_LARGE"),
    ("hps_value", 10**400, "FIELD_TOO_LARGE"),
    ("hps_value", "-5", "FIELD_TOO_SMALL"),
    ("hps_value", "12.345", "FIELD_TOO_PRECISE"),
    ("fiscal_year", "9" * 4000, "FIELD_TOO_LARGE"),
    ("fiscal_year", 1999, "FIELD_TOO_SMALL"),
    ("fiscal_year", "2101", "FIELD_TOO_LARGE"),
    ("fiscal_year", "2026.5", "FIELD_NOT_INTEGER"),
    ("fiscal_year", 2026.0, "FIELD_NOT_INTEGER"),
    ("fiscal_year", "²⁰²⁶", "FIELD_NOT_INTEGER"),
    ("fiscal_year", "٢٠٢٦", "FIELD_NOT_INTEGER"),
    ("fiscal_year", "1e3", "FIELD_NOT_INTEGER"),
    ("fiscal_year", True, "FIELD_NOT_INTEGER"),
    ("tender_closing", "0001-01-01", "DATE_OUT_OF_RANGE"),
    ("tender_closing", "9999-12-31", "DATE_OUT_OF_RANGE"),
    ("tender_closing", "٢٠٢٤-07-15", "FIELD_NOT_DATE"),
]


@pytest.mark.parametrize(("key", "value", "code"), REFUSED, ids=[f"{k}={str(v)[:16]}" for k, v, _ in REFUSED])
async def test_a_value_no_person_means_is_refused_at_once_and_nothing_is_stored(lpse, key, value, code):
    started = time.perf_counter()
    response = await lpse["vendor"].run(CREATE, input=ticket_input(**{key: value}))
    elapsed = time.perf_counter() - started
    assert response.data is None
    assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in response.errors] == [
        (code, f"input.fields.{key}")]
    # Not a speed target: a value that made the parser work for minutes (a huge exponent) would show here.
    assert elapsed < 15.0, f"refusing {str(value)[:20]} took {elapsed:.2f} s"
    assert await Ticket.all().count() == 0


async def test_json_numbers_out_of_range_are_refused_too(lpse):
    """A JSON body may carry ``Infinity`` (which Python's parser reads as a float) or an integer of 400 digits."""
    body = json.dumps({"query": CREATE, "variables": {"input": ticket_input(hps_value=float("inf"))}})
    response = await lpse["vendor"].client.http.post(
        "/graphql", content=body.replace('"hps_value": Infinity', '"hps_value": 1e400').encode(),
        headers={"Authorization": f"Bearer {lpse['vendor'].client.token}", "Content-Type": "application/json"})
    errors = response.json()["errors"]
    assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in errors] == [
        ("FIELD_NOT_NUMBER", "input.fields.hps_value")]
    assert await Ticket.all().count() == 0


async def test_the_refusal_speaks_the_reporters_language_and_names_the_bounds(lpse):
    response = await lpse["vendor"].run(CREATE, input=ticket_input(fiscal_year=1999, hps_value="-1"))
    messages = {e["extensions"]["field"]: e["message"] for e in response.errors}
    assert messages == {"input.fields.fiscal_year": "Isian 'fiscal_year' minimal 2000",
                        "input.fields.hps_value": "Isian 'hps_value' minimal 0"}
    english = await lpse["vendor"].client.execute(CREATE, {"input": ticket_input(hps_value="0.125")}, language="en")
    assert english.errors[0]["message"] == "Field 'hps_value' may have at most 2 digits after the decimal point"


async def test_numbers_within_the_bounds_are_stored_as_typed(lpse):
    ticket = (await lpse["vendor"].ok(CREATE, input=ticket_input(fiscal_year="2100", hps_value="1000000000000000")))
    fields = ticket["createTicket"]["ticket"]["fields"]
    assert fields["fiscal_year"] == 2100 and fields["hps_value"] == "1000000000000000"
    cents = (await lpse["vendor"].ok(CREATE, input=ticket_input(fiscal_year=2000, hps_value=" 150000000.50 ")))
    assert cents["createTicket"]["ticket"]["fields"]["hps_value"] == "150000000.50"


async def test_the_desk_publishes_the_bounds_of_its_fields(lpse):
    fields = {f["key"]: f for f in (await lpse["vendor"].ok(FIELDS))["desk"]["fields"]}
    assert fields["fiscal_year"] == {"key": "fiscal_year", "kind": "INTEGER", "minimum": "2000", "maximum": "2100",
                                     "decimalPlaces": 0, "maxLength": None}
    assert fields["hps_value"]["minimum"] == "0" and fields["hps_value"]["maximum"] == "1000000000000000"
    assert fields["hps_value"]["decimalPlaces"] == 2
    assert fields["spse_build"]["maxLength"] == 60 and fields["spse_build"]["minimum"] is None


async def test_the_excel_export_of_the_desk_works_with_the_largest_values_and_with_values_stored_before_bounds(lpse):
    largest = (await lpse["vendor"].ok(CREATE, input=ticket_input(fiscal_year=2100, hps_value="1000000000000000")))
    older = (await lpse["vendor"].ok(CREATE, input=ticket_input()))["createTicket"]["ticket"]["number"]
    # What the desk accepted before its fields had bounds, as it may still be stored.
    await Ticket.filter(number=older).update(fields_data={**TENDER, "hps_value": "1E+400", "fiscal_year": "9" * 4000})
    _, content = await export(lpse["level1"], "XLSX", filter={"desk": "lpse-support"})
    header, *rows = load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True)
    by_number = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    number = largest["createTicket"]["ticket"]["number"]
    assert by_number[number]["Nilai HPS paket (Rp)"] == 1000000000000000
    assert by_number[number]["Tahun anggaran"] == 2100
    assert by_number[older]["Nilai HPS paket (Rp)"] == "1E+400", "kept as the text it was, not a failed export"
    assert by_number[older]["Tahun anggaran"] == "9" * 4000
