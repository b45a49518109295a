"""Company import: reading files, mapping columns, the dry run and the import."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from companies import importing, services, tabular
from companies.models import Company, Contact, DistinctCompanies, ImportJob, MatchKey
from companies.tabular import TableError, is_formula, read_table
from tests.factories import CompanyFactory

HEADER = "Firma;Straße;PLZ;Ort;Telefon;Webseite;Anrede;Vorname;Nachname;E-Mail Ansprechpartner"
ROWS = [
    "Müller Metallbau GmbH;Gießerstraße 12;04229;Leipzig;0341 1234567;mueller-metallbau.de;"
    "Frau;Petra;Müller;p.mueller@example.org",
    "Bäckerei Hoffmann e.K.;Hauptstraße 1;4109;Leipzig;;;Herr;;Hoffmann;",
    "Elektro Krause;Angerstraße 3;04177;Leipzig;;;;;;",
    "ELEKTRO KRAUSE;Angerstr. 3;04177;Leipzig;;;;;;",  # repeats the row above
    "Pflegedienst Sonnenschein gGmbH;Am Markt 3;0410;Leipzig;;;;;;",  # bad postal code
    'Tischlerei Ohne;Lindenweg 5;04103;Leipzig;;=HYPERLINK("http://x");;;;',  # a formula
    "Schulze Metallbau GmbH & Co. KG;Gießerstraße 14;04229;Leipzig;;;;;;",  # exists already
]


@pytest.fixture(autouse=True)
def _default_language():
    """Start from the default language: a page fetched in English by an earlier test
    leaves English active in this thread (LocaleMiddleware activates, never resets)."""
    translation.activate("de")
    yield
    translation.deactivate()


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return "\r\n".join([header, *rows]).encode(encoding)


def upload(data: bytes, name: str = "liste.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


# -- reading files ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        (csv_bytes(*ROWS[:2]), "utf-8", ";"),
        (b"\xef\xbb\xbf" + csv_bytes(*ROWS[:2]), "utf-8-sig", ";"),
        (csv_bytes(*ROWS[:2], encoding="cp1252"), "cp1252", ";"),
        ("Firma\tOrt\r\nBäckerei Groß\tLeipzig".encode("utf-16"), "utf-16", "\t"),
        ("Firma,Ort\nBäckerei Groß,Leipzig\n".encode(), "utf-8", ","),
        (b'Firma;Ort\n"Meyer; Schulz & Co";"Leipzig"\n', "utf-8", ";"),
    ],
)
def test_csv_encodings_and_separators(data, encoding, delimiter):
    table = read_table(data, "liste.csv")
    assert table.encoding == encoding
    assert table.delimiter == delimiter
    assert table.header[0] == "Firma"
    name = table.rows[0][1][0]
    assert name in {"Müller Metallbau GmbH", "Bäckerei Groß", "Meyer; Schulz & Co"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", tabular.EMPTY_FILE),
        (b"  \r\n \n", tabular.EMPTY_FILE),
        (b"Firma;Ort\r\n", tabular.NO_DATA_ROWS),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", tabular.NOT_A_TABLE),
        (bytes(range(256)) * 8, tabular.NOT_A_TABLE),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, tabular.OLD_EXCEL),
        (b"PK\x03\x04 not really a workbook", tabular.BROKEN_XLSX),
    ],
)
def test_unreadable_files_say_why(data, message):
    with pytest.raises(TableError) as error:
        read_table(data, "liste.csv")
    assert str(error.value.message) == str(message)


def test_malformed_csv_names_the_line():
    with translation.override("en"), pytest.raises(TableError) as error:
        read_table(b'Firma;Ort\nA;Leipzig\nB;Leipzig\n"C;Leipzig\n', "liste.csv")
    assert "malformed near line" in str(error.value.message)


def test_limits_on_size_and_rows(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_BYTES", 100)
    with translation.override("en"), pytest.raises(TableError) as size:
        read_table(csv_bytes(*ROWS), "liste.csv")
    assert "at most 0 MB" in str(size.value.message)

    monkeypatch.setattr(tabular, "MAX_BYTES", 10**6)
    monkeypatch.setattr(tabular, "MAX_ROWS", 3)
    with pytest.raises(TableError):
        read_table(csv_bytes(*ROWS), "liste.csv")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_numbers_dates_and_formulas_are_read_as_text():
    from datetime import date

    data = xlsx_bytes(
        [
            ["Firma", "PLZ", "Telefon", "Seit", "Webseite"],
            ["Müller Metallbau", 4229, 3411234567, date(2020, 5, 1), '=HYPERLINK("x")'],
            [None, None, None, None, None],
            ["Elektro Krause", "04177", None, None, None],
        ]
    )
    table = read_table(data, "liste.xlsx")

    assert table.file_format == "xlsx"
    assert table.header == ["Firma", "PLZ", "Telefon", "Seit", "Webseite"]
    assert table.rows[0] == (
        2,
        ["Müller Metallbau", "4229", "3411234567", "01.05.2020", '=HYPERLINK("x")'],
    )
    assert table.rows[1][0] == 4  # the empty row is skipped, line numbers stay true


@pytest.mark.parametrize(
    ("value", "formula"),
    [
        ('=HYPERLINK("http://evil")', True),
        ("=1+1", True),
        ("@SUM(A1:A2)", True),
        ("+cmd|' /C calc'!A0", True),
        ("-2+3+cmd|' /C calc'!A0", True),
        ("+49 341 1234567", False),
        ("-", False),
        ("Müller", False),
        ("0341/123-45", False),
    ],
)
def test_is_formula(value, formula):
    assert is_formula(value) is formula


# -- mapping and rows ---------------------------------------------------------------------
def test_guess_mapping_knows_german_and_english_titles():
    mapping = importing.guess_mapping(
        ["Firma", "Straße", "PLZ", "Ort", "Tel.", "Homepage", "Mitarbeiter", "Nachname", "x"]
    )
    assert mapping == {
        "legal_name": 0,
        "street": 1,
        "postal_code": 2,
        "city": 3,
        "phone": 4,
        "website": 5,
        "employees": 6,
        "contact_last_name": 7,
    }
    assert importing.guess_mapping(["Company name", "City", "ZIP"]) == {
        "legal_name": 0,
        "city": 1,
        "postal_code": 2,
    }


def test_check_mapping_needs_the_name_and_one_field_per_column():
    header = ["Firma", "Ort"]
    with pytest.raises(ValidationError) as missing:
        importing.check_mapping({"city": 1}, header)
    assert missing.value.code == "name_required"
    with pytest.raises(ValidationError) as twice:
        importing.check_mapping({"legal_name": 0, "city": 0}, header)
    assert twice.value.code == "column_twice"
    assert importing.check_mapping({"legal_name": 0, "city": 5, "nonsense": 1}, header) == {
        "legal_name": 0
    }


def row(cells: list[str], header: list[str] | None = None) -> importing.Row:
    header = header or ["Firma", "PLZ", "Webseite", "Mitarbeiter", "Rechtsform"]
    return importing.convert_row(7, cells, importing.guess_mapping(header), header)


def test_convert_row_splits_the_legal_form_and_repairs_what_excel_broke():
    result = row(["Müller Metallbau G.m.b.H.", "4229", "www.mueller.de", "1.200", ""])
    assert result.errors == []
    assert result.company["legal_name"] == "Müller Metallbau"
    assert result.company["legal_form"] == "GmbH"
    assert result.company["postal_code"] == "04229"
    assert result.company["website"] == "https://www.mueller.de"
    assert result.company["employees"] == 1200
    assert result.company["size_class"] == "large"


def test_convert_row_takes_the_legal_form_column_first():
    result = row(["Müller Metallbau", "", "", "", "Gesellschaft mit beschränkter Haftung"])
    assert result.company["legal_form"] == "GmbH"
    assert row(["Müller", "", "", "", "Genossenschaft light"]).company["legal_form"] == "sonstige"


@pytest.mark.parametrize(
    ("cells", "fragment"),
    [
        (["", "04229", "", "", ""], "name is empty"),
        (["Müller", "0422", "", "", ""], "Postal code"),
        (["Müller", "", "", "viele", ""], "number of employees"),
        (["Müller", "", "=HYPERLINK(1)", "", ""], "formula"),
        (["Müller", "", "http://", "", ""], "Website"),
    ],
)
def test_convert_row_reports_what_is_wrong(cells, fragment):
    with translation.override("en"):
        result = row(cells)
    assert any(fragment in error for error in result.errors), result.errors


def test_contact_rows_follow_the_contact_form_rules():
    header = ["Firma", "Anrede", "Vorname", "Nachname", "Funktion", "E-Mail Ansprechpartner"]
    owner = row(["Müller", "Frau", "Petra", "Müller", "Geschäftsführerin", "p@example.org"], header)
    assert owner.errors == []
    assert owner.contact["salutation"] == "frau"
    assert owner.contact["role"] == "owner"
    assert owner.contact["email"] == "p@example.org"

    other = row(["Müller", "", "Alex", "Weber", "Messebeauftragter", ""], header)
    assert other.contact["salutation"] == "neutral"
    assert other.contact["role"] == "other"
    assert other.contact["position"] == "Messebeauftragter"

    # What is wrong with the contact leaves the contact out, never the company.
    nameless = row(["Müller", "", "", "Weber", "", "p@example.org"], header)
    assert nameless.errors == []
    assert nameless.contact is None
    assert nameless.warnings == [
        importing.CONTACT_LEFT_OUT % {"reason": importing.NEUTRAL_NEEDS_FIRST_NAME}
    ]
    bad_email = row(["Müller", "Frau", "Petra", "Weber", "", "kaputt"], header)
    assert bad_email.errors == []
    assert bad_email.contact is None
    assert "E-Mail" in bad_email.warnings[0]


def test_a_full_name_column_is_recognised_and_split():
    header = ["Firma", "Ort", "Ansprechpartner"]
    assert importing.guess_mapping(header)["contact_full_name"] == 2

    meissner = row(["Gaststätte Meißner", "Grimma", "Frau Dr. Petra Meißner"], header)
    assert meissner.errors == meissner.warnings == []
    assert meissner.contact is not None
    assert (
        meissner.contact["salutation"],
        meissner.contact["title"],
        meissner.contact["first_name"],
        meissner.contact["last_name"],
    ) == ("frau", "Dr.", "Petra", "Meißner")

    heide = row(["Heide Logistik", "Wurzen", "Herrn Klaus-Peter von der Heide"], header)
    assert heide.contact["salutation"] == "herr"
    assert heide.contact["last_name"] == "von der Heide"


def test_columns_of_their_own_win_over_the_split_full_name():
    header = ["Firma", "Ansprechpartner", "Anrede", "Vorname"]
    both = row(["Meißner GmbH", "Meißner, Petra", "Frau", "Petra Maria"], header)
    assert both.contact["salutation"] == "frau"
    assert both.contact["first_name"] == "Petra Maria"
    assert both.contact["last_name"] == "Meißner"


def test_a_last_name_alone_keeps_the_company_and_leaves_the_contact_out_with_a_warning():
    """Issue 14: "Ansprechpartner" held "Meißner" only; the only complete row was rejected."""
    header = ["Firma", "PLZ", "Ort", "Ansprechpartner"]
    only_name = row(["Gaststätte Meißner", "04668", "Grimma", "Meißner"], header)
    assert only_name.errors == []
    assert only_name.company["legal_name"] == "Gaststätte Meißner"
    assert only_name.contact is None
    assert only_name.warnings == [
        importing.CONTACT_LEFT_OUT % {"reason": importing.NEUTRAL_NEEDS_FIRST_NAME}
    ]


# -- the dry run and the import (services and task) -------------------------------------------
@pytest.fixture
def existing(team):
    return services.company_create(
        team=team,
        by=None,
        legal_name="Schulze Metallbau",
        legal_form="GmbH & Co. KG",
        street="Gießerstraße 14",
        postal_code="04229",
        city="Leipzig",
    )


def checked(job, staff, callbacks) -> ImportJob:
    with callbacks(execute=True), translation.override("en"):
        services.import_job_check(job=job, mapping=job.mapping, by=staff.user)
    job.refresh_from_db()
    return job


def imported(job, staff, callbacks, *, duplicates=False) -> ImportJob:
    with callbacks(execute=True):
        services.import_job_start(job=job, import_duplicates=duplicates, by=staff.user)
    job.refresh_from_db()
    return job


def test_dry_run_sorts_the_rows_and_imports_nothing(
    team, staff, existing, django_capture_on_commit_callbacks
):
    job = services.import_job_create(team=team, by=staff.user, upload=upload(csv_bytes(*ROWS)))
    assert job.status == ImportJob.Status.UPLOADED
    assert job.mapping["legal_name"] == 0
    assert job.mapping["contact_email"] == 9

    job = checked(job, staff, django_capture_on_commit_callbacks)

    assert job.status == ImportJob.Status.ANALYSED
    assert job.progress == 100
    assert job.counts == {
        "rows": 7,
        "new": 3,
        "duplicate": 1,
        "duplicate_in_file": 1,
        "invalid": 2,
        "contacts": 2,
    }
    by_line = {entry["line"]: entry for entry in job.report}
    assert by_line[5]["same_as_line"] == 4
    assert by_line[6]["outcome"] == "invalid"
    assert by_line[7]["outcome"] == "invalid"
    assert "Formel" in " ".join(by_line[7]["errors"])  # German, the default language
    assert by_line[8]["match"]["id"] == existing.pk
    assert by_line[8]["match"]["score"] >= 80
    assert [entry["line"] for entry in job.preview] == [2, 3, 4]
    assert Company.objects.filter(team=team).count() == 1


def test_import_creates_the_new_rows_in_the_active_team_only(
    team, other_team, staff, existing, django_capture_on_commit_callbacks
):
    job = services.import_job_create(team=team, by=staff.user, upload=upload(csv_bytes(*ROWS)))
    job = checked(job, staff, django_capture_on_commit_callbacks)
    job = imported(job, staff, django_capture_on_commit_callbacks)

    assert job.status == ImportJob.Status.DONE
    assert job.counts["companies_created"] == 3
    assert job.counts["contacts_created"] == 2
    assert not job.file  # the upload (personal data) is gone
    assert job.finished_at is not None
    names = set(Company.objects.filter(team=team).values_list("legal_name", flat=True))
    assert names == {"Schulze Metallbau", "Müller Metallbau", "Bäckerei Hoffmann", "Elektro Krause"}
    assert not Company.objects.filter(team=other_team).exists()
    mueller = Company.objects.get(legal_name="Müller Metallbau")
    assert mueller.legal_form == "GmbH"
    assert mueller.created_by == staff.user
    assert mueller.name_normalized == "mueller metallbau"
    assert mueller.website == "https://mueller-metallbau.de"
    assert MatchKey.objects.filter(company=mueller).exists()
    assert Company.objects.get(legal_name="Bäckerei Hoffmann").postal_code == "04109"
    contact = Contact.objects.get(company=mueller)
    assert (contact.first_name, contact.last_name, contact.legal_basis) == (
        "Petra",
        "Müller",
        "unknown",
    )


def test_importing_duplicates_anyway_records_them_as_different(
    team, staff, existing, django_capture_on_commit_callbacks
):
    job = services.import_job_create(team=team, by=staff.user, upload=upload(csv_bytes(ROWS[6])))
    job = checked(job, staff, django_capture_on_commit_callbacks)
    assert job.counts["duplicate"] == 1
    job = imported(job, staff, django_capture_on_commit_callbacks, duplicates=True)

    assert job.counts["companies_created"] == 1
    twin = Company.objects.exclude(pk=existing.pk).get()
    assert DistinctCompanies.objects.filter(company_a=existing, company_b=twin).exists()


def test_import_is_one_transaction(team, staff, django_capture_on_commit_callbacks, monkeypatch):
    job = services.import_job_create(team=team, by=staff.user, upload=upload(csv_bytes(*ROWS)))
    job = checked(job, staff, django_capture_on_commit_callbacks)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Contact.objects, "bulk_create", broken)
    job = imported(job, staff, django_capture_on_commit_callbacks)

    assert job.status == ImportJob.Status.FAILED
    assert job.error
    assert not Company.objects.exists()
    assert not MatchKey.objects.exists()


def test_the_task_is_safe_to_repeat(team, staff, django_capture_on_commit_callbacks):
    from companies.tasks import import_job_process

    job = services.import_job_create(team=team, by=staff.user, upload=upload(csv_bytes(*ROWS[:3])))
    job = checked(job, staff, django_capture_on_commit_callbacks)
    job = imported(job, staff, django_capture_on_commit_callbacks)
    assert import_job_process.delay(job.pk, True).get() == ImportJob.Status.DONE
    assert import_job_process.delay(job.pk, False).get() == ImportJob.Status.DONE
    assert Company.objects.count() == 3


def test_steps_out_of_order_are_refused(team, staff):
    job = services.import_job_create(team=team, by=staff.user, upload=upload(csv_bytes(*ROWS)))
    with pytest.raises(ValidationError):
        services.import_job_start(job=job, import_duplicates=False, by=staff.user)


def test_a_larger_file_is_checked_and_imported(team, staff, django_capture_on_commit_callbacks):
    from bench.german_companies import generate

    lines = [
        f"{d.record.name};{d.record.street};{d.record.postal_code};{d.record.city};"
        f"{d.record.phone};{d.record.website}"
        for d in generate(1500, seed=5)
    ]
    data = csv_bytes(*lines, header="Firma;Straße;PLZ;Ort;Telefon;Webseite")
    job = services.import_job_create(team=team, by=staff.user, upload=upload(data))
    job = checked(job, staff, django_capture_on_commit_callbacks)
    assert job.counts["rows"] == 1500
    assert job.counts["duplicate_in_file"] > 100
    job = imported(job, staff, django_capture_on_commit_callbacks)
    assert Company.objects.filter(team=team).count() == job.counts["new"]


# -- pages ------------------------------------------------------------------------------------
def test_upload_map_check_and_import_through_the_pages(
    staff_client, team, staff, existing, django_capture_on_commit_callbacks
):
    response = staff_client.post(reverse("companies:import"), {"file": upload(csv_bytes(*ROWS))})
    job = ImportJob.objects.get(team=team)
    assert response.status_code == 302
    assert response.url == job.get_absolute_url()

    page = staff_client.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Which column holds what?" in page.content.decode()
    mapping = {key: str(index) for key, index in job.mapping.items()}
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(job.get_absolute_url(), mapping, HTTP_ACCEPT_LANGUAGE="en")

    report = staff_client.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    html = report.content.decode()
    assert "Nothing has been imported yet" in html
    assert "Postal code" in html  # the invalid row's reason
    assert existing.get_absolute_url() in html  # the duplicate's existing company

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("companies:import_start", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Company.objects.filter(team=team).count() == 4


def test_mapping_without_a_name_column_is_refused(staff_client, team, staff):
    job = services.import_job_create(team=team, by=staff.user, upload=upload(csv_bytes(*ROWS)))
    response = staff_client.post(job.get_absolute_url(), {"city": "3"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "company name" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UPLOADED


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"", "leer.csv"),
        (b"Firma;Ort\r\n", "nur-kopf.csv"),
        (b"\x00\x01\x02\x03binary\x00\x00" * 50, "bild.csv"),
        (b'Firma;Ort\n"offen;Leipzig\n', "kaputt.csv"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "alt.xls"),
        (b"not a zip", "tabelle.xlsx"),
    ],
)
def test_bad_files_get_a_message_and_nothing_is_stored(staff_client, team, data, name):
    response = staff_client.post(reverse("companies:import"), {"file": upload(data, name)})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()


def test_a_file_over_the_limit_is_refused_before_reading(staff_client, team, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_BYTES", 1024)
    big = csv_bytes(*(ROWS * 50))
    response = staff_client.post(
        reverse("companies:import"), {"file": upload(big)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "at most 0 MB" in str(response.context["form"].errors["file"])
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    "url_name", ["import_detail", "import_start", "import_progress", "import_rejected"]
)
def test_another_teams_import_answers_404(staff_client, other_team, url_name):
    job = services.import_job_create(team=other_team, by=None, upload=upload(csv_bytes(*ROWS)))
    url = reverse(f"companies:{url_name}", args=[job.pk])
    assert staff_client.get(url).status_code in {404, 405}
    assert staff_client.post(url).status_code in {404, 405}
    assert not Company.objects.exists()


def test_progress_is_polled_and_reloads_when_done(staff_client, team, staff):
    job = services.import_job_create(team=team, by=staff.user, upload=upload(csv_bytes(*ROWS)))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.ANALYSING, progress=40)
    url = reverse("companies:import_progress", args=[job.pk])

    running = staff_client.get(url, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in running.content.decode()
    assert "40 %" in running.content.decode()
    assert 'hx-get="' + url in staff_client.get(job.get_absolute_url()).content.decode()

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.ANALYSED, progress=100)
    done = staff_client.get(url, HTTP_HX_REQUEST="true")
    assert done.headers["HX-Refresh"] == "true"


def test_import_page_lists_only_the_teams_jobs(staff_client, team, other_team, staff):
    services.import_job_create(
        team=team, by=staff.user, upload=upload(csv_bytes(*ROWS), "eigen.csv")
    )
    services.import_job_create(
        team=other_team, by=None, upload=upload(csv_bytes(*ROWS), "fremd.csv")
    )
    html = staff_client.get(reverse("companies:import")).content.decode()
    assert "eigen.csv" in html
    assert "fremd.csv" not in html


def test_existing_company_factory_rows_are_matched(team, staff, django_capture_on_commit_callbacks):
    CompanyFactory(
        team=team, legal_name="Elektro Krause", street="Angerstraße 3", postal_code="04177"
    )
    job = services.import_job_create(team=team, by=staff.user, upload=upload(csv_bytes(ROWS[2])))
    job = checked(job, staff, django_capture_on_commit_callbacks)
    assert job.counts["duplicate"] == 1


# -- warnings and the rejected rows ---------------------------------------------------------
WINDOWS_FILE = "\r\n".join(
    [
        "Firma,PLZ,Ort,Ansprechpartner,Notiz",
        "Gaststätte Meißner,04668,Grimma,Meißner,Stammkunde",
        "Pflegedienst Süd,0410,Leipzig,Frau Anna Süß,=1+2",
        "Tischlerei Groß,04103,Leipzig,Herr Jan Groß,-",
    ]
).encode("cp1252")


def test_dry_run_reports_accepted_rows_with_their_warning(
    team, staff, django_capture_on_commit_callbacks
):
    job = services.import_job_create(team=team, by=staff.user, upload=upload(WINDOWS_FILE))
    job = checked(job, staff, django_capture_on_commit_callbacks)
    assert (job.counts["new"], job.counts["invalid"], job.counts["contacts"]) == (2, 1, 1)
    by_line = {entry["line"]: entry for entry in job.report}
    assert by_line[2]["outcome"] == "new"
    assert by_line[2]["warnings"] == [
        importing.CONTACT_LEFT_OUT % {"reason": importing.NEUTRAL_NEEDS_FIRST_NAME}
    ]
    assert 4 not in by_line  # imported as it is: nothing to look at

    job = imported(job, staff, django_capture_on_commit_callbacks)
    assert Company.objects.filter(team=team, legal_name="Gaststätte Meißner").exists()
    assert list(Contact.objects.values_list("last_name", flat=True)) == ["Groß"]


def test_rejected_rows_come_back_like_the_upload_with_the_reason_last(
    staff_client, team, staff, django_capture_on_commit_callbacks
):
    job = services.import_job_create(team=team, by=staff.user, upload=upload(WINDOWS_FILE))
    job = checked(job, staff, django_capture_on_commit_callbacks)

    response = staff_client.get(reverse("companies:import_rejected", args=[job.pk]))

    assert response["Content-Type"] == "text/csv; charset=windows-1252"
    assert 'filename="liste-abgelehnte-Zeilen.csv"' in response["Content-Disposition"]
    lines = response.content.decode("cp1252").splitlines()
    assert lines[0] == "Firma,PLZ,Ort,Ansprechpartner,Notiz,Ablehnungsgrund"
    assert len(lines) == 2
    assert lines[1].startswith("Pflegedienst Süd,0410,Leipzig,Frau Anna Süß,'=1+2,")
    assert "Postleitzahl" in lines[1]


def test_rejected_rows_of_an_xlsx_come_as_utf8_with_semicolons(
    staff_client, team, staff, django_capture_on_commit_callbacks
):
    job = services.import_job_create(
        team=team, by=staff.user, upload=upload(csv_bytes(*ROWS), name="liste.csv")
    )
    ImportJob.objects.filter(pk=job.pk).update(encoding="", delimiter="")
    job = checked(job, staff, django_capture_on_commit_callbacks)
    response = staff_client.get(reverse("companies:import_rejected", args=[job.pk]))
    assert response.content.startswith("\ufeff".encode())
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.endswith(";Ablehnungsgrund")


def test_without_rejected_rows_there_is_nothing_to_download(
    staff_client, team, staff, django_capture_on_commit_callbacks
):
    job = services.import_job_create(team=team, by=staff.user, upload=upload(csv_bytes(ROWS[0])))
    job = checked(job, staff, django_capture_on_commit_callbacks)
    assert staff_client.get(reverse("companies:import_rejected", args=[job.pk])).status_code == 404


def test_a_related_company_of_an_existing_one_is_new_not_a_duplicate():
    existing = [
        importing.matching.CompanyRecord(
            1, "Schulze Metallbau GmbH & Co. KG", "Gießerstraße 14", "04229", "Leipzig"
        )
    ]
    table = read_table(
        "Firma;Straße;PLZ;Ort\n"
        "Schulze Metallbau Verwaltungs GmbH;Gießerstraße 14;04229;Leipzig\n"
        "Schulze Metallbau GmbH & Co KG;Gießerstr. 14;04229;Leipzig\n".encode(),
        "liste.csv",
    )
    mapping = {"legal_name": 0, "street": 1, "postal_code": 2, "city": 3}

    analysis = importing.analyse(table, mapping, existing=existing)

    assert [r.outcome for r in analysis.results] == [
        importing.Outcome.NEW,
        importing.Outcome.DUPLICATE,
    ]
