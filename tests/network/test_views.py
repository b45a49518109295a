"""The network pages as a user meets them, and the public registration as a stranger does."""

import icalendar
import pytest
from django.core.cache import cache
from django.urls import reverse

from network import services, throttle
from network.models import Registration
from tests.factories import NeedsProfileFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _public(client, event, **data):
    body = {"name": "Jana Rot", "organisation": "Rot KG", "email": "jana@rot.de", "privacy": "on"}
    return client.post(reverse("network:public_register", args=[event.public_token]), body | data)


def test_public_registration_answers_the_same_for_new_and_known_addresses(client, event):
    first = _public(client, event)
    second = _public(client, event)
    assert first.status_code == second.status_code == 200
    assert b'data-testid="public-done"' in first.content
    assert first.content.count(b"public-done") == second.content.count(b"public-done")
    assert Registration.objects.filter(event=event).count() == 1


def test_the_honeypot_registers_nobody(client, event):
    response = _public(client, event, website="http://spam.example")
    assert b"public-done" in response.content
    assert not Registration.objects.exists()


def test_the_privacy_notice_must_be_accepted(client, event):
    response = _public(client, event, privacy="")
    assert b"public-done" not in response.content
    assert b"privacy-notice" in response.content
    assert not Registration.objects.exists()


def test_too_many_posts_are_refused(client, event):
    for number in range(throttle.PUBLIC_POSTS_PER_WINDOW):
        _public(client, event, email=f"p{number}@x.de")
    response = _public(client, event, email="late@x.de")
    assert response.status_code == 429
    assert not Registration.objects.filter(email="late@x.de").exists()


def test_cancel_link_cancels(client, event):
    _public(client, event)
    registration = Registration.objects.get()
    url = reverse("network:public_cancel", args=[registration.cancel_token])
    assert client.get(url).status_code == 200
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_an_unknown_token_is_not_found(client, db):
    assert client.get(reverse("network:public_register", args=["nope"])).status_code == 404
    assert client.get(reverse("network:feed", args=["nope"])).status_code == 404


def test_event_ics_and_team_feed(lead_client, client, event, team, lead):
    response = lead_client.get(reverse("network:event_ics", args=[event.pk]))
    parsed = icalendar.Calendar.from_ical(response.content)
    (entry,) = parsed.walk("VEVENT")
    assert str(entry["summary"]) == "Netzwerktreffen Herbst"
    assert entry.decoded("dtstart").hour == 9
    settings = services.network_feed_renew(team=team, by=lead.user)
    feed = client.get(reverse("network:feed", args=[settings.feed_token]))
    assert feed.status_code == 200
    assert len(icalendar.Calendar.from_ical(feed.content).walk("VEVENT")) == 1


def test_feed_renewal_is_for_leads(staff_client):
    assert staff_client.post(reverse("network:feed_renew")).status_code == 403


def test_staff_create_an_event_through_the_form(staff_client, team):
    response = staff_client.post(
        reverse("network:event_create"),
        {
            "kind": "breakfast",
            "title": "Unternehmerinnenfrühstück",
            "date": "2030-05-06",
            "starts_at": "08:30",
            "place": "Café am Markt",
            "registration_open": "on",
        },
    )
    assert response.status_code == 302
    assert team.events.get().title == "Unternehmerinnenfrühstück"


def test_company_page_suggests_who_can_help(
    staff_client, team, member_contact, member_factory, staff
):
    topic = team.expert_topics.get(code="care_counselling")
    services.expert_save(
        team=team,
        contact=member_contact,
        by=staff.user,
        topics=[topic],
        consent_on=member_contact.created_at.date(),
    )
    needy = member_factory("Pflegeheim Abendrot")
    NeedsProfileFactory(company=needy.company, challenges=["caregivers"])
    response = staff_client.get(reverse("companies:detail", args=[needy.company_id]))
    assert b'data-testid="who-can-help"' in response.content
    assert member_contact.last_name.encode() in response.content


def test_expert_search_by_topic_and_place(staff_client, team, member_contact, staff):
    topic = team.expert_topics.get(code="kita_places")
    services.expert_save(
        team=team,
        contact=member_contact,
        by=staff.user,
        topics=[topic],
        consent_on=member_contact.created_at.date(),
    )
    url = reverse("network:expert_list")
    hit = staff_client.get(url, {"topic": topic.pk, "place": "Leipzig"})
    miss = staff_client.get(url, {"topic": topic.pk, "place": "Chemnitz"})
    assert b"Sommer" in hit.content
    assert b"Sommer" not in miss.content


def test_staff_link_a_public_registration_to_its_company(staff_client, client, event, member):
    _public(client, event)
    registration = Registration.objects.get()
    assert registration.company is None
    staff_client.post(
        reverse("network:registration_company", args=[registration.pk]),
        {"company": member.company_id},
    )
    registration.refresh_from_db()
    assert registration.company == member.company
