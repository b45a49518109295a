"""`manage.py find_duplicates` on a CSV file (no database) and on a team."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from companies import services

INPUT = """id,name,street,postal_code,city,website,phone
a1,Müller Metallbau GmbH,Gießerstraße 12,04229,Leipzig,https://mueller-metallbau.de,0341 1234567
b2,Pflegedienst Sonnenschein,Hauptstraße 1,04109,Leipzig,,
c3,Mueller Metallbau G.m.b.H.,Giesserstr. 12,04229,Leipzig,,
d4,Müller Metallbau GmbH,Hauptstraße 4,01067,Dresden,,
e5,Metallbau Müller,,,Leipzig,mueller-metallbau.de,
"""


def run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("find_duplicates", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def read(path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_in_clusters_out_without_a_database(tmp_path):
    # No `db` fixture: any query would fail this test.
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(INPUT, encoding="utf-8")

    run("--csv", str(source), "--out", str(target))

    assert read(target) == [
        ["id", "cluster_id"],
        ["a1", "a1"],
        ["b2", "b2"],
        ["c3", "a1"],
        ["d4", "d4"],
        ["e5", "a1"],
    ]


def test_csv_clusters_hold_the_same_company_only_never_related_ones(tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(
        "id,name,street,postal_code,city,website,phone\n"
        "1,Müller Holding GmbH,Gießerstraße 12,04229,Leipzig,mueller-gruppe.de,0341 123456\n"
        "2,Müller GmbH & Co. KG,Gießerstraße 12,04229,Leipzig,mueller-gruppe.de,0341 123456\n"
        "3,Müller Verwaltungs GmbH,Gießerstraße 12,04229,Leipzig,mueller-gruppe.de,0341 123456\n"
        "4,Schmidt GmbH,Hauptstraße 1,04109,Leipzig,,\n"
        "5,Schmidt KG,Hauptstraße 1,04109,Leipzig,,\n"
        "6,Mueller GmbH & Co KG,Giesserstr. 12,04229,Leipzig,,\n",
        encoding="utf-8",
    )
    run("--csv", str(source), "--out", str(target))
    assert read(target)[1:] == [
        ["1", "1"],
        ["2", "2"],
        ["3", "3"],
        ["4", "4"],
        ["5", "5"],
        ["6", "2"],
    ]


def test_csv_in_windows_encoding_with_semicolons_and_without_optional_columns(tmp_path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    rows = ["id;name;city", "1;Bäckerei Groß;Leipzig", "2;Baeckerei Gross;Leipzig"]
    source.write_bytes("\n".join([*rows, "3;Elektro Krause;Leipzig"]).encode("cp1252"))
    run("--csv", str(source), "--out", str(target))
    assert read(target)[1:] == [["1", "1"], ["2", "1"], ["3", "3"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,city\nMüller,Leipzig\n", r"missing column\(s\) id"),
        ("id,name\n1,Müller\n1,Schulze\n", "appears twice"),
        ("id,name\n,Müller\n", "id is empty"),
        ("", "empty"),
    ],
)
def test_csv_errors_are_clear(tmp_path, content, message):
    source = tmp_path / "in.csv"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run("--csv", str(source), "--out", str(tmp_path / "out.csv"))


def test_csv_needs_an_output_and_a_readable_input(tmp_path):
    with pytest.raises(CommandError, match="--out"):
        run("--csv", str(tmp_path / "in.csv"))
    with pytest.raises(CommandError, match="Cannot read"):
        run("--csv", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "out.csv"))


@pytest.mark.django_db
def test_team_report(team, other_team, tmp_path):
    kept = services.company_create(
        team=team, by=None, legal_name="Müller Metallbau", city="Leipzig"
    )
    twin = services.company_create(
        team=team, by=None, legal_name="Mueller Metallbau", legal_form="GmbH", city="Leipzig"
    )
    alone = services.company_create(
        team=team, by=None, legal_name="Elektro Krause", legal_form="GmbH", city="Leipzig"
    )
    sister = services.company_create(
        team=team, by=None, legal_name="Elektro Krause", legal_form="KG", city="Leipzig"
    )
    services.company_create(team=other_team, by=None, legal_name="Müller Metallbau", city="Leipzig")
    target = tmp_path / "team.csv"

    output = run("--team", "westsachsen", "--out", str(target))

    assert "1 clusters of likely duplicates" in output
    assert "1 pairs of related companies" in output
    assert "Elektro Krause KG" in output
    assert "Mueller Metallbau GmbH" in output
    assert "name same" in output
    rows = dict(read(target)[1:])
    assert rows == {
        str(kept.pk): rows[str(kept.pk)],
        str(twin.pk): rows[str(kept.pk)],
        str(alone.pk): str(alone.pk),
        str(sister.pk): str(sister.pk),
    }


@pytest.mark.django_db
def test_unknown_team(team):
    with pytest.raises(CommandError, match="No single team"):
        run("--team", "Atlantis")
