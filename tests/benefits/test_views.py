"""Benefit pages: team scoping, bad input, both languages, query counts."""

import pytest
from django.test import Client
from django.urls import reverse

from benefits import services
from benefits.models import BenefitSettings, BenefitStatement, NeedsProfile, RegionalFact
from tests.factories import (
    CompanyFactory,
    MembershipFactory,
    NeedsProfileFactory,
    RegionalFactFactory,
    UserFactory,
)


@pytest.fixture
def statement(metal, metal_profile, staff) -> BenefitStatement:
    return services.statement_draft(company=metal, by=staff.user)


@pytest.fixture
def second_lead_client(team) -> Client:
    client = Client()
    client.force_login(
        MembershipFactory(team=team, user=UserFactory(username="leo"), role="lead").user
    )
    return client


def _page(response) -> str:
    return response.content.decode()


# -- team scoping ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("url_name", "method"),
    [
        ("benefits:profile_edit", "get"),
        ("benefits:profile_edit", "post"),
        ("benefits:statement_draft", "get"),
        ("benefits:statement_draft", "post"),
    ],
)
def test_another_teams_company_answers_404(staff_client, other_team, url_name, method):
    company = CompanyFactory(team=other_team)

    response = getattr(staff_client, method)(
        reverse(url_name, args=[company.pk]), {"challenges": ["rural"], "language": "de"}
    )

    assert response.status_code == 404
    assert not NeedsProfile.objects.exists()
    assert not BenefitStatement.objects.exists()


@pytest.mark.parametrize(
    ("url_name", "method"),
    [
        ("benefits:statement_detail", "get"),
        ("benefits:statement_edit", "get"),
        ("benefits:statement_edit", "post"),
        ("benefits:statement_approve", "post"),
        ("benefits:statement_sent", "post"),
        ("benefits:statement_diff", "get"),
    ],
)
def test_another_teams_statement_answers_404(lead_client, other_team, url_name, method):
    company = CompanyFactory(team=other_team)
    author = MembershipFactory(team=other_team).user
    NeedsProfileFactory(company=company, by=author)
    foreign = services.statement_draft(company=company, by=author)

    response = getattr(lead_client, method)(reverse(url_name, args=[foreign.pk]), {"text": "x"})

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert (foreign.version, foreign.status) == (1, "draft")


@pytest.mark.parametrize("url_name", ["benefits:fact_update", "benefits:fact_delete"])
def test_another_teams_fact_answers_404(lead_client, other_team, url_name):
    fact = RegionalFactFactory(team=other_team)

    assert lead_client.get(reverse(url_name, args=[fact.pk])).status_code == 404
    assert lead_client.post(reverse(url_name, args=[fact.pk])).status_code == 404
    assert RegionalFact.objects.filter(pk=fact.pk).exists()


def test_a_sent_statement_without_author_shows_its_sent_date(staff_client, team, metal):
    from django.utils import timezone

    # Statements made outside the services (imports, demo data) have no author.
    statement = BenefitStatement.objects.create(
        team=team, company=metal, text="Text.", status="sent", sent_at=timezone.now()
    )

    response = staff_client.get(reverse("benefits:statement_detail", args=[statement.pk]))

    assert response.status_code == 200
    assert 'data-testid="statement-sent"' in response.content.decode()


def test_the_score_explains_what_was_taken_off(staff_client, staff, it_company, it_profile):
    statement = services.statement_draft(company=it_company, by=staff.user)
    edited = services.statement_edit(
        statement=statement,
        by=staff.user,
        text=statement.text + "\n\n– frühzeitige Schichtpläne: vier Wochen im Voraus.",
    )

    response = staff_client.get(
        reverse("benefits:statement_detail", args=[edited.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert edited.score < statement.score
    assert edited.score_details["unsupported_needs"] == ["shift_work"]
    assert 'data-testid="score-penalty"' in response.content.decode()
    assert "which the needs profile does not name" in response.content.decode()


def test_pages_need_login(client, metal):
    response = client.get(reverse("benefits:profile_edit", args=[metal.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_lists_show_only_own_team(staff_client, statement, other_team):
    RegionalFactFactory(team=other_team, text_de="Fremder Fakt")

    statements = _page(staff_client.get(reverse("benefits:statement_list")))
    facts = _page(staff_client.get(reverse("benefits:fact_list")))

    assert "Metallbau Krause" in statements
    assert "Fremder Fakt" not in facts


# -- company panel --------------------------------------------------------------
def test_company_page_invites_to_capture_a_profile(staff_client, metal):
    page = _page(staff_client.get(metal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))

    assert "Needs profile & benefit statement" in page
    assert reverse("benefits:profile_edit", args=[metal.pk]) in page
    assert reverse("benefits:statement_draft", args=[metal.pk]) not in page
    assert reverse("benefits:catalogue") in page


def test_company_page_shows_profile_and_statements(staff_client, statement, metal):
    page = _page(staff_client.get(metal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))

    assert "Shift or weekend work" in page
    assert "Captured by" in page
    assert statement.get_absolute_url() in page
    assert reverse("benefits:statement_draft", args=[metal.pk]) in page


@pytest.mark.urls("crm.urls")
def test_company_panel_query_count_does_not_grow(
    staff_client, metal, metal_profile, staff, django_assert_max_num_queries
):
    services.statement_draft(company=metal, by=staff.user)
    url = metal.get_absolute_url()
    with django_assert_max_num_queries(40) as few:
        staff_client.get(url)
    for _ in range(8):
        services.statement_draft(company=metal, by=staff.user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(url)


# -- needs profile --------------------------------------------------------------
def test_capture_a_needs_profile(staff_client, metal, staff):
    response = staff_client.post(
        reverse("benefits:profile_edit", args=[metal.pk]),
        {
            "challenges": ["shift_work", "rural"],
            "share_women": "18",
            "share_part_time": "10",
            "local_situation": "Neue Halle geplant.",
        },
    )

    assert response.status_code == 302
    assert response.url == metal.get_absolute_url()
    profile = NeedsProfile.objects.get(company=metal)
    assert profile.challenges == ["shift_work", "rural"]
    assert profile.captured_by == staff.user


def test_edit_form_shows_the_current_profile(staff_client, metal, metal_profile, staff):
    response = staff_client.get(
        reverse("benefits:profile_edit", args=[metal.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.context["form"]["challenges"].value() == [
        "shift_work",
        "skilled_staff",
        "rural",
    ]
    assert f"Last captured by {staff.user.get_full_name()}" in _page(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Tick the challenges the company faces now"),
        ({"challenges": ["rural"], "no_challenges": "on"}, "contradicts the challenges"),
        ({"challenges": ["part_time"], "share_part_time": "0"}, "contradicts a part-time share"),
        ({"challenges": ["rural"], "share_part_time": "140"}, "A share is a percentage"),
        ({"challenges": ["other"]}, "what the other challenge is"),
    ],
)
def test_bad_profiles_are_refused_with_a_clear_message(staff_client, metal, data, message):
    response = staff_client.post(
        reverse("benefits:profile_edit", args=[metal.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert message in _page(response)
    assert not NeedsProfile.objects.filter(company=metal).exists()


# -- drafting -------------------------------------------------------------------
def test_draft_page_without_profile_says_what_to_capture(staff_client, metal):
    url = reverse("benefits:statement_draft", args=[metal.pk])

    page = _page(staff_client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    refused = staff_client.post(url, {"language": "de"}, HTTP_ACCEPT_LANGUAGE="en")

    assert "There is no needs profile for this company yet" in page
    assert refused.status_code == 200
    assert "Capture a needs profile first" in _page(refused)
    assert not BenefitStatement.objects.exists()


@pytest.mark.parametrize(("language", "opening"), [("de", "ist ein kleines"), ("en", "is a small")])
def test_draft_a_statement(staff_client, metal, metal_profile, language, opening):
    response = staff_client.post(
        reverse("benefits:statement_draft", args=[metal.pk]), {"language": language}
    )

    statement = BenefitStatement.objects.get()
    assert response.status_code == 302
    assert response.url == statement.get_absolute_url()
    assert statement.language == language
    assert opening in statement.text


@pytest.mark.parametrize("accept", ["de", "en"])
def test_statement_page_shows_text_score_and_provenance(staff_client, statement, accept):
    page = _page(staff_client.get(statement.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=accept))

    assert "Metallbau Krause GmbH ist ein kleines Unternehmen" in page
    assert 'id="tailoring-score"' in page
    assert "100" in page
    assert "KfW Research, 2020" in page


def test_statement_page_warns_about_a_copy_and_links_the_original(
    staff_client, metal, it_company, it_profile, staff, statement
):
    own = services.statement_draft(company=it_company, by=staff.user)
    services.statement_edit(
        statement=own,
        by=staff.user,
        text=statement.text.replace("Metallbau Krause GmbH", "Datenwerk Software GmbH"),
    )

    page = _page(staff_client.get(own.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))

    assert "reads like another one of your team" in page
    assert statement.get_absolute_url() in page


def test_statement_page_query_count_does_not_grow(
    staff_client, statement, staff, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as few:
        staff_client.get(statement.get_absolute_url())
    for number in range(6):
        services.statement_edit(statement=statement, by=staff.user, text=f"Text {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(statement.get_absolute_url())


# -- versions and diff ------------------------------------------------------------
def test_edit_saves_a_version_and_the_diff_shows_it(staff_client, statement):
    new_text = statement.text.replace("kleines Unternehmen", "kleiner Familienbetrieb")

    response = staff_client.post(
        reverse("benefits:statement_edit", args=[statement.pk]),
        {"text": new_text, "note": "persönlicher"},
    )
    diff = _page(staff_client.get(reverse("benefits:statement_diff", args=[statement.pk])))

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.version == 2
    assert "<del" in diff
    assert "kleines" in diff
    assert "Familienbetrieb</ins>" in diff


def test_unchanged_text_is_refused_on_the_form(staff_client, statement):
    response = staff_client.post(
        reverse("benefits:statement_edit", args=[statement.pk]),
        {"text": statement.text},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "The text is unchanged" in _page(response)


@pytest.mark.parametrize("query", ["?from=9&to=1", "?from=x", "?to=0"])
def test_diff_of_unknown_versions_answers_404(staff_client, statement, query):
    url = reverse("benefits:statement_diff", args=[statement.pk]) + query

    assert staff_client.get(url).status_code == 404


# -- approval ---------------------------------------------------------------------
def test_staff_cannot_approve_where_a_lead_is_required(staff_client, statement):
    response = staff_client.post(
        reverse("benefits:statement_approve", args=[statement.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    assert "requires a team lead to approve" in _page(response)
    statement.refresh_from_db()
    assert statement.status == "draft"


def test_lead_cannot_approve_own_statement(lead_client, metal, metal_profile, lead):
    own = services.statement_draft(company=metal, by=lead.user)

    response = lead_client.post(
        reverse("benefits:statement_approve", args=[own.pk]), HTTP_ACCEPT_LANGUAGE="en", follow=True
    )

    assert "requires a second person" in _page(response)
    own.refresh_from_db()
    assert own.status == "draft"


def test_lead_approves_and_staff_marks_sent(lead_client, staff_client, statement):
    lead_client.post(reverse("benefits:statement_approve", args=[statement.pk]))
    staff_client.post(reverse("benefits:statement_sent", args=[statement.pk]))

    statement.refresh_from_db()
    assert statement.status == "sent"
    page = _page(
        staff_client.get(
            reverse("benefits:statement_edit", args=[statement.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )
    )
    assert "has been sent" in page


def test_approve_and_sent_need_post(staff_client, statement):
    assert (
        staff_client.get(reverse("benefits:statement_approve", args=[statement.pk])).status_code
        == 405
    )


# -- catalogue, facts, settings ---------------------------------------------------------
@pytest.mark.parametrize(("accept", "heading"), [("de", "Homeoffice"), ("en", "home office")])
def test_catalogue_lists_sourced_arguments_and_measures_in_the_page_language(
    staff_client, accept, heading
):
    page = _page(staff_client.get(reverse("benefits:catalogue"), HTTP_ACCEPT_LANGUAGE=accept))

    assert "KfW Research" in page
    assert "2020" in page
    assert heading in page
    assert "admin/" not in page  # staff see it read-only


def test_catalogue_links_its_editing_pages_for_leads_only(staff_client, lead_client):
    staff_page = _page(staff_client.get(reverse("benefits:catalogue")))
    lead_page = _page(lead_client.get(reverse("benefits:catalogue")))

    assert reverse("benefits:argument_create") in lead_page
    assert reverse("benefits:argument_create") not in staff_page
    assert "/admin/" not in lead_page


def test_staff_cannot_edit_regional_facts(staff_client):
    assert staff_client.get(reverse("benefits:fact_create")).status_code == 403
    assert staff_client.post(reverse("benefits:fact_create"), {}).status_code == 403


def test_lead_adds_a_regional_fact(lead_client, team):
    response = lead_client.post(
        reverse("benefits:fact_create"),
        {
            "district": "Landkreis Nordsachsen",
            "topic": "commuting",
            "text_de": "Viele pendeln über 30 km.",
            "needs": ["rural"],
            "source": "Pendleratlas",
            "as_of": "2025-06-30",
        },
    )

    assert response.status_code == 302
    assert RegionalFact.objects.get(team=team).source == "Pendleratlas"


def test_a_fact_without_source_is_refused(lead_client, team):
    response = lead_client.post(
        reverse("benefits:fact_create"),
        {"topic": "other", "text_de": "Ohne Quelle.", "as_of": "2025-06-30"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "This field is required" in _page(response)
    assert not RegionalFact.objects.exists()


def test_lead_edits_and_deletes_a_fact(lead_client, team):
    fact = RegionalFactFactory(team=team)

    lead_client.post(
        reverse("benefits:fact_update", args=[fact.pk]),
        {
            "topic": "childcare",
            "text_de": "Geändert.",
            "source": fact.source,
            "as_of": "2025-01-01",
        },
    )
    fact.refresh_from_db()
    assert fact.text_de == "Geändert."

    lead_client.post(reverse("benefits:fact_delete", args=[fact.pk]))
    assert not RegionalFact.objects.exists()


def test_settings_for_leads(lead_client, staff_client, team):
    assert staff_client.get(reverse("benefits:settings")).status_code == 403

    response = lead_client.post(reverse("benefits:settings"), {"region": "west"})

    assert response.status_code == 302
    settings = BenefitSettings.objects.get(team=team)
    assert settings.region == "west"
    assert settings.require_second_person_approval is False


@pytest.mark.parametrize(
    "params", [{"status": "nonsense"}, {"page": "999"}, {"q": "x" * 3000}, {"sort": "oops"}]
)
def test_statement_list_survives_odd_query_strings(staff_client, statement, params):
    assert staff_client.get(reverse("benefits:statement_list"), params).status_code in {200, 404}


def test_statement_list_filters_by_status(staff_client, statement):
    drafts = _page(staff_client.get(reverse("benefits:statement_list"), {"status": "draft"}))
    sent = _page(staff_client.get(reverse("benefits:statement_list"), {"status": "sent"}))

    assert "Metallbau Krause" in drafts
    assert "Metallbau Krause" not in sent


def test_approve_button_only_for_those_who_may(staff_client, lead_client, statement, team):
    url = statement.get_absolute_url()
    approve = reverse("benefits:statement_approve", args=[statement.pk])

    assert approve not in _page(staff_client.get(url))
    assert approve in _page(lead_client.get(url))
    BenefitSettings.objects.filter(team=team).update(require_second_person_approval=False)
    assert approve in _page(staff_client.get(url))
