"""Letters are downloaded under names that keep the company's umlauts readable."""

import pytest

from companies.models import Company
from outreach.letters import services as letter_services
from outreach.models import Campaign, CampaignItem, Letter
from tests.factories import AcquisitionCaseFactory, ContactFactory


def test_a_letters_file_name_transliterates_umlauts():
    letter = Letter(company=Company(legal_name="Gaststätte Meißner"), version=2)
    assert letter.filename == "Brief-Gaststaette-Meissner-v2.docx"


@pytest.mark.django_db
def test_a_campaigns_zip_is_named_in_german(team, lead, staff, django_capture_on_commit_callbacks):
    case = AcquisitionCaseFactory(team=team, owner=staff.user, company__legal_name="Firma Süd")
    campaign = Campaign.objects.create(
        team=team,
        name="Frühjahrsaktion Grimma",
        subject="Familienfreundlich",
        status=Campaign.Status.APPROVED,
        created_by=lead.user,
    )
    CampaignItem.objects.create(
        campaign=campaign, case=case, contact=ContactFactory(company=case.company), text="Text."
    )
    with django_capture_on_commit_callbacks(execute=True):
        batch = letter_services.letter_batch_start(campaign=campaign, by=lead.user)
    batch.refresh_from_db()
    assert batch.archive.name.rsplit("/", 1)[-1].startswith("Fruehjahrsaktion-Grimma-Briefe")
