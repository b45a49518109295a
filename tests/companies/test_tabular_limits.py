# ruff: noqa: E501 (the hand-written XLSX parts are kept one element a line)
"""Spreadsheets that cannot stall the server: hostile XLSX and CSV files are refused,
with their message, before anything large is built (issue 18, point 4)."""

import io
import time
import zipfile

import pytest
from django.urls import reverse

from companies import tabular
from companies.models import ImportJob
from companies.tabular import TableError, read_table
from tests.companies.test_import import upload, xlsx_bytes

# The issue asks for "under a second"; the bound is wider so a busy machine does not
# make the test flaky (the measured times are printed, and far below it).
UPPER_BOUND_SECONDS = 5.0

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Firmen" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c t="inlineStr"><is><t>Firma</t></is></c><c t="inlineStr"><is><t>Ort</t></is></c></row>'
)
_SHEET_END = "</sheetData></worksheet>"


def _xlsx(*pieces, repeat: int = 1, chunk: str = "") -> bytes:
    """An XLSX written by hand: the sheet XML is `pieces`, with `chunk` written `repeat`
    times after the first piece, streamed into the compressor (never whole in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write((_SHEET_START + pieces[0]).encode())
            data = chunk.encode()
            for _ in range(repeat):
                sheet.write(data)
            for piece in pieces[1:]:
                sheet.write(piece.encode())
            sheet.write(_SHEET_END.encode())
    return buffer.getvalue()


def _refused(data: bytes, name: str) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(TableError) as error:
        read_table(data, name)
    elapsed = time.monotonic() - started
    print(f"{name}: {len(data) / 1e6:.2f} MB refused in {elapsed:.3f} s: {error.value.message}")
    assert elapsed < UPPER_BOUND_SECONDS
    return str(error.value.message), elapsed


def test_the_hand_made_xlsx_is_readable_when_it_is_fine():
    table = read_table(_xlsx('<row r="2"><c t="inlineStr"><is><t>Müller GmbH</t></is></c></row>'))
    assert table.header == ["Firma", "Ort"]
    assert table.rows == [(2, ["Müller GmbH"])]


def test_a_row_of_two_million_cells_is_refused():
    data = _xlsx('<row r="2">', "</row>", repeat=2_000_000, chunk="<c><v>1</v></c>")
    message, _elapsed = _refused(data, "zwei-millionen.xlsx")
    assert message.startswith(str(tabular.ZIP_BOMB).split("%")[0]) or message == str(
        tabular.TOO_MANY_COLUMNS % {"limit": tabular.MAX_COLUMNS}
    )


def test_a_wide_row_that_packs_normally_is_refused_for_its_columns():
    data = _xlsx('<row r="2">', "</row>", repeat=5_000, chunk="<c><v>1</v></c>")
    message, _elapsed = _refused(data, "breit.xlsx")
    assert message == str(tabular.TOO_MANY_COLUMNS % {"limit": tabular.MAX_COLUMNS})


def test_a_value_far_to_the_right_is_refused_for_its_columns():
    data = _xlsx('<row r="2"><c r="XFD2"><v>1</v></c></row>')
    message, _elapsed = _refused(data, "rechts.xlsx")
    assert message == str(tabular.TOO_MANY_COLUMNS % {"limit": tabular.MAX_COLUMNS})


def test_a_400_mb_cell_compressed_small_is_refused():
    data = _xlsx(
        '<row r="2"><c r="A2" t="inlineStr"><is><t>',
        "</t></is></c></row>",
        repeat=400,
        chunk="x" * 1024 * 1024,
    )
    assert len(data) < 2 * 1024 * 1024
    message, _elapsed = _refused(data, "riesenzelle.xlsx")
    assert message.startswith(str(tabular.ZIP_BOMB).split("%")[0])


def test_a_long_cell_is_refused_with_its_reference():
    data = _xlsx(
        '<row r="2"><c r="B2" t="inlineStr"><is><t>',
        "</t></is></c></row>",
        repeat=5_000,
        chunk="y",
    )
    message, _elapsed = _refused(data, "lang.xlsx")
    assert message == str(tabular.CELL_TOO_LONG % {"cell": "B2", "limit": "2,000"})


def test_a_long_shared_string_is_refused():
    data = xlsx_bytes([["Firma", "Notiz"], ["Müller", "z" * 3_000]])
    message, _elapsed = _refused(data, "geteilt.xlsx")
    assert "2,000" in message


def test_a_row_number_far_down_is_refused():
    data = _xlsx('<row r="1048576"><c t="inlineStr"><is><t>A</t></is></c></row>')
    message, _elapsed = _refused(data, "unten.xlsx")
    assert message == str(tabular.TOO_MANY_ROWS % {"limit": f"{tabular.MAX_ROWS:,}"})


def test_xlsx_rows_beyond_the_setting_are_refused(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 3)
    data = xlsx_bytes([["Firma"], *[[f"Firma {n}"] for n in range(5)]])
    message, _elapsed = _refused(data, "viele.xlsx")
    assert message == str(tabular.TOO_MANY_ROWS % {"limit": "3"})


# -- CSV ----------------------------------------------------------------------------------
def test_a_csv_line_of_two_million_cells_is_refused():
    data = b"Firma;Ort\n" + b";" * 2_000_000 + b"\n"
    message, _elapsed = _refused(data, "breit.csv")
    assert message == str(
        tabular.LINE_TOO_LONG % {"line": 2, "limit": f"{tabular.MAX_LINE_CHARS:,}"}
    )


def test_a_csv_row_with_too_many_columns_is_refused():
    data = b"Firma;Ort\n" + b"x;" * 500 + b"\n"
    message, _elapsed = _refused(data, "spalten.csv")
    assert message == str(tabular.TOO_MANY_COLUMNS % {"limit": tabular.MAX_COLUMNS})


def test_a_long_csv_cell_is_refused_with_its_place():
    data = b"Firma;Ort\nM\xc3\xbcller;" + b"L" * 3_000 + b"\n"
    message, _elapsed = _refused(data, "lang.csv")
    where = tabular.CSV_CELL % {"line": 2, "column": 2}
    assert message == str(tabular.CELL_TOO_LONG % {"cell": where, "limit": "2,000"})


def test_the_upload_form_shows_the_message(staff_client):
    data = _xlsx('<row r="2">', "</row>", repeat=5_000, chunk="<c><v>1</v></c>")
    started = time.monotonic()
    response = staff_client.post(reverse("companies:import"), {"file": upload(data, "breit.xlsx")})
    elapsed = time.monotonic() - started
    print(f"form refused in {elapsed:.3f} s")
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        str(tabular.TOO_MANY_COLUMNS % {"limit": tabular.MAX_COLUMNS})
    ]
    assert str(tabular.TOO_MANY_COLUMNS % {"limit": tabular.MAX_COLUMNS}) in (
        response.content.decode()
    )
    assert not ImportJob.objects.exists()
