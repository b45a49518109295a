"""Login, navigation, language and team switching, error pages."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from crm.models import Membership
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, TeamFactory, UserFactory


def test_login_page_and_login(client, staff):
    page = client.get(reverse("login"))
    assert page.status_code == 200

    response = client.post(
        reverse("login"), {"username": "anna", "password": DEFAULT_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["user"].username == "anna"


def test_wrong_password_is_refused_with_a_message(client, staff):
    response = client.post(
        reverse("login"), {"username": "anna", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_logout_needs_post_and_ends_the_session(staff_client):
    response = staff_client.post(reverse("logout"))
    assert response.status_code == 302
    assert staff_client.get(reverse("home")).status_code == 302


def test_password_change(staff_client, staff):
    response = staff_client.post(
        reverse("password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "ein-neues-Passwort-42",
            "new_password2": "ein-neues-Passwort-42",
        },
    )
    assert response.status_code == 302
    staff.user.refresh_from_db()
    assert staff.user.check_password("ein-neues-Passwort-42")


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "pipeline",
        "outreach",
        "reports",
        "companies:list",
        "companies:partner_list",
        "companies:create",
        "companies:partner_create",
        "password_change",
    ],
)
def test_every_navigation_target_renders(staff_client, name):
    assert staff_client.get(reverse(name)).status_code == 200


def test_german_is_the_default_and_english_can_be_chosen(staff_client):
    german = staff_client.get(reverse("companies:list")).content.decode()
    assert "Unternehmen" in german
    assert 'lang="de"' in german

    staff_client.post(reverse("set_language"), {"language": "en", "next": "/companies/"})
    english = staff_client.get(reverse("companies:list")).content.decode()
    assert 'lang="en"' in english
    assert "New company" in english


def test_team_switch_changes_what_the_user_sees(client, team, other_team):
    user = UserFactory(username="multi")
    MembershipFactory(team=team, user=user)
    MembershipFactory(team=other_team, user=user, role=Membership.Role.LEAD)
    client.force_login(user)

    assert team.name in client.get(reverse("home")).content.decode()
    client.post(reverse("team_switch"), {"team": other_team.pk})
    assert other_team.name in client.get(reverse("home")).content.decode()


def test_team_switch_refuses_foreign_team(staff_client, staff):
    stranger_team = TeamFactory(slug="fremd", name="Fremdes Team")
    response = staff_client.post(reverse("team_switch"), {"team": stranger_team.pk}, follow=True)
    assert "Fremdes Team" not in response.content.decode().split("</nav>")[0]
    assert response.context["request"].team == staff.team
    assert staff_client.post(reverse("team_switch"), {"team": "abc"}).status_code == 302


@pytest.mark.parametrize("language", ["de", "en"])
def test_404_page_in_both_languages(staff_client, language):
    response = staff_client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    expected = {"de": "Seite nicht gefunden", "en": "Page not found"}[language]
    assert expected in response.content.decode()


def test_500_page_renders_without_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Tandem" in response.content.decode()


def test_production_refuses_to_start_without_secret_key():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "crm.settings", "DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_no_page_loads_assets_from_another_host(staff_client, team):
    html = staff_client.get(reverse("companies:list")).content.decode()
    for attribute in ('src="http', "src='http", 'href="http', "href='http", "//cdn"):
        assert attribute not in html
