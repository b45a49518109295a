"""A real client: LibreOffice prints the letter, and the text lands where DIN 5008 wants it.

Skipped where LibreOffice or poppler-utils are missing, except in CI, whose `.ci/run`
installs them (libreoffice-writer-nogui, poppler-utils).
"""

import dataclasses
import datetime as dt
import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from outreach.letters.din5008 import InfoBlock, Letter, Letterhead, Recipient, Sender, render_docx

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")

# Skipped on a developer's machine without them; never in CI (CI=true), which installs
# them in .ci/run: there a missing tool fails the tests instead of hiding them.
pytestmark = pytest.mark.skipif(
    not (LIBREOFFICE and PDFTOTEXT) and not os.environ.get("CI"),
    reason="needs LibreOffice and pdftotext (apt-get install libreoffice-writer-nogui "
    "poppler-utils)",
)

MM_PER_PT = 25.4 / 72
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def _letter(form: str) -> Letter:
    return Letter(
        sender=Sender(
            name="Kompetenzzentrum Westsachsen",
            street="Markt 1",
            postal_code="08056",
            city="Zwickau",
            email="info@kz-westsachsen.de",
        ),
        recipient=Recipient(
            company="Metallbau Müller GmbH",
            salutation="frau",
            title="Dr.",
            first_name="Petra",
            last_name="Schulz",
            street="Industriestraße 12",
            postal_code="04109",
            city="Leipzig",
        ),
        info=InfoBlock(
            date=dt.date(2026, 8, 25),
            your_reference="ps-14",
            our_reference="KZ-0815",
            name="Anna Becker",
            phone="0375 123456-12",
            email="a.becker@kz-westsachsen.de",
        ),
        subject="Fachkräfte halten mit familienfreundlichen Arbeitszeiten",
        body=["wie besprochen erhalten Sie unser Angebot."] * 3,
        signature_name="Anna Becker",
        signature_role="Projektmitarbeiterin",
        privacy_notice="Ihre Daten stammen aus dem Handelsregister (Art. 14 DSGVO).",
        letterhead=Letterhead(
            footer_lines=["Sparkasse Zwickau · IBAN DE12 8705 5000 0000 1234 56"]
        ),
        form=form,  # type: ignore[arg-type]
    )


def _words_on_page_one(
    letter: Letter, tmp_path: Path, blob: bytes | None = None
) -> tuple[tuple[float, float], list]:
    """Page size and (text, x0, y0, x1, y1) of every word on page 1, in millimetres."""
    source = tmp_path / "letter.docx"
    source.write_bytes(blob if blob is not None else render_docx(letter))
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [
            LIBREOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "letter.pdf"
    assert pdf.exists()
    bbox = subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [PDFTOTEXT, "-bbox", "-enc", "UTF-8", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout.decode("utf-8", errors="replace")  # the <title> meta is not always UTF-8
    width, height = (float(v) * MM_PER_PT for v in PAGE.search(bbox).groups())
    words = [
        (html.unescape(text), *(float(v) * MM_PER_PT for v in box))
        for *box, text in WORD.findall(bbox)
    ]
    return (width, height), words


def _word(words: list, text: str) -> tuple[float, float, float, float]:
    return next(tuple(box) for word, *box in words if word == text)


@pytest.mark.parametrize(("form", "top"), [("B", 45.0), ("A", 27.0)])
def test_libreoffice_prints_the_address_in_the_window(form, top, tmp_path):
    (width, height), words = _words_on_page_one(_letter(form), tmp_path)
    assert (width, height) == pytest.approx((210, 297), abs=0.5)

    # Every word of the recipient lies inside the recipient zone of the address window.
    for text in ("Metallbau", "Frau", "Schulz", "Industriestraße", "04109", "Leipzig"):
        x0, y0, x1, y1 = _word(words, text)
        assert x0 >= 20, text
        assert x1 <= 105, text
        assert y0 >= top + 17.7, text
        assert y1 <= top + 45, text
    # The company line starts at the text margin (25 mm).
    assert _word(words, "Metallbau")[0] == pytest.approx(25, abs=1)

    # The return address sits in its own zone above the recipient (the letterhead
    # names the sender too, higher up).
    return_zone = [
        word
        for word, x0, y0, x1, y1 in words
        if x0 >= 20 and x1 <= 105 and y0 >= top and y1 <= top + 17.7
    ]
    assert "Kompetenzzentrum" in return_zone
    assert "Westsachsen" in return_zone


@pytest.mark.parametrize(("form", "top", "info_top"), [("B", 45.0, 50.0), ("A", 27.0, 32.0)])
def test_libreoffice_prints_info_block_right_and_subject_below_it(form, top, info_top, tmp_path):
    _, words = _words_on_page_one(_letter(form), tmp_path)
    label_x0, label_y0, *_ = _word(words, "Zeichen:")
    assert label_x0 >= 125
    assert label_y0 >= info_top
    date_y1 = _word(words, "Datum:")[3]
    assert _word(words, "August")[0] >= 125

    subject_x0, subject_y0, *_ = _word(words, "Fachkräfte")
    assert subject_x0 == pytest.approx(25, abs=1)
    assert subject_y0 > date_y1
    # Two blank lines (2 x 4.23 mm) below the address field, give or take the ascent.
    assert subject_y0 == pytest.approx(top + 45 + 8.46, abs=2)

    # Body and notice are printed too.
    printed = " ".join(word for word, *_ in words)
    assert "Sehr geehrte Frau Dr. Schulz," in printed
    assert "Art. 14 DSGVO)." in printed


def test_libreoffice_opens_a_letter_full_of_bad_input(tmp_path):
    nasty = (
        "<b>&amp; \"Müller\" 'Söhne'\x00\x0b 👩‍👧 שלום مرحبا "
        + "Donaudampfschifffahrtsgesellschaftskapitän" * 3
    )
    letter = dataclasses.replace(
        _letter("B"),
        recipient=Recipient(company=nasty, last_name=nasty, first_name="", salutation="herr"),
        subject=nasty,
        body=[nasty, "", f"{nasty}\n{nasty}"],
        enclosures=[nasty],
        info=InfoBlock(date=dt.date(2026, 8, 25), name=nasty, email=nasty),
    )
    _, words = _words_on_page_one(letter, tmp_path)
    printed = " ".join(word for word, *_ in words)
    assert '<b>&amp; "Müller"' in printed
    assert "Sehr geehrter Herr <b>&amp;" in printed
    # Right-to-left words come out in visual order; that they come out at all is the point.
    assert any("\u05d0" <= char <= "\u05ea" for char in printed)


def test_libreoffice_opens_a_team_template_letter_full_of_bad_input(tmp_path):
    import docx

    from outreach.letters import compose

    nasty = "<b>&amp; \"Müller\" 'Söhne'\x00\x0b 👩‍👧 שלום {{ company.name }}"
    letter = dataclasses.replace(
        _letter("B"),
        recipient=Recipient(company=nasty, last_name="Yilmaz", salutation="herr"),
        body=[nasty, "Zweiter Absatz"],
    )
    document = docx.Document()
    for text in ("{{ company.address }}", "{{ contact.salutation }}", "{{ statement.body }}"):
        document.add_paragraph(text)
    template = tmp_path / "template.docx"
    document.save(template)
    blob = compose.template_render(template.read_bytes(), compose.template_values(letter))
    _, words = _words_on_page_one(letter, tmp_path, blob)
    printed = " ".join(word for word, *_ in words)
    assert '<b>&amp; "Müller"' in printed
    assert "{{" in printed  # a value is printed as it is, never run as a placeholder
    assert "Sehr geehrter Herr Yilmaz," in printed
    assert "Zweiter Absatz" in printed


def _pages(letter: Letter, tmp_path: Path) -> list[str]:
    """The text of each printed page."""
    source = tmp_path / "letter.docx"
    source.write_bytes(render_docx(letter))
    subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [
            LIBREOFFICE,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [PDFTOTEXT, "-enc", "UTF-8", str(tmp_path / "letter.pdf"), "-"],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout.decode("utf-8", errors="replace")
    return [page for page in text.split("\f") if page.strip()]


LONG_PARAGRAPH = (
    "Familienfreundliche Arbeitszeiten helfen Ihrem Betrieb, Fachkräfte zu halten und neue "
    "zu gewinnen; wir zeigen Ihnen gern, wie andere Betriebe in der Region das umgesetzt "
    "haben und was es kostet."
)


# Seven and eight long paragraphs fill page 1 so that, without keep-with-next, the
# closing and signature were printed alone on page 2 (measured with LibreOffice 7).
@pytest.mark.parametrize("paragraphs", [6, 7, 8])
def test_libreoffice_prints_closing_and_signature_with_the_last_paragraph(paragraphs, tmp_path):
    body = [LONG_PARAGRAPH] * paragraphs + ["Wir freuen uns auf das Gespräch. Schlusssatz."]
    letter = dataclasses.replace(_letter("B"), body=body, privacy_notice="")

    pages = _pages(letter, tmp_path)

    def page_of(word: str) -> int:
        return next(index for index, page in enumerate(pages) if word in page)

    assert page_of("Schlusssatz") == page_of("Grüßen") == page_of("Projektmitarbeiterin")
