"""Partners' referral links: signed, revocable, no login; a submission opens a referral case."""

import secrets
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ReferralLink
from companies import selectors as company_selectors
from companies import services as company_services
from companies.models import Company, NetworkPartner
from crm import services as crm_services
from crm.access import require_lead
from crm.models import AcquisitionCase, Membership, Source
from history.recording import recorded

SALT = "api.referral"
REVIEW_STEP = _("Check the recommendation from the partner link")


def referral_token(link: ReferralLink) -> str:
    """The signed part of the link's address."""
    return signing.dumps({"p": link.partner_id, "n": link.nonce}, salt=SALT, compress=True)


def referral_link_for(token: str) -> ReferralLink | None:
    """The active link a token names, or None (bad signature, revoked, replaced)."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return (
        ReferralLink.objects.select_related("partner__team")
        .filter(partner_id=data.get("p"), nonce=str(data.get("n")), revoked_at__isnull=True)
        .first()
    )


@transaction.atomic
@recorded("referral_link_issue")
def referral_link_issue(*, partner: NetworkPartner, by: AbstractBaseUser) -> ReferralLink:
    """Give the partner a new link (the previous one stops working)."""
    require_lead(team=partner.team, user=by)
    link, _created = ReferralLink.objects.update_or_create(
        partner=partner, defaults={"nonce": secrets.token_hex(16), "revoked_at": None}
    )
    return link


@transaction.atomic
@recorded("referral_link_revoke")
def referral_link_revoke(*, partner: NetworkPartner, by: AbstractBaseUser) -> None:
    """Stop the partner's link."""
    require_lead(team=partner.team, user=by)
    ReferralLink.objects.filter(partner=partner).update(revoked_at=timezone.now())


def _note(data: dict[str, Any]) -> str:
    lines = [str(_("From the partner link.")), str(data.get("why", ""))]
    if data.get("contact_name"):
        agreed = _("agreed to be contacted") if data.get("contact_agreed") else _("not asked")
        lines.append(f"{_('Contact person')}: {data['contact_name']} ({agreed})")
    if data.get("will_introduce"):
        lines.append(str(_("The partner will introduce us.")))
    return "\n".join(line for line in lines if line)


@transaction.atomic
@recorded("referral_submit")
def referral_submit(*, link: ReferralLink, data: dict[str, Any], today: date) -> None:
    """Open a referral case in the first stage for the recommended company.

    A company the team already has (the duplicate check) is used, not created again;
    one that already has an open case gets nothing new. The partner is told the
    same in every case: the form never reveals what the team knows.
    """
    partner = link.partner
    team = partner.team
    members = Membership.objects.filter(team=team).select_related("user").order_by("pk")
    owner = members.filter(role=Membership.Role.LEAD).first() or members.first()
    if owner is None:
        return
    candidate = Company(team=team, legal_name=data["company"], city=data["town"])
    known = [
        found.company
        for found in company_selectors.company_duplicate_candidates(team=team, company=candidate)
        if found.match.is_duplicate
    ]
    try:
        with transaction.atomic():
            company = (
                known[0]
                if known
                else company_services.company_create(
                    team=team, by=None, legal_name=data["company"], city=data["town"]
                )
            )
            crm_services.case_open(
                team=team,
                company=company,
                owner=owner.user,
                by=None,
                source=Source.REFERRAL,
                referred_by=partner,
                next_step=str(REVIEW_STEP),
                next_step_due=today,
                note=_note(data),
            )
    except ValidationError:
        pass  # an open case exists already: staff see the partner's tie there


def case_came_via_link(case: AcquisitionCase) -> bool:
    """Whether the partner's link opened the case: `referral_submit` opens it with no user
    (staff who record a referral open it as themselves)."""
    return case.source == Source.REFERRAL and case.created_by_id is None
