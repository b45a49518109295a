"""Thank-you letters to partners whose recommendation became a partnership.

A referral case with a referring partner, once won, suggests a letter to that
partner: a DIN 5008 DOCX on the team's letterhead, its text suggested by
`api.thanks_letter` and edited by staff. Making it is recorded (`ThanksLetter`),
so that the case and the partner page say who made it when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from api import thanks_letter
from api.models import ThanksLetter
from api.referrals import case_came_via_link
from companies.models import NetworkPartner
from crm.models import AcquisitionCase, Stage, Team
from history.recording import recorded
from outreach.letters import compose, din5008
from outreach.letters import selectors as letter_selectors

NOT_WON = _("A thank-you letter follows a won case.")
NO_PARTNER = _("The case names no referring partner.")
EMPTY = _("This field cannot be empty.")


@dataclass(frozen=True, slots=True)
class ThanksSuggestion:
    """What the case page and the partner page show about one won referral."""

    case: AcquisitionCase
    partner: NetworkPartner
    facts: thanks_letter.ThanksFacts
    latest: ThanksLetter | None

    @property
    def has_address(self) -> bool:
        return self.facts.has_address


def letter_language() -> din5008.Language:
    return "en" if (get_language() or "de").startswith("en") else "de"


def _partnership_since(case: AcquisitionCase) -> dt.date | None:
    partnership = getattr(case, "partnership", None)  # a reverse one-to-one: may be missing
    if partnership is not None:
        return partnership.started_on
    return timezone.localdate(case.closed_at) if case.closed_at else None


def thanks_facts(case: AcquisitionCase, partner: NetworkPartner) -> thanks_letter.ThanksFacts:
    return thanks_letter.ThanksFacts(
        partner=partner.name,
        person_name=partner.person_name,
        company=case.company.full_name,
        since=_partnership_since(case),
        via_link=case_came_via_link(case),
        street=partner.street,
        postal_code=partner.postal_code,
        city=partner.city,
    )


def thanks_letter_due(case: AcquisitionCase) -> bool:
    """A won case that a partner recommended (however it was recorded)."""
    return case.referred_by_id is not None and case.stage.kind == Stage.Kind.WON


# ------------------------------------------------------------------------------
# Selectors
# ------------------------------------------------------------------------------
def _letters() -> QuerySet[ThanksLetter]:
    return ThanksLetter.objects.select_related("created_by").order_by("-created_at", "-id")


def thanks_for_case(*, case: AcquisitionCase) -> ThanksSuggestion | None:
    """The suggestion for a case with its stage, company, partner and partnership loaded
    (`crm.selectors.case_get`); None when the case calls for none. One query."""
    partner = case.referred_by
    if partner is None or not thanks_letter_due(case):
        return None
    return ThanksSuggestion(
        case=case,
        partner=partner,
        facts=thanks_facts(case, partner),
        latest=_letters().filter(case=case).first(),
    )


def thanks_for_partner(*, partner: NetworkPartner) -> list[ThanksSuggestion]:
    """Every won case the partner recommended, newest win first (two queries)."""
    cases = (
        AcquisitionCase.objects.filter(
            team_id=partner.team_id, referred_by=partner, stage__kind=Stage.Kind.WON
        )
        .select_related("company", "stage", "partnership")
        .prefetch_related(Prefetch("thanks_letters", queryset=_letters(), to_attr="thanks_made"))
        .order_by("-closed_at", "-id")
    )
    return [
        ThanksSuggestion(
            case=case,
            partner=partner,
            facts=thanks_facts(case, partner),
            latest=case.thanks_made[0] if case.thanks_made else None,  # type: ignore[attr-defined]
        )
        for case in cases
    ]


def thanks_letter_get(*, team: Team, pk: int) -> ThanksLetter:
    """One of the team's thank-you letters, with what its DOCX needs, or 404."""
    return get_object_or_404(
        ThanksLetter.objects.filter(team=team, case__team=team).select_related(
            "case__company", "case__stage", "case__partnership", "partner", "created_by"
        ),
        pk=pk,
    )


# ------------------------------------------------------------------------------
# The letter
# ------------------------------------------------------------------------------
def thanks_docx(
    *,
    team: Team,
    facts: thanks_letter.ThanksFacts,
    subject: str,
    salutation: str,
    text: str,
    by: AbstractBaseUser | None,
    on: dt.date,
    reference: str = "",
    language: din5008.Language = "de",
) -> bytes:
    """The letter as a DIN 5008 DOCX on the team's letterhead."""
    settings = letter_selectors.letter_settings_for_team(team=team)
    name = compose.person_name(by)
    letter = din5008.Letter(
        sender=compose.sender_for(settings),
        recipient=thanks_letter.recipient(facts),
        info=din5008.InfoBlock(
            date=on,
            our_reference=reference,
            name=name,
            phone=settings.phone,
            email=getattr(by, "email", "") or settings.email,
        ),
        subject=subject,
        salutation=salutation,
        body=thanks_letter.paragraphs(text),
        signature_name=name,
        letterhead=compose.letterhead_for(settings, compose.letterhead_logo(settings)),
        form="A" if settings.form == settings.Form.A else "B",
        language=language,
    )
    return din5008.render_docx(letter)


def thanks_letter_docx(thanks: ThanksLetter) -> bytes:
    """A recorded letter again, as it was made (from `thanks_letter_get`)."""
    case = thanks.case
    partner = thanks.partner or case.referred_by
    facts = (
        thanks_facts(case, partner)
        if partner is not None
        else thanks_letter.ThanksFacts(partner="", company=case.company.full_name)
    )
    return thanks_docx(
        team=thanks.team,
        facts=facts,
        subject=thanks.subject,
        salutation=thanks.salutation,
        text=thanks.text,
        by=thanks.created_by,
        on=timezone.localdate(thanks.created_at),
        reference=f"D{thanks.pk}",
        language="en" if thanks.language == "en" else "de",
    )


# ------------------------------------------------------------------------------
# The service
# ------------------------------------------------------------------------------
def _required(value: str, limit: int, errors: dict[str, ValidationError], field: str) -> str:
    value = value.strip()
    if not value:
        errors[field] = ValidationError(EMPTY, code="required")
    elif len(value) > limit:
        errors[field] = ValidationError(
            _("At most %(limit)d characters (it has %(length)d)."),
            code="max_length",
            params={"limit": limit, "length": len(value)},
        )
    return value


@transaction.atomic
@recorded("thanks_letter_create")
def thanks_letter_create(
    *,
    case: AcquisitionCase,
    by: AbstractBaseUser,
    subject: str,
    salutation: str,
    text: str,
    language: str = "de",
) -> ThanksLetter:
    """Record the thank-you letter to the case's referring partner, as written."""
    if case.stage.kind != Stage.Kind.WON:
        raise ValidationError(NOT_WON, code="not_won")
    if case.referred_by_id is None:
        raise ValidationError(NO_PARTNER, code="no_partner")
    # A greeting or closing typed into the text: the letter has one of each already.
    greeting, text = thanks_letter.greeting_split(text)
    text = thanks_letter.closing_strip(text)
    errors: dict[str, ValidationError] = {}
    subject = _required(subject, thanks_letter.SUBJECT_MAX, errors, "subject")
    salutation = _required(
        greeting or salutation, thanks_letter.SALUTATION_MAX, errors, "salutation"
    )
    text = _required(text, thanks_letter.TEXT_MAX, errors, "text")
    if errors:
        raise ValidationError(errors)
    return ThanksLetter.objects.create(
        team_id=case.team_id,
        case=case,
        partner_id=case.referred_by_id,
        subject=subject,
        salutation=salutation,
        text=text,
        language="en" if language == "en" else "de",
        created_by_id=by.pk,
    )
