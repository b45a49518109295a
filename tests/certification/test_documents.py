"""The certificate and the decision letter: DOCX files with the right words; LibreOffice
prints the letter with one salutation and the address in the window (DIN 5008, form B)."""

import html
import io
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest
from django.core.exceptions import ValidationError

from certification import documents, services
from certification.models import Application
from tests.certification.conftest import review_all
from tests.factories import ContactFactory

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
MM_PER_PT = 25.4 / 72
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def _text(blob: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(blob)).paragraphs)


@pytest.fixture
def certified(application, lead) -> Application:
    ContactFactory(
        company=application.company, salutation="frau", first_name="Petra", last_name="Schulz"
    )
    review_all(application, lead.user)
    return services.application_decide(
        application=application,
        decision=Application.Decision.CONDITIONS,
        conditions="Ferienbetreuung bis Sommer 2027",
        by=lead.user,
        decided_on=date(2026, 5, 4),
    )


def test_the_certificate_names_the_company_and_its_dates(certified, lead):
    found = documents.certificate_document(application=certified, by=lead.user)
    text = _text(found.content)
    assert "Bäckerei Sonnenschein" in text
    assert "Familienfreundliches Unternehmen" in text
    assert "4. Mai 2026" in text
    assert "4. Mai 2028" in text
    assert "Ferienbetreuung bis Sommer 2027" in text
    assert found.filename == "zertifikat-2026-backerei-sonnenschein.docx"


def test_no_certificate_before_a_certifying_decision(application, lead):
    with pytest.raises(ValidationError):
        documents.certificate_document(application=application, by=lead.user)
    with pytest.raises(ValidationError):
        documents.decision_letter(application=application, by=lead.user)


def test_the_letter_tells_the_decision_with_one_salutation(certified, lead):
    found = documents.decision_letter(application=certified, by=lead.user)
    text = _text(found.content)
    assert text.count("Sehr geehrte") == 1
    assert "Sehr geehrte Frau Schulz," in text
    assert "Entscheidung der Jury" in text
    assert "Ferienbetreuung bis Sommer 2027" in text
    assert "Mit freundlichen Grüßen" in text


@pytest.mark.skipif(
    not (LIBREOFFICE and PDFTOTEXT) and not os.environ.get("CI"),
    reason="needs LibreOffice and pdftotext",
)
def test_libreoffice_prints_the_letter_to_din_5008(certified, lead, tmp_path: Path):
    source = tmp_path / "letter.docx"
    source.write_bytes(documents.decision_letter(application=certified, by=lead.user).content)
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
    plain = subprocess.run(  # noqa: S603
        [PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, timeout=60
    ).stdout.decode("utf-8", errors="replace")
    assert plain.count("Sehr geehrte") == 1
    bbox = subprocess.run(  # noqa: S603
        [PDFTOTEXT, "-bbox", "-enc", "UTF-8", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout.decode("utf-8", errors="replace")
    words: dict[str, tuple[float, ...]] = {}
    for *box, text in WORD.findall(bbox):  # the first of each word: the address comes first
        words.setdefault(html.unescape(text), tuple(float(v) * MM_PER_PT for v in box))
    # Form B: the recipient lies in the address window (45 mm from the top, 17.7 mm
    # for the return address, 27.3 mm for the recipient); the salutation below it.
    for text in ("Bäckerei", "Schulz", "Hauptstraße"):
        x0, y0, x1, y1 = words[text]
        assert x0 >= 20, text
        assert x1 <= 105, text
        assert y0 >= 45 + 17.7, text
        assert y1 <= 45 + 45, text
    assert words["geehrte"][1] > 45 + 45
