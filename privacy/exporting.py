"""The access package (Art. 15 GDPR): a ZIP with the JSON, a readable DOCX and the letters.

Plain data in, bytes out. The summary is in German, the language of the person
it is written to, whatever language the user works in.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import docx
from django.core.serializers.json import DjangoJSONEncoder

JSON_NAME = "auskunft.json"
SUMMARY_NAME = "Auskunft.docx"

RIGHTS = [
    ("Art. 15 DSGVO", "Auskunft über die gespeicherten Daten (dieses Dokument)."),
    ("Art. 16 DSGVO", "Berichtigung unrichtiger Daten."),
    ("Art. 17 DSGVO", "Löschung, wenn der Zweck entfallen ist oder Sie widersprochen haben."),
    ("Art. 18 DSGVO", "Einschränkung der Verarbeitung, etwa solange die Richtigkeit geprüft wird."),
    ("Art. 20 DSGVO", "Herausgabe Ihrer Daten in einem maschinenlesbaren Format (auskunft.json)."),
    (
        "Art. 21 DSGVO",
        "Widerspruch gegen die Verarbeitung, insbesondere gegen Direktwerbung; nach einem "
        "Widerspruch sprechen wir Sie nicht mehr an.",
    ),
    ("Art. 77 DSGVO", "Beschwerde bei einer Datenschutz-Aufsichtsbehörde."),
]

PURPOSES = (
    "Wir sprechen Unternehmen der Region an, um sie für familienfreundliche Maßnahmen und "
    "eine Partnerschaft im Netzwerk zu gewinnen. Dazu speichern wir Ansprechpersonen in den "
    "Unternehmen, unsere Kontakte mit ihnen, Empfehlungen durch Netzwerkpartner und die "
    "Schreiben, die wir ihnen senden. Rechtsgrundlage ist in der Regel unser berechtigtes "
    "Interesse (Art. 6 Abs. 1 lit. f DSGVO), bei Einwilligung Art. 6 Abs. 1 lit. a DSGVO."
)
RECIPIENTS = (
    "Die Daten sehen nur die Mitarbeiterinnen und Mitarbeiter unseres Projektteams. Wir geben "
    "sie nicht an Dritte weiter; Auftragsverarbeiter (Hosting) handeln nur nach unserer Weisung."
)
DISCLAIMER = (
    "Diese Auskunft wurde mit Tandem erstellt. Tandem hilft, die Pflichten aus der DSGVO zu "
    "erfüllen, ist aber keine Rechtsberatung; bitte lassen Sie die Auskunft vor dem Versand "
    "von Ihrer bzw. Ihrem Datenschutzbeauftragten prüfen."
)


@dataclass(frozen=True)
class Attachment:
    """A file to put into the ZIP under `name`."""

    name: str
    content: bytes


@dataclass(frozen=True)
class AccessPackage:
    """Everything Tandem holds about one person, ready to be written out."""

    controller: str
    person: str
    created: datetime
    sections: Mapping[str, Any]
    counts: Sequence[tuple[str, int]]
    sources: Sequence[str]
    retention: Sequence[str]
    attachments: Sequence[Attachment] = field(default_factory=list)


def _json(package: AccessPackage) -> bytes:
    document = {
        "erstellt_am": package.created,
        "verantwortliche_stelle": package.controller,
        "person": package.person,
        "herkunft_der_daten": list(package.sources),
        "speicherdauer": list(package.retention),
        **package.sections,
        "dateien": [attachment.name for attachment in package.attachments],
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def _when(value: datetime | date) -> str:
    return value.strftime("%d.%m.%Y")


def summary_docx(package: AccessPackage) -> bytes:
    """The readable German summary: what we hold, why, for whom, how long, and the rights."""
    document = docx.Document()
    document.add_heading("Auskunft nach Art. 15 DSGVO", level=0)
    document.add_paragraph(f"Betroffene Person: {package.person}")
    document.add_paragraph(f"Verantwortliche Stelle: {package.controller}")
    document.add_paragraph(f"Stand: {_when(package.created)}")

    document.add_heading("Welche Daten wir über Sie gespeichert haben", level=1)
    document.add_paragraph(
        "Die vollständigen Daten finden Sie in der beigefügten Datei auskunft.json, "
        "unsere Schreiben an Sie im Ordner briefe/. Im Überblick:"
    )
    for label, count in package.counts:
        document.add_paragraph(f"{label}: {count}", style="List Bullet")

    document.add_heading("Zwecke und Rechtsgrundlage", level=1)
    document.add_paragraph(PURPOSES)
    document.add_heading("Empfänger", level=1)
    document.add_paragraph(RECIPIENTS)
    document.add_heading("Herkunft der Daten", level=1)
    for source in package.sources or ["Von Ihnen selbst oder aus öffentlichen Quellen."]:
        document.add_paragraph(source, style="List Bullet")
    document.add_heading("Speicherdauer", level=1)
    for line in package.retention:
        document.add_paragraph(line, style="List Bullet")
    document.add_heading("Ihre Rechte", level=1)
    for article, text in RIGHTS:
        document.add_paragraph(f"{article}: {text}", style="List Bullet")
    document.add_heading("Hinweis", level=1)
    document.add_paragraph(DISCLAIMER)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def access_zip(package: AccessPackage) -> bytes:
    """The ZIP handed to the person: auskunft.json, Auskunft.docx and the attachments."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_NAME, _json(package))
        archive.writestr(SUMMARY_NAME, summary_docx(package))
        for attachment in package.attachments:
            archive.writestr(attachment.name, attachment.content)
    return out.getvalue()
