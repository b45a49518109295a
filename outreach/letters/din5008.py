"""Business letters to DIN 5008 (Form A and B), rendered to DOCX from plain dataclasses (pure).

The page is built with python-docx plus a little OXML where python-docx has no API:

- the letterhead (sender name, contact line, logo), the address field (return-address
  zone and recipient zone) and the information block are text boxes or pictures
  (``wp:anchor``, a ``wps:wsp`` shape for text), positioned relative to the *page* in
  EMU and set "in front of text", so the body flow never moves them; they are anchored
  in the first body paragraph, so they appear on page 1 only (LibreOffice misplaces
  text boxes anchored in headers, so they are not put there);
- that first paragraph is an empty spacer of exact height that starts the subject
  two blank lines below the address field (98.46 mm in Form B), whatever the margins;
- fold marks and the hole mark are short line shapes anchored in the page headers,
  so every sheet carries them; the header of the following pages says "Seite 2 von 3";
  the letterhead's footer lines are in the footer of every page.

All text stays real paragraphs and runs, so Word, LibreOffice and pdftotext can read it.
Nothing here imports Django: the views and tasks map their models onto these dataclasses.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import itertools
import re
import struct
import threading
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.image.image import Image
from docx.opc.packuri import PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Mm
from docx.text.paragraph import Paragraph

__all__ = [
    "FORM_LAYOUTS",
    "FormLayout",
    "InfoBlock",
    "Letter",
    "Letterhead",
    "Recipient",
    "Sender",
    "address_lines",
    "format_date",
    "format_date_de",
    "has_named_person",
    "info_rows",
    "letter_text",
    "preview_blocks",
    "printable",
    "render_docx",
    "return_address_line",
    "salutation_for",
    "subject_top_mm",
]

Form = Literal["A", "B"]
Language = Literal["de", "en"]
SalutationKind = Literal["frau", "herr", "neutral"]

# ---------------------------------------------------------------------------
# DIN 5008 geometry (millimetres)
# ---------------------------------------------------------------------------

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_LEFT_MM = 25.0
MARGIN_RIGHT_MM = 20.0
# Following pages: the text starts below a short header with the page counter.
MARGIN_TOP_MM = 27.0
HEADER_DISTANCE_MM = 10.0
FOOTER_DISTANCE_MM = 10.0

ADDRESS_LEFT_MM = 20.0
ADDRESS_WIDTH_MM = 85.0
ADDRESS_HEIGHT_MM = 45.0
RETURN_ZONE_MM = 17.7
RECIPIENT_ZONE_MM = 27.3
# The field starts at 20 mm but its writing starts at the text margin (25 mm).
ADDRESS_INSET_MM = MARGIN_LEFT_MM - ADDRESS_LEFT_MM
RECIPIENT_MAX_LINES = 6
# Air between the return line and the recipient: glyphs overhang their line box a little,
# and a scanner reading the window should see two clearly separate zones.
ZONE_CLEARANCE_MM = 1.0

INFO_LEFT_MM = 125.0
INFO_WIDTH_MM = 75.0
INFO_MIN_HEIGHT_MM = 40.0
INFO_LABEL_WIDTH_MM = 30.0

HOLE_MARK_MM = 148.5
MARK_LEFT_MM = 5.0
FOLD_MARK_LENGTH_MM = 5.0
HOLE_MARK_LENGTH_MM = 8.0

# A DIN 5008 blank line is 4.23 mm (12 pt pitch): the subject of Form B lands at 98.46 mm.
DIN_LINE_MM = 4.23

BODY_PT = 11.0
BODY_LINE_PT = 12.65  # one single-spaced line of 11 pt Arial, for "blank line" spacing
ADDRESS_PT = 10.0
ADDRESS_LINE_PT = 12.0
RETURN_PT = 7.0
INFO_PT = 9.0
INFO_LABEL_PT = 8.0
INFO_LINE_PT = 11.0
NOTICE_PT = 8.5
FOOTER_PT = 8.0
LETTERHEAD_NAME_PT = 14.0
LETTERHEAD_LINE_PT = 8.0

FONT = "Arial"
GREY = "555555"  # secondary text: labels, contact line, footer

EMU_PER_MM = 36_000


@dataclass(frozen=True)
class FormLayout:
    """Where DIN 5008 puts things on the first page, per form (millimetres from the top)."""

    letterhead_mm: float  # height of the letterhead zone = top of the address field
    info_top_mm: float
    fold_marks_mm: tuple[float, float]

    @property
    def recipient_top_mm(self) -> float:
        return self.letterhead_mm + RETURN_ZONE_MM

    @property
    def address_bottom_mm(self) -> float:
        return self.letterhead_mm + ADDRESS_HEIGHT_MM


FORM_LAYOUTS: dict[str, FormLayout] = {
    "A": FormLayout(letterhead_mm=27.0, info_top_mm=32.0, fold_marks_mm=(87.0, 192.0)),
    "B": FormLayout(letterhead_mm=45.0, info_top_mm=50.0, fold_marks_mm=(105.0, 210.0)),
}

# ---------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Sender:
    """The organisation the letter comes from."""

    name: str
    street: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    # One line for the return-address zone; built from the address when empty.
    return_address: str = ""


@dataclass(frozen=True, kw_only=True)
class Recipient:
    """The company and, if known, the person the letter is addressed to."""

    company: str
    salutation: SalutationKind | None = None
    title: str = ""
    first_name: str = ""
    last_name: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = ""  # only for letters abroad


@dataclass(frozen=True, kw_only=True)
class InfoBlock:
    """The DIN 5008 information block: references, the writer's contact data, the date."""

    date: dt.date
    your_reference: str = ""
    your_message_date: dt.date | None = None
    our_reference: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, kw_only=True)
class Letterhead:
    """A team's letterhead: an optional logo and the footer lines (bank, register …)."""

    logo: bytes | None = None
    logo_width_mm: float = 40.0
    footer_lines: Sequence[str] = ()


@dataclass(frozen=True, kw_only=True)
class Letter:
    """Everything one letter says; `render_docx` lays it out."""

    sender: Sender
    recipient: Recipient
    info: InfoBlock
    subject: str
    body: Sequence[str]
    salutation: str | None = None  # overrides the one derived from the recipient
    closing: str | None = None  # None: the usual closing of the language
    signature_name: str = ""
    signature_role: str = ""
    enclosures: Sequence[str] = ()
    # Art. 14 and Art. 21 Abs. 4 DSGVO, worded by the team; set apart below the signature.
    privacy_notice: str = ""
    letterhead: Letterhead = field(default_factory=Letterhead)
    form: Form = "B"
    language: Language = "de"


# ---------------------------------------------------------------------------
# Wording
# ---------------------------------------------------------------------------

_MONTHS = {
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

_WORDS = {
    "de": {
        "your_reference": "Ihr Zeichen",
        "your_message_date": "Ihre Nachricht vom",
        "our_reference": "Unser Zeichen",
        "name": "Name",
        "phone": "Telefon",
        "email": "E-Mail",
        "date": "Datum",
        "enclosure": "Anlage",
        "enclosures": "Anlagen",
        "notice": "Hinweise zum Datenschutz",
        "page": "Seite",
        "of": "von",
        "closing": "Mit freundlichen Grüßen",
        "closing_unnamed": "Mit freundlichen Grüßen",
    },
    "en": {
        "your_reference": "Your ref.",
        "your_message_date": "Your letter of",
        "our_reference": "Our ref.",
        "name": "Name",
        "phone": "Phone",
        "email": "Email",
        "date": "Date",
        "enclosure": "Enclosure",
        "enclosures": "Enclosures",
        "notice": "Data protection notice",
        "page": "Page",
        "of": "of",
        # British usage: "sincerely" to a named person, "faithfully" to "Sir or Madam".
        "closing": "Yours sincerely",
        "closing_unnamed": "Yours faithfully",
    },
}

# XML 1.0 forbids most control characters and lone surrogates; python-docx would refuse them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    """One line of text: characters XML cannot hold dropped, whitespace runs made one space."""
    return " ".join(_NOT_XML.sub("", text).split())


def _clean_lines(text: str) -> str:
    """Like `_clean`, but keeps the line breaks (each becomes a w:br in the paragraph)."""
    return "\n".join(filter(None, map(_clean, _NOT_XML.sub("", text).splitlines())))


def printable(text: str, *, lines: bool = True) -> str:
    """Text a DOCX can hold: characters XML forbids dropped, spaces collapsed.

    Line breaks are kept (one per line, blank lines dropped) unless `lines` is False.
    """
    return _clean_lines(text) if lines else _clean(text)


def format_date(value: dt.date, language: Language = "de") -> str:
    """A date written out: "25. August 2026" in German, "25 August 2026" in English."""
    month = _MONTHS[language][value.month - 1]
    if language == "de":
        return f"{value.day}. {month} {value.year}"
    return f"{value.day} {month} {value.year}"


def format_date_de(value: dt.date) -> str:
    """A date in German long form, "25. August 2026", independent of the process locale."""
    return format_date(value, "de")


def _person(recipient: Recipient) -> tuple[str, str, str, str] | None:
    """(kind, title, first, last) of the addressed person, or None for "Damen und Herren"."""
    last = _clean(recipient.last_name)
    first = _clean(recipient.first_name)
    title = _clean(recipient.title)
    if not last:
        return None
    kind = (recipient.salutation or "").lower()
    if kind in ("frau", "herr"):
        return kind, title, first, last
    # The neutral form only for a person who chose it, and with the first name:
    # "Guten Tag Weber" is no greeting. Unknown: "Sehr geehrte Damen und Herren".
    if kind == "neutral" and first:
        return "neutral", title, first, last
    return None


def has_named_person(letter: Letter) -> bool:
    """Whether the letter greets a named person rather than "Sehr geehrte Damen und Herren"."""
    return _person(letter.recipient) is not None


def _english_title(title: str) -> str:
    if "prof" in title.lower():
        return "Professor"
    if "dr" in title.lower():
        return "Dr"
    return ""


def salutation_for(recipient: Recipient, language: Language = "de") -> str:
    """The greeting line derived from the recipient, with its comma."""
    person = _person(recipient)
    if person is None:
        return "Sehr geehrte Damen und Herren," if language == "de" else "Dear Sir or Madam,"
    kind, title, first, last = person
    if language == "de":
        if kind == "frau":
            return f"Sehr geehrte {_join('Frau', title, last)},"
        if kind == "herr":
            return f"Sehr geehrter {_join('Herr', title, last)},"
        return f"Guten Tag {_join(title, first, last)},"
    if kind == "neutral":
        return f"Dear {_join(first, last)},"
    # "Dear Dr Schulz" replaces "Ms"/"Mr"; German titles map to their English forms.
    honorific = _english_title(title) or ("Ms" if kind == "frau" else "Mr")
    return f"Dear {honorific} {last},"


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def address_lines(recipient: Recipient) -> list[str]:
    """The recipient zone, top down in DIN 5008 order; at most six lines, none empty."""
    person = ""
    if _clean(recipient.last_name):
        honorific = {"frau": "Frau", "herr": "Herr"}.get((recipient.salutation or "").lower(), "")
        person = _join(
            honorific,
            _clean(recipient.title),
            _clean(recipient.first_name),
            _clean(recipient.last_name),
        )
    lines = [
        _clean(recipient.company),
        person,
        _clean(recipient.street),
        _join(_clean(recipient.postal_code), _clean(recipient.city)),
        _clean(recipient.country).upper(),
    ]
    return [line for line in lines if line][:RECIPIENT_MAX_LINES]


def return_address_line(sender: Sender) -> str:
    """The one-line return address above the recipient zone."""
    if _clean(sender.return_address):
        return _clean(sender.return_address)
    place = _join(_clean(sender.postal_code), _clean(sender.city))
    return " · ".join(part for part in (_clean(sender.name), _clean(sender.street), place) if part)


# ---------------------------------------------------------------------------
# The text flow below the address field, shared by the renderer and letter_text
# ---------------------------------------------------------------------------

BlockKind = Literal[
    "subject",
    "salutation",
    "body",
    "closing",
    "signature",
    "enclosures_label",
    "enclosure",
    "notice_title",
    "notice",
]


@dataclass(frozen=True)
class _Block:
    kind: BlockKind
    text: str


def _closing(letter: Letter) -> str:
    if letter.closing is not None:
        return _clean(letter.closing)
    words = _WORDS[letter.language]
    return words["closing"] if has_named_person(letter) else words["closing_unnamed"]


def _flow(letter: Letter) -> list[_Block]:
    words = _WORDS[letter.language]
    salutation = letter.salutation
    if salutation is None:
        salutation = salutation_for(letter.recipient, letter.language)
    blocks = [_Block("subject", _clean(letter.subject)), _Block("salutation", _clean(salutation))]
    blocks += [_Block("body", text) for text in map(_clean_lines, letter.body) if text]
    blocks.append(_Block("closing", _closing(letter)))
    signature = "\n".join(
        filter(None, (_clean(letter.signature_name), _clean(letter.signature_role)))
    )
    blocks.append(_Block("signature", signature))
    enclosures = [text for text in map(_clean, letter.enclosures) if text]
    if enclosures:
        label = words["enclosures"] if len(enclosures) > 1 else words["enclosure"]
        blocks.append(_Block("enclosures_label", label))
        blocks += [_Block("enclosure", text) for text in enclosures]
    notice = _clean_lines(letter.privacy_notice).splitlines()
    if notice:
        blocks.append(_Block("notice_title", words["notice"]))
        blocks += [_Block("notice", text) for text in notice]
    return [block for block in blocks if block.text]


# Blocks that continue the previous one on the next line rather than after a blank line.
_CONTINUES = {"enclosure", "notice"}


def preview_blocks(letter: Letter) -> list[tuple[str, str]]:
    """(kind, text) of each block below the address field, for an on-screen preview."""
    return [(block.kind, block.text) for block in _flow(letter)]


def info_rows(letter: Letter) -> list[tuple[str, str]]:
    """(label, value) of each filled line of the information block."""
    return [(label, value) for label, value, _starts in _info_rows(letter)]


def letter_text(letter: Letter) -> str:
    """The plain text of the letter from the subject to the privacy notice, as printed."""
    parts: list[str] = []
    for block in _flow(letter):
        separator = "\n" if block.kind in _CONTINUES else "\n\n"
        parts.append((separator if parts else "") + block.text)
    return "".join(parts)


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------

_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)


@functools.lru_cache(maxsize=512)
def _parsed(markup: str) -> BaseOxmlElement:
    return parse_xml(markup)


def _xml(markup: str) -> BaseOxmlElement:
    """Parse OXML built from layout numbers (never from letter text: that goes in via `run.text`).

    The same markup recurs in every letter, so it is parsed once and copied; python-docx's
    property API and lxml's parser cost more than the rest of a letter.
    """
    return copy.deepcopy(_parsed(markup))


def _emu(mm: float) -> int:
    return round(mm * EMU_PER_MM)


def _anchor_xml(
    *, shape_id: int, name: str, x_mm: float, y_mm: float, cx: int, cy: int, graphic: str
) -> str:
    """A page-positioned drawing, in front of the text, that never moves the text flow."""
    return (
        f'<wp:anchor {_NS} distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{251_659_264 + shape_id}" behindDoc="0" locked="1" '
        f'layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{_emu(x_mm)}</wp:posOffset>'
        "</wp:positionH>"
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{_emu(y_mm)}</wp:posOffset>'
        "</wp:positionV>"
        f'<wp:extent cx="{cx}" cy="{cy}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        "<wp:wrapNone/>"
        f'<wp:docPr id="{shape_id}" name="{name}"/>'
        "<wp:cNvGraphicFramePr/>"
        f"{graphic}"
        "</wp:anchor>"
    )


def _shape_graphic(*, cx: int, cy: int, non_visual: str, geometry: str, rest: str = "") -> str:
    """A Word 2010 shape (wps:wsp) of the given size; `rest` is what follows wps:spPr."""
    return (
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        f'wordprocessingShape"><wps:wsp>{non_visual}'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        f"{geometry}</wps:spPr>{rest}</wps:wsp></a:graphicData></a:graphic>"
    )


def _drawing_run(anchor: BaseOxmlElement) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    drawing = OxmlElement("w:drawing")
    drawing.append(anchor)
    run.append(drawing)
    return run


def _text_box(
    paragraph: Paragraph,
    ids: Iterator[int],
    *,
    name: str,
    x_mm: float,
    y_mm: float,
    width_mm: float,
    height_mm: float,
    inset_left_mm: float = 0.0,
    inset_top_mm: float = 0.0,
    inset_bottom_mm: float = 0.0,
    vertical: Literal["t", "b"] = "t",
) -> BaseOxmlElement:
    """Anchor a fixed-size text box to `paragraph`; return its (empty) w:txbxContent."""
    cx, cy = _emu(width_mm), _emu(height_mm)
    graphic = _shape_graphic(
        cx=cx,
        cy=cy,
        non_visual='<wps:cNvSpPr txBox="1"/>',
        geometry='<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>'
        "<a:ln><a:noFill/></a:ln>",
        rest="<wps:txbx><w:txbxContent/></wps:txbx>"
        f'<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="{_emu(inset_left_mm)}" '
        f'tIns="{_emu(inset_top_mm)}" rIns="0" bIns="{_emu(inset_bottom_mm)}" '
        f'anchor="{vertical}" anchorCtr="0" upright="1">'
        "<a:noAutofit/></wps:bodyPr>",
    )
    anchor = _xml(
        _anchor_xml(
            shape_id=next(ids), name=name, x_mm=x_mm, y_mm=y_mm, cx=cx, cy=cy, graphic=graphic
        )
    )
    paragraph._p.append(_drawing_run(anchor))
    return next(anchor.iter(qn("w:txbxContent")))


def _box_paragraph(content: BaseOxmlElement, parent: Paragraph) -> Paragraph:
    """A new paragraph inside a text box, wrapped for python-docx's formatting API."""
    p = OxmlElement("w:p")
    content.append(p)
    return Paragraph(p, parent._parent)


def _line_mark(
    paragraph: Paragraph, ids: Iterator[int], *, name: str, y_mm: float, length_mm: float
) -> None:
    cx = _emu(length_mm)
    graphic = _shape_graphic(
        cx=cx,
        cy=0,
        non_visual="<wps:cNvCnPr/>",
        geometry='<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        '<a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>',
        rest="<wps:bodyPr/>",
    )
    anchor = _anchor_xml(
        shape_id=next(ids), name=name, x_mm=MARK_LEFT_MM, y_mm=y_mm, cx=cx, cy=0, graphic=graphic
    )
    paragraph._p.append(_drawing_run(_xml(anchor)))


def _marks(paragraph: Paragraph, ids: Iterator[int], layout: FormLayout) -> None:
    for y_mm in layout.fold_marks_mm:
        _line_mark(paragraph, ids, name="Fold mark", y_mm=y_mm, length_mm=FOLD_MARK_LENGTH_MM)
    _line_mark(paragraph, ids, name="Hole mark", y_mm=HOLE_MARK_MM, length_mm=HOLE_MARK_LENGTH_MM)


def _keep_parts(line: str) -> str:
    """Let a " · "-separated line wrap only between its parts ("08056 Zwickau" stays whole)."""
    return " · ".join(
        part.replace(" ", "\u00a0") if len(part) <= 25 else part for part in line.split(" · ")
    )


def _ppr(before_twips: int, line_twips: int | None, keep_with_next: bool) -> BaseOxmlElement:
    keep = "<w:keepNext/>" if keep_with_next else ""
    line = f' w:line="{line_twips}" w:lineRule="exact"' if line_twips is not None else ""
    return _xml(
        f'<w:pPr {_NS}>{keep}<w:spacing w:before="{before_twips}" w:after="0"{line}/></w:pPr>'
    )


def _rpr(half_points: int, bold: bool, grey: bool) -> BaseOxmlElement:
    weight = "<w:b/><w:bCs/>" if bold else ""
    colour = f'<w:color w:val="{GREY}"/>' if grey else ""
    size = f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    return _xml(f"<w:rPr {_NS}>{weight}{colour}{size}</w:rPr>")


def _format(
    paragraph: Paragraph,
    *,
    before_pt: float = 0.0,
    line_pt: float | None = None,
    keep_with_next: bool = False,
) -> Paragraph:
    """Replace the paragraph's properties: Normal style, spacing in points, exact `line_pt`.

    Replacing also drops the "Header"/"Footer" styles of python-docx's template, whose
    tab stops are set for US Letter.
    """
    p = paragraph._p
    if p.pPr is not None:
        p.remove(p.pPr)
    line_twips = round(line_pt * 20) if line_pt is not None else None
    p.insert(0, _ppr(round(before_pt * 20), line_twips, keep_with_next))
    return paragraph


def _run(
    paragraph: Paragraph,
    text: str,
    *,
    size_pt: float,
    bold: bool = False,
    grey: bool = False,
) -> None:
    run = OxmlElement("w:r")
    run.append(_rpr(round(size_pt * 2), bold, grey))
    run.text = text  # python-docx turns "\t" and "\n" into w:tab and w:br
    paragraph._p.append(run)


def _setup_styles(document: DocxDocument, language: Language) -> None:
    """Arial 11 pt, no paragraph spacing, and the letter's language for spelling."""
    styles = document.styles.element
    for old in styles.findall(qn("w:docDefaults")):
        styles.remove(old)
    size = round(BODY_PT * 2)
    lang = "de-DE" if language == "de" else "en-GB"
    styles.insert(
        0,
        _xml(
            f"<w:docDefaults {_NS}><w:rPrDefault><w:rPr>"
            f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
            f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
            f'<w:lang w:val="{lang}" w:eastAsia="{lang}" w:bidi="ar-SA"/>'
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
            '<w:widowControl/><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )


def _setup_page(section: Section, letterhead: Letterhead) -> None:
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    # Room for the footer lines above the footer distance, and a little air.
    footer_mm = len(letterhead.footer_lines) * FOOTER_PT * 1.25 * 25.4 / 72
    section.bottom_margin = Mm(max(20.0, FOOTER_DISTANCE_MM + footer_mm + 6.0))
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    section.different_first_page_header_footer = True


def _letterhead(
    anchor_p: Paragraph, letter: Letter, layout: FormLayout, ids: Iterator[int]
) -> None:
    """The letterhead zone of page 1: sender name and contact line, the logo on the right.

    Both float at a page position like the address field, so a long sender name can
    never push the body, and with it the subject, down.
    """
    sender = letter.sender
    words = _WORDS[letter.language]

    width_mm = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
    logo = letter.letterhead.logo
    if logo:
        logo_width_mm = letter.letterhead.logo_width_mm
        # The logo keeps its proportions and stays inside the letterhead zone.
        image = Image.from_blob(logo)
        logo_height_mm = logo_width_mm * image.px_height / max(image.px_width, 1)
        max_height_mm = layout.letterhead_mm - HEADER_DISTANCE_MM - 3.0
        if logo_height_mm > max_height_mm:
            logo_width_mm *= max_height_mm / logo_height_mm
            logo_height_mm = max_height_mm
        _float_picture(
            anchor_p,
            ids,
            logo,
            x_mm=PAGE_WIDTH_MM - MARGIN_RIGHT_MM - logo_width_mm,
            y_mm=HEADER_DISTANCE_MM,
            width_mm=logo_width_mm,
            height_mm=logo_height_mm,
        )
        width_mm -= logo_width_mm + 5.0

    content = _text_box(
        anchor_p,
        ids,
        name="Letterhead",
        x_mm=MARGIN_LEFT_MM,
        y_mm=HEADER_DISTANCE_MM,
        width_mm=width_mm,
        height_mm=layout.letterhead_mm - HEADER_DISTANCE_MM - 2.0,
    )
    name_p = _format(_box_paragraph(content, anchor_p))
    _run(name_p, _clean(sender.name), size_pt=LETTERHEAD_NAME_PT, bold=True)
    contact = " · ".join(
        part
        for part in (
            _clean(sender.street),
            _join(_clean(sender.postal_code), _clean(sender.city)),
            _join(words["phone"], _clean(sender.phone)) if _clean(sender.phone) else "",
            _clean(sender.email),
            _clean(sender.website),
        )
        if part
    )
    contact_p = _format(_box_paragraph(content, anchor_p), before_pt=2)
    _run(contact_p, _keep_parts(contact), size_pt=LETTERHEAD_LINE_PT, grey=True)


def _headers(section: Section, letter: Letter, layout: FormLayout, ids: Iterator[int]) -> None:
    """Fold and hole marks on every page; pages 2 and on also say "Seite 2 von 3"."""
    first = section.first_page_header
    first.is_linked_to_previous = False
    _marks(_format(first.paragraphs[0], line_pt=1), ids, layout)

    words = _WORDS[letter.language]
    section.header.is_linked_to_previous = False
    paragraph = _format(section.header.paragraphs[0])
    text_width = Mm(PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM)
    paragraph.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    _run(paragraph, _clean(letter.sender.name), size_pt=FOOTER_PT, grey=True)
    _run(paragraph, f"\t{words['page']} ", size_pt=FOOTER_PT, grey=True)
    _field(paragraph, "PAGE", "2", FOOTER_PT)
    _run(paragraph, f" {words['of']} ", size_pt=FOOTER_PT, grey=True)
    _field(paragraph, "NUMPAGES", "2", FOOTER_PT)
    _marks(paragraph, ids, layout)


def _float_picture(
    paragraph: Paragraph,
    ids: Iterator[int],
    blob: bytes,
    *,
    x_mm: float,
    y_mm: float,
    width_mm: float,
    height_mm: float,
) -> None:
    """Store the image with python-docx, then float it at a page position."""
    part = paragraph.part
    inline = part.new_pic_inline(io.BytesIO(blob), width=Mm(width_mm), height=Mm(height_mm))
    anchor = _xml(
        _anchor_xml(
            shape_id=next(ids),
            name="Logo",
            x_mm=x_mm,
            y_mm=y_mm,
            cx=_emu(width_mm),
            cy=_emu(height_mm),
            graphic="",
        )
    )
    anchor.append(inline.graphic)
    paragraph._p.append(_drawing_run(anchor))


def _field(paragraph: Paragraph, instruction: str, placeholder: str, size_pt: float) -> None:
    half_points = round(size_pt * 2)
    paragraph._p.append(
        _xml(
            f'<w:fldSimple {_NS} w:instr=" {instruction} "><w:r><w:rPr><w:color w:val="{GREY}"/>'
            f'<w:sz w:val="{half_points}"/></w:rPr><w:t>{placeholder}</w:t></w:r></w:fldSimple>'
        )
    )


def _footers(section: Section, letterhead: Letterhead) -> None:
    lines = [line for line in map(_clean, letterhead.footer_lines) if line]
    for footer in (section.first_page_footer, section.footer):
        footer.is_linked_to_previous = False
        for index, line in enumerate(lines):
            paragraph = footer.paragraphs[0] if index == 0 else footer.add_paragraph()
            _format(paragraph)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(paragraph, line, size_pt=FOOTER_PT, grey=True)


def _info_rows(letter: Letter) -> Iterator[tuple[str, str, bool]]:
    """(label, value, starts_group) for each filled line of the information block."""
    info = letter.info
    words = _WORDS[letter.language]
    your_message = (
        format_date(info.your_message_date, letter.language) if info.your_message_date else ""
    )
    groups = [
        [
            ("your_reference", info.your_reference),
            ("your_message_date", your_message),
            ("our_reference", info.our_reference),
        ],
        [("name", info.name), ("phone", info.phone), ("email", info.email)],
        [("date", format_date(info.date, letter.language))],
    ]
    for group in groups:
        rows = [(words[key], _clean(value)) for key, value in group if _clean(value)]
        for index, (label, value) in enumerate(rows):
            yield label, value, index == 0


def _info_height_mm(letter: Letter) -> float:
    rows = list(_info_rows(letter))
    groups = sum(1 for *_, starts in rows if starts)
    pitch_mm = INFO_LINE_PT * 25.4 / 72
    return len(rows) * pitch_mm + (groups - 1) * pitch_mm / 2


def _address_field(
    anchor_p: Paragraph, letter: Letter, layout: FormLayout, ids: Iterator[int]
) -> None:
    content = _text_box(
        anchor_p,
        ids,
        name="Return address",
        x_mm=ADDRESS_LEFT_MM,
        y_mm=layout.letterhead_mm,
        width_mm=ADDRESS_WIDTH_MM,
        height_mm=RETURN_ZONE_MM,
        inset_left_mm=ADDRESS_INSET_MM,
        inset_bottom_mm=ZONE_CLEARANCE_MM,
        vertical="b",
    )
    p = _format(_box_paragraph(content, anchor_p), line_pt=RETURN_PT + 1.5)
    _run(p, _keep_parts(return_address_line(letter.sender)), size_pt=RETURN_PT)

    content = _text_box(
        anchor_p,
        ids,
        name="Recipient",
        x_mm=ADDRESS_LEFT_MM,
        y_mm=layout.recipient_top_mm,
        width_mm=ADDRESS_WIDTH_MM,
        height_mm=RECIPIENT_ZONE_MM,
        inset_left_mm=ADDRESS_INSET_MM,
        inset_top_mm=ZONE_CLEARANCE_MM,
    )
    # A text box needs at least one paragraph, even for an empty address.
    for line in address_lines(letter.recipient) or [""]:
        p = _format(_box_paragraph(content, anchor_p), line_pt=ADDRESS_LINE_PT)
        _run(p, line, size_pt=ADDRESS_PT)


def _info_block(
    anchor_p: Paragraph, letter: Letter, layout: FormLayout, ids: Iterator[int]
) -> None:
    content = _text_box(
        anchor_p,
        ids,
        name="Information block",
        x_mm=INFO_LEFT_MM,
        y_mm=layout.info_top_mm,
        width_mm=INFO_WIDTH_MM,
        height_mm=max(INFO_MIN_HEIGHT_MM, _info_height_mm(letter)),
    )
    for label, value, starts_group in _info_rows(letter):
        before = INFO_LINE_PT / 2 if starts_group and len(content) else 0.0
        p = _format(_box_paragraph(content, anchor_p), before_pt=before, line_pt=INFO_LINE_PT)
        # Label column, then the value; a value that wraps stays in its column.
        fmt = p.paragraph_format
        fmt.left_indent = Mm(INFO_LABEL_WIDTH_MM)
        fmt.first_line_indent = Mm(-INFO_LABEL_WIDTH_MM)
        fmt.tab_stops.add_tab_stop(Mm(INFO_LABEL_WIDTH_MM))
        _run(p, f"{label}:\t", size_pt=INFO_LABEL_PT, grey=True)
        _run(p, value, size_pt=INFO_PT)


def subject_top_mm(letter: Letter) -> float:
    """Where the subject line starts: two DIN blank lines under the address field or info block."""
    layout = FORM_LAYOUTS[letter.form]
    info_bottom = layout.info_top_mm + max(INFO_MIN_HEIGHT_MM, _info_height_mm(letter))
    return max(layout.address_bottom_mm, info_bottom) + 2 * DIN_LINE_MM


_BEFORE_LINES: dict[str, float] = {
    "subject": 0,
    "salutation": 2,
    "body": 1,
    "closing": 1,
    "signature": 3,  # room for the handwritten signature
    "enclosures_label": 1,
    "enclosure": 0,
    "notice_title": 2,
    "notice": 0,
}


_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _notice_border(paragraph: Paragraph) -> None:
    """A thin grey frame; consecutive paragraphs with the same border share one box."""
    sides = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="4" w:color="808080"/>'
        for side in ("top", "left", "bottom", "right")
    )
    # CT_PPr is a sequence: pBdr goes after keepNext/keepLines, before spacing and ind.
    paragraph._p.get_or_add_pPr().insert_element_before(
        _xml(f"<w:pBdr {_NS}>{sides}</w:pBdr>"), *_AFTER_PBDR
    )
    paragraph.paragraph_format.left_indent = Mm(2)
    paragraph.paragraph_format.right_indent = Mm(2)


# A line that introduces the next one stays on its page; so does the notice box as a whole.
_KEEP_WITH_NEXT = {"subject", "salutation", "closing", "enclosures_label", "notice_title"}
# The signature's name and role are one block on one page.
_KEEP_TOGETHER = {"signature"}


def _body(document: DocxDocument, letter: Letter) -> None:
    blocks = _flow(letter)
    for index, block in enumerate(blocks):
        following = blocks[index + 1].kind if index + 1 < len(blocks) else None
        keep = (
            block.kind in _KEEP_WITH_NEXT
            or (block.kind == "notice" and following == "notice")
            # The closing and signature never start a page alone: the last paragraph
            # goes over with them (its last lines at least, where it splits).
            or (block.kind == "body" and following == "closing")
        )
        paragraph = _format(
            document.add_paragraph(),
            before_pt=_BEFORE_LINES[block.kind] * BODY_LINE_PT,
            keep_with_next=keep,
        )
        if block.kind in _KEEP_TOGETHER:
            paragraph.paragraph_format.keep_together = True
        if block.kind in ("notice_title", "notice"):
            paragraph.paragraph_format.keep_together = True
            _notice_border(paragraph)
            _run(paragraph, block.text, size_pt=NOTICE_PT, bold=block.kind == "notice_title")
            continue
        bold = block.kind in ("subject", "enclosures_label")
        _run(paragraph, block.text, size_pt=BODY_PT, bold=bold)


def _spacer(document: DocxDocument, letter: Letter) -> Paragraph:
    """An empty first paragraph exactly as tall as the gap from the top margin to the subject."""
    height_pt = (subject_top_mm(letter) - MARGIN_TOP_MM) * 72 / 25.4
    return _format(document.add_paragraph(), line_pt=height_pt)


class _Stationery:
    """A team's blank letter paper, built once and reused for every letter on it.

    Opening python-docx's template (about 800 kB of styles XML), building the headers
    and footers, and compressing those parts again cost more than the letter itself.
    So one document per letterhead keeps them: each letter replaces only the body,
    and the package is written with the other parts' compressed bytes cached.
    """

    def __init__(self, letter: Letter) -> None:
        self.lock = threading.Lock()
        layout = FORM_LAYOUTS[letter.form]
        # Drawing ids must be unique across the body and header parts, or Word "repairs"
        # the file: the headers take theirs first, each letter's body counts on from there.
        ids = itertools.count(1001)
        self.document = docx.Document()
        _setup_styles(self.document, letter.language)
        section = self.document.sections[0]
        _setup_page(section, letter.letterhead)
        _headers(section, letter, layout, ids)
        _footers(section, letter.letterhead)
        self.first_body_id = next(ids)
        self.cached: dict[str, _ZipEntry] = {}

    def render(self, letter: Letter) -> bytes:
        document = self.document
        layout = FORM_LAYOUTS[letter.form]
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        ids = itertools.count(self.first_body_id)
        anchor_p = _spacer(document, letter)
        _letterhead(anchor_p, letter, layout, ids)
        _address_field(anchor_p, letter, layout, ids)
        _info_block(anchor_p, letter, layout, ids)
        _body(document, letter)
        _core_properties(document, letter)
        return self._package()

    def _package(self) -> bytes:
        """The DOCX: the letter's own parts compressed afresh, the others from the cache."""
        document_part = self.document.part
        package = document_part.package
        core_part = package._core_properties_part
        parts = list(package.iter_parts())
        entries = [
            _zip_entry("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob),
            _zip_entry(PACKAGE_URI.rels_uri.membername, package.rels.xml),
        ]
        for part in parts:
            name = part.partname.membername
            changing = part is document_part or part is core_part
            if changing or name not in self.cached:
                self.cached[name] = _zip_entry(name, part.blob)
            entries.append(self.cached[name])
            if len(part.rels):
                rels_name = part.partname.rels_uri.membername
                if changing or rels_name not in self.cached:
                    self.cached[rels_name] = _zip_entry(rels_name, part.rels.xml)
                entries.append(self.cached[rels_name])
        return _zip(entries)


def _core_properties(document: DocxDocument, letter: Letter) -> None:
    props = document.core_properties
    props.title = _clean(letter.subject)
    props.author = _clean(letter.signature_name) or _clean(letter.sender.name)
    props.last_modified_by = props.author
    props.comments = ""
    props.language = "de-DE" if letter.language == "de" else "en-GB"
    props.revision = 1
    # Deterministic metadata: the letter's date, not the moment of rendering.
    props.created = dt.datetime.combine(letter.info.date, dt.time(), tzinfo=dt.UTC)
    props.modified = props.created


@dataclass(frozen=True)
class _ZipEntry:
    name: bytes
    crc: int
    size: int
    data: bytes  # raw deflate stream


def _zip_entry(name: str, blob: bytes) -> _ZipEntry:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    data = compressor.compress(blob) + compressor.flush()
    return _ZipEntry(name.encode(), zlib.crc32(blob), len(blob), data)


# 1980-01-01 00:00 in MS-DOS format: a fixed time, so that the same letter gives the same bytes.
_DOS_DATE = (1 << 5) | 1


def _zip(entries: Sequence[_ZipEntry]) -> bytes:
    """A plain ZIP archive of deflated entries, as OPC (and so Word) reads it.

    zipfile cannot write data that is already compressed; this writes the few fixed
    headers itself (no ZIP64: a letter is far below 4 GB).
    """
    out = bytearray()
    central = bytearray()
    for entry in entries:
        offset = len(out)
        head = (0x0014, 0, 8, 0, _DOS_DATE, entry.crc, len(entry.data), entry.size)
        out += struct.pack("<I5H3I2H", 0x04034B50, *head, len(entry.name), 0)
        out += entry.name + entry.data
        central += struct.pack(
            "<I6H3I5H2I", 0x02014B50, 0x0014, *head, len(entry.name), 0, 0, 0, 0, 0, offset
        )
        central += entry.name
    end = struct.pack(
        "<I4H2IH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0
    )
    return bytes(out + central + end)


def _stationery_for(letter: Letter) -> _Stationery:
    head = letter.letterhead
    # What the cached paper depends on; the letter itself only builds it the first time.
    key = (
        letter.sender,
        head.logo,
        head.logo_width_mm,
        tuple(head.footer_lines),
        letter.form,
        letter.language,
    )
    return _cached_stationery(key, letter)


# A few letterheads per process (teams, forms, languages); the oldest goes first.
_STATIONERY: dict[tuple[object, ...], _Stationery] = {}
_STATIONERY_LOCK = threading.Lock()
_STATIONERY_MAX = 16


def _cached_stationery(key: tuple[object, ...], letter: Letter) -> _Stationery:
    with _STATIONERY_LOCK:
        stationery = _STATIONERY.get(key)
        if stationery is None:
            if len(_STATIONERY) >= _STATIONERY_MAX:
                _STATIONERY.pop(next(iter(_STATIONERY)))
            stationery = _STATIONERY[key] = _Stationery(letter)
        return stationery


def render_docx(letter: Letter) -> bytes:
    """The letter as a DIN 5008 DOCX (A4, Form A or B)."""
    stationery = _stationery_for(letter)
    with stationery.lock:
        return stationery.render(letter)
