"""The pages: a round, an application with the jury's review and decision, the documents,
the re-certifications due, mentoring suggestions and tandems, the company panel."""

from datetime import date

import pytest
from django.urls import reverse

from certification import selectors, services
from certification.models import Application, Participant, Review, Round, Tandem
from tests.certification.conftest import review_all
from tests.factories import CompanyFactory, NeedsProfileFactory


def test_a_lead_opens_a_round_and_staff_records_an_application(
    lead_client, staff_client, team, applicant
):
    response = lead_client.post(
        reverse("certification:round_create"), {"year": 2027, "jury_meets_on": "2027-05-03"}
    )
    found = Round.objects.get(team=team, year=2027)
    assert response.url == found.get_absolute_url()
    response = staff_client.post(
        reverse("certification:application_create", args=[found.pk]),
        {"company": applicant.pk, "kind": "first", "received_on": "2027-02-01"},
    )
    application = Application.objects.get(round=found)
    assert response.url == application.get_absolute_url()
    page = staff_client.get(application.get_absolute_url())
    assert "Bäckerei Sonnenschein" in page.content.decode()


def test_staff_may_not_open_a_round(staff_client):
    assert staff_client.get(reverse("certification:round_create")).status_code == 403
    assert staff_client.get(reverse("certification:due_list")).status_code == 403


def test_staff_records_commitments(staff_client, application, measures):
    response = staff_client.post(
        reverse("certification:commitment_create", args=[application.pk]),
        {"measure": measures[2].pk, "target_date": "2027-06-30", "notes": "ab Herbst"},
    )
    assert response.status_code == 302
    assert application.commitments.count() == 3


def test_the_decision_page_refuses_without_every_review(lead_client, application):
    response = lead_client.post(
        reverse("certification:decide", args=[application.pk]),
        {"decision": "certified", "decided_on": "2026-05-04"},
    )
    assert response.status_code == 200
    assert "noch nicht jede zugesagte Maßnahme" in response.content.decode()
    application.refresh_from_db()
    assert application.decision == ""


def test_a_lead_reviews_each_measure_decides_and_downloads(lead_client, application):
    for commitment in selectors.commitments_under_review(application):
        lead_client.post(
            reverse("certification:review", args=[application.pk, commitment.pk]),
            {"outcome": "implemented", "notes": "gut umgesetzt"},
        )
    assert Review.objects.filter(application=application).count() == 2
    response = lead_client.post(
        reverse("certification:decide", args=[application.pk]),
        {"decision": "certified", "decided_on": "2026-05-04"},
    )
    assert response.status_code == 302
    certificate = lead_client.get(reverse("certification:certificate", args=[application.pk]))
    assert certificate["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in certificate["Content-Disposition"]
    letter = lead_client.get(reverse("certification:decision_letter", args=[application.pk]))
    assert letter.status_code == 200


def test_staff_cannot_review(staff_client, application):
    commitment = selectors.commitments_under_review(application).first()
    response = staff_client.post(
        reverse("certification:review", args=[application.pk, commitment.pk]),
        {"outcome": "implemented"},
    )
    assert response.status_code == 403


def test_a_bad_review_answer_is_a_message_not_an_error(lead_client, application):
    commitment = selectors.commitments_under_review(application).first()
    response = lead_client.post(
        reverse("certification:review", args=[application.pk, commitment.pk]),
        {"outcome": "großartig"},
        follow=True,
    )
    assert response.status_code == 200
    assert not Review.objects.exists()


def _certify(application, lead, on: date) -> None:
    review_all(application, lead.user)
    services.application_decide(
        application=application, decision="certified", by=lead.user, decided_on=on
    )


def test_the_due_list_groups_by_quarter(lead_client, application, lead, team):
    _certify(application, lead, date(2025, 8, 20))  # due 20 August 2027
    rows = selectors.recertifications_due(team=team, today=date(2027, 1, 10))
    assert [str(row.quarter) for row in rows] == ["Q1/2027", "Q2/2027", "Q3/2027", "Q4/2027"]
    assert [len(row.applications) for row in rows] == [0, 0, 1, 0]
    overdue = selectors.recertifications_due(team=team, today=date(2027, 9, 1))
    assert overdue[0].quarter is None
    assert overdue[0].applications == [application]
    page = lead_client.get(reverse("certification:due_list"))
    assert "Bäckerei Sonnenschein" in page.content.decode()


def test_the_due_list_costs_the_same_for_more_companies(
    lead_client, team, lead, certification_round, measures, django_assert_num_queries
):
    def add(count: int) -> None:
        for _index in range(count):
            company = CompanyFactory(team=team)
            found = services.application_create(
                round=certification_round, company=company, kind="first", by=lead.user
            )
            services.commitment_create(
                company=company, measure=measures[0], application=found, by=lead.user
            )
            _certify(found, lead, date(2025, 10, 1))

    add(1)
    lead_client.get(reverse("certification:due_list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        lead_client.get(reverse("certification:due_list"))
    add(4)
    with django_assert_num_queries(len(first)):
        lead_client.get(reverse("certification:due_list"))


# -- mentoring ---------------------------------------------------------------------
@pytest.fixture
def mentoring(programme, team, lead, measures):
    mentee = CompanyFactory(team=team, legal_name="Neu GmbH", city="Zwickau", postal_code="08056")
    near = CompanyFactory(team=team, legal_name="Nah GmbH", city="Zwickau", postal_code="08058")
    far = CompanyFactory(
        team=team, legal_name="Fern", city="Hamburg", postal_code="20095", district="Hamburg"
    )
    NeedsProfileFactory(company=mentee, challenges=["shift_work"])
    NeedsProfileFactory(company=near, challenges=["shift_work"])
    services.commitment_create(company=mentee, measure=measures[0], by=lead.user)
    services.commitment_create(company=near, measure=measures[0], by=lead.user)
    for company, role in ((mentee, "mentee"), (near, "mentor"), (far, "mentor")):
        services.participant_add(programme=programme, company=company, role=role, by=lead.user)
    return mentee, near, far


def test_the_programme_page_suggests_and_explains_mentors(lead_client, programme, mentoring):
    page = lead_client.get(programme.get_absolute_url()).content.decode()
    assert page.index("Nah GmbH") < page.index("Fern")
    assert "Gleiche Herausforderung: Schicht- oder Wochenendarbeit" in page
    assert "im selben Ort (Zwickau)" in page


def test_a_lead_creates_the_suggested_tandem(lead_client, programme, mentoring):
    mentee, near, _far = mentoring
    response = lead_client.post(
        reverse("certification:tandem_create", args=[programme.pk]),
        {"mentor": near.pk, "mentee": mentee.pk, "explanation": "gleiche Herausforderung"},
    )
    tandem = Tandem.objects.get(programme=programme)
    assert response.url == tandem.get_absolute_url()
    assert tandem.explanation == "gleiche Herausforderung"


def test_a_self_tandem_is_refused_with_a_message(lead_client, programme, mentoring):
    mentee, _near, _far = mentoring
    response = lead_client.post(
        reverse("certification:tandem_create", args=[programme.pk]),
        {"mentor": mentee.pk, "mentee": mentee.pk},
        follow=True,
    )
    assert "kann nicht sein eigener Mentor sein" in response.content.decode()
    assert not Tandem.objects.exists()


def test_the_programme_page_costs_the_same_for_more_participants(
    lead_client, programme, mentoring, team, lead, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        lead_client.get(programme.get_absolute_url())
    for index in range(3):
        company = CompanyFactory(team=team, legal_name=f"Mehr {index}")
        NeedsProfileFactory(company=company, challenges=["caregivers"])
        services.participant_add(
            programme=programme,
            company=company,
            role=Participant.Role.MENTEE if index % 2 else Participant.Role.MENTOR,
            by=lead.user,
        )
    with django_assert_num_queries(len(first)):
        lead_client.get(programme.get_absolute_url())


def test_staff_records_a_meeting_and_finishes_the_tandem(staff_client, programme, mentoring, lead):
    mentee, near, _far = mentoring
    tandem = services.tandem_create(programme=programme, mentor=near, mentee=mentee, by=lead.user)
    staff_client.post(
        reverse("certification:tandem_meeting", args=[tandem.pk]),
        {"held_on": "2026-03-02", "topic": "Schichtpläne"},
    )
    staff_client.post(
        reverse("certification:tandem_goals", args=[tandem.pk]), {"goals": "Ein Modell"}
    )
    response = staff_client.post(
        reverse("certification:tandem_finish", args=[tandem.pk]),
        {"mentor_takeaways": "Neue Ideen", "mentee_takeaways": "Ein Schichtmodell"},
    )
    assert response.status_code == 302
    tandem.refresh_from_db()
    assert tandem.meetings.count() == 1
    assert tandem.goals == "Ein Modell"
    assert tandem.status == "finished"
    page = staff_client.get(tandem.get_absolute_url()).content.decode()
    assert "Ein Schichtmodell" in page


# -- the company page ----------------------------------------------------------------
def test_the_company_page_shows_commitments_status_and_tandems(
    staff_client, application, lead, programme, mentoring
):
    _certify(application, lead, date(2026, 5, 4))
    page = staff_client.get(application.company.get_absolute_url()).content.decode()
    assert 'id="certification-panel"' in page
    assert "Zertifiziert am 04.05.2026" in page
    mentee, near, _far = mentoring
    services.tandem_create(programme=programme, mentor=near, mentee=mentee, by=lead.user)
    page = staff_client.get(near.get_absolute_url()).content.decode()
    assert "Mentor von Neu GmbH" in page


def test_the_company_panel_costs_three_queries(application, django_assert_num_queries):
    with django_assert_num_queries(3):
        selectors.company_panel(company=application.company)


def test_staff_adds_a_commitment_from_the_company_page(staff_client, applicant, measures):
    response = staff_client.post(
        reverse("certification:company_commitment_create", args=[applicant.pk]),
        {"measure": measures[0].pk},
    )
    assert response.url == applicant.get_absolute_url()
    assert applicant.commitments.get().application is None
