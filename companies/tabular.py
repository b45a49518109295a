"""Reading uploaded tables: CSV (any separator and encoding Excel writes) and XLSX.

Every way a file can be unreadable ends in a `TableError` whose message says
what is wrong in words a coordinator understands; nothing else escapes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from crm.exports import spreadsheet_safe

# Files above this size are refused before they are read.
MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS: int = settings.IMPORT_MAX_ROWS
MAX_COLUMNS = 100
# No company field needs more; a longer cell is a mistake or an attack.
MAX_CELL_CHARS = 2_000
# A CSV line longer than every column at its longest is not a row of companies.
MAX_LINE_CHARS = MAX_COLUMNS * (MAX_CELL_CHARS + 3)
# An XLSX is a ZIP: what it unpacks to is checked before anything is built.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_XML_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100  # unpacked : packed, for parts above RATIO_FROM_BYTES
RATIO_FROM_BYTES = 5 * 1024 * 1024
# Cells a row may list, empty ones included (the values are still capped at MAX_COLUMNS).
MAX_ROW_CELLS = 1_000

EMPTY_FILE = _("The file is empty.")
NO_DATA_ROWS = _("The file has a header row but no rows of data.")
NOT_A_TABLE = _(
    "This is not a CSV or Excel (.xlsx) file. Save the table as CSV (UTF-8 or "
    "Windows) or as an Excel workbook and upload it again."
)
OLD_EXCEL = _("Old Excel files (.xls) cannot be read: save the file as .xlsx or CSV.")
BROKEN_XLSX = _("The Excel file cannot be read; it may be damaged or protected by a password.")
TOO_LARGE = _("The file is %(size)s MB; at most %(limit)s MB can be imported at once.")
TOO_MANY_ROWS = _("The file has more than %(limit)s rows; split it into smaller files.")
TOO_MANY_COLUMNS = _("The file has more than %(limit)s columns.")
ZIP_BOMB = _(
    "The Excel file unpacks to %(ratio)s times its size, which no table does; "
    "it cannot be imported."
)
TOO_LARGE_UNPACKED = _(
    "The Excel file unpacks to more than %(limit)s MB; split it into smaller files."
)
CELL_TOO_LONG = _(
    "Cell %(cell)s holds more than %(limit)s characters; no company field is that long."
)
CSV_CELL = _("in line %(line)s, column %(column)s")
LINE_TOO_LONG = _(
    "Line %(line)s is longer than %(limit)s characters; this is not a table of companies."
)
MALFORMED_CSV = _("The CSV file is malformed near line %(line)s (%(reason)s).")
UNKNOWN_ENCODING = _("The characters of the file cannot be read; save it as UTF-8 CSV.")

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc: the old Office container
_BOMS = (("utf-8-sig", b"\xef\xbb\xbf"), ("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff"))
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_PHONE_LIKE = re.compile(r"^[+\-]?[\d\s()/.\-]*$")


class TableError(Exception):
    """The file cannot be read as a table; `message` says why."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class Table:
    """A header and its rows, each row with the line number people see in their program."""

    file_format: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(repr=False)
    encoding: str = ""
    delimiter: str = ""


def is_formula(value: str) -> bool:
    """A cell that a spreadsheet would run as a formula ("=HYPERLINK(...)", "@SUM(...)").

    Phone numbers ("+49 341 …") and negative numbers are not formulas.
    """
    return bool(_FORMULA.match(value)) and not _PHONE_LIKE.match(value)


def read_table(data: bytes, filename: str = "") -> Table:
    """The table in an uploaded file, or TableError."""
    if not data.strip():
        raise TableError(EMPTY_FILE)
    if len(data) > MAX_BYTES:
        raise TableError(
            TOO_LARGE % {"size": len(data) // (1024 * 1024), "limit": MAX_BYTES // (1024 * 1024)}
        )
    if data.startswith(_OLE_MAGIC):
        raise TableError(OLD_EXCEL)
    if data.startswith(_XLSX_MAGIC):
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise TableError(BROKEN_XLSX)
    return _read_csv(data)


def decode(data: bytes) -> tuple[str, str]:
    """The text and its encoding: a byte-order mark, else UTF-8, else Windows-1252.

    Excel saves "CSV UTF-8" with a BOM and plain "CSV" in Windows-1252; a file
    that is valid UTF-8 is almost never meant as anything else.
    """
    for encoding, bom in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise TableError(UNKNOWN_ENCODING) from exc
    if b"\x00" in data[:4096]:
        raise TableError(NOT_A_TABLE)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise TableError(UNKNOWN_ENCODING) from exc
    return text, "cp1252"


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return controls > max(2, len(sample) // 100)


def _delimiter(header_line: str) -> str:
    # German Excel writes ";", others ","; tab for "Unicode text". Most wins, ";" on a tie.
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ";"


def _read_csv(data: bytes) -> Table:
    text, encoding = decode(data)
    if _looks_binary(text):
        raise TableError(NOT_A_TABLE)
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise TableError(LINE_TOO_LONG % {"line": number, "limit": f"{MAX_LINE_CHARS:,}"})
    first_line = next((line for line in lines if line.strip()), "")
    delimiter = _delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    try:
        for cells in reader:
            _check_csv_row(cells, reader.line_num)
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue
            if header is None:
                header = cells
                continue
            rows.append((reader.line_num, cells))
            if len(rows) > MAX_ROWS:
                raise TableError(TOO_MANY_ROWS % {"limit": f"{MAX_ROWS:,}"})
    except csv.Error as exc:
        raise TableError(MALFORMED_CSV % {"line": reader.line_num, "reason": exc}) from exc
    return _table("csv", header, rows, encoding=encoding, delimiter=delimiter)


def _check_csv_row(cells: list[str], line: int) -> None:
    if len(cells) > MAX_COLUMNS and any(cells[MAX_COLUMNS:]):
        raise TableError(TOO_MANY_COLUMNS % {"limit": MAX_COLUMNS})
    for column, cell in enumerate(cells, start=1):
        if len(cell) > MAX_CELL_CHARS:
            where = CSV_CELL % {"line": line, "column": column}
            raise TableError(CELL_TOO_LONG % {"cell": where, "limit": f"{MAX_CELL_CHARS:,}"})


# ------------------------------------------------------------------------------
# XLSX: the ZIP and its XML are checked, streaming, before openpyxl builds a cell
# ------------------------------------------------------------------------------
def _check_zip(archive: zipfile.ZipFile) -> None:
    """Refuse a zip bomb from the sizes the archive declares (zipfile never reads past them)."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
            raise TableError(ZIP_BOMB % {"ratio": f"{int(ratio):,}"})
        if info.file_size > MAX_XML_BYTES or total > MAX_UNPACKED_BYTES:
            raise TableError(TOO_LARGE_UNPACKED % {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)})


def _column_number(reference: str) -> int:
    number = 0
    for letter in reference:
        if not letter.isalpha():
            break
        number = number * 26 + (ord(letter.upper()) - 64)
    return number


class _SheetScan:
    """An expat pass over a sheet (or the shared strings) that stops at the first excess:
    a row too wide, a row number too far down, a cell too long. Nothing is kept."""

    _TEXT = {"v", "t", "f"}

    def __init__(self) -> None:
        self.row_cells = 0
        self.cell = ""
        self.text = 0
        self.in_text = False
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.characters

    def feed(self, handle: Any) -> None:
        while chunk := handle.read(256 * 1024):
            self.parser.Parse(chunk, False)
        self.parser.Parse(b"", True)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        name = name.rsplit(":", 1)[-1]
        if name == "row":
            self.row_cells = 0
            number = attrs.get("r", "")
            if number.isdigit() and int(number) > 2 * MAX_ROWS + 1:
                raise TableError(TOO_MANY_ROWS % {"limit": f"{MAX_ROWS:,}"})
        elif name == "c":
            self.row_cells += 1
            self.cell = attrs.get("r", "")
            if self.row_cells > MAX_ROW_CELLS:
                raise TableError(TOO_MANY_COLUMNS % {"limit": MAX_COLUMNS})
        elif name in {"si", "is"}:
            self.text = 0  # a shared or inline string: its runs add up
        elif name in self._TEXT:
            self.in_text = True
            if name != "t":
                self.text = 0

    def end(self, name: str) -> None:
        name = name.rsplit(":", 1)[-1]
        if name in self._TEXT:
            self.in_text = False
        elif name == "c" and self.text and _column_number(self.cell) > MAX_COLUMNS:
            raise TableError(TOO_MANY_COLUMNS % {"limit": MAX_COLUMNS})

    def characters(self, data: str) -> None:
        if self.in_text:
            self.text += len(data)
            if self.text > MAX_CELL_CHARS:
                raise TableError(
                    CELL_TOO_LONG % {"cell": self.cell or "?", "limit": f"{MAX_CELL_CHARS:,}"}
                )


def _check_xlsx(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip(archive)
            for name in archive.namelist():
                if (name.startswith("xl/worksheets/") and name.endswith(".xml")) or (
                    name == "xl/sharedStrings.xml"
                ):
                    with archive.open(name) as handle:
                        _SheetScan().feed(handle)
    except (zipfile.BadZipFile, expat.ExpatError, OSError, ValueError, EOFError) as exc:
        raise TableError(BROKEN_XLSX) from exc


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 4109.0 → "4109"; the postal code is repaired later
    if isinstance(value, datetime | date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    _check_xlsx(data)
    try:
        # Formulas are read as written ("=HYPERLINK(...)") so that they can be refused.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise TableError(BROKEN_XLSX) from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise TableError(EMPTY_FILE)
        header: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        # The sheet's own width, unless it claims more than may be read (a lying dimension).
        width = sheet.max_column
        if width is not None and width > MAX_COLUMNS + 1:
            width = MAX_COLUMNS + 1
        rows_read = sheet.iter_rows(values_only=True, max_col=width)
        for number, values in enumerate(rows_read, start=1):
            cells = [_cell_text(value) for value in values[: MAX_COLUMNS + 1]]
            if not any(cells):
                continue
            if header is None:
                header = cells
                continue
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise TableError(TOO_MANY_ROWS % {"limit": f"{MAX_ROWS:,}"})
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise TableError(BROKEN_XLSX) from exc
    finally:
        workbook.close()
    return _table("xlsx", header, rows)


def _table(
    file_format: str,
    header: list[str] | None,
    rows: list[tuple[int, list[str]]],
    **details: str,
) -> Table:
    if header is None:
        raise TableError(EMPTY_FILE)
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise TableError(TOO_MANY_COLUMNS % {"limit": MAX_COLUMNS})
    if not rows:
        raise TableError(NO_DATA_ROWS)
    header = [name or f"#{position}" for position, name in enumerate(header, start=1)]
    return Table(file_format, header, rows, **details)


def column_values(table: Table, index: int, limit: int = 3) -> Iterator[str]:
    """The first few non-empty values of a column, to help people map it."""
    shown = 0
    for _line, cells in table.rows:
        if shown >= limit:
            return
        if index < len(cells) and cells[index]:
            shown += 1
            yield cells[index]


def table_csv(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, delimiter: str, encoding: str
) -> bytes:
    """A CSV written like the upload it came from: its separator and its encoding.

    Cells that a spreadsheet would run are escaped (`crm.exports.spreadsheet_safe`).
    An XLSX upload (no separator, no encoding) gets what German Excel opens: ";" and
    UTF-8 with a byte-order mark.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter or ";", lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    # Windows-1252 lacks some characters a reason may hold; "?" beats a failed download.
    return buffer.getvalue().encode(encoding or "utf-8-sig", errors="replace")
