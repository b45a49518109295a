"""The demo's certification round, re-certifications and running mentoring programme."""

import pytest

from certification import selectors
from certification.models import Application, Programme, Review, Round, Tandem
from crm.demo.team import TEAM_SLUG
from crm.models import Team


@pytest.mark.django_db
def test_the_demo_has_rounds_reviews_and_a_running_programme(seed):
    seed(40)
    team = Team.objects.get(slug=TEAM_SLUG)
    assert Round.objects.filter(team=team).count() == 2
    assert Application.objects.filter(team=team, kind="recertification").count() == 3
    # One re-certification is under review: reviewed in part, not decided.
    pending = Application.objects.get(team=team, kind="recertification", decision="")
    assert Review.objects.filter(application=pending).count() == 1
    # Every decision rests on a review of every committed measure.
    for decided in Application.objects.filter(team=team).exclude(decision=""):
        rows = selectors.review_rows(application=decided)
        assert rows
        assert all(row.review is not None for row in rows)
    programme = Programme.objects.get(team=team)
    assert Tandem.objects.filter(programme=programme, status="running").count() >= 1
    assert all(t.meetings.count() == 2 for t in Tandem.objects.filter(programme=programme))
    # A mentee still waits for a tandem: the page shows suggestions for it.
    waiting = [
        row for row in selectors.mentoring_suggestions(programme=programme) if not row.tandem
    ]
    assert waiting
    assert waiting[0].suggestions
