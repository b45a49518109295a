"""Nothing a user can type into the outreach, letters and report pages gives a 500."""

import pytest
from django.urls import reverse

from outreach import services

pytestmark = pytest.mark.django_db

GARBAGE = ["", "x", "-1", "99999999999999999999", "<script>", "2026-13-45", "a\x00b", "🙂" * 50]


@pytest.mark.parametrize("who", ["lead_client", "staff_client"])
def test_garbage_in_every_field_gets_an_answer_not_a_server_error(request, who, case, team, lead):
    client = request.getfixturevalue(who)
    campaign = services.campaign_create(team=team, by=lead.user, name="G")
    urls = [
        "/reports/",
        "/reports/funnel/",
        "/reports/sources/",
        "/reports/people/",
        "/reports/time/",
        "/reports/quality/",
        "/outreach/review/",
        "/outreach/",
        "/pipeline/cases/",
        "/companies/",
        reverse("outreach:campaign_detail", args=[campaign.pk]),
        reverse("outreach:touchpoint_create", args=[case.pk]),
        reverse("outreach:case_letter", args=[case.pk]),
        reverse("outreach:letter_settings"),
        reverse("outreach:campaign_letters", args=[campaign.pk]),
        reverse("outreach:settings"),
        reverse("outreach:campaign_create"),
    ]
    keys = [
        "opened_from",
        "opened_to",
        "pipeline",
        "owner",
        "district",
        "sector",
        "source",
        "rule",
        "person",
        "state",
        "reached",
        "warm",
        "prepared",
        "page",
        "format",
        "channel",
        "q",
        "name",
        "text",
        "occurred_on",
        "contact",
        "subject",
        "note",
        "stage",
    ]
    for url in urls:
        for value in GARBAGE:
            params = dict.fromkeys(keys, value)
            response = client.get(url, params)
            assert response.status_code < 500, (url, repr(value), response.status_code)
            response = client.post(url, params)
            assert response.status_code < 500, ("POST", url, repr(value), response.status_code)
