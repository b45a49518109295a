"""The review queue's rows are written in Python for speed; they must read as the
template loop they replaced (kept here as the reference)."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from outreach.models import Campaign
from outreach.review_rows import flag_rows
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    OutreachFlagFactory,
    TouchpointFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# The template loop the rows replaced, with its whitespace.
LOOP = (Path(__file__).parent / "review_rows_reference.html").read_text(encoding="utf-8")


def _normal(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def _tbody(html: str) -> str:
    return _normal(html[html.index("<tbody>") + 7 : html.index("</tbody>")])


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("state", ["open", "acknowledged"])
def test_the_written_rows_read_as_the_template_loop(lead_client, team, staff, language, state):
    campaign = Campaign.objects.create(team=team, name="Frühling <2027>", created_by=staff.user)
    case = AcquisitionCaseFactory(team=team, owner=staff.user)
    resolver = UserFactory(first_name="Lea", last_name="Leitung")
    OutreachFlagFactory(
        team=team,
        user=staff.user,
        company=case.company,
        touchpoint=TouchpointFactory(team=team, company=case.company, case=case),
        state=state,
    )
    OutreachFlagFactory(team=team, severity="block", campaign=campaign, state=state)
    OutreachFlagFactory(
        team=team,
        user=staff.user,
        campaign=campaign,
        company=CompanyFactory(team=team, legal_name="Bäckerei <Schmidt> & Söhne"),
        state=state,
        override_reason="Der Betrieb hat selbst angefragt, " * 6,
        note="Im Jour fixe besprochen & erledigt " * 5,
        resolved_by=resolver,
    )
    OutreachFlagFactory(team=team, state=state)  # about nobody and no campaign
    response = lead_client.get(
        reverse("outreach:review"), {"state": state}, HTTP_ACCEPT_LANGUAGE=language
    )
    flags = response.context["flags"]
    assert len(flags) == 4
    with translation.override(language):
        reference = Template(LOOP).render(
            Context(
                {
                    "flags": flags,
                    "ticked": {flags[0].pk},
                    "request": response.wsgi_request,
                }
            )
        )
        back = response.wsgi_request.get_full_path()
        written = flag_rows(flags, ticked={flags[0].pk}, back=back)
        unticked = flag_rows(flags, ticked=(), back=back)
    assert _normal(written) == _tbody(reference)
    # The page itself, where nothing is ticked, shows the same rows.
    assert _tbody(response.content.decode()) == _normal(unticked)
    assert "&lt;Schmidt&gt;" in written
    assert "checked" in written if state == "open" else "checked" not in written
