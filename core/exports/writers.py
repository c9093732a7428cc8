"""Writing rows to a file as they come, so an export of any length takes the same memory.

CSV: UTF-8 with a byte-order mark (Excel then reads the text right), one header line, every cell that
starts like a formula (``= + - @``, tab, carriage return) prefixed with an apostrophe as OWASP advises for
CSV injection. Excel: XlsxWriter in constant-memory mode (each row goes to disk when the next begins), numbers
as numbers, date-times and dates as Excel dates, yes/no as booleans and everything else as text (never
read as a formula).
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

import xlsxwriter

from loket.core.exports.columns import Column

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_TEXT = 32767  # characters in one Excel cell
EXCEL_MAX_ROWS = 1_048_576  # rows of one worksheet, the header included


def csv_safe(text: str) -> str:
    """Text a spreadsheet will show as text, never evaluate (OWASP CSV injection)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class RowWriter(Protocol):
    def write_rows(self, rows: list[list[object]]) -> None: ...

    def close(self) -> None: ...


class CsvRowWriter:
    def __init__(self, path: Path, columns: list[Column], yes: str, no: str) -> None:
        self._file = path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._file)
        self._yes, self._no = yes, no
        self._csv.writerow([csv_safe(column.header) for column in columns])

    def _cell(self, value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return self._yes if value else self._no
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%d %H:%M:%S")
        if isinstance(value, (date, int, float)):
            return value.isoformat() if isinstance(value, date) else str(value)
        return csv_safe(str(value))

    def write_rows(self, rows: list[list[object]]) -> None:
        cell = self._cell
        self._csv.writerows([[cell(value) for value in row] for row in rows])

    def close(self) -> None:
        self._file.close()


class XlsxRowWriter:
    def __init__(self, path: Path, columns: list[Column], sheet_name: str, tmpdir: Path) -> None:
        self._book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": str(tmpdir)})
        self._sheet = self._book.add_worksheet(sheet_name[:31])
        self._datetime = self._book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self._date = self._book.add_format({"num_format": "yyyy-mm-dd"})
        header = self._book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        for index, column in enumerate(columns):
            self._sheet.set_column(index, index, column.width)
            self._sheet.write_string(0, index, column.header, header)
        self._sheet.freeze_panes(1, 0)
        self._columns = len(columns)
        self._row = 0

    def write_rows(self, rows: list[list[object]]) -> None:
        sheet = self._sheet
        for values in rows:
            self._row += 1
            row = self._row
            for col, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(row, col, value[:EXCEL_MAX_TEXT])
                elif isinstance(value, bool):
                    sheet.write_boolean(row, col, value)
                elif isinstance(value, datetime):
                    sheet.write_datetime(row, col, value, self._datetime)
                elif isinstance(value, date):
                    sheet.write_datetime(row, col, value, self._date)
                elif isinstance(value, (int, float)):
                    sheet.write_number(row, col, value)
                else:
                    sheet.write_string(row, col, str(value)[:EXCEL_MAX_TEXT])

    def close(self) -> None:
        self._sheet.autofilter(0, 0, max(self._row, 1), self._columns - 1)
        self._book.close()
