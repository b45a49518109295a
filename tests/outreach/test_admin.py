"""The administration shows outreach rows but leaves their changes to the services."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from outreach import services
from tests.factories import NeedsProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["touchpoint", "campaign", "outreachflag", "outreachsettings"])
def test_outreach_rows_are_listed_and_read_only(admin_client, case, staff, lead, model):
    NeedsProfileFactory(company=case.company)
    services.touchpoint_log(
        team=case.team,
        company=case.company,
        case=case,
        by=staff.user,
        channel="letter",
        occurred_on=timezone.localdate(),
        override_reason="Test",
    )
    campaign = services.campaign_create(team=case.team, by=staff.user, name="Herbst")
    services.campaign_cases_add(campaign=campaign, cases=[case], by=staff.user)
    services.campaign_check(campaign=campaign)
    services.outreach_settings_update(team=case.team, by=lead.user, burst_days=14)
    assert admin_client.get(reverse(f"admin:outreach_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:outreach_{model}_add")).status_code == 403
