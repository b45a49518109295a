"""Stored files leave only through team-checked views, in every mode (issue 18, point 1)."""

import importlib
import re

import pytest
from django.test import Client
from django.urls import clear_url_caches, get_resolver, reverse

import crm.urls
from crm.files import PrivateUpload
from crm.models import Membership
from tests.factories import MembershipFactory, UserFactory
from tests.stored_files import stored_files

KINDS = ["letter", "batch archive", "template", "logo", "import file"]


@pytest.fixture
def debug_urls(settings):
    """The URLs as `make run` (DEBUG=1) builds them."""
    settings.DEBUG = True
    clear_url_caches()
    importlib.reload(crm.urls)
    yield
    settings.DEBUG = False
    clear_url_caches()
    importlib.reload(crm.urls)


@pytest.fixture
def files(team, lead):
    return stored_files(team, owner=lead.user)


def _client(membership: Membership | None) -> Client:
    client = Client()
    if membership is not None:
        client.force_login(membership.user)
    return client


@pytest.fixture
def strangers(other_team):
    return {
        "anonymous": None,
        "other staff": MembershipFactory(team=other_team, user=UserFactory(username="olaf")),
        "other lead": MembershipFactory(
            team=other_team, user=UserFactory(username="ottilie"), role=Membership.Role.LEAD
        ),
    }


def test_no_url_pattern_serves_the_media_folder(debug_urls):
    def routes(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    assert not [route for route in routes(get_resolver().url_patterns) if "media" in route]


@pytest.mark.parametrize("kind", KINDS)
def test_the_media_path_is_not_served_even_to_the_own_team(debug_urls, files, lead_client, kind):
    stored = {
        "letter": files.letter.file,
        "batch archive": files.batch.archive,
        "template": files.template.file,
        "logo": files.settings.logo,
        "import file": files.job.file,
    }[kind]
    for client in (Client(), lead_client):
        assert client.get(f"/media/{stored.name}").status_code == 404


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", ["anonymous", "other staff", "other lead"])
def test_another_team_and_anonymous_get_no_file(debug_urls, files, strangers, kind, who):
    url, content = files.downloads()[kind]
    response = _client(strangers[who]).get(url)
    if who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    elif kind == "logo":
        # The other team's lead gets their own (empty) letterhead, never this logo.
        assert response.status_code in {403, 404}
    else:
        assert response.status_code == 404
    assert content not in b"".join(getattr(response, "streaming_content", [response.content]))


@pytest.mark.parametrize("kind", KINDS)
def test_the_own_team_downloads_the_bytes(debug_urls, files, lead_client, kind):
    url, content = files.downloads()[kind]
    response = lead_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == content


def test_the_logo_is_for_leads_only(files, staff_client):
    url, _content = files.downloads()["logo"]
    assert staff_client.get(url).status_code == 403


def test_letter_download_has_a_readable_name(files, lead_client):
    url, _content = files.downloads()["letter"]
    disposition = lead_client.get(url)["Content-Disposition"]
    assert re.search(r'filename="Brief-.+-v1\.docx"', disposition)


def test_stored_names_carry_a_random_token(files):
    names = [
        files.letter.file.name,
        files.batch.archive.name,
        files.template.file.name,
        files.settings.logo.name,
        files.job.file.name,
    ]
    for name in names:
        assert re.fullmatch(r"[a-z/-]+/\d{4}/\d{2}/[A-Za-z0-9_-]{22}/[^/]+", name), name
    upload = PrivateUpload("letters")
    assert upload(None, "a.docx") != upload(None, "a.docx")


@pytest.mark.parametrize(
    ("front", "header"), [("nginx", "X-Accel-Redirect"), ("apache", "X-Sendfile")]
)
def test_a_front_server_can_send_the_checked_file(settings, files, lead_client, front, header):
    settings.FILES_FRONT_SERVER = front
    url, _content = files.downloads()["letter"]
    response = lead_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response[header].endswith(files.letter.file.name)
    assert response.content == b""
