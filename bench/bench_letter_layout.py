"""How generated letters fall on their pages, printed by LibreOffice (issue 14, point 7).

24 first letters (with the privacy notice) built from statements the engine
drafts for varied companies (fixed seed), laid out by `din5008.render_docx`
and printed to PDF by LibreOffice in one run. Counted: letters on one page,
and letters whose closing and signature are printed on the page of their
last paragraph. The figure is LibreOffice's time per letter, next to the
floor of rendering the DOCX alone. Needs `libreoffice` and `pdftotext`.
"""

import datetime as dt
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import Result

LETTERS = 24
SEED = 7


def run() -> list[Result]:
    from bench.bench_copies import NETWORK, PLACES, SECTORS, SIZES, _catalogue
    from benefits import drafting, vocabulary
    from outreach.letters.din5008 import (
        InfoBlock,
        Letter,
        Letterhead,
        Recipient,
        Sender,
        render_docx,
    )
    from outreach.models import DEFAULT_PRIVACY_NOTICE

    libreoffice = shutil.which("libreoffice") or shutil.which("soffice")
    pdftotext = shutil.which("pdftotext")
    if not (libreoffice and pdftotext):
        print("bench_letter_layout: skipped, needs libreoffice and pdftotext")
        return []
    rng = random.Random(SEED)
    arguments, measures = _catalogue(drafting)
    letters = []
    for index in range(LETTERS):
        place, sector, size = rng.choice(PLACES), rng.choice(SECTORS), rng.choice(SIZES)
        name = f"Betrieb {index} {rng.choice(('Krause', 'Meißner', 'Weber'))} GmbH"
        needs = tuple(rng.sample(vocabulary.CATALOGUE_NEEDS, rng.randint(1, 4)))
        statement = drafting.draft(
            drafting.DraftInput(
                company=drafting.Company(
                    name=name,
                    city=place[0],
                    district=place[1],
                    region=place[2],
                    sector_section=sector[0],
                    sector_label_de=sector[1],
                    size_class=size[1],
                    employees=size[0],
                ),
                profile=drafting.Profile(needs=needs, share_women=rng.choice((None, 40))),
                network=NETWORK,
                arguments=arguments,
                measures=measures,
            )
        )
        letters.append(
            Letter(
                sender=Sender(name=NETWORK, street="Markt 1", postal_code="08056", city="Zwickau"),
                recipient=Recipient(
                    company=name,
                    salutation=rng.choice(("frau", "herr", "neutral")),
                    first_name="Petra",
                    last_name="Meißner",
                    street="Hauptstraße 3",
                    postal_code="04109",
                    city=place[0],
                ),
                info=InfoBlock(date=dt.date(2026, 12, 3), name="Anna Becker"),
                subject="Vereinbarkeit als Vorteil bei der Suche nach Fachkräften",
                body=statement.text.split("\n\n"),
                signature_name="Anna Becker",
                signature_role="Projektmitarbeiterin",
                privacy_notice=DEFAULT_PRIVACY_NOTICE,
                letterhead=Letterhead(footer_lines=["Sparkasse Zwickau · IBAN DE12 …"]),
            )
        )

    folder = Path(tempfile.mkdtemp(prefix="tandem-layout-"))
    start = time.perf_counter()
    blobs = [render_docx(letter) for letter in letters]
    floor_ms = (time.perf_counter() - start) * 1000 / LETTERS
    sources = []
    for index, blob in enumerate(blobs):
        source = folder / f"letter-{index:02d}.docx"
        source.write_bytes(blob)
        sources.append(source)
    start = time.perf_counter()
    subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [
            libreoffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    figure_ms = (time.perf_counter() - start) * 1000 / LETTERS

    one_page = together = 0
    for source, letter in zip(sources, letters, strict=True):
        last_word = letter.body[-1].split()[-1]
        text = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            [pdftotext, "-enc", "UTF-8", str(source.with_suffix(".pdf")), "-"],
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8", errors="replace")
        pages = [page for page in text.split("\f") if page.strip()]
        one_page += len(pages) == 1

        def page_of(word: str, pages: list[str] = pages) -> int:
            return max(i for i, page in enumerate(pages) if word in page)

        together += page_of(last_word) == page_of("Grüßen") == page_of("Projektmitarbeiterin")
    shutil.rmtree(folder, ignore_errors=True)
    return [
        Result(
            "print a first letter (LibreOffice)",
            LETTERS,
            figure_ms,
            floor_ms,
            "render_docx alone",
            f"one page {one_page}/{LETTERS}; closing and signature with the last "
            f"paragraph {together}/{LETTERS}",
        )
    ]
