"""Tender-code lookup in LKPP's data warehouse, for the "lpse-support" desk (``lookup_reference``, kind ``tender``).

Configuration (environment variables, read through pydantic-settings on every lookup):

- ``LOKET_SPSE_TENDER_API_URL``: base URL of the warehouse's tender API. When unset, the bundled sample data
  set ``plugins/spse/data/sample_tenders.json`` answers instead (development, demos, tests).
- ``LOKET_SPSE_TENDER_API_TOKEN``: sent as ``Authorization: Bearer <token>`` when set.
- ``LOKET_SPSE_TENDER_API_TIMEOUT``: seconds the whole request may take (default 5).

API contract assumed of the warehouse::

    GET {base}/tenders/{code}
    Accept: application/json
    Authorization: Bearer {token}

    200 -> one JSON object describing the tender (the sample data set holds records of the same shape):
        {
          "kd_tender": "10012345",                      # the tender code (digits)
          "nama_paket": "Pembangunan Gedung ...",        # package name
          "nama_instansi": "Kementerian ...",           # agency
          "nama_satker": "Biro Umum ...",               # work unit (optional)
          "tahun_anggaran": 2024,                       # fiscal year
          "hps": 12500000000,                           # HPS value in rupiah (number or decimal string)
          "kategori_pengadaan": "Pekerjaan Konstruksi", # procurement category (LKPP's wording)
          "versi_spse": "SPSE v4.5u20231120",           # SPSE build version
          "tgl_penutupan": "2024-07-15",                # closing date of the current stage (ISO date or date-time)
          "tahapan": "Pemasukan Dokumen Penawaran"      # current stage (optional)
        }
    404 -> the warehouse does not know the code.
    any other answer, a timeout or a connection error -> the warehouse is unavailable.

The hook answers a ``ReferenceResult`` whose ``data`` uses the desk's extra-field keys (``tender_code``,
``spse_build``, ``fiscal_year``, ``hps_value`` as a decimal string, ``procurement_category`` as one of the
desk's four choices, ``tender_closing`` as an ISO date), plus ``tender_name``, ``agency``, ``work_unit`` and
``stage`` for display. It never raises for a failing warehouse: it answers ``unavailable`` so the frontend
offers manual entry. A code that is not 4 to 20 digits is refused (``SPSE_TENDER_CODE_INVALID``) before any
request is made.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from loket.core.errors import InvalidInputError
from loket.core.hookspecs import hookimpl
from loket.core.plugin_types import ReferenceResult

log = logging.getLogger(__name__)

DESK = "lpse-support"
KIND = "tender"
TENDER_CODE = re.compile(r"[0-9]{4,20}")
SAMPLE_DATA = Path(__file__).resolve().parent / "data" / "sample_tenders.json"

PROCUREMENT_CATEGORIES = ("Pengadaan Barang", "Pekerjaan Konstruksi", "Jasa Konsultansi", "Jasa Lainnya")
# LKPP's own wording in SPSE and the warehouse, folded into the desk's four choices.
_CATEGORY_ALIASES = {
    "pengadaan barang": "Pengadaan Barang",
    "barang": "Pengadaan Barang",
    "pekerjaan konstruksi": "Pekerjaan Konstruksi",
    "konstruksi": "Pekerjaan Konstruksi",
    "jasa konsultansi": "Jasa Konsultansi",
    "jasa konsultansi badan usaha": "Jasa Konsultansi",
    "jasa konsultansi badan usaha konstruksi": "Jasa Konsultansi",
    "jasa konsultansi badan usaha non konstruksi": "Jasa Konsultansi",
    "jasa konsultansi perorangan": "Jasa Konsultansi",
    "jasa konsultansi perorangan konstruksi": "Jasa Konsultansi",
    "jasa konsultansi perorangan non konstruksi": "Jasa Konsultansi",
    "jasa lainnya": "Jasa Lainnya",
}

NOT_FOUND = {
    "id": "Kode tender {code} tidak ditemukan di data warehouse LKPP. Silakan isi data tender secara manual.",
    "en": "Tender code {code} was not found in LKPP's data warehouse. Please fill in the tender data by hand.",
}
UNAVAILABLE = {
    "id": "Data warehouse LKPP sedang tidak dapat dihubungi. Silakan isi data tender secara manual.",
    "en": "LKPP's data warehouse cannot be reached right now. Please fill in the tender data by hand.",
}


class TenderSettings(BaseSettings):
    """Where the tender data comes from. Each field reads ``LOKET_SPSE_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="LOKET_SPSE_", env_file=".env", extra="ignore")

    tender_api_url: str | None = Field(default=None, description="Base URL; unset: the bundled sample data set.")
    tender_api_token: SecretStr | None = Field(default=None, description="Sent as a bearer token.")
    tender_api_timeout: float = Field(default=5.0, gt=0, description="Seconds a whole lookup may take.")


def valid_tender_code(code: str) -> bool:
    return bool(TENDER_CODE.fullmatch(code))


def _messages(template: dict[str, str], **params: Any) -> dict[str, str]:
    return {language: text.format(**params) for language, text in template.items()}


def not_found(code: str) -> ReferenceResult:
    return ReferenceResult(found=False, message=_messages(NOT_FOUND, code=code))


def unavailable() -> ReferenceResult:
    return ReferenceResult(found=False, unavailable=True, message=dict(UNAVAILABLE))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _money(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0:
        return None
    return str(number)


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _date(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        return None


def _category(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    return _CATEGORY_ALIASES.get(" ".join(text.lower().replace("-", " ").split()))


def normalise_tender(record: dict[str, Any], code: str) -> dict[str, Any]:
    """The warehouse's record in the desk's field keys (absent or unreadable values are left out)."""
    data = {
        "tender_code": _text(record.get("kd_tender")) or code,
        "tender_name": _text(record.get("nama_paket")),
        "agency": _text(record.get("nama_instansi")),
        "work_unit": _text(record.get("nama_satker")),
        "fiscal_year": _year(record.get("tahun_anggaran")),
        "hps_value": _money(record.get("hps")),
        "procurement_category": _category(record.get("kategori_pengadaan")),
        "spse_build": _text(record.get("versi_spse")),
        "tender_closing": _date(record.get("tgl_penutupan")),
        "stage": _text(record.get("tahapan")),
    }
    return {key: value for key, value in data.items() if value is not None}


@cache
def sample_tenders() -> dict[str, dict[str, Any]]:
    """The bundled sample data set, by tender code."""
    records = json.loads(SAMPLE_DATA.read_text(encoding="utf-8"))
    return {str(record["kd_tender"]): record for record in records}


class TenderClient:
    """Asks the warehouse (or, with no URL configured, the sample data set) about one tender code."""

    def __init__(self, settings: TenderSettings | None = None) -> None:
        self.settings = settings or TenderSettings()

    async def lookup(self, code: str) -> ReferenceResult:
        code = code.strip()
        if not valid_tender_code(code):
            raise InvalidInputError("SPSE_TENDER_CODE_INVALID", field="key", tender_code=code)
        if not self.settings.tender_api_url:
            record = sample_tenders().get(code)
            return ReferenceResult(found=True, data=normalise_tender(record, code)) if record else not_found(code)
        try:
            async with asyncio.timeout(self.settings.tender_api_timeout):
                return await self._ask(code)
        except (TimeoutError, httpx.HTTPError, httpx.InvalidURL, OSError) as error:
            log.warning("tender lookup of %s failed: %s", code, error.__class__.__name__)
            return unavailable()
        except Exception:  # the hook's contract: a failing source is "unavailable", never an exception
            log.exception("tender lookup of %s failed", code)
            return unavailable()

    async def _ask(self, code: str) -> ReferenceResult:
        headers = {"Accept": "application/json"}
        if self.settings.tender_api_token is not None:
            headers["Authorization"] = f"Bearer {self.settings.tender_api_token.get_secret_value()}"
        base = self.settings.tender_api_url.rstrip("/")
        timeout = httpx.Timeout(self.settings.tender_api_timeout)
        async with httpx.AsyncClient(timeout=timeout, headers=headers, follow_redirects=False) as client:
            response = await client.get(f"{base}/tenders/{code}")
        if response.status_code == 404:
            return not_found(code)
        if response.status_code != 200:
            log.warning("tender lookup of %s: the warehouse answered HTTP %s", code, response.status_code)
            return unavailable()
        try:
            record = response.json()
        except ValueError:
            record = None
        if not isinstance(record, dict):
            log.warning("tender lookup of %s: the warehouse answered something that is not a JSON object", code)
            return unavailable()
        return ReferenceResult(found=True, data=normalise_tender(record, code))


@hookimpl(specname="lookup_reference")
def spse_lookup_tender(desk, kind, key):
    """Tender codes of the national desk; ``None`` for any other desk or kind."""
    if desk.slug != DESK or kind != KIND:
        return None
    code = key.strip()
    if not valid_tender_code(code):
        raise InvalidInputError("SPSE_TENDER_CODE_INVALID", field="key", tender_code=code)
    return TenderClient().lookup(code)


MESSAGES = {
    "id": {
        "SPSE_TENDER_CODE_INVALID": "Kode tender harus berupa 4 sampai 20 angka (diterima: \"{tender_code}\").",
        "SPSE_TENDER_FIELD_REQUIRED": "Data tender diisi manual, maka {key} wajib diisi: build SPSE, tahun anggaran, "
                                      "nilai HPS dan kategori pengadaan harus lengkap bila kode tender tidak "
                                      "ditemukan di data warehouse LKPP.",
    },
    "en": {
        "SPSE_TENDER_CODE_INVALID": "A tender code is 4 to 20 digits (received: \"{tender_code}\").",
        "SPSE_TENDER_FIELD_REQUIRED": "The tender data is entered by hand, so {key} is required: SPSE build, fiscal "
                                      "year, HPS value and procurement category must all be given when the tender "
                                      "code is not found in LKPP's data warehouse.",
    },
}


@hookimpl(specname="register_translations")
def spse_tender_translations():
    """Messages of the tender lookup and the tender-data rule, in Indonesian and English."""
    return MESSAGES
