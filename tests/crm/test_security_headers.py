"""Every page carries a content security policy without inline scripts, and a
Permissions-Policy; the headers that were there before stay."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import AcquisitionCaseFactory, CompanyFactory

pytestmark = pytest.mark.django_db


def _plain_paths(patterns=None, prefix=""):
    """Every URL without parameters, outside the Django admin and its i18n views."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith(("admin/", "i18n/")):
                continue
            yield from _plain_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern) and "<" not in route and "(?P" not in route:
            yield "/" + prefix + route


def _directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def _assert_policies(response, path):
    csp = response.headers.get("Content-Security-Policy")
    assert csp, f"{path} has no CSP"
    directives = _directives(csp)
    assert directives["script-src"] == ["'self'"], path
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]
    permissions = response.headers.get("Permissions-Policy", "")
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions, path
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_every_page_of_a_lead_has_a_csp_without_inline_scripts(lead_client, lead):
    company = CompanyFactory(team=lead.team)
    case = AcquisitionCaseFactory(team=lead.team, company=company)
    paths = sorted(set(_plain_paths()))
    paths += [company.get_absolute_url(), case.get_absolute_url()]
    assert reverse("companies:list") in paths
    assert len(paths) > 20
    for path in paths:
        response = lead_client.get(path)
        assert response.status_code < 500, path
        _assert_policies(response, path)


@pytest.mark.parametrize("name", ["login", "password_reset"])
def test_pages_before_the_login_have_the_policy_too(client, name):
    _assert_policies(client.get(reverse(name)), name)
