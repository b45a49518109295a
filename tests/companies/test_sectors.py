"""Sanity checks for the NACE Rev. 2.1 / WZ 2025 sector data (no database needed)."""

import string

import pytest

from companies.sectors import (
    DIVISIONS,
    DIVISIONS_BY_CODE,
    SECTIONS,
    SECTIONS_BY_CODE,
    Division,
    Section,
    section_of,
)


def test_sections_are_exactly_a_to_v_in_order():
    assert [section.code for section in SECTIONS] == list(string.ascii_uppercase[:22])
    assert SECTIONS[-1].code == "V"


def test_section_codes_unique_and_indexed():
    assert len({section.code for section in SECTIONS}) == len(SECTIONS)
    assert set(SECTIONS_BY_CODE) == {section.code for section in SECTIONS}
    assert all(isinstance(section, Section) for section in SECTIONS)


def test_division_codes_unique_and_indexed():
    codes = [division.code for division in DIVISIONS]
    assert len(codes) == len(set(codes))
    assert set(DIVISIONS_BY_CODE) == set(codes)
    assert all(isinstance(division, Division) for division in DIVISIONS)


def test_nace_rev_2_1_has_87_divisions():
    assert len(DIVISIONS) == 87


def test_divisions_are_two_digit_strings_in_ascending_order():
    codes = [division.code for division in DIVISIONS]
    for code in codes:
        assert isinstance(code, str)
        assert len(code) == 2
        assert code.isdigit()
    assert codes == sorted(codes)


def test_every_division_belongs_to_an_existing_section():
    for division in DIVISIONS:
        assert division.section in SECTIONS_BY_CODE


def test_every_section_has_at_least_one_division():
    used = {division.section for division in DIVISIONS}
    assert used == set(SECTIONS_BY_CODE)


def test_divisions_of_a_section_are_contiguous():
    # NACE assigns each section one contiguous block of divisions.
    sections_in_order = [division.section for division in DIVISIONS]
    seen: list[str] = []
    for letter in sections_in_order:
        if not seen or seen[-1] != letter:
            assert letter not in seen, f"section {letter} is split"
            seen.append(letter)
    assert seen == [section.code for section in SECTIONS]


def test_all_titles_present():
    for item in (*SECTIONS, *DIVISIONS):
        assert item.title_de.strip()
        assert item.title_en.strip()


@pytest.mark.parametrize(
    ("division_code", "section_code"),
    [
        ("01", "A"),
        ("05", "B"),
        ("10", "C"),
        ("25", "C"),
        ("33", "C"),
        ("35", "D"),
        ("38", "E"),
        ("41", "F"),
        ("42", "F"),
        ("43", "F"),
        ("46", "G"),
        ("47", "G"),
        ("52", "H"),
        ("56", "I"),
        ("58", "J"),
        ("60", "J"),
        ("61", "K"),
        ("62", "K"),
        ("63", "K"),
        ("64", "L"),
        ("66", "L"),
        ("68", "M"),
        ("69", "N"),
        ("75", "N"),
        ("77", "O"),
        ("82", "O"),
        ("84", "P"),
        ("85", "Q"),
        ("86", "R"),
        ("88", "R"),
        ("90", "S"),
        ("93", "S"),
        ("94", "T"),
        ("95", "T"),
        ("96", "T"),
        ("97", "U"),
        ("98", "U"),
        ("99", "V"),
    ],
)
def test_section_of_spot_checks(division_code, section_code):
    assert section_of(division_code) == section_code


def test_rev2_division_45_no_longer_exists():
    # Motor vehicle trade moved to 46/47, repair of motor vehicles to 95.
    assert "45" not in DIVISIONS_BY_CODE
    with pytest.raises(KeyError):
        section_of("45")


@pytest.mark.parametrize("code", ["00", "04", "34", "44", "100", "5", "", "C"])
def test_section_of_unknown_code_raises_key_error(code):
    with pytest.raises(KeyError):
        section_of(code)


def test_title_spot_checks():
    assert SECTIONS_BY_CODE["K"].title_en.startswith("Telecommunication, computer programming")
    assert SECTIONS_BY_CODE["M"].title_de == "Grundstücks- und Wohnungswesen"
    assert SECTIONS_BY_CODE["S"].title_en == "Arts, sports and recreation"
    assert DIVISIONS_BY_CODE["61"].title_de == "Telekommunikation"
    assert DIVISIONS_BY_CODE["62"].title_en == (
        "Computer programming, consultancy and related activities"
    )
    assert DIVISIONS_BY_CODE["86"].title_de == "Gesundheitswesen"


def test_dataclasses_are_frozen():
    with pytest.raises(AttributeError):
        SECTIONS[0].code = "Z"  # type: ignore[misc]
