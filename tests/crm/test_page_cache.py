"""Pages served again while the data have not changed (crm.page_cache).

Most tests set the database's position themselves (SQLite has none), so that a test
can say "nothing changed" and "something changed"; the last ones run on PostgreSQL
with its real snapshot, committing as production does.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Company
from crm import page_cache
from tests.factories import AcquisitionCaseFactory, MembershipFactory, UserFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the snapshot is PostgreSQL's"
)


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture(autouse=True)
def _one_minute(monkeypatch):
    """The key holds the minute; a test that crossed into the next one would see a
    page computed afresh."""
    monkeypatch.setattr(page_cache, "_minute", lambda: "202612041000")


@pytest.fixture
def position(monkeypatch):
    """The position the cache sees; a test moves it by setting `position["now"]`."""
    state = {"now": "0/100"}
    monkeypatch.setattr(page_cache, "data_position", lambda: state["now"])
    return state


@pytest.fixture
def case(team, staff):
    return AcquisitionCaseFactory(team=team, owner=staff.user, company__legal_name="Firma Alpha")


def _get(client: Client, url: str, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response, len(queries)


def _seen_twice(client: Client, url: str, **extra):
    """Open the page as a browser does: the first view sets its CSRF cookie."""
    _get(client, url, **extra)
    return _get(client, url, **extra)


def test_a_page_seen_again_is_served_as_it_was_until_the_data_change(staff_client, case, position):
    url = reverse("cases:detail", args=[case.pk])
    first, computed = _seen_twice(staff_client, url)
    again, served = _get(staff_client, url)
    assert again.content == first.content
    # The session, the user, the membership and the position: nothing else.
    assert served <= 4 < computed

    # A change no signal sees; only the position tells the cache.
    Company.objects.filter(pk=case.company_id).update(legal_name="Firma Beta")
    stale, _ = _get(staff_client, url)
    assert "Firma Alpha" in stale.content.decode()  # the position said: nothing changed
    position["now"] = "0/200"
    fresh, _ = _get(staff_client, url)
    assert "Firma Beta" in fresh.content.decode()
    assert "Firma Alpha" not in fresh.content.decode()


def test_a_cached_page_is_served_only_to_its_own_user(staff_client, case, other_team, position):
    AcquisitionCaseFactory(team=other_team, company__legal_name="Firma Gamma")
    other = Client()
    other.force_login(MembershipFactory(team=other_team, user=UserFactory()).user)
    url = reverse("cases:list")
    mine, _ = _seen_twice(staff_client, url)
    # Even with the same CSRF cookie (an attacker can set his own to any value).
    other.cookies["csrftoken"] = staff_client.cookies["csrftoken"].value
    theirs, _ = _seen_twice(other, url)
    assert "Firma Alpha" in mine.content.decode()
    assert "Firma Alpha" not in theirs.content.decode()
    assert "Firma Gamma" in theirs.content.decode()
    mine_again, _ = _get(staff_client, url)
    assert "Firma Gamma" not in mine_again.content.decode()


def test_each_language_has_its_own_copy(staff_client, case, position):
    url = reverse("pipeline")
    german, _ = _seen_twice(staff_client, url, HTTP_ACCEPT_LANGUAGE="de")
    english, _ = _seen_twice(staff_client, url, HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="de"' in german.content.decode()
    assert '<html lang="en"' in english.content.decode()


def test_each_address_has_its_own_copy(staff_client, team, staff, position):
    AcquisitionCaseFactory(team=team, owner=staff.user, company__legal_name="Firma Alpha")
    AcquisitionCaseFactory(team=team, owner=staff.user, company__legal_name="Firma Delta")
    url = reverse("cases:list")
    _seen_twice(staff_client, url)
    found, _ = _get(staff_client, url, data={"q": "Delta"})
    assert "Firma Delta" in found.content.decode()
    assert "Firma Alpha" not in found.content.decode()


def test_forms_on_a_served_page_work_in_every_browser_of_the_user(staff, case, position):
    """The page's forms carry CSRF tokens: each browser gets a page made with its own."""
    url = reverse("cases:detail", args=[case.pk])
    browsers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    for number, browser in enumerate(browsers):
        browser.force_login(staff.user)
        _seen_twice(browser, url)
        page, served = _get(browser, url)
        assert served <= 4
        response = browser.post(
            reverse("cases:next_step", args=[case.pk]),
            {
                "csrfmiddlewaretoken": TOKEN.search(page.content.decode()).group(1),
                "next_step": f"Anruf {number}",
                "version": case.version + number,
            },
        )
        assert response.status_code == 302, response.content.decode()[:300]


def test_a_message_waiting_after_a_change_is_shown_not_the_served_page(
    staff_client, case, position
):
    url = reverse("cases:detail", args=[case.pk])
    _seen_twice(staff_client, url, HTTP_ACCEPT_LANGUAGE="en")
    staff_client.post(
        reverse("cases:next_step", args=[case.pk]),
        {"next_step": "Beim Landrat anrufen", "version": case.version},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    # The position is held still here: only the waiting message keeps the cache out.
    shown, _ = _get(staff_client, url, HTTP_ACCEPT_LANGUAGE="en")
    assert "Next step saved." in shown.content.decode()
    assert "Beim Landrat anrufen" in shown.content.decode()


def test_htmx_requests_and_other_answers_are_not_kept(staff_client, case, position):
    url = reverse("pipeline")
    _seen_twice(staff_client, url)
    partial, _ = _get(staff_client, url, HTTP_HX_REQUEST="true")
    full, _ = _get(staff_client, url)
    assert "<html" not in partial.content.decode()
    assert "<html" in full.content.decode()
    # Another team's case is a 404 each time, never kept.
    foreign = AcquisitionCaseFactory()
    for _ in range(3):
        assert staff_client.get(reverse("cases:detail", args=[foreign.pk])).status_code == 404


def test_an_unreachable_cache_still_gives_the_page(staff_client, case, position, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    page, _ = _seen_twice(staff_client, reverse("cases:detail", args=[case.pk]))
    assert "Firma Alpha" in page.content.decode()


def test_nothing_is_kept_when_the_cache_is_turned_off(staff_client, case, position, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = reverse("cases:detail", args=[case.pk])
    _, computed = _seen_twice(staff_client, url)
    _, again = _get(staff_client, url)
    assert again == computed


def test_no_position_no_cache(staff_client, case, monkeypatch):
    monkeypatch.setattr(page_cache, "data_position", lambda: None)
    url = reverse("home")
    _, computed = _seen_twice(staff_client, url)
    _, again = _get(staff_client, url)
    assert again == computed


# -- PostgreSQL, with its real snapshot --------------------------------------------
# The snapshot is the whole server's: another database's writes move it too, so these
# tests assert what must hold whatever else runs (a change shows), not a cache hit;
# the hits are tested above, with a position held still. They commit, as requests do.
@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_position_moves_with_every_commit():
    before = page_cache.data_position()
    assert before
    AcquisitionCaseFactory()
    assert page_cache.data_position() != before


@on_postgresql
def test_no_cache_inside_a_transaction(db):
    # The snapshot would stay the same for the transaction's own further writes.
    assert page_cache.data_position() is None


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_every_change_shows_at_the_next_view(staff_client, case):
    url = reverse("cases:detail", args=[case.pk])
    _seen_twice(staff_client, url)

    # Past every service and signal: a plain UPDATE.
    Company.objects.filter(pk=case.company_id).update(legal_name="Firma Beta")
    changed, _ = _get(staff_client, url)
    assert "Firma Beta" in changed.content.decode()
    _get(staff_client, url)

    # Through the page's own form, as a person does.
    staff_client.post(
        reverse("cases:next_step", args=[case.pk]),
        {"next_step": "Beim Landrat anrufen", "version": case.version},
    )
    _get(staff_client, url)  # shows the message "saved"
    after, _ = _get(staff_client, url)
    assert "Beim Landrat anrufen" in after.content.decode()
