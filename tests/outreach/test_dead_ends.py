"""Outreach's missing pieces link to their fix: requests, consent, the letter's address."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from outreach import services
from outreach.models import Introduction, Touchpoint
from outreach.services import introductions as introduction_services
from tests.factories import ContactFactory, NeedsProfileFactory, NetworkPartnerFactory, TieFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def partner(team, case):
    partner = NetworkPartnerFactory(team=team, name="IHK Leipzig")
    TieFactory(partner=partner, company=case.company)
    return partner


def _ask(case, partner, staff):
    case.refresh_from_db()
    return services.introduction_request(
        case=case, introducer=partner, by=staff.user, version=case.version
    )


def test_a_requested_introduction_offers_to_record_its_outcome_not_a_second_request(
    staff_client, case, partner, staff
):
    page = staff_client.get(case.get_absolute_url(), **EN).content.decode()
    assert "Ask for an introduction" in page
    _ask(case, partner, staff)

    response = staff_client.get(case.get_absolute_url(), **EN)
    page = unescape(response.content.decode())
    outcome_url = f"{reverse('outreach:introduction_create', args=[case.pk])}?partner={partner.pk}"
    assert 'data-testid="record-outcome"' in page
    assert outcome_url in page
    assert "Ask for an introduction" not in page  # the suggested partner was asked already
    assert "asked on" in page
    [entry] = [e for e in response.context["timeline"] if e.action_url]
    assert entry.action == "Record the outcome"
    assert entry.action_url == outcome_url


def test_asking_the_same_partner_twice_is_refused(case, partner, staff):
    _ask(case, partner, staff)
    with pytest.raises(ValidationError) as refused:
        _ask(case, partner, staff)
    assert refused.value.messages == [str(introduction_services.REQUEST_PENDING)]
    assert Introduction.objects.filter(case=case).count() == 1


def test_recording_the_outcome_fulfils_the_request(staff_client, case, partner, staff):
    _ask(case, partner, staff)
    url = f"{reverse('outreach:introduction_create', args=[case.pk])}?partner={partner.pk}"
    form = staff_client.get(url)
    assert form.context["form"].initial["introducer"] == str(partner.pk)
    saved = staff_client.post(
        url,
        {
            "introducer": partner.pk,
            "date": timezone.localdate().isoformat(),
            "channel": "phone",
            "outcome": "meeting_agreed",
        },
    )
    assert saved.status_code == 302, saved.context["form"].errors
    [introduction] = Introduction.objects.filter(case=case)
    assert not introduction.requested
    page = staff_client.get(case.get_absolute_url(), **EN).content.decode()
    assert 'data-testid="record-outcome"' not in page


def test_an_email_without_consent_links_to_the_contacts_consent_and_back(staff_client, case):
    NeedsProfileFactory(company=case.company)
    contact = ContactFactory(company=case.company)
    url = reverse("outreach:touchpoint_create", args=[case.pk])
    data = {
        "channel": "email",
        "direction": "out",
        "occurred_on": timezone.localdate().isoformat(),
        "subject": "Vorstellung",
        "contact": contact.pk,
    }
    response = staff_client.post(url, data, **EN)
    assert Touchpoint.objects.count() == 0
    [finding] = [f for f in response.context["findings"] if f.get("fix_url")]
    contact_url = reverse("companies:contact_update", args=[contact.pk])
    assert finding["fix_url"].startswith(f"{contact_url}?next=")
    assert finding["fix_url"].endswith("#div_id_email_consent_on")
    assert 'data-testid="finding-fix"' in response.content.decode()

    fix = finding["fix_url"].split("#")[0]
    form = staff_client.get(fix, **EN)
    assert 'id="div_id_email_consent_on"' in form.content.decode()
    initial = form.context["form"].initial
    post = {k: v for k, v in initial.items() if v is not None and not isinstance(v, list)}
    post["email_consent_on"] = timezone.localdate().isoformat()
    saved = staff_client.post(fix, post)
    assert saved.status_code == 302, saved.context["form"].errors
    assert saved.url == url


def test_a_letter_without_postal_address_links_to_the_address_and_back(staff_client, case):
    case.company.street = ""
    case.company.save()
    letter_url = reverse("outreach:case_letter", args=[case.pk])
    response = staff_client.get(letter_url, **EN)
    [(label, fix)] = response.context["fixes"]
    assert label == "Enter the company's postal address"
    update = reverse("companies:update", args=[case.company_id])
    assert fix.startswith(f"{update}?next=")
    assert 'data-testid="letter-fix"' in response.content.decode()
    form = staff_client.get(fix)
    assert 'data-testid="back-link"' in form.content.decode()
