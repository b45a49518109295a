"""One DIN 5008 letter rendered to DOCX, against a bare python-docx document with its text.

Needs no database: `outreach.letters` is pure. The issue's target is >= 50 letters/s
in one process, i.e. a figure of at most 20 ms.
"""

import datetime as dt
import io

from bench.common import Result, median_ms


def run() -> list[Result]:
    import docx

    from outreach.letters import (
        InfoBlock,
        Letter,
        Letterhead,
        Recipient,
        Sender,
        letter_text,
        render_docx,
    )

    letter = Letter(
        sender=Sender(
            name="Kompetenzzentrum Frau & Beruf Westsachsen",
            street="Markt 1",
            postal_code="08056",
            city="Zwickau",
            phone="0375 123456-0",
            email="info@kz-westsachsen.de",
            website="www.kz-westsachsen.de",
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
            our_reference="KZ-0815",
            name="Anna Becker",
            phone="0375 123456-12",
            email="a.becker@kz-westsachsen.de",
        ),
        subject="Fachkräfte halten mit familienfreundlichen Arbeitszeiten",
        body=[
            "wie Sie im Gespräch mit der IHK erwähnten, suchen Sie Fachkräfte für Ihre "
            "Schichtbetriebe in Leipzig. Familienfreundliche Arbeitszeiten helfen dabei."
        ]
        * 5,
        signature_name="Anna Becker",
        signature_role="Projektmitarbeiterin",
        enclosures=["Nutzenübersicht"],
        privacy_notice="Ihre Daten stammen aus dem Handelsregister (Art. 14 DSGVO).\n"
        "Sie können jederzeit widersprechen (Art. 21 Abs. 2 DSGVO).",
        letterhead=Letterhead(
            footer_lines=["Sparkasse Zwickau · IBAN DE12 8705 5000 0000 1234 56"]
        ),
    )
    paragraphs = letter_text(letter).split("\n")

    def render() -> None:
        render_docx(letter)

    def floor() -> None:
        # Open, fill the same paragraphs, save: what any python-docx letter costs.
        document = docx.Document()
        for text in paragraphs:
            document.add_paragraph(text)
        document.save(io.BytesIO())

    return [
        Result(
            "letter DOCX render (DIN 5008)",
            1,
            median_ms(render, repeat=30),
            median_ms(floor, repeat=30),
            "bare python-docx doc",
        )
    ]
