"""Spreadsheet exports: CSV (as German Excel expects it) and XLSX, safe against formulas."""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import formats
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

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


# One rounding rule for every figure people read (page, CSV, XLSX, flag texts): to one
# decimal, half up, computed in decimal so that 15.35 % is 15.4 % everywhere. (Django's
# number_format cuts a float's digits; a float's own rounding is binary and half-even.)
PLACES = 1


def rounded(value: float | int | Decimal, places: int = PLACES) -> Decimal:
    """`value` rounded half up to `places` decimals."""
    return Decimal(repr(value) if isinstance(value, float) else value).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )


def number_text(value: float | int | Decimal, places: int = PLACES) -> str:
    """`value` rounded by the one rule, written in the active language ("15,4" in German)."""
    return str(formats.number_format(rounded(value, places), places))


def percent_text(fraction: float | Decimal, places: int = PLACES) -> str:
    """A fraction as a percentage in the active language: 0.1535 → "15,4 %"."""
    percent = Decimal(repr(fraction) if isinstance(fraction, float) else fraction) * 100
    return f"{number_text(percent, places)} %"


def _csv_value(value: Any) -> str:
    if isinstance(value, Percent):
        return percent_text(value)
    if isinstance(value, float):
        return number_text(value)
    return spreadsheet_safe(value)


def _xlsx_value(value: Any) -> Any:
    # Stored already rounded, so that the sheet holds what the page and the CSV show.
    if isinstance(value, Percent):
        return float(rounded(Decimal(repr(float(value))) * 100) / 100)
    if isinstance(value, float):
        return float(rounded(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return value
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
            sheet.append([_xlsx_value(value) for value in row])
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
