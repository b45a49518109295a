"""Download names, and the one rounding rule for figures on the page, in CSV and in XLSX."""

import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from crm.exports import (
    Percent,
    download_name,
    number_text,
    percent_text,
    rounded,
    tables_csv,
    tables_xlsx,
)
from crm.reports.sheets import Cell


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("Gaststätte Meißner",), "Gaststaette-Meissner.csv"),
        (
            ("Brief", "Bäckerei Müller & Söhne GmbH & Co. KG", "v2"),
            "Brief-Baeckerei-Mueller-Soehne-GmbH-Co-KG-v2.csv",
        ),
        (("Frühjahrsaktion Grimma", "Briefe"), "Fruehjahrsaktion-Grimma-Briefe.csv"),
        (("ÄÖÜ ẞ",), "AeOeUe-SS.csv"),
        (("Café Élysée",), "Cafe-Elysee.csv"),
        (("", "  "), "tandem.csv"),
        (("../../etc/passwd",), "etc-passwd.csv"),
    ],
)
def test_download_names_transliterate_german_letters(parts, expected):
    assert download_name(*parts, extension="csv") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(15.35, "15.4"), (15.25, "15.3"), (0.05, "0.1"), (100.0, "100.0"), (2, "2.0")],
)
def test_rounding_is_half_up_in_decimal(value, expected):
    assert str(rounded(value)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", ["15,4 %", "100,0 %", "2,5"]), ("en", ["15.4 %", "100.0 %", "2.5"])],
)
def test_figures_are_written_in_the_active_language(language, expected):
    with translation.override(language):
        assert [percent_text(0.1535), percent_text(1.0), number_text(2.45)] == expected


def test_page_csv_and_xlsx_show_the_same_rounded_percentage():
    # 0.1535 as a float lies just below 0.1535; cut, it reads 15,3 %.
    share = Percent(0.1535)
    with translation.override("de"):
        page = Cell(share).display
        csv_text = tables_csv([("Anteil", ["Wert"], [[share]])]).decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(tables_xlsx([("Anteil", ["Wert"], [[share]])]))).active
    assert page == "15,4 %"
    assert csv_text.splitlines()[-1] == "15,4 %"
    assert Decimal(repr(sheet["A2"].value)) == Decimal("0.154")
    assert sheet["A2"].number_format == "0.0%"
