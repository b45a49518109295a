"""The demo network after the win: members of every kind, experts, events with attendance."""

import pytest
from django.utils import timezone

from crm.demo.team import TEAM_SLUG
from crm.models import Partnership
from network.models import Event, Expert, Registration
from outreach.models import Touchpoint


@pytest.mark.django_db
def test_the_demo_has_a_living_network(seed):
    seed(60)
    partnerships = Partnership.objects.filter(team__slug=TEAM_SLUG)
    assert set(partnerships.values_list("kind", flat=True)) == set(Partnership.Kind.values)
    assert {"active", "dormant", "left"} <= set(partnerships.values_list("status", flat=True))
    assert Expert.objects.filter(team__slug=TEAM_SLUG, topics__isnull=False).exists()
    today = timezone.localdate()
    events = Event.objects.filter(team__slug=TEAM_SLUG)
    assert events.filter(date__lt=today).exists()
    assert events.filter(date__gt=today).exists()
    assert Registration.objects.filter(event__date__lt=today, attended=True).exists()
    assert Touchpoint.objects.filter(channel="event").exists()
