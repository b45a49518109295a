"""Duplicate matching on plain data: normalise, block, score, cluster (no database)."""

import pytest

from bench.german_companies import generate, pairwise_quality
from companies import matching
from companies.matching import (
    CompanyRecord,
    MatchIndex,
    Relation,
    Verdict,
    blocking_keys,
    cannot_link,
    cologne_phonetic,
    find_clusters,
    legal_form_of,
    normalize_name,
    normalize_phone,
    normalize_postal_code,
    normalize_street,
    normalize_website,
    prepare,
    score,
    split_legal_form,
)


def record(id_, name, street="", postal_code="", city="", website="", phone="", legal_form=""):
    return CompanyRecord(id_, name, street, postal_code, city, website, phone, legal_form)


def match(a: CompanyRecord, b: CompanyRecord) -> matching.Match:
    return score(prepare(a), prepare(b))


# -- normalisation ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "normalized"),
    [
        ("Müller Metallbau GmbH", "mueller metallbau"),
        ("Mueller Metallbau G.m.b.H.", "mueller metallbau"),
        ("MÜLLER METALLBAU Gesellschaft mit beschränkter Haftung", "mueller metallbau"),
        ("Bäckerei Groß e. K.", "baeckerei gross"),
        ("Müller & Söhne", "mueller soehne"),
        ("Müller u. Söhne", "mueller soehne"),
        ("Gebr. Schulze Bau GmbH & Co. KG", "gebrueder schulze bau"),
        ("Elektro-Krause e.Kfm.", "elektro krause"),
        ("Café Crème", "cafe creme"),
        ("  Straßenbau   Weiß  ", "strassenbau weiss"),
    ],
)
def test_normalize_name_folds_umlauts_punctuation_and_legal_forms(name, normalized):
    assert normalize_name(name) == normalized


@pytest.mark.parametrize(
    ("name", "base", "form"),
    [
        ("Müller Metallbau G.m.b.H.", "Müller Metallbau", "GmbH"),
        ("Schulz Bau GmbH & Co. KG", "Schulz Bau", "GmbH & Co. KG"),
        ("Schulz Bau GmbH u. Co. KG", "Schulz Bau", "GmbH & Co. KG"),
        ("Kraus UG (haftungsbeschränkt)", "Kraus", "UG (haftungsbeschränkt)"),
        ("Kraus UG (haftungsbeschr.) & Co. KG", "Kraus", "UG (haftungsbeschränkt) & Co. KG"),
        ("Pflegedienst Sonnenschein gGmbH", "Pflegedienst Sonnenschein", "gGmbH"),
        ("Elektro Krause e.Kfm.", "Elektro Krause", "e.K."),
        ("Hansa Wohnbau eG", "Hansa Wohnbau", "eG"),
        ("Sportverein Grün-Weiß e.V.", "Sportverein Grün-Weiß", "e.V."),
        ("Brauerei Mahr KGaA", "Brauerei Mahr", "KGaA"),
        ("Kanzlei Roth PartG mbB", "Kanzlei Roth", "PartG mbB"),
        ("Wohnungsbaugesellschaft Zwickau mbH", "Wohnungsbaugesellschaft Zwickau", "GmbH"),
        ("Siemens Aktiengesellschaft", "Siemens", "AG"),
        ("Weber Consulting Ltd.", "Weber Consulting", "sonstige"),  # from cleanco's table
        ("Van Dijk Logistics B.V.", "Van Dijk Logistics", "sonstige"),
        ("Meyer & Co.", "Meyer", ""),
        ("Metallbau Müller", "Metallbau Müller", ""),
        ("GmbH", "GmbH", ""),  # nothing but a form: left alone
    ],
)
def test_split_legal_form(name, base, form):
    assert split_legal_form(name) == (base, form)


def test_every_recognised_german_form_is_a_legal_form_choice():
    from companies.models import LegalForm

    assert set(matching.GERMAN_LEGAL_FORMS) <= set(LegalForm.values)
    assert matching.OTHER_FORM in LegalForm.values


@pytest.mark.parametrize(
    ("written", "form"),
    [
        ("GmbH", "GmbH"),
        ("Gesellschaft mit beschränkter Haftung", "GmbH"),
        ("gmbh & co kg", "GmbH & Co. KG"),
        ("eingetragener Kaufmann", "e.K."),
        ("Unternehmergesellschaft (haftungsbeschränkt)", "UG (haftungsbeschränkt)"),
        ("Blumenladen", ""),
    ],
)
def test_legal_form_of(written, form):
    assert legal_form_of(written) == form


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("mueller", "657"),
        ("muller", "657"),
        ("moeller", "657"),
        ("muellerluedenscheidt", "65752682"),  # the standard example
        ("wikipedia", "3412"),
        ("breschnew", "17863"),
    ],
)
def test_cologne_phonetic(word, code):
    assert cologne_phonetic(word) == code


@pytest.mark.parametrize(
    ("phone", "digits"),
    [
        ("0341 1234567", "03411234567"),
        ("+49 341 1234567", "03411234567"),
        ("+49 (0)341 123 45 67", "03411234567"),
        ("0049 341/1234567", "03411234567"),
        ("+43 1 234567", "00431234567"),
        ("12", ""),
        ("", ""),
    ],
)
def test_normalize_phone(phone, digits):
    assert normalize_phone(phone) == digits


def test_normalize_street_website_and_postal_code():
    assert normalize_street("Karl-Liebknecht-Str. 12 a") == ("karlliebknechtstrasse", "12a")
    assert normalize_street("Karl-Liebknecht-Straße 12a") == ("karlliebknechtstrasse", "12a")
    assert normalize_street("Am Markt 3") == ("ammarkt", "3")
    assert normalize_website("https://www.Mueller-Bau.de/kontakt") == "mueller-bau.de"
    assert normalize_website("mueller-bau.de") == "mueller-bau.de"
    assert normalize_website("https://facebook.com/muellerbau?ref=1") == "facebook.com/muellerbau"
    assert normalize_website("https://facebook.com/") == ""
    assert normalize_postal_code("4109") == "04109"  # Excel dropped the leading zero
    assert normalize_postal_code("04109") == "04109"


# -- scoring ------------------------------------------------------------------------
LEIPZIG = {"street": "Gießerstraße 12", "postal_code": "04229", "city": "Leipzig"}


@pytest.mark.parametrize(
    "other",
    [
        record(2, "Mueller Metallbau G.m.b.H.", **LEIPZIG),
        record(3, "Metallbau Müller", **LEIPZIG),
        record(4, "Müller Metalbau GmbH", **LEIPZIG),  # a typo
        record(5, "MÜLLER METALLBAU", "Giesserstr. 12", "04229", "Leipzig"),
        record(6, "Müller Metallbau GmbH", "Angerstraße 3", "04177", "Leipzig"),  # moved
        record(7, "Müller Metallbau GmbH", city="Leipzig"),  # address missing
        record(8, "Müller Metallbau Gesellschaft mit beschränkter Haftung", postal_code="04229"),
    ],
)
def test_the_same_company_written_another_way_is_a_duplicate(other):
    original = record(1, "Müller Metallbau GmbH", **LEIPZIG)
    assert match(original, other).is_duplicate


@pytest.mark.parametrize(
    "other",
    [
        record(2, "Müller Metallbau GmbH", "Hauptstraße 4", "01067", "Dresden"),
        record(3, "Müller Metallbau GmbH", postal_code="01067"),  # Dresden by its code
        record(4, "Müller Stahlbau GmbH", "Angerstraße 3", "04177", "Leipzig"),
        record(5, "Müller Holzbau GmbH", city="Leipzig"),
        record(6, "Schulze Metallbau GmbH", **LEIPZIG),
        record(7, "Müller Metallbau AG", "Angerstraße 3", "04177", "Leipzig"),
    ],
)
def test_look_alikes_are_not_duplicates(other):
    original = record(1, "Müller Metallbau GmbH", **LEIPZIG)
    assert not match(original, other).is_duplicate


def test_same_name_in_another_city_with_the_same_phone_is_one_company():
    a = record(1, "Müller Metallbau GmbH", phone="0341 1234567", **LEIPZIG)
    b = record(
        2, "Müller Metallbau GmbH", "Hauptstraße 4", "04509", "Delitzsch", "", "0341 1234567"
    )
    assert match(a, b).is_duplicate


def test_a_match_explains_itself():
    a = record(1, "Müller Metallbau GmbH", website="https://mueller-metallbau.de", **LEIPZIG)
    b = record(2, "Mueller Metallbau", "Angerstraße 3", "04177", "Leipzig", "mueller-metallbau.de")
    result = match(a, b)
    verdicts = {e.field: e.verdict for e in result.evidence}

    assert verdicts == {
        "name": Verdict.SAME,
        "legal_form": Verdict.MISSING,
        "city": Verdict.SAME,
        "postal_code": Verdict.DIFFERENT,
        "street": Verdict.DIFFERENT,
        "phone": Verdict.MISSING,
        "website": Verdict.SAME,
    }
    assert {e.field for e in result.agreeing} == {"name", "city", "website"}
    assert {e.field for e in result.disagreeing} == {"postal_code", "street"}
    assert result.relation == Relation.SAME
    assert result.weight == pytest.approx(sum(e.weight for e in result.evidence))
    assert 0 <= result.score <= 100
    assert "website same" in result.explain()


def test_missing_fields_are_no_evidence_either_way():
    bare = match(record(1, "Bäckerei Hoffmann"), record(2, "Bäckerei Hoffmann"))
    assert all(e.weight == 0 for e in bare.evidence if e.field != "name")


def test_score_reads_about_80_at_the_duplicate_threshold():
    assert matching.Match(1, 2, matching.DUPLICATE_WEIGHT).score == 80
    assert matching.Match(1, 2, matching.SUGGEST_WEIGHT).score == 50


def test_numbered_siblings_are_different_companies():
    a = record(1, "Grundstücksgesellschaft Nord 1", **LEIPZIG)
    b = record(2, "Grundstücksgesellschaft Nord 2", **LEIPZIG)
    assert not match(a, b).is_duplicate


# -- blocking -----------------------------------------------------------------------
def test_spellings_of_one_company_share_a_blocking_key():
    spellings = [
        record(1, "Müller Metallbau GmbH", **LEIPZIG),
        record(2, "Mueller Metallbau G.m.b.H.", city="Leipzig"),
        record(3, "Metallbau Muller", postal_code="04229"),
    ]
    keys = [blocking_keys(prepare(r)) for r in spellings]
    assert keys[0] & keys[1]
    assert keys[0] & keys[2]
    assert keys[1] & keys[2] or keys[1] & keys[0]


def test_unrelated_companies_share_no_key():
    a = prepare(record(1, "Müller Metallbau", **LEIPZIG))
    b = prepare(record(2, "Pflegedienst Sonnenschein", "Hauptstraße 1", "01067", "Dresden"))
    assert not (a.keys & b.keys)


def test_large_lists_are_never_compared_pair_by_pair(monkeypatch):
    data = generate(3000, seed=3)
    scored = 0
    real = matching._score

    def counting(a, b, floor):
        nonlocal scored
        scored += 1
        return real(a, b, floor)

    monkeypatch.setattr(matching, "_score", counting)
    find_clusters([d.record for d in data])
    all_pairs = 3000 * 2999 // 2
    assert scored < all_pairs / 100


# -- clustering -----------------------------------------------------------------------
def clusters_of(*records: CompanyRecord) -> list[list]:
    return find_clusters(list(records)).clusters


def test_a_record_without_a_street_cannot_chain_namesakes_in_two_towns():
    berlin = record("berlin", "Autohaus Müller GmbH", "Hauptstraße 1", "10115", "Berlin")
    dresden = record("dresden", "Autohaus Müller GmbH", "Bahnhofstraße 9", "01067", "Dresden")
    # Matches both by name and (a typo'd) nothing else: it may join one, never both.
    bare = record("bare", "Autohaus Müller GmbH")
    assert cannot_link(prepare(berlin), prepare(dresden))
    assert match(berlin, bare).is_duplicate
    assert match(dresden, bare).is_duplicate
    assert clusters_of(berlin, dresden, bare) == [["berlin"], ["dresden"], ["bare"]]


def test_a_record_that_fits_one_cluster_clearly_joins_it():
    berlin = record(
        "berlin", "Autohaus Müller GmbH", "Hauptstraße 1", "10115", "Berlin", "", "030 123456"
    )
    dresden = record("dresden", "Autohaus Müller GmbH", "Bahnhofstraße 9", "01067", "Dresden")
    bare = record("bare", "Autohaus Müller", phone="+49 30 123456")
    assert clusters_of(berlin, dresden, bare) == [["berlin", "bare"], ["dresden"]]


def test_every_member_must_fit_the_whole_cluster():
    a = record("a", "Bäckerei Schmidt", "Hauptstraße 1", "04109", "Leipzig", phone="0341 111111")
    b = record("b", "Bäckerei Schmidt", city="Leipzig", phone="0341 111111")
    c = record("c", "Bäckerei Schmidt", "Ringstraße 7", "04229", "Leipzig", phone="0341 222222")
    # b matches a (phone) and c (name and town); c does not match a: no chain.
    assert match(b, c).is_duplicate
    assert not match(a, c).is_duplicate
    assert clusters_of(a, b, c) == [["a", "b"], ["c"]]


def test_clusters_are_deterministic_and_cover_every_id():
    records = [
        record("a", "Müller Metallbau GmbH", **LEIPZIG),
        record("b", "Mueller Metallbau", **LEIPZIG),
        record("c", "Bäckerei Hoffmann", **LEIPZIG),
    ]
    assert clusters_of(*records) == [["a", "b"], ["c"]]
    assert clusters_of(*reversed(records)) == [["c"], ["b", "a"]]


def test_a_large_cluster_needs_a_shared_phone_website_or_address():
    same_phone = [
        record(n, "Hubertus-Apotheke", city="Köln", phone="0221 123456") for n in range(12)
    ]
    assert clusters_of(*same_phone) == [list(range(12))]
    # Twelve records with nothing but a name and a town in common do not make one
    # cluster of twelve.
    bare = [record(n, "Hubertus-Apotheke", city="Köln") for n in range(12)]
    assert max(map(len, clusters_of(*bare))) <= matching.LARGE_CLUSTER


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Müller Holding GmbH", "Müller GmbH"),
        ("Müller Verwaltungs GmbH", "Müller GmbH & Co. KG"),
        ("Müller GmbH", "Müller GmbH & Co. KG"),
        ("Schmidt GmbH", "Schmidt KG"),
        ("Metallbau Schmidt Service GmbH", "Metallbau Schmidt GmbH"),
        ("Schmidt Beteiligungs GmbH", "Schmidt Beteiligungsgesellschaft KG"),
    ],
)
def test_other_legal_entities_at_one_address_are_related_not_the_same(a, b):
    shared = {**LEIPZIG, "phone": "0341 1234567", "website": "mueller-gruppe.de"}
    result = match(record(1, a, **shared), record(2, b, **shared))
    assert result.relation == Relation.RELATED
    assert result.is_related
    assert not result.is_duplicate
    clustering = find_clusters([record(1, a, **shared), record(2, b, **shared)])
    assert clustering.clusters == [[1], [2]]
    assert [(m.a, m.b) for m in clustering.related] == [(1, 2)]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Müller Holding GmbH", "Mueller Holdig GmbH"),  # a typo in the role word
        ("Müller Verwaltungs GmbH", "Müller Verwaltungsgesellschaft mbH"),
    ],
)
def test_the_same_role_written_another_way_is_the_same_company(a, b):
    assert match(record(1, a, **LEIPZIG), record(2, b, **LEIPZIG)).is_duplicate


@pytest.mark.parametrize(
    "other",
    [
        "MÃ¼ller Metallbau GmbH",  # UTF-8 read as Windows-1252
        "M\ufffdller Metallbau GmbH",  # Windows-1252 read as UTF-8
        "M?ller Metallbau GmbH",
        "Fa. Müller Metallbau GmbH",
        "Müller Metallb. GmbH",
        "Thomas Müller Metallbau GmbH",  # a first name only one list writes
        "T. Müller Metallbau GmbH",
    ],
)
def test_mojibake_abbreviations_and_first_names_are_the_same_company(other):
    original = record(1, "Thomas Müller Metallbau GmbH", **LEIPZIG)
    assert match(original, record(2, other, **LEIPZIG)).is_duplicate


def test_two_first_names_are_two_people():
    a = record(1, "Metallbau Thomas Müller", city="Leipzig")
    b = record(2, "Metallbau Andreas Müller", city="Leipzig")
    assert not match(a, b).is_duplicate


def test_ing_buero_is_an_ingenieurbuero_and_titles_are_left_out():
    assert normalize_name("Ing.-Büro Dr.-Ing. Schulze") == normalize_name("Ingenieurbüro Schulze")


def test_legal_forms_survive_mojibake():
    assert split_legal_form("Schulze Bau UG (haftungsbeschr?nkt)")[1] == "UG (haftungsbeschränkt)"


def test_a_mistyped_town_with_the_same_postal_code_is_the_same_town():
    a = record(1, "Müller Metallbau GmbH", **LEIPZIG)
    b = record(2, "Müller Metallbau GmbH", "Gießerstraße 12", "04229", "Lepizig")
    assert {e.field: e.verdict for e in match(a, b).evidence}["city"] == Verdict.SIMILAR


def test_a_shared_phone_is_scored_whatever_the_names_say():
    a = record(1, "Weser Elektrotechnik GmbH", **LEIPZIG, phone="0341 99887766")
    b = record(2, "Wehser Elekt. GmbH", **LEIPZIG, phone="0341 99887766")
    assert find_clusters([a, b]).clusters == [[1, 2]]


def test_find_clusters_groups_spellings_and_keeps_namesakes_apart():
    records = [
        record("a", "Müller Metallbau GmbH", **LEIPZIG),
        record("b", "Pflegedienst Sonnenschein", "Hauptstraße 1", "04109", "Leipzig"),
        record("c", "Mueller Metallbau G.m.b.H.", "Giesserstr. 12", "04229", "Leipzig"),
        record("d", "Müller Metallbau GmbH", "Hauptstraße 4", "01067", "Dresden"),
        record("e", "Metallbau Müller", city="Leipzig", phone="0341 1234567"),
    ]
    result = find_clusters(records)
    assert result.clusters == [["a", "c", "e"], ["b"], ["d"]]
    assert result.cluster_ids() == {"a": "a", "b": "b", "c": "a", "d": "d", "e": "a"}


def test_find_clusters_leaves_out_pairs_confirmed_as_different():
    records = [record(1, "Müller Metallbau", **LEIPZIG), record(2, "Müller Metallbau", **LEIPZIG)]
    distinct = matching.pairs_of_pairs([(2, 1)])
    assert find_clusters(records, distinct=distinct).clusters == [[1], [2]]


def test_index_finds_the_existing_company_best_first():
    index = MatchIndex(
        [
            record(1, "Müller Metallbau GmbH", **LEIPZIG),
            record(2, "Müller Metallbau GmbH", city="Leipzig"),
            record(3, "Bäckerei Hoffmann", **LEIPZIG),
        ]
    )
    found = index.matches(record("new", "Mueller Metallbau", "Gießerstr. 12", "04229", "Leipzig"))
    assert [m.b for m in found] == [1, 2]
    assert index.matches(record("new", "Mueller Metallbau", city="Leipzig"), exclude=[1, 2]) == []


def test_quality_on_generated_german_records():
    """The benchmark's data (a development seed) at a small size: the measured level holds."""
    data = generate(3000, seed=11)
    result = find_clusters([d.record for d in data])
    quality = pairwise_quality(result.clusters, {d.record.id: d.entity for d in data})
    assert quality.f1 >= 0.92
    assert quality.precision >= 0.96
    assert quality.recall >= 0.87
    assert max(map(len, result.clusters)) <= matching.LARGE_CLUSTER


# -- how common a name is (issue 16) ------------------------------------------------------
def with_filler(*records: CompanyRecord) -> list[CompanyRecord]:
    """The records among enough others that name counts mean something."""
    filler = [d.record for d in generate(matching.NAME_COUNTS_FROM, seed=5)]
    return [*records, *filler]


def cluster_of(result: matching.Clustering, id_: str) -> list:
    return next(members for members in result.clusters if id_ in members)


QUENDT_LEIPZIG = record(
    "leipzig", "Dachdeckerei Ralf Quendt e.K.", "Sonnenweg 3", "04229", "Leipzig", "", "0341 4455"
)
# Moved to the next town: another street, town and phone, no website to tell.
QUENDT_MARKKLEEBERG = record(
    "markkleeberg",
    "Dachdeckerei Ralf Quendt e.K.",
    "Am Hafen 9",
    "04416",
    "Markkleeberg",
    "",
    "034297 1234",
)


def test_a_distinctive_name_in_the_same_region_is_a_company_that_moved():
    result = find_clusters(with_filler(QUENDT_LEIPZIG, QUENDT_MARKKLEEBERG))
    assert cluster_of(result, "leipzig") == ["leipzig", "markkleeberg"]


def test_a_distinctive_name_in_another_region_stays_another_company():
    munich = record(
        "munich", "Dachdeckerei Ralf Quendt e.K.", "Am Hafen 9", "80331", "München", "", "089 1234"
    )
    result = find_clusters(with_filler(QUENDT_LEIPZIG, munich))
    assert cluster_of(result, "leipzig") == ["leipzig"]


def test_another_legal_form_or_website_is_no_move():
    gmbh = record("gmbh", "Dachdeckerei Ralf Quendt GmbH", "Am Hafen 9", "04416", "Markkleeberg")
    site = record(
        "site",
        "Dachdeckerei Ralf Quendt e.K.",
        "Am Hafen 9",
        "04416",
        "Markkleeberg",
        "quendt-dach.de",
    )
    leipzig = record(
        "leipzig",
        "Dachdeckerei Ralf Quendt e.K.",
        "Sonnenweg 3",
        "04229",
        "Leipzig",
        "dach-quendt.de",
    )
    result = find_clusters(with_filler(leipzig, gmbh, site))
    assert cluster_of(result, "leipzig") == ["leipzig"]


def test_a_common_name_in_one_town_is_several_companies():
    """Two "Autohaus Quendt" in Leipzig at two streets, one without a phone: the name
    is everywhere, so it is no longer enough (without counts it was)."""
    towns = [("Dresden", "01067"), ("Halle", "06108"), ("Erfurt", "99084"), ("Jena", "07743")]
    elsewhere = [
        record(f"other{n}", "Autohaus Quendt GmbH", f"Ring {n}", code, town)
        for n, (town, code) in enumerate(towns * 3)
    ]
    a = record("a", "Autohaus Quendt GmbH", "Sonnenweg 3", "04229", "Leipzig", "", "0341 4455")
    b = record("b", "Autohaus Quendt GmbH", "Am Hafen 9", "04109", "Leipzig")
    assert match(a, b).is_duplicate  # on its own, without counts
    result = find_clusters(with_filler(a, b, *elsewhere))
    assert cluster_of(result, "a") == ["a"]


def test_short_lists_are_not_counted():
    assert all(p.name_count == 0 for p in matching.count_names([prepare(QUENDT_LEIPZIG)]))
    assert clusters_of(QUENDT_LEIPZIG, QUENDT_MARKKLEEBERG) == [["leipzig"], ["markkleeberg"]]
