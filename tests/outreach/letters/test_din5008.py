"""DIN 5008 letters: wording, address lines, and the geometry of the rendered DOCX."""

import dataclasses
import datetime as dt
import io
import struct
import zlib

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from outreach.letters.din5008 import (
    FORM_LAYOUTS,
    InfoBlock,
    Letter,
    Letterhead,
    Recipient,
    Sender,
    address_lines,
    format_date,
    format_date_de,
    has_named_person,
    letter_text,
    render_docx,
    return_address_line,
    salutation_for,
    subject_top_mm,
)

EMU_PER_MM = 36_000
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"

NOTICE = (
    "Ihre Kontaktdaten stammen aus dem Handelsregister (Art. 14 DSGVO).\n"
    "Sie können der Nutzung jederzeit widersprechen (Art. 21 Abs. 2 DSGVO)."
)


def _png(width: int, height: int) -> bytes:
    """A plain red PNG, small enough to build here."""
    raw = b"".join(b"\x00" + b"\xc8\x28\x5a" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _recipient(**changes) -> Recipient:
    recipient = Recipient(
        company="Metallbau Müller GmbH",
        salutation="frau",
        title="Dr.",
        first_name="Petra",
        last_name="Schulz",
        street="Industriestraße 12",
        postal_code="04109",
        city="Leipzig",
    )
    return dataclasses.replace(recipient, **changes)


def _letter(**changes) -> Letter:
    letter = Letter(
        sender=Sender(
            name="Kompetenzzentrum Westsachsen",
            street="Markt 1",
            postal_code="08056",
            city="Zwickau",
            phone="0375 123456",
            email="info@kz-westsachsen.de",
            website="www.kz-westsachsen.de",
        ),
        recipient=_recipient(),
        info=InfoBlock(
            date=dt.date(2026, 8, 25),
            your_reference="ps-14",
            our_reference="KZ-0815",
            name="Anna Becker",
            phone="0375 123456-12",
            email="a.becker@kz-westsachsen.de",
        ),
        subject="Fachkräfte halten mit familienfreundlichen Arbeitszeiten",
        body=["wie besprochen erhalten Sie unser Angebot.", "Wir freuen uns auf Ihre Antwort."],
        signature_name="Anna Becker",
        signature_role="Projektmitarbeiterin",
        enclosures=["Nutzenübersicht"],
        privacy_notice=NOTICE,
        letterhead=Letterhead(
            footer_lines=["Sparkasse Zwickau · IBAN DE12 8705 5000 0000 1234 56"]
        ),
    )
    return dataclasses.replace(letter, **changes)


def _open(letter: Letter) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(letter)))


def _anchors(element) -> dict[str, list]:
    """Floating drawings by their docPr name."""
    found: dict[str, list] = {}
    for anchor in element.iter(qn("wp:anchor")):
        found.setdefault(anchor.find(qn("wp:docPr")).get("name"), []).append(anchor)
    return found


def _position_mm(anchor) -> tuple[float, float]:
    x = anchor.find(f"{qn('wp:positionH')}/{qn('wp:posOffset')}")
    y = anchor.find(f"{qn('wp:positionV')}/{qn('wp:posOffset')}")
    assert anchor.find(qn("wp:positionH")).get("relativeFrom") == "page"
    assert anchor.find(qn("wp:positionV")).get("relativeFrom") == "page"
    return int(x.text) / EMU_PER_MM, int(y.text) / EMU_PER_MM


def _size_mm(anchor) -> tuple[float, float]:
    extent = anchor.find(qn("wp:extent"))
    return int(extent.get("cx")) / EMU_PER_MM, int(extent.get("cy")) / EMU_PER_MM


def _box_text(anchor) -> list[str]:
    return [
        Paragraph(p, None).text
        for p in anchor.iter(qn("w:p"))
        if p.getparent().tag == qn("w:txbxContent")
    ]


# --- wording ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "german", "english"),
    [
        ({}, "Sehr geehrte Frau Dr. Schulz,", "Dear Dr Schulz,"),
        ({"title": ""}, "Sehr geehrte Frau Schulz,", "Dear Ms Schulz,"),
        (
            {"salutation": "herr", "title": "", "first_name": "Mehmet", "last_name": "Yilmaz"},
            "Sehr geehrter Herr Yilmaz,",
            "Dear Mr Yilmaz,",
        ),
        (
            {"salutation": "herr", "title": "Prof. Dr.", "last_name": "Yilmaz"},
            "Sehr geehrter Herr Prof. Dr. Yilmaz,",
            "Dear Professor Yilmaz,",
        ),
        (
            {"salutation": "neutral", "title": "", "first_name": "Alex", "last_name": "Weber"},
            "Guten Tag Alex Weber,",
            "Dear Alex Weber,",
        ),
        # The neutral form is for a person who chose it (issue 14): a name without a
        # chosen form of address is not greeted by first name.
        (
            {"salutation": None, "title": "", "first_name": "Alex", "last_name": "Weber"},
            "Sehr geehrte Damen und Herren,",
            "Dear Sir or Madam,",
        ),
        (
            {"salutation": None, "title": "", "first_name": "", "last_name": ""},
            "Sehr geehrte Damen und Herren,",
            "Dear Sir or Madam,",
        ),
        # "Guten Tag Weber" is no greeting: without a first name it falls back.
        (
            {"salutation": "neutral", "first_name": "", "last_name": "Weber"},
            "Sehr geehrte Damen und Herren,",
            "Dear Sir or Madam,",
        ),
        ({"salutation": "frau", "last_name": "  "}, "Sehr geehrte Damen und Herren,", None),
    ],
)
def test_salutation_for(changes, german, english):
    recipient = _recipient(**changes)
    assert salutation_for(recipient) == german
    assert salutation_for(recipient, "de") == german
    if english:
        assert salutation_for(recipient, "en") == english


def test_has_named_person():
    assert has_named_person(_letter())
    nobody = _recipient(salutation=None, first_name="", last_name="")
    assert not has_named_person(_letter(recipient=nobody))


def test_closing_follows_language_and_person():
    assert "Mit freundlichen Grüßen" in letter_text(_letter())
    assert "Yours sincerely" in letter_text(_letter(language="en"))
    nobody = _recipient(salutation=None, first_name="", last_name="")
    assert "Yours faithfully" in letter_text(_letter(language="en", recipient=nobody))
    assert "Herzliche Grüße" in letter_text(_letter(closing="Herzliche Grüße"))


def test_salutation_override_wins():
    text = letter_text(_letter(salutation="Liebe Frau Schulz,"))
    assert "Liebe Frau Schulz," in text
    assert "Sehr geehrte" not in text


@pytest.mark.parametrize(
    ("day", "german", "english"),
    [
        (dt.date(2026, 8, 25), "25. August 2026", "25 August 2026"),
        (dt.date(2026, 3, 1), "1. März 2026", "1 March 2026"),
        (dt.date(2027, 12, 31), "31. Dezember 2027", "31 December 2027"),
    ],
)
def test_format_date(day, german, english):
    assert format_date_de(day) == german
    assert format_date(day) == german
    assert format_date(day, "en") == english


def test_address_lines_din_order():
    assert address_lines(_recipient()) == [
        "Metallbau Müller GmbH",
        "Frau Dr. Petra Schulz",
        "Industriestraße 12",
        "04109 Leipzig",
    ]


def test_address_lines_variants():
    neutral = _recipient(salutation="neutral", title="", first_name="Alex", last_name="Weber")
    assert address_lines(neutral)[1] == "Alex Weber"
    herr = _recipient(salutation="herr", title="", first_name="", last_name="Yilmaz")
    assert address_lines(herr)[1] == "Herr Yilmaz"
    nobody = _recipient(salutation=None, first_name="", last_name="")
    assert address_lines(nobody) == ["Metallbau Müller GmbH", "Industriestraße 12", "04109 Leipzig"]
    abroad = _recipient(postal_code="1010", city="Wien", country="Österreich")
    assert address_lines(abroad)[-2:] == ["1010 Wien", "ÖSTERREICH"]


def test_address_lines_are_single_lines_and_at_most_six():
    messy = _recipient(company="Müller\nMetall\tbau  GmbH", street="", country="Österreich")
    lines = address_lines(messy)
    assert lines[0] == "Müller Metall bau GmbH"
    assert "" not in lines
    assert len(lines) <= 6


def test_return_address_line():
    sender = _letter().sender
    assert return_address_line(sender) == "Kompetenzzentrum Westsachsen · Markt 1 · 08056 Zwickau"
    own = dataclasses.replace(sender, return_address="KZ Westsachsen, PF 12, 08001 Zwickau")
    assert return_address_line(own) == "KZ Westsachsen, PF 12, 08001 Zwickau"


def test_letter_text_in_reading_order():
    text = letter_text(_letter())
    order = [
        "Fachkräfte halten",
        "Sehr geehrte Frau Dr. Schulz,",
        "wie besprochen",
        "Wir freuen uns",
        "Mit freundlichen Grüßen",
        "Anna Becker\nProjektmitarbeiterin",
        "Anlage\nNutzenübersicht",
        "Hinweise zum Datenschutz",
        "Art. 21 Abs. 2 DSGVO",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "Betreff" not in text
    # The address field and information block are not part of the body text.
    assert "Industriestraße" not in text


def test_enclosure_label_singular_and_plural():
    assert "\n\nAnlage\n" in letter_text(_letter())
    assert "\n\nAnlagen\n" in letter_text(_letter(enclosures=["A", "B"]))
    assert "Enclosures" in letter_text(_letter(enclosures=["A", "B"], language="en"))
    assert "Anlage" not in letter_text(_letter(enclosures=[]))


# --- the DOCX -----------------------------------------------------------------


def test_docx_opens_and_carries_the_text():
    document = _open(_letter())
    texts = [p.text for p in document.paragraphs]
    assert "Fachkräfte halten mit familienfreundlichen Arbeitszeiten" in texts
    assert "Sehr geehrte Frau Dr. Schulz," in texts
    assert "wie besprochen erhalten Sie unser Angebot." in texts
    assert "Hinweise zum Datenschutz" in texts
    assert any("Art. 14 DSGVO" in text for text in texts)
    # Address field and information block are real runs too (inside text boxes).
    everything = "".join(document.element.body.itertext())
    assert "Frau Dr. Petra Schulz" in everything
    assert "25. August 2026" in everything
    assert "Datum:" in everything


def test_subject_is_bold_without_betreff_and_body_is_11_pt():
    document = _open(_letter())
    subject = next(p for p in document.paragraphs if p.text.startswith("Fachkräfte"))
    assert all(run.bold for run in subject.runs)
    assert not any("Betreff" in p.text for p in document.paragraphs)
    body = next(p for p in document.paragraphs if p.text.startswith("wie besprochen"))
    assert {run.font.size for run in body.runs} == {Pt(11)}


def test_page_size_and_margins():
    section = _open(_letter()).sections[0]
    # DOCX stores page geometry in twips: compare to a hundredth of a millimetre.
    assert section.page_width == pytest.approx(Mm(210), abs=Mm(0.01))
    assert section.page_height == pytest.approx(Mm(297), abs=Mm(0.01))
    assert section.left_margin == pytest.approx(Mm(25), abs=Mm(0.01))
    assert section.right_margin == pytest.approx(Mm(20), abs=Mm(0.01))
    assert section.different_first_page_header_footer


@pytest.mark.parametrize("form", ["A", "B"])
def test_address_field_and_info_block_positions(form):
    layout = FORM_LAYOUTS[form]
    top = {"A": 27.0, "B": 45.0}[form]
    info_top = {"A": 32.0, "B": 50.0}[form]
    anchors = _anchors(_open(_letter(form=form)).element.body)

    (return_zone,) = anchors["Return address"]
    assert _position_mm(return_zone) == pytest.approx((20.0, top), abs=0.01)
    assert _size_mm(return_zone) == pytest.approx((85.0, 17.7), abs=0.01)

    (recipient,) = anchors["Recipient"]
    assert _position_mm(recipient) == pytest.approx((20.0, top + 17.7), abs=0.01)
    assert _size_mm(recipient) == pytest.approx((85.0, 27.3), abs=0.01)
    assert layout.address_bottom_mm == top + 45.0

    (info,) = anchors["Information block"]
    assert _position_mm(info) == pytest.approx((125.0, info_top), abs=0.01)
    assert _size_mm(info)[0] == pytest.approx(75.0, abs=0.01)
    # The information block ends above the subject line.
    assert info_top + _size_mm(info)[1] < subject_top_mm(_letter(form=form))


def test_address_field_content():
    anchors = _anchors(_open(_letter()).element.body)
    assert _box_text(anchors["Recipient"][0]) == address_lines(_recipient())
    returns = _box_text(anchors["Return address"][0])
    assert returns == ["Kompetenzzentrum Westsachsen · Markt\u00a01 · 08056\u00a0Zwickau"]
    # Writing starts at the text margin, 5 mm inside the field.
    body_pr = anchors["Recipient"][0].find(f".//{{{WPS}}}bodyPr")
    assert int(body_pr.get("lIns")) == 5 * EMU_PER_MM
    # Return address sits at the bottom of its zone, right above the recipient.
    assert anchors["Return address"][0].find(f".//{{{WPS}}}bodyPr").get("anchor") == "b"


def test_font_sizes_of_address_and_info_block():
    anchors = _anchors(_open(_letter()).element.body)
    for name in ("Recipient", "Information block"):
        sizes = [int(sz.get(qn("w:val"))) / 2 for sz in anchors[name][0].iter(qn("w:sz"))]
        assert sizes
        assert min(sizes) >= 8


def test_info_block_rows():
    anchors = _anchors(_open(_letter()).element.body)
    rows = _box_text(anchors["Information block"][0])
    assert rows == [
        "Ihr Zeichen:\tps-14",
        "Unser Zeichen:\tKZ-0815",
        "Name:\tAnna Becker",
        "Telefon:\t0375 123456-12",
        "E-Mail:\ta.becker@kz-westsachsen.de",
        "Datum:\t25. August 2026",
    ]
    english = _anchors(_open(_letter(language="en")).element.body)
    assert "Date:\t25 August 2026" in _box_text(english["Information block"][0])


@pytest.mark.parametrize("form", ["A", "B"])
def test_subject_two_blank_lines_below_the_address_field(form):
    document = _open(_letter(form=form))
    spacer = document.paragraphs[0]
    assert spacer.text == ""
    height_mm = spacer.paragraph_format.line_spacing / EMU_PER_MM
    top_mm = document.sections[0].top_margin / EMU_PER_MM
    expected = {"A": 72 + 2 * 4.23, "B": 90 + 2 * 4.23}[form]
    assert top_mm + height_mm == pytest.approx(expected, abs=0.05)
    assert subject_top_mm(_letter(form=form)) == pytest.approx(expected)
    assert document.paragraphs[1].text.startswith("Fachkräfte")


@pytest.mark.parametrize("form", ["A", "B"])
def test_fold_and_hole_marks_on_every_page(form):
    section = _open(_letter(form=form)).sections[0]
    expected_folds = {"A": [87.0, 192.0], "B": [105.0, 210.0]}[form]
    for header in (section.first_page_header, section.header):
        anchors = _anchors(header._element)
        folds = sorted(_position_mm(a)[1] for a in anchors["Fold mark"])
        assert folds == pytest.approx(expected_folds, abs=0.01)
        (hole,) = anchors["Hole mark"]
        assert _position_mm(hole)[1] == pytest.approx(148.5, abs=0.01)
        # Short lines in the left page edge, clear of the address field at 20 mm.
        for mark in [*anchors["Fold mark"], hole]:
            x_mm, _ = _position_mm(mark)
            width_mm, height_mm = _size_mm(mark)
            assert height_mm == 0
            assert x_mm + width_mm < 20


def test_form_a_and_b_differ_as_specified():
    a = _anchors(_open(_letter(form="A")).element.body)
    b = _anchors(_open(_letter(form="B")).element.body)
    assert _position_mm(b["Recipient"][0])[1] - _position_mm(a["Recipient"][0])[1] == (
        pytest.approx(18.0, abs=0.01)
    )
    assert _position_mm(b["Information block"][0])[1] - _position_mm(a["Information block"][0])[
        1
    ] == pytest.approx(18.0, abs=0.01)
    assert _position_mm(a["Recipient"][0])[0] == _position_mm(b["Recipient"][0])[0]


def test_default_form_is_b():
    anchors = _anchors(_open(_letter()).element.body)
    assert _position_mm(anchors["Return address"][0])[1] == pytest.approx(45.0)


def test_footer_lines_on_every_page_and_page_counter_on_following_pages():
    section = _open(_letter()).sections[0]
    for footer in (section.first_page_footer, section.footer):
        assert [p.text for p in footer.paragraphs] == [
            "Sparkasse Zwickau · IBAN DE12 8705 5000 0000 1234 56"
        ]
    instructions = [
        f.get(qn("w:instr")).strip() for f in section.header._element.iter(qn("w:fldSimple"))
    ]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "Seite" in "".join(section.header._element.itertext())


def test_privacy_notice_is_set_apart_in_a_smaller_boxed_block():
    document = _open(_letter())
    notice = [p for p in document.paragraphs if p.text == "Hinweise zum Datenschutz"]
    notice += [p for p in document.paragraphs if "DSGVO" in p.text]
    assert len(notice) == 3
    for paragraph in notice:
        assert paragraph._p.pPr.find(qn("w:pBdr")) is not None
        assert all(Pt(8) <= run.font.size < Pt(11) for run in paragraph.runs)
    elements = [p._p for p in document.paragraphs]
    signature = next(p for p in document.paragraphs if p.text.startswith("Anna Becker"))
    assert elements.index(signature._p) < elements.index(notice[0]._p)


def test_without_privacy_notice_there_is_no_box():
    document = _open(_letter(privacy_notice=""))
    assert not any(p._p.pPr.find(qn("w:pBdr")) is not None for p in document.paragraphs[1:])
    assert "Hinweise zum Datenschutz" not in [p.text for p in document.paragraphs]


def test_logo_floats_in_the_letterhead_zone():
    logo = _png(300, 120)
    anchors = _anchors(_open(_letter(letterhead=Letterhead(logo=logo, logo_width_mm=40))).element)
    (picture,) = anchors["Logo"]
    x_mm, y_mm = _position_mm(picture)
    width_mm, height_mm = _size_mm(picture)
    assert x_mm + width_mm == pytest.approx(190.0, abs=0.01)
    assert (width_mm, height_mm) == pytest.approx((40.0, 16.0), abs=0.01)
    assert y_mm + height_mm < 45
    # Form A has a 27 mm letterhead: the logo shrinks, keeping its proportions.
    form_a = _letter(form="A", letterhead=Letterhead(logo=logo, logo_width_mm=40))
    (small,) = _anchors(_open(form_a).element)["Logo"]
    width_mm, height_mm = _size_mm(small)
    assert _position_mm(small)[1] + height_mm < 27
    assert width_mm / height_mm == pytest.approx(2.5, abs=0.01)


def test_letterhead_names_the_sender():
    anchors = _anchors(_open(_letter()).element.body)
    lines = _box_text(anchors["Letterhead"][0])
    assert lines[0] == "Kompetenzzentrum Westsachsen"
    assert "info@kz-westsachsen.de" in lines[1]


def test_drawing_ids_are_unique():
    document = _open(_letter(letterhead=Letterhead(logo=_png(10, 10))))
    section = document.sections[0]
    parts = [document.element, section.header._element, section.first_page_header._element]
    ids = [pr.get("id") for part in parts for pr in part.iter(qn("wp:docPr"))]
    assert len(ids) == 4 + 1 + 2 * 3  # text boxes, logo, marks in two headers
    assert len(ids) == len(set(ids))


def test_language_is_set_for_spelling():
    styles = _open(_letter(language="en")).styles.element
    lang = styles.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "en-GB"


@pytest.mark.parametrize(
    "nasty",
    [
        "<script>&amp; \"quoted\" 'single'",
        "control\x00\x01\x0b\x1f characters",
        "emoji 👩‍👧 and ☕",
        "right-to-left שלום עליכם مرحبا",
        "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen" * 4,
        "lone surrogate \ud800 here",
        "",
    ],
)
def test_bad_input_still_renders_a_valid_docx(nasty):
    recipient = _recipient(company=nasty, first_name=nasty, street=nasty)
    letter = _letter(
        recipient=recipient,
        subject=nasty,
        body=[nasty, f"{nasty}\n{nasty}"],
        enclosures=[nasty],
        privacy_notice=nasty,
        info=InfoBlock(date=dt.date(2026, 8, 25), name=nasty, our_reference=nasty),
        sender=Sender(name=nasty, street=nasty),
        letterhead=Letterhead(footer_lines=[nasty]),
    )
    document = _open(letter)
    text = "".join(document.element.body.itertext())
    assert "\x00" not in text
    assert "\ud800" not in text
    if nasty.startswith("<script>"):
        assert nasty in text
    assert letter_text(letter)


def test_empty_letter_renders():
    letter = Letter(
        sender=Sender(name=""),
        recipient=Recipient(company=""),
        info=InfoBlock(date=dt.date(2026, 1, 2)),
        subject="",
        body=[],
    )
    document = _open(letter)
    assert document.sections[0].page_width == pytest.approx(Mm(210), abs=Mm(0.01))
    assert "2. Januar 2026" in "".join(document.element.body.itertext())


def test_letters_on_the_same_paper_do_not_leak_into_each_other():
    first = _letter(subject="Erster Brief", body=["Nur im ersten Brief."])
    second = _letter(subject="Zweiter Brief", body=["Nur im zweiten Brief."])
    render_docx(first)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(second))).paragraphs)
    assert "Zweiter Brief" in text
    assert "ersten" not in text
    assert text.count("Mit freundlichen Grüßen") == 1


def test_same_letter_gives_the_same_bytes():
    assert render_docx(_letter()) == render_docx(_letter())


def test_each_letterhead_keeps_its_own_paper():
    plain = _letter()
    other = _letter(sender=dataclasses.replace(plain.sender, name="Lokales Bündnis Erzgebirge"))
    render_docx(plain)
    header = docx.Document(io.BytesIO(render_docx(other))).sections[0].header
    assert "Lokales Bündnis Erzgebirge" in header.paragraphs[0].text


def test_last_paragraph_closing_and_signature_stay_on_one_page():
    document = _open(_letter())
    by_text = {p.text: p for p in document.paragraphs if p.text}
    last = by_text["Wir freuen uns auf Ihre Antwort."]
    first = by_text["wie besprochen erhalten Sie unser Angebot."]
    closing = by_text["Mit freundlichen Grüßen"]
    signature = next(p for text, p in by_text.items() if text.startswith("Anna Becker"))

    # Keep-with-next chains the last paragraph to the closing and the closing to the
    # signature, which is kept together; earlier paragraphs may still break freely.
    assert last.paragraph_format.keep_with_next
    assert closing.paragraph_format.keep_with_next
    assert signature.paragraph_format.keep_together
    assert not first.paragraph_format.keep_with_next
