"""API clients holding personal tokens of team A's lead and staff."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api import services


def token_for(membership, *, read_only=False, days=30):
    return services.api_token_create(
        team=membership.team,
        user=membership.user,
        name="Test",
        read_only=read_only,
        expires_at=timezone.now() + timedelta(days=days),
    )


def client_with(plain):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    return client


@pytest.fixture
def lead_api(lead):
    return client_with(token_for(lead)[1])


@pytest.fixture
def staff_api(staff):
    return client_with(token_for(staff)[1])


@pytest.fixture
def other_lead_api(other_team):
    from crm.models import Membership
    from tests.factories import MembershipFactory, UserFactory

    membership = MembershipFactory(
        team=other_team, user=UserFactory(username="fremd"), role=Membership.Role.LEAD
    )
    return client_with(token_for(membership)[1])
