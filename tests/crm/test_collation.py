"""German alphabetical order: the key on plain strings, and the lists on either database."""

import pytest
from django.db import connection

from companies import selectors, services
from companies.models import Company, NetworkPartner
from crm.collation import german_compare, german_key

NAMES = ["Zimmerei Ost", "Busreisen Kühn", "Öko-Hof Lindner", "Bäckerei Kern", "Autohaus Ölze"]
GERMAN_ORDER = [
    "Autohaus Ölze",
    "Bäckerei Kern",
    "Busreisen Kühn",
    "Öko-Hof Lindner",
    "Zimmerei Ost",
]


def test_the_key_sorts_umlauts_and_sharp_s_as_german_dictionaries_do():
    assert sorted(NAMES, key=german_key) == GERMAN_ORDER
    assert sorted(["Strasser", "Straßer", "Strauß", "Strasse"], key=german_key) == [
        "Strasse",
        "Strasser",
        "Straßer",
        "Strauß",
    ]
    assert sorted(["bäcker", "Backer", "Bäcker", "backer"], key=german_key) == [
        "backer",
        "Backer",
        "bäcker",
        "Bäcker",
    ]


def test_only_identical_names_compare_equal():
    assert german_compare("Müller", "Müller") == 0
    assert german_compare("Müller", "Muller") != 0
    assert german_compare("Müller", "müller") != 0


@pytest.mark.django_db
def test_the_company_list_is_in_german_order(team, staff):
    for name in NAMES:
        services.company_create(team=team, by=staff.user, legal_name=name, city="Grimma")
    names = [c.legal_name for c in selectors.companies_for_team(team=team)]
    assert names == GERMAN_ORDER
    # The plain model ordering too, and an exact lookup stays exact.
    assert list(Company.objects.values_list("legal_name", flat=True)) == GERMAN_ORDER
    assert not Company.objects.filter(legal_name="Backerei Kern").exists()


@pytest.mark.django_db
def test_partners_are_in_german_order(team):
    for name in ["Wirtschaftsförderung Grimma", "Ärztekammer Sachsen", "Bündnis für Familie"]:
        NetworkPartner.objects.create(team=team, kind="ihk", name=name)
    assert list(NetworkPartner.objects.order_by("name").values_list("name", flat=True)) == [
        "Ärztekammer Sachsen",
        "Bündnis für Familie",
        "Wirtschaftsförderung Grimma",
    ]


@pytest.mark.services
@pytest.mark.django_db
def test_postgresql_orders_names_with_its_icu_collation(team, staff):
    assert connection.vendor == "postgresql", "run with DATABASE_URL=postgres://…"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT collation_name FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = 'legal_name'",
            [Company._meta.db_table],
        )
        assert cursor.fetchone() == ("german",)
    for name in NAMES:
        services.company_create(team=team, by=staff.user, legal_name=name, city="Grimma")
    assert [c.legal_name for c in selectors.companies_for_team(team=team)] == GERMAN_ORDER
