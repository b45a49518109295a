"""The certificate as a DOCX, from a plain dataclass (pure: python-docx, no Django)."""

import io
from dataclasses import dataclass

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

ACCENT = RGBColor(0x0F, 0x5C, 0x63)


@dataclass(frozen=True, kw_only=True)
class Certificate:
    issuer: str
    heading: str  # "Zertifikat"
    title: str  # "Familienfreundliches Unternehmen"
    company: str
    city: str
    lines: tuple[str, ...]  # "awarded on …", "valid until …", conditions
    place_and_date: str
    signature_name: str = ""
    logo: bytes | None = None
    logo_width_mm: float = 40.0


def _paragraph(document, text: str, *, size: float, bold: bool = False, space_after: float = 6):  # type: ignore[no-untyped-def]
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(space_after)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    return paragraph


def render_docx(certificate: Certificate) -> bytes:
    """One A4 page: the issuer, the title, the company, the dates, a signature line."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(30), Mm(25)
    style = document.styles["Normal"]
    style.font.name = "Arial"
    if certificate.logo:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(
            io.BytesIO(certificate.logo), width=Mm(certificate.logo_width_mm)
        )
    _paragraph(document, certificate.issuer, size=12, space_after=36)
    _paragraph(document, certificate.heading, size=16, space_after=12)
    title = _paragraph(document, certificate.title, size=26, bold=True, space_after=36)
    title.runs[0].font.color.rgb = ACCENT
    _paragraph(document, certificate.company, size=20, bold=True, space_after=4)
    _paragraph(document, certificate.city, size=12, space_after=30)
    for line in certificate.lines:
        _paragraph(document, line, size=12)
    _paragraph(document, "", size=12, space_after=60)
    _paragraph(document, certificate.place_and_date, size=11, space_after=40)
    _paragraph(document, "_" * 36, size=11, space_after=2)
    _paragraph(document, certificate.signature_name or certificate.issuer, size=11)
    document.core_properties.title = f"{certificate.title} – {certificate.company}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
