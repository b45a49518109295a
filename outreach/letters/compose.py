"""From the records to a letter: the team's letterhead, the company, the person, the text.

`din5008` lays a letter out from plain dataclasses and knows nothing of Django;
this module maps the models onto them, and renders the teams' own DOCX
templates (docxtpl: Jinja placeholders inside Word) with the same values. The
checks a template passes on upload live here too, next to the values it may use.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import docx
import jinja2
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _
from docx.image.image import Image
from docxtpl import DocxTemplate, Listing
from jinja2 import nodes
from jinja2.sandbox import SecurityError

from companies.models import Company, Contact
from outreach.letters import din5008
from outreach.letters.sandbox import LimitedSandbox, TemplateLimitError
from outreach.models import LetterSettings, LetterTemplate

# Every placeholder a team template may use, with what it prints (shown on upload).
PLACEHOLDERS: dict[str, str] = {
    "company.name": "Metallbau Müller GmbH",
    "company.street": "Industriestraße 12",
    "company.postal_code": "04109",
    "company.city": "Leipzig",
    "company.district": "Leipzig, Stadt",
    "company.address": "Metallbau Müller GmbH / Frau Dr. Petra Schulz / …",
    "contact.salutation": "Sehr geehrte Frau Dr. Schulz,",
    "contact.name": "Dr. Petra Schulz",
    "contact.title": "Dr.",
    "contact.first_name": "Petra",
    "contact.last_name": "Schulz",
    "contact.position": "Geschäftsführerin",
    "statement.body": "the benefit statement, paragraph by paragraph",
    "statement.paragraphs": "the paragraphs, for {% for p in statement.paragraphs %}",
    "letter.date": "25. August 2026",
    "letter.subject": "Fachkräfte gewinnen und halten",
    "letter.our_reference": "123",
    "letter.closing": "Mit freundlichen Grüßen",
    "letter.privacy_notice": "the team's notice (first letters only, else empty)",
    "letter.first": "true in the first letter to a company",
    "sender.name": "Kompetenzzentrum Westsachsen",
    "sender.street": "Markt 1",
    "sender.postal_code": "08056",
    "sender.city": "Zwickau",
    "sender.phone": "0375 123456-0",
    "sender.email": "info@kz-westsachsen.de",
    "sender.website": "www.kz-westsachsen.de",
    "user.name": "Anna Becker",
    "user.email": "a.becker@kz-westsachsen.de",
}
# Values that hold several lines or paragraphs (docxtpl Listing: "\n" a line break,
# "\a" a new paragraph with the placeholder's formatting).
_MULTILINE = {"company.address", "statement.body", "letter.privacy_notice"}
_LISTS = {"statement.paragraphs"}
# Jinja's own names: inside loops, and the globals the sandbox keeps (range is capped).
_JINJA_NAMES = {"loop", "range", "namespace", "cycler", "joiner", "dict"}

NOT_A_DOCX = _("This is not a Word document (DOCX). Save the template as .docx and try again.")


@dataclass(frozen=True, kw_only=True)
class LetterDraft:
    """A letter ready to render: the layout's dataclass plus what the records need."""

    letter: din5008.Letter
    template_blob: bytes | None = None

    @property
    def text(self) -> str:
        """The printed text the outreach checks compare (subject to privacy notice)."""
        return din5008.letter_text(self.letter)

    def render(self) -> bytes:
        if self.template_blob is None:
            return din5008.render_docx(self.letter)
        return template_render(self.template_blob, template_values(self.letter))


# ------------------------------------------------------------------------------
# Records → dataclasses
# ------------------------------------------------------------------------------
def sender_for(settings: LetterSettings) -> din5008.Sender:
    return din5008.Sender(
        name=settings.sender_name,
        street=settings.street,
        postal_code=settings.postal_code,
        city=settings.city,
        phone=settings.phone,
        email=settings.email,
        website=settings.website,
        return_address=settings.return_address,
    )


def letterhead_logo(settings: LetterSettings) -> bytes | None:
    """The team's letterhead logo, or None when there is none or it cannot be read as a
    picture (the letter is then made without it rather than not at all). One reader for
    every letter: case letters, invitations, certificates and thank-you letters."""
    if not settings.logo:
        return None
    with settings.logo.open("rb") as handle:
        blob = bytes(handle.read())
    try:
        Image.from_blob(blob)
    except Exception:  # python-docx raises anything from a broken file
        return None
    return blob


def letterhead_for(settings: LetterSettings, logo: bytes | None) -> din5008.Letterhead:
    return din5008.Letterhead(
        logo=logo,
        logo_width_mm=float(settings.logo_width_mm),
        footer_lines=tuple(line for line in settings.footer.splitlines() if line.strip()),
    )


def recipient_for(company: Company, contact: Contact | None) -> din5008.Recipient:
    person: dict[str, Any] = {}
    if contact is not None:
        person = {
            "salutation": contact.salutation,
            "title": contact.title,
            "first_name": contact.first_name,
            "last_name": contact.last_name,
        }
    return din5008.Recipient(
        company=company.full_name,
        street=company.street,
        postal_code=company.postal_code,
        city=company.city,
        **person,
    )


def has_postal_address(company: Company) -> bool:
    """A letter needs a street and a postal code or city to be delivered."""
    return bool(company.street.strip() and (company.postal_code.strip() or company.city.strip()))


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a statement or campaign text: blocks separated by blank lines."""
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n"))
    return [block.strip() for block in blocks if block.strip()]


def person_name(user: AbstractBaseUser | None) -> str:
    """How a letter signs for a user: the full name, else the user name."""
    if user is None:
        return ""
    full_name = getattr(user, "get_full_name", lambda: "")()
    return str(full_name or user.get_username())


def letter_for(
    *,
    settings: LetterSettings,
    logo: bytes | None,
    company: Company,
    contact: Contact | None,
    by: AbstractBaseUser | None,
    subject: str,
    text: str,
    first: bool,
    on: dt.date,
    reference: str = "",
    language: str = "de",
) -> din5008.Letter:
    """The letter to `company` (and `contact`) with `text` as its body, on the team's paper."""
    name = person_name(by)
    return din5008.Letter(
        sender=sender_for(settings),
        recipient=recipient_for(company, contact),
        info=din5008.InfoBlock(
            date=on,
            our_reference=reference,
            name=name,
            phone=settings.phone,
            email=getattr(by, "email", "") or settings.email,
        ),
        subject=subject,
        body=paragraphs(text),
        signature_name=name,
        privacy_notice=settings.privacy_notice if first else "",
        letterhead=letterhead_for(settings, logo),
        form="A" if settings.form == LetterSettings.Form.A else "B",
        language="en" if language == "en" else "de",
    )


def campaign_letter_text(
    *,
    settings: LetterSettings,
    company: Company,
    contact: Contact | None,
    by: AbstractBaseUser | None,
    subject: str,
    text: str,
    on: dt.date,
    language: str = "de",
) -> str:
    """A campaign letter as its recipient reads it: the body between its own salutation
    and closing (no letterhead, no privacy notice)."""
    letter = letter_for(
        settings=settings,
        logo=None,
        company=company,
        contact=contact,
        by=by,
        subject=subject or settings.subject,
        text=text,
        first=False,
        on=on,
        language=language,
    )
    return din5008.letter_text(letter)


# ------------------------------------------------------------------------------
# Team templates (docxtpl)
# ------------------------------------------------------------------------------
def _environment() -> LimitedSandbox:
    # Sandboxed: a template is uploaded by a person, and must not reach into Python,
    # nor ask for more text or time than a letter takes (outreach.letters.sandbox).
    # Autoescape: the values go into XML, so "<" and "&" in a company name stay text.
    return LimitedSandbox(autoescape=True)


# What a template is tried with on upload: a realistic first letter, every value set.
SAMPLE_BODY = [
    "Sie suchen Fachkräfte für die Fertigung; viele Ihrer Beschäftigten arbeiten in Schichten.",
    "Familienfreundliche Schichtpläne und eine Ferienbetreuung helfen, gute Leute zu halten.",
    "Gern stellen wir Ihnen vor, wie andere Betriebe in Leipzig das umgesetzt haben.",
]


def sample_values() -> dict[str, Any]:
    """Placeholder values of a realistic sample letter, for the upload's trial render."""
    values: dict[str, Any] = dict(PLACEHOLDERS)
    values.update(
        {
            "company.address": "Metallbau Müller GmbH\nFrau Dr. Petra Schulz\n"
            "Industriestraße 12\n04109 Leipzig",
            "statement.body": "\a".join(SAMPLE_BODY),
            "statement.paragraphs": SAMPLE_BODY,
            "letter.privacy_notice": "Hinweise zum Datenschutz: Ihre Anschrift stammt aus "
            "dem Handelsregister (Art. 14 DSGVO). Sie können widersprechen (Art. 21 DSGVO).",
            "letter.first": True,
        }
    )
    return _nest(values)


def template_values(letter: din5008.Letter) -> dict[str, Any]:
    """The placeholder values for a team template, from the same letter the layout prints."""
    recipient = letter.recipient
    person = " ".join(
        part
        for part in (recipient.title, recipient.first_name, recipient.last_name)
        if part.strip()
    )
    body = [text for text in map(din5008.printable, letter.body) if text]
    closing = letter.closing or (
        "Mit freundlichen Grüßen" if letter.language == "de" else "Yours sincerely"
    )
    values: dict[str, Any] = {
        "company.name": recipient.company,
        "company.street": recipient.street,
        "company.postal_code": recipient.postal_code,
        "company.city": recipient.city,
        "company.district": "",
        "company.address": "\n".join(din5008.address_lines(recipient)),
        "contact.salutation": letter.salutation or din5008.salutation_for(recipient),
        "contact.name": person,
        "contact.title": recipient.title,
        "contact.first_name": recipient.first_name,
        "contact.last_name": recipient.last_name,
        "contact.position": "",
        "statement.body": "\a".join(body),
        "statement.paragraphs": body,
        "letter.date": din5008.format_date(letter.info.date, letter.language),
        "letter.subject": letter.subject,
        "letter.our_reference": letter.info.our_reference,
        "letter.closing": closing,
        "letter.privacy_notice": letter.privacy_notice,
        "letter.first": bool(letter.privacy_notice),
        "sender.name": letter.sender.name,
        "sender.street": letter.sender.street,
        "sender.postal_code": letter.sender.postal_code,
        "sender.city": letter.sender.city,
        "sender.phone": letter.sender.phone,
        "sender.email": letter.sender.email,
        "sender.website": letter.sender.website,
        "user.name": letter.signature_name,
        "user.email": letter.info.email,
    }
    return _nest(values)


def _nest(values: Mapping[str, Any]) -> dict[str, Any]:
    """{"company.name": x} → {"company": {"name": x}}, each value made safe for the XML."""
    nested: dict[str, dict[str, Any]] = {}
    for path, value in values.items():
        group, key = path.split(".")
        if path in _MULTILINE:
            # "\a" separates paragraphs (docxtpl); each is cleaned on its own.
            value = Listing("\a".join(din5008.printable(part) for part in value.split("\a")))
        elif path in _LISTS:
            value = [din5008.printable(item) for item in value]
        elif isinstance(value, str):
            value = din5008.printable(value, lines=False)
        nested.setdefault(group, {})[key] = value
    return nested


def template_render(blob: bytes, values: Mapping[str, Any]) -> bytes:
    """A team template filled in with `values` (from `template_values`).

    Raises `TemplateError` naming the expression when the template cannot be filled
    in: it reaches into Python, reads what is not there, or breaks a size or time limit.
    """
    environment = _environment()
    try:
        template = DocxTemplate(io.BytesIO(blob))
        template.render(dict(values), jinja_env=environment, autoescape=True)
        out = io.BytesIO()
        template.save(out)
    except TemplateError:
        raise
    except Exception as exc:  # a person's template: whatever it does wrong is refused
        raise _render_failure(exc, environment.last_source) from exc
    return out.getvalue()


def _render_failure(exc: Exception, source: str) -> TemplateError:
    lineno = getattr(exc, "template_lineno", None) or getattr(exc, "lineno", None)
    text = _snippet(source, lineno) if lineno else ""
    expression = " ".join(re.findall(r"\{\{.*?\}\}|\{%.*?%\}", text)) or text
    detail = str(getattr(exc, "message", None) or exc)
    if isinstance(exc, TemplateLimitError):
        reason = detail
    elif isinstance(exc, SecurityError):
        reason = _("it reaches for something a letter may not use (%(detail)s)") % {
            "detail": detail
        }
    elif isinstance(exc, jinja2.UndefinedError):
        reason = _("it reads a value that Tandem does not fill (%(detail)s)") % {"detail": detail}
    else:
        reason = _("it fails with “%(detail)s”") % {"detail": detail or type(exc).__name__}
    if not expression:
        return TemplateError(
            _("The template cannot be filled in: %(reason)s.") % {"reason": reason}
        )
    return TemplateError(
        _("The template cannot be filled in: %(reason)s, in “%(expression)s”.")
        % {"reason": reason, "expression": expression}
    )


def docx_text(blob: bytes) -> str:
    """The paragraphs of a DOCX as plain text (what a rendered team template says)."""
    document = docx.Document(io.BytesIO(blob))
    return "\n".join(p.text for p in document.paragraphs if p.text.strip())


def _template_sources(blob: bytes) -> Iterator[str]:
    """The Jinja source of the body, headers and footers, as docxtpl will render them."""
    template = DocxTemplate(io.BytesIO(blob))
    template.init_docx()
    sources = [template.patch_xml(template.get_xml())]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _key, part in template.get_headers_footers(uri):
            sources.append(template.patch_xml(template.get_part_xml(part)))
    # One paragraph per line, so that an error's line number names its paragraph
    # (only checked, never rendered from: the newlines change nothing else).
    for source in sources:
        yield re.sub(r"<w:p([ >])", r"\n<w:p\1", source)


def _dotted(node: nodes.Node) -> str | None:
    """ "company.name" for the expression company.name (or company["name"]); else None."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _dotted(node.node)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _dotted(node.node)
        return f"{base}.{node.arg.value}" if base else None
    return None


def _used(node: nodes.Node) -> Iterator[str]:
    """Every dotted name the template reads, outermost chains only."""
    path = _dotted(node) if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem) else None
    if path is not None:
        if not (isinstance(node, nodes.Name) and node.ctx != "load"):
            yield path
        return
    for child in node.iter_child_nodes():
        yield from _used(child)


def _snippet(source: str, lineno: int) -> str:
    """The text of the paragraph an error is in (each paragraph is on a line of its own)."""
    lines = source.splitlines()
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    text = re.sub(r"<[^>]+>", "", line)
    return " ".join(text.split())[:120]


def _unknown_message(unknown: Sequence[str]) -> str:
    names = ", ".join(f"{{{{ {name} }}}}" for name in unknown)
    allowed = ", ".join(PLACEHOLDERS)
    return _(
        "The template uses placeholders that Tandem does not fill: %(names)s. "
        "Allowed are: %(allowed)s."
    ) % {"names": names, "allowed": allowed}


def template_check(blob: bytes) -> list[str]:
    """The placeholders a DOCX template uses; raises `TemplateError` for anything wrong."""
    try:
        sources = list(_template_sources(blob))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(NOT_A_DOCX) from exc
    environment = _environment()
    used: list[str] = []
    for source in sources:
        try:
            tree = environment.parse(source)
            environment.compile(tree)
        except jinja2.TemplateSyntaxError as exc:
            where = _snippet(source, exc.lineno)
            raise TemplateError(
                _("The template has a placeholder with broken syntax (%(error)s) in “%(text)s”.")
                % {"error": exc.message or "", "text": where}
            ) from exc
        local = {
            name.name
            for name in tree.find_all(nodes.Name)
            if name.ctx in ("store", "param") and isinstance(name, nodes.Name)
        } | _JINJA_NAMES
        for path in _used(tree):
            if path.split(".")[0] not in local:
                used.append(path)
    unknown = sorted({path for path in used if path not in PLACEHOLDERS})
    if unknown:
        raise TemplateError(_unknown_message(unknown))
    # The names are right; now fill it in once, in the sandbox, as a real letter would:
    # what reaches into Python or asks for too much is refused here, not at sending.
    template_render(blob, sample_values())
    return sorted(set(used))


class TemplateError(ValueError):
    """An uploaded template that cannot be used; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def template_blob(template: LetterTemplate) -> bytes:
    with template.file.open("rb") as handle:
        return bytes(handle.read())
