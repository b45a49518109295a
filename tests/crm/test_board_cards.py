"""The board's cards are written in Python for speed; each must read as the card template."""

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from crm import board_cards, selectors
from crm.models import Source, Stage
from crm.views import _move_options
from tests.factories import AcquisitionCaseFactory, CompanyFactory, NetworkPartnerFactory

pytestmark = pytest.mark.django_db

BOARD_QUERY = "owner=3&q=B%C3%A4ckerei+%26+S%C3%B6hne"


def _normal(html: str) -> str:
    """Whitespace runs read as one space in HTML: compare with them collapsed."""
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


def _variants(team, staff):
    """Cards in every state a board shows: due today, overdue, stale, without a next
    step, warm through a partner, on hold, won; a name that needs escaping."""
    now, today = timezone.now(), timezone.localdate()
    stages = {s.kind: s for s in reversed(list(Stage.objects.filter(pipeline__team=team)))}
    first = Stage.objects.filter(pipeline__team=team).order_by("position").first()
    partner = NetworkPartnerFactory(team=team, name='IHK "Süd" & Co')
    made = []
    for index, (name, changes) in enumerate(
        [
            ("Bäckerei <Schmidt> & Söhne", {"next_step_due": today}),
            ("Metallbau Schulze", {"next_step_due": today - timedelta(days=4)}),
            ("Autohaus Müller", {"stage_entered_at": now - timedelta(days=400)}),
            ("Pflegedienst Sonne", {"next_step": "", "next_step_due": None}),
            ("Hubertus-Apotheke", {"source": Source.REFERRAL, "referred_by": partner}),
            (
                "Kita Regenbogen",
                {"stage": stages["paused"], "paused_until": today - timedelta(days=1)},
            ),
            (
                "Friseur Schnitt",
                {"stage": stages["paused"], "paused_until": today + timedelta(days=10)},
            ),
            ("Druckerei Klein", {"stage": stages["won"], "closed_at": now}),
            ("Tischlerei Holz", {"stage": stages["lost"], "closed_at": now, "next_step": ""}),
        ]
    ):
        case = AcquisitionCaseFactory(
            team=team,
            owner=staff.user,
            company=CompanyFactory(team=team, legal_name=name),
            next_step="Anrufen & <nachfassen>",
            next_step_due=today + timedelta(days=index),
        )
        case.stage = first
        for field, value in changes.items():
            setattr(case, field, value)
        made.append(selectors.card_for(case, now=now, today=today))
    return made, list(Stage.objects.filter(pipeline__team=team).order_by("position"))


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_written_card_reads_as_the_template(team, staff, language):
    cards, stages = _variants(team, staff)
    request = RequestFactory().get("/pipeline/")
    request.user = staff.user
    with translation.override(language):
        for card in cards:
            options = _move_options(stages, card.case.stage)
            context = {
                "card": card,
                "move_options": options,
                "board_url": f"/pipeline/?{BOARD_QUERY}",
                "board_query": BOARD_QUERY,
                "csrf_token": "tok3n",
            }
            expected = render_to_string("crm/partials/case_card.html", context)
            written = board_cards.cards_html(
                [card],
                move_options=options,
                board_url=context["board_url"],
                board_query=BOARD_QUERY,
                csrf_token="tok3n",
            )
            assert _normal(written) == _normal(expected), card.case.company.legal_name
    # The states differ where they should: the variants are no copies of one card.
    assert {c.rotting for c in cards} == {True, False}
    assert {c.overdue for c in cards} == {True, False}
    assert any(c.case.referred_by_id for c in cards)


def test_the_board_draws_its_cards_once_each(staff_client, team, staff):
    for name in ["Bäckerei Sonne", "Metallbau Schulze"]:
        AcquisitionCaseFactory(
            team=team, owner=staff.user, company=CompanyFactory(team=team, legal_name=name)
        )
    html = staff_client.get("/pipeline/").content.decode()
    assert html.count('class="case-card card') == 2
    assert html.count('name="csrfmiddlewaretoken"') >= 2
