"""An event's invitation letters as DOCX (DIN 5008, the team's letterhead), zipped for printing."""

import io
import zipfile

from django.template.defaultfilters import slugify

from network.models import Event, Invitation
from outreach.letters import compose, din5008
from outreach.letters import selectors as letter_selectors


def invitation_letter(invitation: Invitation, *, settings: object, logo: bytes | None) -> bytes:
    """One invitation as a DOCX letter: the text of its touchpoint on the team's paper."""
    touchpoint = invitation.touchpoint
    letter = compose.letter_for(
        settings=settings,  # type: ignore[arg-type]
        logo=logo,
        company=invitation.company,
        contact=invitation.contact,
        by=invitation.created_by,
        subject=touchpoint.subject if touchpoint else invitation.event.title,
        text=touchpoint.text if touchpoint else "",
        first=False,
        on=invitation.created_at.date(),
        reference=f"V{invitation.event_id}",
    )
    return din5008.render_docx(letter)


def letters_zip(event: Event) -> bytes:
    """Every letter invitation of the event in one ZIP (1 query for the invitations)."""
    settings = letter_selectors.letter_settings_for_team(team=event.team)
    logo = compose.letterhead_logo(settings)
    invitations = event.invitations.filter(channel=Invitation.Channel.LETTER).select_related(
        "company", "contact", "touchpoint", "created_by", "event"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for invitation in invitations:
            name = f"{invitation.pk:04d}-{slugify(invitation.company.full_name)[:60]}.docx"
            archive.writestr(name, invitation_letter(invitation, settings=settings, logo=logo))
    return buffer.getvalue()
