"""A won referral suggests a thank-you letter to the partner who recommended the company."""

import io
import re
from datetime import date

import docx
import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx.oxml.ns import qn

from api import referrals, thanks
from api.models import ThanksLetter
from crm import services as crm_services
from crm.models import AcquisitionCase, Membership, Partnership, Source
from history.models import LogEntry
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    MembershipFactory,
    NetworkPartnerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SINCE = date(2026, 5, 4)
GREETING = re.compile(r"^(Sehr geehrte|Liebe|Lieber|Guten Tag|Hallo)\b")


@pytest.fixture
def partner(team):
    return NetworkPartnerFactory(
        team=team,
        name="IHK Chemnitz",
        person_name="Frau Dr. Petra Schulz",
        street="Straße der Nationen 25",
        postal_code="09111",
        city="Chemnitz",
    )


@pytest.fixture
def case(team, staff, partner):
    company = CompanyFactory(team=team, legal_name="Tischlerei Holzwurm", legal_form="")
    return AcquisitionCaseFactory(
        team=team, company=company, owner=staff.user, source=Source.REFERRAL, referred_by=partner
    )


def win(case: AcquisitionCase, by) -> AcquisitionCase:
    return crm_services.case_win(
        case=case, by=by, version=case.version, kind="network_member", started_on=SINCE
    )


def page(client: Client, case: AcquisitionCase) -> str:
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def form_data(client: Client, case: AcquisitionCase, **changes: str) -> dict[str, str]:
    """The edit form as it is offered, with `changes` typed in."""
    form = client.get(reverse("thanks_letter", args=[case.pk])).context["form"]
    data = {name: str(form[name].value() or "") for name in form.fields}
    return {**data, **changes}


def docx_lines(blob: bytes) -> list[str]:
    """Every paragraph a reader reads, text boxes (address, information block) included."""
    document = docx.Document(io.BytesIO(blob))
    lines = []
    for paragraph in document.element.body.iter(qn("w:p")):
        text = "".join(node.text or "" for node in paragraph.iter(qn("w:t")))
        if text.strip():
            lines.append(text.strip())
    return lines


def make(client: Client, case: AcquisitionCase, **changes: str) -> ThanksLetter:
    response = client.post(
        reverse("thanks_letter", args=[case.pk]), form_data(client, case, **changes)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == case.get_absolute_url() + "#thanks"
    return ThanksLetter.objects.filter(case=case).latest("created_at", "id")


def download(client: Client, letter: ThanksLetter) -> list[str]:
    response = client.get(reverse("thanks_letter_download", args=[letter.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return docx_lines(response.content)


# -- when the suggestion shows --------------------------------------------------------
def test_no_suggestion_before_the_win(staff_client, case):
    assert 'data-testid="thanks-panel"' not in page(staff_client, case)
    response = staff_client.get(reverse("thanks_letter", args=[case.pk]))
    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    assert (
        'data-testid="thanks-partner-panel"'
        not in staff_client.get(case.referred_by.get_absolute_url()).content.decode()
    )


def test_no_suggestion_for_a_won_case_no_partner_recommended(staff_client, team, staff):
    case = win(AcquisitionCaseFactory(team=team, owner=staff.user), staff.user)
    assert 'data-testid="thanks-panel"' not in page(staff_client, case)
    response = staff_client.post(reverse("thanks_letter", args=[case.pk]), {"subject": "x"})
    assert response.status_code == 302
    assert not ThanksLetter.objects.exists()


def test_after_the_win_the_case_and_the_partner_page_suggest_the_letter(staff_client, case, staff):
    case = win(case, staff.user)
    html = page(staff_client, case)
    assert 'data-testid="thanks-panel"' in html
    assert "Dankesbrief an Frau Dr. Petra Schulz (IHK Chemnitz)" in html
    assert "Frau Dr. Petra Schulz hat Tischlerei Holzwurm empfohlen; seit 4. Mai 2026" in html
    assert "Empfehlungslink" not in html  # staff recorded this referral
    assert reverse("thanks_letter", args=[case.pk]) in html
    partner_page = staff_client.get(case.referred_by.get_absolute_url()).content.decode()
    assert 'data-testid="thanks-partner-panel"' in partner_page
    assert 'data-testid="thanks-write"' in partner_page


def test_a_recommendation_through_the_link_says_so(staff_client, team, lead, partner):
    cache.clear()
    link = referrals.referral_link_issue(partner=partner, by=lead.user)
    form = {"company": "Bäckerei Krume", "town": "Zwickau", "why": "Sucht Azubis."}
    Client().post(reverse("referral_form", args=[referrals.referral_token(link)]), form)
    case = AcquisitionCase.objects.get(company__legal_name="Bäckerei Krume")
    case = win(case, lead.user)
    MembershipFactory(team=team, user=UserFactory(username="vera"))
    assert "über den Empfehlungslink empfohlen" in page(staff_client, case)
    letter = make(staff_client, case)
    assert "über Ihren Empfehlungslink" in letter.text


# -- the letter -------------------------------------------------------------------------
def test_the_letter_names_partner_and_company_and_greets_once(staff_client, case, staff):
    case = win(case, staff.user)
    lines = download(staff_client, make(staff_client, case))
    text = "\n".join(lines)
    assert "IHK Chemnitz" in lines
    assert "Frau Dr. Petra Schulz" in lines
    assert "09111 Chemnitz" in lines
    assert "Tischlerei Holzwurm" in text
    assert "seit dem 4. Mai 2026 Partner unseres Netzwerks" in text
    assert [line for line in lines if GREETING.match(line)] == ["Sehr geehrte Frau Dr. Schulz,"]
    assert lines.count("Mit freundlichen Grüßen") == 1


def test_edited_text_ends_up_in_the_letter_with_one_greeting(lead_client, case, lead):
    case = win(case, lead.user)
    pasted = (
        "Liebe Frau Schulz,\n\nherzlichen Dank für die Tischlerei Holzwurm!\n\n"
        "Mit freundlichen Grüßen\nLea"
    )
    letter = make(lead_client, case, subject="Danke!", text=pasted)
    lines = download(lead_client, letter)
    assert "Danke!" in lines
    assert "herzlichen Dank für die Tischlerei Holzwurm!" in lines
    assert [line for line in lines if GREETING.match(line)] == ["Liebe Frau Schulz,"]
    assert lines.count("Mit freundlichen Grüßen") == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("subject", "x" * 201), ("text", "   "), ("salutation", ""), ("text", "x" * 5001)],
)
def test_bad_input_is_refused_at_its_field(staff_client, case, staff, field, value):
    case = win(case, staff.user)
    url = reverse("thanks_letter", args=[case.pk])
    response = staff_client.post(url, form_data(staff_client, case, **{field: value}))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not ThanksLetter.objects.exists()


def test_a_partner_without_address_still_gets_the_letter_and_the_panel_says_so(
    staff_client, case, staff, partner
):
    partner.street = partner.postal_code = partner.city = ""
    partner.save()
    case = win(case, staff.user)
    html = page(staff_client, case)
    assert 'data-testid="thanks-no-address"' in html
    edit = reverse("companies:partner_update", args=[partner.pk])
    assert f'href="{edit}?next=' in html
    lines = download(staff_client, make(staff_client, case))
    assert "IHK Chemnitz" in lines


# -- recording ----------------------------------------------------------------------
def test_making_the_letter_is_recorded_and_shown_and_can_be_repeated(staff_client, case, staff):
    staff.user.first_name, staff.user.last_name = "Anna", "Becker"
    staff.user.save()
    case = win(case, staff.user)
    letter = make(staff_client, case)
    assert (letter.partner, letter.created_by) == (case.referred_by, staff.user)
    assert LogEntry.objects.filter(action_name="thanks_letter_create").exists()
    html = page(staff_client, case)
    assert re.search(r"Dankesbrief am \d+\. \w+ \d{4} erstellt von Anna Becker", html)
    assert 'data-testid="thanks-write"' not in html
    assert reverse("thanks_letter_download", args=[letter.pk]) in html
    again = make(staff_client, case, subject="Nochmals danke")
    assert again.pk != letter.pk
    assert ThanksLetter.objects.filter(case=case).count() == 2
    assert reverse("thanks_letter_download", args=[again.pk]) in page(staff_client, case)


def test_another_team_gets_404(case, staff, other_team):
    case = win(case, staff.user)
    letter = thanks.thanks_letter_create(
        case=case, by=staff.user, subject="Danke", salutation="Hallo,", text="Danke."
    )
    stranger = MembershipFactory(team=other_team, role=Membership.Role.LEAD).user
    client = Client()
    client.force_login(stranger)
    url = reverse("thanks_letter", args=[case.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"subject": "a", "salutation": "b", "text": "c"}).status_code == 404
    assert client.get(reverse("thanks_letter_download", args=[letter.pk])).status_code == 404
    assert ThanksLetter.objects.count() == 1


def test_the_case_page_costs_the_same_however_many_letters(staff_client, case, staff):
    case = win(case, staff.user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            page(staff_client, case)
        return len(queries)

    make(staff_client, case)
    one = count()
    for _ in range(3):
        thanks.thanks_letter_create(
            case=case, by=staff.user, subject="Danke", salutation="Hallo,", text="Danke."
        )
    assert count() == one


def test_the_partner_page_costs_the_same_however_many_won_referrals(
    staff_client, team, staff, partner, case
):
    case = win(case, staff.user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(partner.get_absolute_url())
        return len(queries)

    one = count()
    for name in ("Bäckerei Krume", "Metallbau Funke"):
        other = AcquisitionCaseFactory(
            team=team,
            company=CompanyFactory(team=team, legal_name=name),
            owner=staff.user,
            source=Source.REFERRAL,
            referred_by=partner,
        )
        other = win(other, staff.user)
        thanks.thanks_letter_create(
            case=other, by=staff.user, subject="Danke", salutation="Hallo,", text="Danke."
        )
    assert Partnership.objects.filter(team=team).count() == 3
    assert count() == one


def test_the_address_link_returns_to_the_panel_once_saved(staff_client, case, staff, partner):
    partner.street = ""
    partner.save()
    case = win(case, staff.user)
    html = page(staff_client, case)
    edit = re.search(r'href="([^"]*/partners/\d+/edit/\?next=[^"]*)"', html).group(1)
    edit = edit.replace("&amp;", "&")
    form = staff_client.get(edit).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["street"] = "Straße der Nationen 25"
    response = staff_client.post(edit, data)
    assert response.status_code == 302
    assert response.url == case.get_absolute_url() + "#thanks"
    assert 'data-testid="thanks-no-address"' not in page(staff_client, case)
