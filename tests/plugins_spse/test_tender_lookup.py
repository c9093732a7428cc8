"""The tender-code lookup against a real warehouse stand-in on 127.0.0.1: found, not found, unavailable (5xx,
timeout, refused connection, garbage), bearer token, refused codes, and the bundled sample data set."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from loket.core.errors import InvalidInputError, InvalidInputErrors
from loket.core.i18n import Catalog
from loket.core.plugins import await_me_maybe
from loket.core.settings import Settings
from loket.plugins.spse import tender
from tests.plugins_spse.common import DESK, OTHER_DESK, draft, plugin_manager

TOKEN = "warehouse-token-123"
FOUND = {
    "kd_tender": "10012345",
    "nama_paket": "Pembangunan Gedung Kantor Dinas PUPR Tahap II",
    "nama_instansi": "Pemerintah Kota Bogor",
    "nama_satker": "Dinas Pekerjaan Umum dan Penataan Ruang",
    "tahun_anggaran": 2024,
    "hps": 18750000000,
    "kategori_pengadaan": "Jasa Konsultansi Badan Usaha Konstruksi",
    "versi_spse": "SPSE v4.5u20231120",
    "tgl_penutupan": "2024-07-15T15:00:00+07:00",
    "tahapan": "Pemasukan Dokumen Penawaran",
}
SLOW_SECONDS = 2.0


class Warehouse(BaseHTTPRequestHandler):
    """GET /api/tenders/{code}: 10012345 found, 50000000 HTTP 500, 77777777 answers only after 2 s,
    88888888 answers 200 with HTML, 40100000 HTTP 401; anything else 404."""

    requests: list[tuple[str, str | None]] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        Warehouse.requests.append((self.path, self.headers.get("Authorization")))
        code = self.path.rsplit("/", 1)[-1]
        if self.path == "/api/tenders/10012345":
            self._send(200, json.dumps(FOUND).encode(), "application/json")
        elif code == "50000000":
            self._send(500, b'{"error": "internal"}', "application/json")
        elif code == "77777777":
            time.sleep(SLOW_SECONDS)
            self._send(200, json.dumps(FOUND).encode(), "application/json")
        elif code == "88888888":
            self._send(200, b"<html>maintenance</html>", "text/html")
        elif code == "40100000":
            self._send(401, b'{"error": "token"}', "application/json")
        else:
            self._send(404, b'{"error": "not found"}', "application/json")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture(scope="module")
def warehouse_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Warehouse)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def warehouse(warehouse_url: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """The warehouse configured with a token; answers the requests it received."""
    monkeypatch.setenv("LOKET_SPSE_TENDER_API_URL", warehouse_url)
    monkeypatch.setenv("LOKET_SPSE_TENDER_API_TOKEN", TOKEN)
    monkeypatch.setenv("LOKET_SPSE_TENDER_API_TIMEOUT", "0.5")
    Warehouse.requests.clear()
    return Warehouse.requests


@pytest.fixture
def no_warehouse(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("URL", "TOKEN", "TIMEOUT"):
        monkeypatch.delenv(f"LOKET_SPSE_TENDER_API_{name}", raising=False)


async def lookup(key: str, kind: str = "tender", desk=DESK):
    pm = plugin_manager()
    return await await_me_maybe(pm.hook.lookup_reference(desk=desk, kind=kind, key=key,
                                                         settings=Settings(plugins="none")))


async def test_found_tender_comes_back_in_the_desks_field_keys_and_the_token_is_sent(warehouse):
    result = await lookup("10012345")
    assert result.found and not result.unavailable
    assert result.data == {
        "tender_code": "10012345",
        "tender_name": "Pembangunan Gedung Kantor Dinas PUPR Tahap II",
        "agency": "Pemerintah Kota Bogor",
        "work_unit": "Dinas Pekerjaan Umum dan Penataan Ruang",
        "fiscal_year": 2024,
        "hps_value": "18750000000",
        "procurement_category": "Jasa Konsultansi",
        "spse_build": "SPSE v4.5u20231120",
        "tender_closing": "2024-07-15",
        "stage": "Pemasukan Dokumen Penawaran",
    }
    assert warehouse == [("/api/tenders/10012345", f"Bearer {TOKEN}")]


async def test_code_with_surrounding_spaces_is_looked_up_trimmed(warehouse):
    result = await lookup("  10012345 ")
    assert result.found
    assert [path for path, _ in warehouse] == ["/api/tenders/10012345"]


async def test_without_a_token_no_authorization_header_is_sent(warehouse, monkeypatch):
    monkeypatch.delenv("LOKET_SPSE_TENDER_API_TOKEN")
    assert (await lookup("10012345")).found
    assert warehouse == [("/api/tenders/10012345", None)]


async def test_unknown_code_is_not_found_with_a_message_in_both_languages(warehouse):
    result = await lookup("10099999")
    assert not result.found and not result.unavailable
    assert result.data == {}
    assert "10099999" in result.message["id"] and "tidak ditemukan" in result.message["id"]
    assert "10099999" in result.message["en"] and "not found" in result.message["en"]


@pytest.mark.parametrize("code", ["50000000", "88888888", "40100000"],
                         ids=["server error", "not JSON", "token refused"])
async def test_a_warehouse_that_answers_badly_is_unavailable(warehouse, code):
    result = await lookup(code)
    assert result.unavailable and not result.found
    assert "manual" in result.message["id"] and "by hand" in result.message["en"]


async def test_a_slow_warehouse_is_unavailable_after_the_timeout(warehouse):
    started = time.monotonic()
    result = await lookup("77777777")
    elapsed = time.monotonic() - started
    assert result.unavailable and not result.found
    assert elapsed < SLOW_SECONDS - 0.5, f"the lookup waited {elapsed:.2f} s with a 0.5 s timeout"
    assert [path for path, _ in warehouse] == ["/api/tenders/77777777"]


async def test_a_warehouse_nobody_listens_at_is_unavailable(monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("LOKET_SPSE_TENDER_API_URL", f"http://127.0.0.1:{port}")
    result = await lookup("10012345")
    assert result.unavailable and not result.found


@pytest.mark.parametrize("code", ["ABC-123", "123", "1001 2345", "10012345/../1", "1" * 21])
async def test_a_malformed_code_is_refused_without_asking_the_warehouse(warehouse, code):
    with pytest.raises(InvalidInputError) as refused:
        await lookup(code)
    assert refused.value.code == "SPSE_TENDER_CODE_INVALID"
    assert refused.value.field == "key"
    assert warehouse == []


async def test_other_desks_and_kinds_are_not_answered(warehouse):
    assert await lookup("10012345", desk=OTHER_DESK) is None
    assert await lookup("10012345", kind="asset") is None
    assert warehouse == []


async def test_without_a_url_the_bundled_sample_data_answers(no_warehouse):
    result = await lookup("10056789")
    assert result.found
    assert result.data["tender_code"] == "10056789"
    assert result.data["fiscal_year"] == 2025
    assert result.data["hps_value"] == "245800000000"
    assert result.data["procurement_category"] == "Pekerjaan Konstruksi"
    assert result.data["spse_build"] == "SPSE v4.5u20240612"
    assert result.data["tender_closing"] == "2025-02-10"
    not_found = await lookup("10099999")
    assert not not_found.found and not not_found.unavailable


async def test_every_sample_tender_has_complete_tender_data(no_warehouse):
    codes = list(tender.sample_tenders())
    assert len(codes) >= 15
    for code in codes:
        result = await lookup(code)
        assert result.found, code
        data = result.data
        assert {"tender_code", "tender_name", "agency", "fiscal_year", "hps_value", "procurement_category",
                "spse_build", "tender_closing"} <= set(data), code
        assert data["procurement_category"] in tender.PROCUREMENT_CATEGORIES, code
        assert data["spse_build"].startswith("SPSE v4."), code
        assert int(data["fiscal_year"]) >= 2019, code


def test_settings_come_from_loket_spse_variables(monkeypatch):
    monkeypatch.setenv("LOKET_SPSE_TENDER_API_URL", "https://dw.lkpp.example/api")
    monkeypatch.setenv("LOKET_SPSE_TENDER_API_TOKEN", "t0ken")
    monkeypatch.delenv("LOKET_SPSE_TENDER_API_TIMEOUT", raising=False)
    settings = tender.TenderSettings()
    assert settings.tender_api_url == "https://dw.lkpp.example/api"
    assert settings.tender_api_token.get_secret_value() == "t0ken"
    assert "t0ken" not in repr(settings)
    assert settings.tender_api_timeout == 5


# validate_ticket asks the warehouse only when manual tender data is incomplete


async def validate(ticket, desk=DESK):
    pm = plugin_manager()
    for answer in pm.hook.validate_ticket(desk=desk, ticket=ticket, language="id"):
        await await_me_maybe(answer)


async def test_a_found_tender_code_needs_no_manual_data(warehouse):
    await validate(draft("spse-upload-penawaran", tender_code="10012345", hps_value="1000"))
    assert [path for path, _ in warehouse] == ["/api/tenders/10012345"]


@pytest.mark.parametrize("code", ["10099999", "50000000"], ids=["not found", "warehouse down"])
async def test_partial_manual_data_is_refused_when_the_code_is_not_found(warehouse, code):
    with pytest.raises(InvalidInputErrors) as refused:
        await validate(draft("spse-upload-penawaran", tender_code=code, fiscal_year=2024))
    assert [(error.code, error.field) for error in refused.value.errors] == [
        ("SPSE_TENDER_FIELD_REQUIRED", "fields.spse_build"),
        ("SPSE_TENDER_FIELD_REQUIRED", "fields.hps_value"),
        ("SPSE_TENDER_FIELD_REQUIRED", "fields.procurement_category"),
    ]


async def test_a_code_alone_is_accepted_whether_or_not_it_is_found(warehouse):
    await validate(draft("spse-upload-penawaran", tender_code="10099999"))
    assert warehouse == []  # nothing would be required either way: the warehouse is not asked


async def test_complete_manual_data_is_accepted_without_asking(warehouse):
    await validate(draft("spse-evaluasi", tender_code="10099999", spse_build="SPSE v4.3u20190904",
                         fiscal_year=2020, hps_value="1750000000", procurement_category="Pekerjaan Konstruksi"))
    assert warehouse == []


async def test_partial_manual_data_without_a_code_names_each_missing_field(no_warehouse):
    with pytest.raises(InvalidInputErrors) as refused:
        await validate(draft("spse-evaluasi", hps_value="2500000000", procurement_category="Jasa Lainnya"))
    assert [(error.field, error.params) for error in refused.value.errors] == [
        ("fields.spse_build", {"key": "spse_build"}),
        ("fields.fiscal_year", {"key": "fiscal_year"}),
    ]
    catalog = Catalog([tender.MESSAGES])
    first = refused.value.errors[0]
    assert "spse_build wajib diisi" in first.message("id", catalog)
    assert "spse_build is required" in first.message("en", catalog)


async def test_a_deadline_alone_asks_for_the_four_manual_fields(no_warehouse):
    with pytest.raises(InvalidInputErrors) as refused:
        await validate(draft("spse-upload-penawaran", tender_closing="2024-06-12"))
    assert [error.field for error in refused.value.errors] == [
        "fields.spse_build", "fields.fiscal_year", "fields.hps_value", "fields.procurement_category"]


async def test_sample_data_code_found_needs_no_manual_data(no_warehouse):
    await validate(draft("spse-upload-penawaran", tender_code="10012345", spse_build="SPSE v4.5"))


async def test_a_malformed_code_in_a_ticket_is_refused_on_its_field(warehouse):
    with pytest.raises(InvalidInputError) as refused:
        await validate(draft("spse-upload-penawaran", tender_code="TND-1"))
    assert (refused.value.code, refused.value.field) == ("SPSE_TENDER_CODE_INVALID", "fields.tender_code")
    assert warehouse == []


async def test_no_tender_data_and_other_desks_are_left_alone(warehouse):
    await validate(draft("spse-login"))
    await validate(draft("spse-login", desk="lpse-kota-bogor", hps_value="1"), desk=OTHER_DESK)
    assert warehouse == []


def test_messages_exist_in_indonesian_and_english_with_the_same_parameters():
    import string

    def params(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    pm = plugin_manager()
    contributed = [answer for answer in pm.hook.register_translations() if answer]
    assert tender.MESSAGES in contributed
    assert set(tender.MESSAGES["id"]) == set(tender.MESSAGES["en"]) == {
        "SPSE_TENDER_CODE_INVALID", "SPSE_TENDER_FIELD_REQUIRED"}
    for key, english in tender.MESSAGES["en"].items():
        assert params(tender.MESSAGES["id"][key]) == params(english), key
