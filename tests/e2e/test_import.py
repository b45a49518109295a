"""Journey: staff import a small CSV with one duplicate and one invalid row."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import DEFAULT_PASSWORD, MembershipFactory, TeamFactory, UserFactory

TEAM_SLUG = "import-journey"


@pytest.fixture
def office(transactional_db):
    """A team with one member and one company that the file will repeat."""
    from companies import services

    team = TeamFactory(name="Kompetenzzentrum Import", slug=TEAM_SLUG)
    MembershipFactory(team=team, user=UserFactory(username="ines"))
    services.company_create(
        team=team, by=None, legal_name="Elektro Krause", legal_form="GmbH", city="Leipzig"
    )
    return services.company_create(
        team=team,
        by=None,
        legal_name="Müller Metallbau",
        legal_form="GmbH",
        street="Gießerstraße 12",
        postal_code="04229",
        city="Leipzig",
    )


def test_staff_imports_a_csv_sees_the_duplicate_and_the_invalid_row(
    page: Page, live_server, office, tmp_path
):
    from companies.models import Company, ImportJob

    known = office
    before = Company.objects.filter(team__slug=TEAM_SLUG).count()
    csv_file = tmp_path / "kammerliste.csv"
    # Written as German Excel saves "CSV": Windows-1252, semicolons.
    csv_file.write_bytes(
        "\r\n".join(
            [
                "Firma;Straße;PLZ;Ort;Nachname;Vorname;Anrede",
                "Zweiradhaus Quandt GmbH;Querstraße 7;04103;Leipzig;Quandt;Jörg;Herr",
                f"{known.legal_name.upper()};{known.street};{known.postal_code};{known.city};;;",
                "Bäckerei Ohnezahl;Am Markt 1;0410;Leipzig;;;",
            ]
        ).encode("cp1252")
    )

    page.goto(f"{live_server.url}/")
    page.get_by_label("Benutzername").fill("ines")
    page.get_by_label("Passwort").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    # The journey reads in English: the header switcher.
    page.get_by_role("button", name="EN", exact=True).click()

    page.get_by_role("link", name="Companies").first.click()
    page.get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import companies")
    page.get_by_label("CSV or Excel file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Upload").click()

    # Columns are recognised from their German titles; the name is preselected.
    expect(page.get_by_label("Company name *")).to_have_value("0")
    expect(page.get_by_label("Postal code")).to_have_value("2")
    page.get_by_role("button", name="Check the rows").click()

    counts = page.get_by_test_id("import-counts")
    expect(counts).to_contain_text(re.compile(r"1\s*new companies"))
    expect(counts).to_contain_text(re.compile(r"1\s*exist already"))
    expect(counts).to_contain_text(re.compile(r"1\s*cannot be imported"))
    report = page.get_by_test_id("import-report")
    duplicate = report.locator("tr", has_text="exists already")
    expect(duplicate).to_contain_text(known.full_name)
    expect(duplicate.get_by_role("link", name=known.full_name)).to_have_attribute(
        "href", known.get_absolute_url()
    )
    invalid = report.locator("tr", has_text="invalid")
    expect(invalid).to_contain_text("Bäckerei Ohnezahl")
    expect(invalid).to_contain_text("Postal code")
    expect(invalid.locator("td").first).to_have_text("4")
    assert Company.objects.filter(team__slug=TEAM_SLUG).count() == before

    page.get_by_role("button", name="Import now").click()
    expect(page.get_by_test_id("import-status")).to_have_text("Imported")
    expect(page.get_by_test_id("import-counts")).to_contain_text(
        re.compile(r"1\s*companies imported")
    )
    expect(page.get_by_test_id("import-counts")).to_contain_text(
        re.compile(r"1\s*contacts imported")
    )

    page.get_by_role("link", name="Go to the companies").click()
    page.get_by_label("Search").fill("Quandt")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Zweiradhaus Quandt GmbH").click()
    expect(page).to_have_url(re.compile(r"/companies/\d+/$"))
    expect(page.get_by_text("Jörg Quandt")).to_be_visible()
    assert Company.objects.filter(team__slug=TEAM_SLUG).count() == before + 1
    assert ImportJob.objects.get().status == ImportJob.Status.DONE


def test_a_full_name_column_keeps_the_company_and_the_rejected_rows_come_back(
    page: Page, live_server, office, tmp_path
):
    """Issue 14: an "Ansprechpartner" column rejected the only complete company."""
    csv_file = tmp_path / "gaeste.csv"
    csv_file.write_bytes(
        "\r\n".join(
            [
                "Firma;PLZ;Ort;Ansprechpartner",
                "Gaststätte Meißner;04668;Grimma;Meißner",
                "Tischlerei Heide;04808;Wurzen;Herrn Klaus-Peter von der Heide",
                "Pflegedienst Süd;0410;Leipzig;Frau Dr. Petra Süß",
            ]
        ).encode("cp1252")
    )
    page.goto(f"{live_server.url}/")
    page.get_by_label("Benutzername").fill("ines")
    page.get_by_label("Passwort").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"{live_server.url}/companies/import/")
    page.get_by_label("CSV- oder Excel-Datei").set_input_files(str(csv_file))
    page.get_by_role("button", name="Hochladen").click()

    expect(page.get_by_label("Kontaktperson: voller Name")).to_have_value("3")
    page.get_by_role("button", name="Zeilen prüfen").click()

    counts = page.get_by_test_id("import-counts")
    expect(counts).to_contain_text(re.compile(r"2\s*neue Unternehmen"))
    report = page.get_by_test_id("import-report")
    accepted = report.locator("tr", has_text="Gaststätte Meißner")
    expect(accepted).to_contain_text("wird importiert")
    expect(accepted).to_contain_text("Kontaktperson nicht übernommen")
    expect(report.locator("tr", has_text="Tischlerei Heide")).to_have_count(0)

    with page.expect_download() as info:
        page.get_by_test_id("import-rejected-download").click()
    download = info.value
    assert download.suggested_filename == "gaeste-abgelehnte-Zeilen.csv"
    lines = open(download.path(), encoding="cp1252").read().splitlines()  # noqa: SIM115
    assert lines[0] == "Firma;PLZ;Ort;Ansprechpartner;Ablehnungsgrund"
    assert lines[1].startswith("Pflegedienst Süd;0410;Leipzig;Frau Dr. Petra Süß;")
    assert "Postleitzahl" in lines[1]
