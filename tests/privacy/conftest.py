"""A hand-made person with everything Tandem can hold about them."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from benefits.models import BenefitStatement
from companies.models import Contact, ImportJob
from crm.models import AcquisitionCase
from outreach import services as outreach_services
from outreach.letters import services as letter_services
from outreach.models import Introduction, Letter
from tests.factories import (
    AcquisitionCaseFactory,
    ContactFactory,
    NeedsProfileFactory,
    NetworkPartnerFactory,
    TouchpointFactory,
)

FIRST, LAST, TITLE = "Annegret", "Quandtmeyer", "Dr."
EMAIL = "a.quandtmeyer@beispiel-metall.de"
PHONE = "0341 9876543"
# What a full-text search for the person looks for (the last name alone is unusual
# enough here to stand for every way of writing the name).
NEEDLES = [LAST, EMAIL, "9876543"]


@dataclass
class HandMade:
    contact: Contact
    case: AcquisitionCase
    letter: Letter
    statement: BenefitStatement
    introduction: Introduction


@pytest.fixture
def person(team, staff) -> HandMade:
    """A contact named in touchpoints, a letter (DOCX), a statement, an introduction, notes."""
    today = timezone.localdate()
    case = AcquisitionCaseFactory(
        team=team, owner=staff.user, company__legal_name="Metallbau Schulze"
    )
    company = case.company
    company.notes = f"Geschäftsführerin {TITLE} {FIRST} {LAST} ist offen für Gespräche."
    company.save()
    NeedsProfileFactory(company=company)
    contact = ContactFactory(
        company=company,
        salutation="frau",
        title=TITLE,
        first_name=FIRST,
        last_name=LAST,
        email=EMAIL,
        phone=PHONE,
        position="Geschäftsführerin",
        notes="Bevorzugt Anrufe am Vormittag.",
    )
    statement = BenefitStatement.objects.create(
        team=team,
        company=company,
        text=(
            f"Wie Frau {LAST} im Gespräch erwähnte, sucht der Betrieb Fachkräfte.\n\n"
            "Familienfreundliche Schichtpläne helfen dabei."
        ),
        status=BenefitStatement.Status.APPROVED,
    )
    partner = NetworkPartnerFactory(team=team, notes=f"Kennt {FIRST} {LAST} aus dem Verband.")
    introduction = outreach_services.introduction_record(
        case=case,
        introducer=partner,
        by=staff.user,
        date=today - timedelta(days=10),
        contact=contact,
        note=f"Stellt uns {FIRST} {LAST} vor, Telefon {PHONE}.",
        outcome=Introduction.Outcome.MEETING_AGREED,
    )
    TouchpointFactory(
        company=company,
        case=case,
        contact=contact,
        channel="call",
        text=f"Telefonat mit {LAST}, {FIRST}: Rückruf unter +49 341 9876543.",
        occurred_on=today - timedelta(days=5),
    )
    TouchpointFactory(
        company=company,
        case=case,
        channel="email",
        text=f"Mail an {EMAIL.upper()} geschickt.",
        occurred_on=today - timedelta(days=4),
        merge_values=[f"{FIRST} {LAST}", EMAIL],
    )
    letter = letter_services.letter_generate(
        case=case, by=staff.user, contact=contact, override_reason="Testbrief"
    )
    ImportJob.objects.create(
        team=team,
        original_name="kontakte-2026.csv",
        file_format="csv",
        report=[{"row": 3, "contact": f"{FIRST} {LAST}", "email": EMAIL}],
    )
    return HandMade(
        contact=contact,
        case=case,
        letter=letter,
        statement=statement,
        introduction=introduction,
    )
