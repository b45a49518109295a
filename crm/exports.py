"""Spreadsheet exports: CSV (as German Excel expects it) and XLSX, safe against formulas."""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from crm.languages import german_active

# Spreadsheets run cells that start like a formula; such text gets a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# German spelling's own transliteration, which slugify's ASCII folding ("ä" → "a") misses.
_GERMAN_LETTERS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)


def _name_part(value: Any) -> str:
    text = unicodedata.normalize("NFKD", str(value).translate(_GERMAN_LETTERS))
    text = text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def download_name(*parts: Any, extension: str, limit: int = 80) -> str:
    """A file name for a download: "Gaststätte Meißner", "v3" → "Gaststaette-Meissner-v3.docx".

    Every download names its file through here, so that umlauts read the same everywhere
    (as "ae", "oe", "ue", "ss") and no name carries a character a file system refuses.
    """
    stem = "-".join(part for part in map(_name_part, parts) if part)[:limit].strip("-")
    return f"{stem or 'tandem'}.{extension}"


def spreadsheet_safe(value: Any) -> str:
    """`value` as text that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


class Echo:
    """A file-like object whose write() hands the line back (for streaming CSV)."""

    def write(self, value: str) -> str:
        return value


def csv_writer() -> Any:
    """A writer whose writerow() returns the line: semicolons, as German Excel reads them."""
    return csv.writer(Echo(), delimiter=";")


# A table for the exports: a title, the column headings, and rows of plain values
# (numbers stay numbers in XLSX; text is escaped).
Table = tuple[str, Sequence[str], Iterable[Sequence[Any]]]
PERCENT = "0.0%"


class Percent(float):
    """A fraction shown as a percentage (XLSX number format, CSV "42.9 %")."""


def _decimal(value: float) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if german_active() else text


def _csv_value(value: Any) -> str:
    if isinstance(value, Percent):
        return f"{_decimal(value * 100)} %"
    if isinstance(value, float):
        return _decimal(value)
    return spreadsheet_safe(value)


def tables_csv(tables: Iterable[Table]) -> bytes:
    """One CSV with each table under its title, a blank line between them."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    for index, (title, columns, rows) in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([spreadsheet_safe(title)])
        writer.writerow([spreadsheet_safe(column) for column in columns])
        for row in rows:
            writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue().encode("utf-8")


_SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def tables_xlsx(tables: Iterable[Table]) -> bytes:
    """One workbook with a worksheet per table."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for title, columns, rows in tables:
        name = spreadsheet_safe(title).translate(_SHEET_NAME_FORBIDDEN).strip()[:28] or "Sheet"
        base, n = name, 2
        while name.casefold() in used:
            name, n = f"{base[:25]} {n}", n + 1
        used.add(name.casefold())
        sheet = workbook.create_sheet(name)
        sheet.append([spreadsheet_safe(column) for column in columns])
        for row in rows:
            values = [
                value
                if isinstance(value, int | float) and not isinstance(value, bool)
                else spreadsheet_safe(value)
                for value in row
            ]
            sheet.append(values)
            for column, value in enumerate(row, start=1):
                if isinstance(value, Percent):
                    sheet.cell(row=sheet.max_row, column=column).number_format = PERCENT
        for column, heading in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = max(12, len(heading) + 2)
        sheet.freeze_panes = "A2"
    if not workbook.worksheets:
        workbook.create_sheet("Sheet")
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
