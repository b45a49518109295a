"""Every network page answers for the own team (a quick guard against template errors)."""

import pytest
from django.urls import reverse

from network import services


@pytest.mark.parametrize(
    "name",
    ["network:partner_list", "network:event_list", "network:expert_list", "network:topic_list"],
)
def test_list_pages_render(lead_client, member, name):
    response = lead_client.get(reverse(name))
    assert response.status_code == 200


def test_detail_pages_render(lead_client, member, member_contact, event, lead, team):
    services.expert_save(
        team=team,
        contact=member_contact,
        by=lead.user,
        topics=list(team.expert_topics.all()[:2]),
        consent_on=member_contact.created_at.date(),
    )
    for url in (
        reverse("network:partner_detail", args=[member.pk]),
        reverse("network:event_detail", args=[event.pk]),
        reverse("network:event_invite", args=[event.pk]),
        reverse("network:event_create"),
        reverse("network:expert_create"),
        reverse("network:topic_create"),
        reverse("companies:detail", args=[member.company_id]),
        reverse("reports:detail", args=["network"]),
    ):
        response = lead_client.get(url)
        assert response.status_code == 200, url
