"""Read queries for letters: a team's letterhead and templates, a case's letters, batches."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from benefits import selectors as benefits_selectors
from benefits.models import BenefitStatement
from companies.models import Contact
from crm.models import AcquisitionCase, Team
from outreach.models import (
    Campaign,
    Letter,
    LetterBatch,
    LetterSettings,
    LetterTemplate,
)


def letter_settings_for_team(*, team: Team) -> LetterSettings:
    """The team's letterhead; an unsaved default (the team's name, Form B) until a lead sets it."""
    found = LetterSettings.objects.filter(team=team).first()
    return found or LetterSettings(team=team, sender_name=team.name)


def letter_templates_for_team(*, team: Team, active_only: bool = False) -> QuerySet[LetterTemplate]:
    templates = LetterTemplate.objects.filter(team=team).select_related("created_by")
    return templates.filter(is_active=True) if active_only else templates


def letter_template_get(*, team: Team, pk: int) -> LetterTemplate:
    return get_object_or_404(LetterTemplate.objects.filter(team=team), pk=pk)


def letters_for_case(*, case: AcquisitionCase) -> QuerySet[Letter]:
    """A case's letters, newest version first (one query)."""
    return case.letters.select_related("contact", "created_by", "template", "company")


def letter_get(*, team: Team, pk: int) -> Letter:
    return get_object_or_404(Letter.objects.filter(team=team).select_related("company"), pk=pk)


def statement_for_case(*, case: AcquisitionCase) -> BenefitStatement | None:
    """The statement a case's letter says: the same choice as for a campaign's items."""
    return benefits_selectors.statements_to_send(company_ids=[case.company_id]).get(case.company_id)


def contacts_for_letter(*, case: AcquisitionCase) -> list[Contact]:
    """The people a letter may be addressed to: those who have not objected."""
    return [
        contact
        for contact in Contact.objects.filter(company_id=case.company_id)
        if contact.may_be_contacted
    ]


def batch_for_campaign(*, campaign: Campaign) -> LetterBatch | None:
    """The campaign's newest letter batch, if any."""
    return campaign.letter_batches.select_related("created_by").first()


def batch_get(*, team: Team, pk: int) -> LetterBatch:
    return get_object_or_404(
        LetterBatch.objects.filter(team=team).select_related("campaign"), pk=pk
    )
