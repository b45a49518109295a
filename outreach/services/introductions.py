"""Write actions for introductions and referrals: the warm paths into companies.

Each action is one transaction and the one place its rule is enforced. Messages
are module constants so that tests and callers can recognise them.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from companies import services as companies_services
from companies.models import Company, Contact, NetworkPartner
from crm import services as crm_services
from crm.models import AcquisitionCase, Source, Team
from history.recording import recorded
from outreach.models import Introduction

INTRODUCER_OTHER_TEAM = _("Choose a partner of your own team.")
CONTACT_OTHER_COMPANY = _("Choose a contact person of this case's company.")
DATE_IN_FUTURE = _("An introduction cannot be dated in the future.")
REFERRAL_SALUTATION_REQUIRED = _(
    "Choose how the person is addressed: Frau, Herr, or neutral with first and last name."
)
CASE_CLOSED = _("This case is closed. Reopen it before recording an introduction.")
OUTCOME_OF_REQUEST = _(
    "This is a request that has not happened yet. Record the introduction once the partner "
    "has made it."
)
# A request is followed up after a week unless the user plans otherwise.
REQUEST_PENDING = _(
    "This partner has been asked for an introduction already: record the outcome instead."
)
REQUEST_FOLLOW_UP_DAYS = 7
NEXT_STEP_MAX_LENGTH = 200


def _check(
    *,
    case: AcquisitionCase,
    introducer: NetworkPartner,
    contact: Contact | None,
    on: date | None,
) -> None:
    if case.closed_at is not None:
        raise ValidationError(CASE_CLOSED, code="closed")
    errors: dict[str, Any] = {}
    if introducer.team_id != case.team_id:
        errors["introducer"] = ValidationError(INTRODUCER_OTHER_TEAM, code="other_team")
    if contact is not None and contact.company_id != case.company_id:
        errors["contact"] = ValidationError(CONTACT_OTHER_COMPANY, code="other_company")
    if on is not None and on > timezone.localdate():
        errors["date"] = ValidationError(DATE_IN_FUTURE, code="future")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
@recorded("introduction_record")
def introduction_record(
    *,
    case: AcquisitionCase,
    introducer: NetworkPartner,
    by: AbstractBaseUser | None,
    date: date,
    channel: str = Introduction.Channel.PHONE,
    contact: Contact | None = None,
    introducer_agreed_to_be_named: bool = False,
    company_agreed_to_contact: bool = False,
    outcome: str = Introduction.Outcome.PENDING,
    note: str = "",
) -> Introduction:
    """Record that a partner introduced us to the case's company.

    An open request to the same partner for this case becomes this introduction
    (the partner did what we asked), and the partner's tie to the company is
    touched: ties grow from what actually happens.
    """
    _check(case=case, introducer=introducer, contact=contact, on=date)
    introduction = (
        Introduction.objects.select_for_update()
        .filter(case=case, introducer=introducer, requested=True)
        .order_by("-date", "-id")
        .first()
    ) or Introduction(case=case, introducer=introducer, created_by_id=by.pk if by else None)
    introduction.requested = False
    introduction.contact = contact
    introduction.date = date
    introduction.channel = channel
    introduction.introducer_agreed_to_be_named = introducer_agreed_to_be_named
    introduction.company_agreed_to_contact = company_agreed_to_contact
    introduction.outcome = outcome
    introduction.note = note
    introduction.full_clean(exclude=["case", "introducer", "contact", "created_by"])
    introduction.save()
    companies_services.tie_touch(partner=introducer, company=case.company, on=date)
    return introduction


@transaction.atomic
@recorded("introduction_outcome_set")
def introduction_outcome_set(
    *, introduction: Introduction, by: AbstractBaseUser | None, outcome: str, note: str
) -> Introduction:
    """Record what became of an introduction (a meeting, a refusal), once it is known."""
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if introduction.requested:
        raise ValidationError(OUTCOME_OF_REQUEST, code="request")
    introduction.outcome = outcome
    introduction.note = note
    introduction.full_clean(exclude=["case", "introducer", "contact", "created_by"])
    introduction.save(update_fields=["outcome", "note"])
    return introduction


@transaction.atomic
@recorded("introduction_request")
def introduction_request(
    *,
    case: AcquisitionCase,
    introducer: NetworkPartner,
    by: AbstractBaseUser | None,
    version: int,
    next_step_due: date | None = None,
    note: str = "",
) -> Introduction:
    """Record that we asked a partner for an introduction, and plan the follow-up."""
    today = timezone.localdate()
    _check(case=case, introducer=introducer, contact=None, on=None)
    if Introduction.objects.filter(case=case, introducer=introducer, requested=True).exists():
        raise ValidationError(REQUEST_PENDING, code="pending")
    introduction = Introduction(
        case=case,
        introducer=introducer,
        date=today,
        requested=True,
        note=note,
        created_by_id=by.pk if by else None,
    )
    introduction.full_clean(exclude=["case", "introducer", "contact", "created_by"])
    introduction.save()
    # Stored text, in the language of the person who asked (like any next step they type).
    step = gettext("Follow up: introduction asked of %(partner)s") % {"partner": introducer}
    crm_services.case_next_step_set(
        case=case,
        by=by,
        version=version,
        next_step=step[:NEXT_STEP_MAX_LENGTH],
        next_step_due=next_step_due or today + timedelta(days=REQUEST_FOLLOW_UP_DAYS),
    )
    return introduction


@transaction.atomic
@recorded("referral_record")
def referral_record(
    *,
    team: Team,
    partner: NetworkPartner,
    by: AbstractBaseUser,
    company: Company | None = None,
    company_fields: dict[str, Any] | None = None,
    distinct_from: Iterable[Company] = (),
    contact_fields: dict[str, Any] | None = None,
    note: str = "",
) -> AcquisitionCase:
    """Partner X recommends company Y: find or create Y, and open its case as a referral.

    Either `company` (an existing one) or `company_fields` (a new one, created
    with the duplicates the user confirmed as different in `distinct_from`). A
    contact person comes with the salutation the user chose for them.
    """
    if partner.team_id != team.pk:
        raise ValidationError({"partner": INTRODUCER_OTHER_TEAM}, code="other_team")
    if contact_fields and not contact_fields.get("salutation"):
        # The contact's default (neutral) would greet a stranger by first name.
        raise ValidationError(
            {"contact_salutation": REFERRAL_SALUTATION_REQUIRED}, code="salutation_required"
        )
    if company is None:
        company = companies_services.company_create(
            team=team, by=by, distinct_from=distinct_from, **(company_fields or {})
        )
    if contact_fields:
        companies_services.contact_create(company=company, by=by, **contact_fields)
    return crm_services.case_open(
        team=team,
        company=company,
        owner=by,
        by=by,
        source=Source.REFERRAL,
        referred_by=partner,
        note=note,
    )
