"""The demo pipeline: cases over every stage, a consistent history, requirements met."""

import pytest
from django.contrib.auth import get_user_model

from companies.models import NetworkPartner
from crm.demo.team import TEAM_SLUG
from crm.models import AcquisitionCase, CaseStageSummary, Stage, StageChange, Team


@pytest.mark.django_db
def test_about_120_cases_over_every_stage_with_a_consistent_history(seed):
    seed(None)

    team = Team.objects.get(slug=TEAM_SLUG)
    cases = list(AcquisitionCase.objects.filter(team=team).select_related("stage", "owner"))
    assert len(cases) == 120
    stages = Stage.objects.filter(pipeline__team=team)
    assert {case.stage_id for case in cases} == set(stages.values_list("id", flat=True))
    assert {case.owner.username for case in cases} == {"anna", "ben", "lea"}
    assert len({case.source for case in cases}) == 6

    changes = {}
    for change in StageChange.objects.filter(case__team=team).order_by("changed_at", "id"):
        changes.setdefault(change.case_id, []).append(change)
    summaries = {}
    for summary in CaseStageSummary.objects.filter(case__team=team):
        summaries.setdefault(summary.case_id, set()).add(summary.stage_id)
    for case in cases:
        history = changes[case.pk]
        assert history[0].from_stage is None
        assert history[0].changed_at == case.opened_at
        assert history[-1].to_stage_id == case.stage_id
        assert history[-1].changed_at == case.stage_entered_at
        assert [c.from_stage_id for c in history[1:]] == [c.to_stage_id for c in history[:-1]]
        assert summaries[case.pk] == {c.to_stage_id for c in history}
        kind = case.stage.kind
        assert (case.closed_at is not None) == (kind in {"won", "lost"})
        if kind == "won":
            assert case.partnership.started_on
        if kind == "lost":
            assert case.lost_reason_id
        if kind == "paused":
            assert case.paused_until

    # Every partner company is a won case.
    partner_companies = NetworkPartner.objects.filter(team=team, company__isnull=False)
    won = AcquisitionCase.objects.filter(team=team, stage__kind="won")
    assert set(partner_companies.values_list("company_id", flat=True)) <= set(
        won.values_list("company_id", flat=True)
    )

    # The dashboard has something to show for the staff.
    from crm import selectors

    anna = get_user_model().objects.get(username="anna")
    assert selectors.cases_due(team=team, owner=anna)
    assert selectors.cases_rotting(team=team, owner=anna)


@pytest.mark.django_db
def test_a_requirement_the_demo_cannot_meet_keeps_cases_in_front_of_that_stage(monkeypatch, seed):
    from crm import requirements

    # Replaces the outreach app's check for this test only (restored afterwards).
    monkeypatch.setitem(
        requirements._REGISTRY,
        "introduction",
        requirements.Requirement(
            code="introduction", label="Introduction", check=lambda case: "No introduction."
        ),
    )
    seed(60)

    reached = set(
        AcquisitionCase.objects.values_list("furthest_stage__name_de", flat=True).distinct()
    )
    assert reached <= {"Hinweis/Empfehlung", "Vorbereitet"}
    assert AcquisitionCase.objects.filter(furthest_stage__name_de="Vorbereitet").exists()
