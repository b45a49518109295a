"""The jury's documents: the certificate and the decision letter, as DOCX (no writes).

The letter is a DIN 5008 letter on the team's paper (outreach's letter settings),
or the team's own letter template when one is chosen; the certificate is drawn by
`certification.certificate`, or filled into a team template too.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification import certificate, selectors
from certification.models import Application
from companies.models import Contact
from outreach.letters import compose
from outreach.letters import selectors as letter_selectors
from outreach.models import LetterTemplate

NOT_CERTIFIED = gettext_lazy("Only a certified company receives a certificate.")
NOT_DECIDED = gettext_lazy("The jury has not decided on this application yet.")
TEMPLATE_UNAVAILABLE = gettext_lazy("Choose an active letter template of your team.")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes
    content_type: str = DOCX


def _check_template(application: Application, template: LetterTemplate | None) -> None:
    if template is not None and (template.team_id != application.team_id or not template.is_active):
        raise ValidationError(TEMPLATE_UNAVAILABLE, code="template")


def addressee(application: Application) -> Contact | None:
    """Whom the letter goes to: the company's first person who may be contacted,
    the owner or managing director first."""
    contacts = [
        contact
        for contact in application.company.contacts.order_by("role", "last_name", "id")
        if contact.may_be_contacted
    ]
    owners = [c for c in contacts if c.role == "owner"]
    chosen = owners or contacts
    return chosen[0] if chosen else None


def _day(value: date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def _decision_paragraphs(application: Application, title: str, years: int) -> list[str]:
    company = application.company.full_name
    paragraphs = []
    if application.kind == Application.Kind.RECERTIFICATION:
        paragraphs.append(
            _(
                "the jury has reviewed the measures %(company)s committed to at its last "
                "certification and has come to a decision on the re-certification."
            )
            % {"company": company}
        )
    else:
        paragraphs.append(
            _("the jury has reviewed the application of %(company)s and has come to a decision.")
            % {"company": company}
        )
    if application.certifies:
        paragraphs.append(
            _(
                "We are pleased to tell you that %(company)s is certified as “%(title)s” "
                "from %(start)s. The certificate is valid for %(years)s years; we will get in "
                "touch about the re-certification in good time before %(due)s."
            )
            % {
                "company": company,
                "title": title,
                "start": _day(application.certified_on),
                "years": years,
                "due": _day(application.recertification_due),
            }
        )
    else:
        paragraphs.append(
            _("We regret that the jury could not award the certificate “%(title)s” this time.")
            % {"title": title}
        )
    if application.decision == Application.Decision.CONDITIONS:
        paragraphs.append(
            _("The jury attached these conditions to the certificate: %(conditions)s")
            % {"conditions": application.conditions}
        )
    if application.decision_notes:
        paragraphs.append(application.decision_notes)
    paragraphs.append(
        _("If you have any questions about the decision, please do not hesitate to contact us.")
    )
    return paragraphs


def decision_letter(
    *,
    application: Application,
    by: AbstractBaseUser,
    template: LetterTemplate | None = None,
    language: str = "de",
) -> Document:
    """The letter telling the company the jury's decision (DIN 5008, team paper)."""
    if not application.decision:
        raise ValidationError(NOT_DECIDED, code="not_decided")
    _check_template(application, template)
    settings = letter_selectors.letter_settings_for_team(team=application.team)
    cert_settings = selectors.settings_for_team(team=application.team)
    with translation.override(language):
        text = "\n\n".join(
            _decision_paragraphs(
                application, cert_settings.certificate_title, cert_settings.recertification_years
            )
        )
        subject = _("Decision of the jury: %(title)s %(year)s") % {
            "title": cert_settings.certificate_title,
            "year": application.round.year,
        }
    letter = compose.letter_for(
        settings=settings,
        logo=compose.letterhead_logo(settings),
        company=application.company,
        contact=addressee(application),
        by=by,
        subject=subject,
        text=text,
        first=False,
        on=application.decided_on or timezone.localdate(),
        reference=f"Z-{application.round.year}-{application.pk}",
        language=language,
    )
    blob = compose.template_blob(template) if template is not None else None
    draft = compose.LetterDraft(letter=letter, template_blob=blob)
    try:
        content = draft.render()
    except compose.TemplateError as exc:
        raise ValidationError(exc.message, code="template_failed") from exc
    name = slugify(application.company.legal_name)[:60] or "firma"
    return Document(filename=f"entscheidung-{application.round.year}-{name}.docx", content=content)


def certificate_document(
    *,
    application: Application,
    by: AbstractBaseUser,
    template: LetterTemplate | None = None,
    language: str = "de",
) -> Document:
    """The certificate of a certified company: drawn, or filled into a team template."""
    if not application.certifies:
        raise ValidationError(NOT_CERTIFIED, code="not_certified")
    _check_template(application, template)
    settings = letter_selectors.letter_settings_for_team(team=application.team)
    cert_settings = selectors.settings_for_team(team=application.team)
    signer = (getattr(by, "get_full_name", lambda: "")() or by.get_username()).strip()
    with translation.override(language):
        lines = [
            _("awarded on %(day)s") % {"day": _day(application.certified_on)},
            _("valid until %(day)s") % {"day": _day(application.recertification_due)},
        ]
        if application.decision == Application.Decision.CONDITIONS:
            lines.append(
                _("with conditions: %(conditions)s") % {"conditions": application.conditions}
            )
        drawn = certificate.Certificate(
            issuer=settings.sender_name,
            heading=_("Certificate"),
            title=cert_settings.certificate_title,
            company=application.company.full_name,
            city=application.company.city,
            lines=tuple(lines),
            place_and_date=", ".join(
                part for part in (settings.city, _day(application.certified_on)) if part
            ),
            signature_name=signer,
            logo=compose.letterhead_logo(settings),
            logo_width_mm=float(settings.logo_width_mm),
        )
    name = slugify(application.company.legal_name)[:60] or "firma"
    filename = f"zertifikat-{application.round.year}-{name}.docx"
    if template is None:
        return Document(filename=filename, content=certificate.render_docx(drawn))
    letter = compose.letter_for(
        settings=settings,
        logo=None,
        company=application.company,
        contact=None,
        by=by,
        subject=f"{drawn.heading}: {drawn.title}",
        text="\n\n".join(lines),
        first=False,
        on=application.certified_on or timezone.localdate(),
        language=language,
    )
    try:
        content = compose.template_render(
            compose.template_blob(template), compose.template_values(letter)
        )
    except compose.TemplateError as exc:
        raise ValidationError(exc.message, code="template_failed") from exc
    return Document(filename=filename, content=content)
