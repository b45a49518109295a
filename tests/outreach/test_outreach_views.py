"""The outreach pages: logging a contact, campaigns, the review queue and the thresholds."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from outreach import quality, services
from outreach.models import Campaign, OutreachFlag, OutreachSettings, Touchpoint
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    ContactFactory,
    NeedsProfileFactory,
    OutreachFlagFactory,
)

pytestmark = pytest.mark.django_db


def _page(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _touchpoint_data(**fields):
    data = {
        "channel": "letter",
        "direction": "out",
        "occurred_on": timezone.localdate().isoformat(),
        "subject": "Vorstellung",
        "text": "",
        "outcome": "",
        "override_reason": "",
    }
    data.update(fields)
    return data


def test_a_warning_shows_before_saving_and_do_it_anyway_needs_a_reason(case, staff_client):
    url = reverse("outreach:touchpoint_create", args=[case.pk])
    page = _page(staff_client.post(url, _touchpoint_data(), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Unprepared first contact" in page
    assert "Do it anyway" in page
    assert Touchpoint.objects.count() == 0
    page = _page(staff_client.post(url, _touchpoint_data(go_ahead="1"), HTTP_ACCEPT_LANGUAGE="en"))
    assert str(services.OVERRIDE_REASON_REQUIRED) in page
    assert Touchpoint.objects.count() == 0
    response = staff_client.post(
        url, _touchpoint_data(go_ahead="1", override_reason="Sie hat um den Brief gebeten")
    )
    assert response.status_code == 302
    reasons = set(OutreachFlag.objects.values_list("rule", "override_reason"))
    assert reasons == {
        (quality.UNPREPARED_FIRST_CONTACT, "Sie hat um den Brief gebeten"),
        (quality.NO_NAMED_PERSON, "Sie hat um den Brief gebeten"),
    }


def test_a_blocked_email_cannot_be_saved_from_the_page(case, staff_client):
    NeedsProfileFactory(company=case.company)
    contact = ContactFactory(company=case.company)
    url = reverse("outreach:touchpoint_create", args=[case.pk])
    data = _touchpoint_data(channel="email", contact=contact.pk, override_reason="trotzdem")
    page = _page(staff_client.post(url, {**data, "go_ahead": "1"}, HTTP_ACCEPT_LANGUAGE="de"))
    assert "Kanal nicht erlaubt" in page
    assert 'name="go_ahead"' not in page
    assert Touchpoint.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("occurred_on", "2999-01-01"), ("channel", "fax"), ("occurred_on", "gestern")],
)
def test_bad_touchpoint_input_gets_a_message_at_the_field(case, staff_client, field, value):
    url = reverse("outreach:touchpoint_create", args=[case.pk])
    response = staff_client.post(url, _touchpoint_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Touchpoint.objects.count() == 0


def test_another_teams_pages_answer_404(staff_client, other_team):
    foreign_case = AcquisitionCaseFactory(team=other_team)
    owner = foreign_case.owner
    campaign = services.campaign_create(team=other_team, by=owner, name="Fremd")
    item = services.campaign_cases_add(campaign=campaign, cases=[foreign_case], by=owner)[0]
    services.campaign_check(campaign=campaign)
    flag = OutreachFlag.objects.filter(team=other_team).first()
    urls = [
        reverse("outreach:touchpoint_create", args=[foreign_case.pk]),
        reverse("outreach:campaign_detail", args=[campaign.pk]),
        reverse("outreach:campaign_update", args=[campaign.pk]),
        reverse("outreach:campaign_item_update", args=[item.pk]),
    ]
    for url in urls:
        assert staff_client.get(url).status_code == 404, url
    assert (
        staff_client.post(
            reverse("outreach:campaign_action", args=[campaign.pk, "submit"])
        ).status_code
        == 404
    )
    assert (
        staff_client.post(reverse("outreach:campaign_item_remove", args=[item.pk])).status_code
        == 404
    )
    assert flag is not None


def test_flag_resolution_of_another_team_answers_404(lead_client, other_team):
    foreign_case = AcquisitionCaseFactory(team=other_team)
    campaign = services.campaign_create(team=other_team, by=foreign_case.owner, name="Fremd")
    services.campaign_cases_add(campaign=campaign, cases=[foreign_case], by=foreign_case.owner)
    services.campaign_check(campaign=campaign)
    flag = OutreachFlag.objects.filter(team=other_team).first()
    url = reverse("outreach:flag_resolve", args=[flag.pk])
    assert lead_client.post(url, {"action": "acknowledge", "note": "x"}).status_code == 404


def test_unknown_campaign_action_answers_404(staff_client, team, staff):
    campaign = services.campaign_create(team=team, by=staff.user, name="Winter")
    url = reverse("outreach:campaign_action", args=[campaign.pk, "explode"])
    assert staff_client.post(url).status_code == 404


def _campaign_in_review(team, staff, case):
    campaign = services.campaign_create(team=team, by=staff.user, name="Frühjahr")
    services.campaign_cases_add(campaign=campaign, cases=[case], by=staff.user)
    services.campaign_submit(campaign=campaign, by=staff.user)
    return campaign


def test_the_review_queue_lists_flags_and_scores_in_both_languages(case, team, staff, lead_client):
    _campaign_in_review(team, staff, case)
    url = reverse("outreach:review")
    german = _page(lead_client.get(url, HTTP_ACCEPT_LANGUAGE="de"))
    english = _page(lead_client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Unvorbereiteter Erstkontakt" in german
    assert "Zielgenauigkeit pro Person" in german
    assert "Unprepared first contact" in english
    assert "Targeting score per person" in english


def test_staff_cannot_open_the_review_queue(staff_client):
    assert staff_client.get(reverse("outreach:review")).status_code == 403


def test_a_lead_acknowledges_a_flag_in_place(case, team, staff, lead_client):
    campaign = _campaign_in_review(team, staff, case)
    flag = OutreachFlag.objects.filter(campaign=campaign, severity="warning").first()
    url = reverse("outreach:flag_resolve", args=[flag.pk])
    response = lead_client.post(url, {"action": "acknowledge", "note": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    flag.refresh_from_db()
    assert flag.state == "open"
    response = lead_client.post(
        url, {"action": "acknowledge", "note": "Im Jour fixe besprochen"}, HTTP_HX_REQUEST="true"
    )
    flag.refresh_from_db()
    assert flag.state == "acknowledged"
    assert "Im Jour fixe besprochen" in response.content.decode()


def test_campaign_pages_render_and_approve(case, team, staff, lead_client, staff_client):
    campaign = _campaign_in_review(team, staff, case)
    assert "Approve" not in _page(
        staff_client.get(campaign.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    )
    page = _page(lead_client.get(campaign.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Approve" in page
    lead_client.post(reverse("outreach:campaign_action", args=[campaign.pk, "approve"]))
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.IN_REVIEW  # the warnings are still open
    for flag in OutreachFlag.objects.filter(campaign=campaign, state="open"):
        lead_client.post(
            reverse("outreach:flag_resolve", args=[flag.pk]), {"action": "dismiss", "note": "ok"}
        )
    lead_client.post(reverse("outreach:campaign_action", args=[campaign.pk, "approve"]))
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.APPROVED
    assert _page(lead_client.get(reverse("outreach:campaign_list")))


def test_campaign_create_and_add_cases_from_the_page(case, staff_client):
    response = staff_client.post(
        reverse("outreach:campaign_create"),
        {
            "name": "Sommer",
            "purpose": "",
            "channel": "letter",
            "subject": "",
            "text": "Ein Angebot für {company}",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    staff_client.post(
        reverse("outreach:campaign_cases_add", args=[campaign.pk]), {"cases": [case.pk, "x"]}
    )
    assert (
        campaign.items.get().text == "Ein Angebot für Metallbau Schulze GmbH"
        or campaign.items.count() == 1
    )
    page = _page(staff_client.get(campaign.get_absolute_url()))
    assert "Metallbau Schulze" in page


@pytest.mark.parametrize(
    ("field", "value"),
    [("burst_days", "0"), ("burst_max_cold_first", "-3"), ("generic_similarity", "150")],
)
def test_nonsense_thresholds_are_refused(lead_client, field, value):
    data = {
        name: getattr(OutreachSettings(), name) for name in quality.Thresholds.__dataclass_fields__
    }
    data[field] = value
    response = lead_client.post(reverse("outreach:settings"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not OutreachSettings.objects.exists()


def test_thresholds_are_saved_and_flags_re_evaluated(lead_client, team, staff, case):
    _campaign_in_review(team, staff, case)
    data = {
        name: getattr(OutreachSettings(), name) for name in quality.Thresholds.__dataclass_fields__
    }
    data["needs_profile_max_age_days"] = 30
    response = lead_client.post(reverse("outreach:settings"), data)
    assert response.status_code == 302
    assert OutreachSettings.objects.get(team=team).needs_profile_max_age_days == 30


def test_the_case_page_costs_the_same_with_more_touchpoints(
    case, staff, staff_client, django_assert_max_num_queries
):
    NeedsProfileFactory(company=case.company)
    contact = ContactFactory(company=case.company)
    services.touchpoint_log(
        team=case.team,
        company=case.company,
        case=case,
        by=staff.user,
        channel="meeting",
        occurred_on=timezone.localdate(),
        contact=contact,
    )
    with django_assert_max_num_queries(60) as few:
        staff_client.get(case.get_absolute_url())
    for _ in range(5):
        services.touchpoint_log(
            team=case.team,
            company=case.company,
            case=case,
            by=staff.user,
            channel="meeting",
            occurred_on=timezone.localdate(),
            contact=contact,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(case.get_absolute_url())


def test_a_lead_sets_a_pipelines_target_group(lead_client, case, staff):
    url = reverse("outreach:pipeline_targets", args=[case.pipeline.pk])
    prefix = f"pipeline-{case.pipeline.pk}"
    response = lead_client.post(
        url,
        {
            f"{prefix}-size_classes": ["small", "medium"],
            f"{prefix}-sections": ["C"],
            f"{prefix}-districts": "Leipzig,  Landkreis  Leipzig , leipzig",
        },
    )
    assert response.status_code == 302
    case.pipeline.refresh_from_db()
    assert case.pipeline.target_size_classes == ["small", "medium"]
    assert case.pipeline.target_sections == ["C"]
    assert case.pipeline.target_districts == ["Leipzig", "Landkreis Leipzig"]
    assert "pipeline-targets" in _page(lead_client.get(reverse("outreach:settings")))


def test_unknown_target_values_are_refused_at_the_field(lead_client, case):
    url = reverse("outreach:pipeline_targets", args=[case.pipeline.pk])
    prefix = f"pipeline-{case.pipeline.pk}"
    page = _page(lead_client.post(url, {f"{prefix}-size_classes": ["giant"]}))
    assert "giant" in page
    case.pipeline.refresh_from_db()
    assert case.pipeline.target_size_classes == []


def test_another_teams_pipeline_answers_404(lead_client, other_team):
    from crm.models import Pipeline

    pipeline = Pipeline.objects.filter(team=other_team).first()
    url = reverse("outreach:pipeline_targets", args=[pipeline.pk])
    assert lead_client.post(url, {}).status_code == 404


def test_the_outcome_of_a_contact_is_recorded_from_the_case_page(case, staff, staff_client):
    NeedsProfileFactory(company=case.company)
    contact = ContactFactory(company=case.company)
    touchpoint = services.touchpoint_log(
        team=case.team,
        company=case.company,
        case=case,
        by=staff.user,
        channel="letter",
        occurred_on=timezone.localdate(),
        contact=contact,
    )
    url = reverse("outreach:touchpoint_outcome", args=[touchpoint.pk])
    assert staff_client.post(url, {"outcome": "meeting_agreed"}).status_code == 302
    touchpoint.refresh_from_db()
    assert touchpoint.outcome == "meeting_agreed"
    staff_client.post(url, {"outcome": "nonsense"})
    touchpoint.refresh_from_db()
    assert touchpoint.outcome == "meeting_agreed"


def test_an_objection_recorded_as_outcome_blocks_further_contact(case, staff, staff_client):
    NeedsProfileFactory(company=case.company)
    contact = ContactFactory(company=case.company)
    touchpoint = services.touchpoint_log(
        team=case.team,
        company=case.company,
        case=case,
        by=staff.user,
        channel="letter",
        occurred_on=timezone.localdate(),
        contact=contact,
    )
    staff_client.post(
        reverse("outreach:touchpoint_outcome", args=[touchpoint.pk]), {"outcome": "objection"}
    )
    contact.refresh_from_db()
    assert contact.objected_at == timezone.localdate()
    page = _page(
        staff_client.post(
            reverse("outreach:touchpoint_create", args=[case.pk]),
            _touchpoint_data(contact=contact.pk, override_reason="egal", go_ahead="1"),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    )
    assert "This contact is not allowed" in page
    assert Touchpoint.objects.count() == 1


def test_a_common_text_with_a_salutation_is_refused_at_the_field(staff_client):
    response = staff_client.post(
        reverse("outreach:campaign_create"),
        {"name": "Herbst", "channel": "letter", "text": "Hallo {contact},\nwir laden ein."},
    )
    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    assert "Hallo {contact}" in response.context["form"].errors["text"][0]
    assert not Campaign.objects.exists()


def test_the_campaign_page_shows_the_letter_as_one_recipient_gets_it(case, staff, staff_client):
    campaign = services.campaign_create(
        team=case.team, by=staff.user, name="Herbst", channel="letter", text="Wir laden ein."
    )
    contact = ContactFactory(company=case.company, salutation="herr", last_name="Kühn")
    services.campaign_cases_add(campaign=campaign, cases=[case], by=staff.user)
    campaign.items.update(contact=contact)
    response = staff_client.get(campaign.get_absolute_url())
    preview = response.context["preview"]["text"]
    assert preview.count("Sehr geehrte") == 1
    assert "Sehr geehrter Herr Kühn," in preview
    assert preview.count("Mit freundlichen Grüßen") == 1
    assert "Wir laden ein." in preview


def test_the_campaign_page_figures_count_what_it_lists(team, staff, staff_client):
    """Open findings, the tailored count and the score agree with the items and the list."""
    cases = []
    for n in range(3):
        company = CompanyFactory(team=team, legal_name=f"Druckerei {n}", city="Zwickau")
        ContactFactory(company=company, last_name=f"Kunde{n}")
        cases.append(AcquisitionCaseFactory(team=team, company=company, owner=staff.user))
    campaign = services.campaign_create(
        team=team, by=staff.user, name="Gleichlaut", channel="letter", text="Wir laden ein."
    )
    services.campaign_cases_add(campaign=campaign, cases=cases, by=staff.user)
    services.campaign_check(campaign=campaign)
    response = staff_client.get(campaign.get_absolute_url())
    context = response.context
    listed = [flag for item in context["items"] for flag in item.flag_list]
    listed += list(context["campaign_flags"])
    open_listed = [flag for flag in listed if flag.state == OutreachFlag.State.OPEN]
    assert context["open_total"] == len(open_listed) > 0
    assert context["campaign_open_warnings"] + context["campaign_open_blocks"] == sum(
        1 for flag in context["campaign_flags"] if flag.state == OutreachFlag.State.OPEN
    )
    targeting = context["targeting"]
    assert targeting.first_contacts == 3
    assert targeting.tailored == 0  # the common text, the same to three companies
    page = _page(response)
    assert f'data-count="{len(open_listed)}"' in page
    listing = staff_client.get(reverse("outreach:campaign_list"))
    (row,) = [c for c in listing.context["campaigns"] if c.pk == campaign.pk]
    assert row.targeting == targeting


def test_the_review_queue_pages_behind_the_last_flag_shown(
    team, lead_client, django_assert_max_num_queries
):
    flags = [
        OutreachFlagFactory(team=team, severity="warning" if n % 3 else "block") for n in range(60)
    ]
    url = reverse("outreach:review")

    connection.queries_log.clear()  # a full log would slice to nothing
    with django_assert_max_num_queries(30) as first_queries:
        first = lead_client.get(url)
    first_count = len(first_queries.captured_queries)
    shown = [flag.pk for flag in first.context["flags"]]
    assert len(shown) == 50
    nxt = lead_client.get(f"{url}?{first.context['next_page']}")
    rest = [flag.pk for flag in nxt.context["flags"]]

    assert sorted(shown + rest) == sorted(flag.pk for flag in flags)
    assert nxt.context["next_page"] is None
    assert 'data-testid="review-next"' in first.content.decode()
    # The scores and counts come from the cache while nothing changed.
    connection.queries_log.clear()
    with django_assert_max_num_queries(first_count - 1):
        lead_client.get(url)


def test_the_review_figures_follow_a_resolved_flag(team, lead, lead_client):
    flag = OutreachFlagFactory(team=team, user=lead.user)
    url = reverse("outreach:review")
    before = lead_client.get(url).context["counts"]
    assert [(c.open, c.acknowledged) for c in before] == [(1, 0)]

    services.flag_acknowledge(flag=flag, by=lead.user, note="Besprochen")

    after = lead_client.get(url).context["counts"]
    assert [(c.open, c.acknowledged) for c in after] == [(0, 1)]
