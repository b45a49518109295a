"""The renormalise task: eagerly here, through Redis and a real worker in test_services."""

from companies.models import Company
from companies.tasks import companies_renormalize
from tests.factories import CompanyFactory


def test_renormalize_fixes_stale_names_and_is_idempotent(team, other_team):
    CompanyFactory(team=team, legal_name="Müller Metallbau")
    CompanyFactory(team=team, legal_name="Bäckerei Groß")
    CompanyFactory(team=other_team, legal_name="Fremd")
    Company.objects.update(name_normalized="stale")

    assert companies_renormalize.delay(team.pk).get() == 2
    assert companies_renormalize.delay(team.pk).get() == 0
    assert set(Company.objects.filter(team=team).values_list("name_normalized", flat=True)) == {
        "mueller metallbau",
        "baeckerei gross",
    }
    assert Company.objects.get(team=other_team).name_normalized == "stale"
