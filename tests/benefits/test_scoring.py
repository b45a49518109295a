"""The tailoring score on plain data: masking, fingerprints, the three parts, copies."""

import random

import pytest

from benefits import drafting, scoring
from tests.benefits.plain import FACTS, NETWORK, catalogue, it_firm, metal_works

METAL_SUBJECT = scoring.Subject(
    needs=("shift_work", "skilled_staff", "rural"),
    specifics=(
        scoring.Specific("name", ("Metallbau Krause", "Metallbau Krause GmbH")),
        scoring.Specific("place", ("Torgau", "Landkreis Nordsachsen")),
        scoring.Specific("sector", ("Herstellung von Metallerzeugnissen",)),
        scoring.Specific("employees", ("30",)),
        scoring.Specific("share", ("15 %", "15%")),
        scoring.Specific("fact", ("Landratsamt Nordsachsen",)),
    ),
    mask_terms=("Metallbau Krause", "Metallbau Krause GmbH", "Torgau", "Landkreis Nordsachsen"),
)
IT_SUBJECT = scoring.Subject(
    needs=("young_parents", "returners", "growth"),
    specifics=(
        scoring.Specific("name", ("Datenwerk Software", "Datenwerk Software GmbH")),
        scoring.Specific("place", ("Leipzig", "Stadt Leipzig")),
        scoring.Specific("employees", ("120",)),
    ),
    mask_terms=("Datenwerk Software", "Datenwerk Software GmbH", "Leipzig", "Stadt Leipzig"),
)


def _stock():
    arguments, measures = catalogue()
    return scoring.stock_pattern(
        drafting.stock_phrases(arguments=arguments, measures=measures, facts=FACTS, network=NETWORK)
    )


def _score(subject, text, others):
    masked = scoring.mask(text, subject.mask_terms)
    return scoring.score(subject, text, masked, others, stock=_stock())


# -- masking and fingerprints ------------------------------------------------------
def test_mask_hides_names_addresses_and_numbers():
    masked = scoring.mask(
        "Die METALLBAU KRAUSE GmbH in 04860 Torgau, Am Werk 12, hat 30 Beschäftigte.",
        ("Metallbau Krause GmbH", "Metallbau Krause", "Torgau", "Am Werk 12", "04860"),
    )

    assert masked == "Die ⟨name⟩ in ⟨name⟩ ⟨name⟩, ⟨name⟩, hat 0 Beschäftigte."


def test_mask_respects_word_boundaries():
    assert scoring.mask("Leipziger Allerlei in Leipzig", ("Leipzig",)) == (
        "Leipziger Allerlei in ⟨name⟩"
    )


def test_fingerprint_is_stable_and_ascii():
    text = drafting.draft(metal_works()).text
    first = scoring.fingerprint(scoring.mask(text, METAL_SUBJECT.mask_terms))

    assert first == scoring.fingerprint(scoring.mask(text, METAL_SUBJECT.mask_terms))
    assert len(first) == scoring.FINGERPRINT_LENGTH
    assert int(first, 16) >= 0


def test_nearest_finds_a_copy_among_many_other_texts():
    rng = random.Random(7)
    words = [f"wort{n}" for n in range(3000)]
    corpus_texts = {i: " ".join(rng.choices(words, k=300)) for i in range(1, 2001)}
    copy_of = 1234
    query = corpus_texts[copy_of].replace(words[5], "anders") + " ein Satz mehr"
    corpus = [(i, scoring.fingerprint(text)) for i, text in corpus_texts.items()]

    assert scoring.nearest(scoring.fingerprint(query), corpus)[0] == copy_of
    assert scoring.nearest(scoring.fingerprint(query), []) == []


# -- the three parts ------------------------------------------------------------
def test_tailored_statement_without_peers_scores_high():
    result = _score(METAL_SUBJECT, drafting.draft(metal_works()).text, {})

    assert result.needs_addressed == ("shift_work", "skilled_staff", "rural")
    assert result.needs_points == scoring.NEEDS_POINTS
    assert result.specifics_points == scoring.SPECIFICS_POINTS
    assert result.distinct_points == scoring.DISTINCT_POINTS
    assert result.total == 100
    assert result.most_similar_id is None
    assert not result.copy_warning


def test_different_statements_keep_their_distinctness():
    metal = drafting.draft(metal_works()).text
    it = drafting.draft(it_firm()).text
    others = {1: scoring.mask(metal, METAL_SUBJECT.mask_terms)}

    result = _score(IT_SUBJECT, it, others)

    assert not result.copy_warning
    assert result.most_similar_id == 1
    assert result.similarity < scoring.COPY_THRESHOLD
    assert result.total >= 80


def test_missing_needs_and_specifics_are_named():
    result = _score(METAL_SUBJECT, "Familienfreundlichkeit lohnt sich für jeden Betrieb.", {})

    assert result.needs_addressed == ()
    assert result.needs_missing == ("shift_work", "skilled_staff", "rural")
    assert result.specifics_found == ()
    assert "name" in result.specifics_missing
    assert result.total == scoring.DISTINCT_POINTS


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("Ihre Schichtarbeit am Wochenende", "shift_work"),
        ("care for relatives", "caregivers"),
        ("Rückkehr aus der Elternzeit", "returners"),
        ("lange Arbeitswege", "rural"),
    ],
)
def test_needs_are_recognised_in_either_language(text, need):
    assert scoring.needs_addressed(text, (need,)) == (need,)


# -- the acceptance: a copied statement scores low and warns ----------------
def test_copied_statement_scores_low_and_warns():
    metal = drafting.draft(metal_works()).text
    own = drafting.draft(it_firm()).text
    # Another company's statement with the names swapped: the classic merge letter.
    copied = (
        metal.replace("Metallbau Krause GmbH", "Datenwerk Software GmbH")
        .replace("Landkreis Nordsachsen", "Stadt Leipzig")
        .replace("Torgau", "Leipzig")
        .replace("rund 30", "rund 120")
    )
    others = {7: scoring.mask(metal, METAL_SUBJECT.mask_terms)}

    tailored = _score(IT_SUBJECT, own, others)
    result = _score(IT_SUBJECT, copied, others)

    assert result.copy_warning
    assert result.most_similar_id == 7
    assert result.similarity >= 95
    assert result.total <= scoring.COPY_CAP < tailored.total
    assert result.distinct_points == 0


def test_a_lightly_edited_copy_still_warns():
    metal = drafting.draft(metal_works()).text
    edited = metal.replace("Metallbau Krause GmbH", "Datenwerk Software GmbH") + (
        "\n\nWir freuen uns auf das Gespräch mit Ihnen und Ihrem Team."
    )
    others = {3: scoring.mask(metal, METAL_SUBJECT.mask_terms)}

    assert _score(IT_SUBJECT, edited, others).copy_warning


# -- issue 14: honest drafts that share a need are not copies -------------------------
# A 6-person care home in Kassel and a 120-person building firm in Torgau: different
# sector, size and place, one need in common (skilled staff).
CARE_HOME = drafting.Company(
    name="Pflegedienst Hoffmann GmbH",
    city="Kassel",
    district="Stadt Kassel",
    sector_section="Q",
    sector_label_de="Pflegeheime",
    size_class="micro",
    employees=6,
    region="west",
)
BUILDER = drafting.Company(
    name="Bau Richter GmbH",
    city="Torgau",
    district="Landkreis Nordsachsen",
    sector_section="F",
    sector_label_de="Ausbaugewerbe",
    size_class="medium",
    employees=120,
    region="east",
)


def _plain(company, needs):
    text = drafting.draft(
        drafting.DraftInput(
            company=company,
            profile=drafting.Profile(needs=needs),
            network=NETWORK,
            arguments=catalogue()[0],
            measures=catalogue()[1],
            facts=FACTS,
        )
    ).text
    subject = scoring.Subject(
        needs=needs, specifics=(), mask_terms=(company.name, company.city, company.district)
    )
    return subject, text


def test_two_honest_drafts_sharing_one_need_are_not_copies():
    care_subject, care = _plain(CARE_HOME, ("skilled_staff",))
    builder_subject, builder = _plain(BUILDER, ("skilled_staff",))
    others = {5: scoring.mask(care, care_subject.mask_terms)}

    told_apart = _score(builder_subject, builder, others)
    in_full = scoring.similarity(scoring.mask(builder, builder_subject.mask_terms), others[5])

    # Compared in full, the shared catalogue paragraph makes them read alike.
    assert in_full >= scoring.COPY_THRESHOLD
    assert told_apart.similarity < scoring.COPY_THRESHOLD
    assert not told_apart.copy_warning


def test_stock_passages_leave_what_is_specific_to_the_company():
    stock = scoring.stock_pattern(
        ("Wer bei {name} im Schichtbetrieb arbeitet, braucht Kitas.", "Homeoffice")
    )
    text = (
        "Wer bei ⟨name⟩ im Schichtbetrieb arbeitet, braucht Kitas. Homeoffices gibt es in Torgau."
    )

    assert scoring.specific_part(text, stock) == "homeoffices gibt es in torgau"


def test_a_gap_at_the_end_of_a_passage_swallows_nothing():
    stock = scoring.stock_pattern(("{name} wächst – und jede neue Stelle will besetzt sein.",))
    text = "Glaserei in Leipzig. ⟨name⟩ wächst – und jede neue Stelle will besetzt sein."

    assert scoring.specific_part(text, stock) == "glaserei in leipzig name"


def test_a_text_made_only_of_stock_is_compared_in_full():
    stock = scoring.stock_pattern(("Homeoffice hilft Eltern und Pflegenden gleichermaßen",))

    value = scoring.distinct_similarity(
        "Homeoffice hilft Eltern und Pflegenden gleichermaßen.",
        "Homeoffice hilft Eltern und Pflegenden gleichermaßen!",
        stock,
    )

    assert value == 100


# -- issue 14: a text that repeats itself or offers what the profile lacks scores lower ----
def test_a_text_that_repeats_itself_scores_lower():
    text = drafting.draft(metal_works()).text
    network = text.split("\n\n")[-2]
    repeated = text + "\n\n" + network
    named = text + "\n\nMetallbau Krause GmbH freut sich. Metallbau Krause GmbH wächst."

    plain = _score(METAL_SUBJECT, text, {})
    twice = _score(METAL_SUBJECT, repeated, {})
    by_name = _score(METAL_SUBJECT, named, {})

    assert plain.repetitions == ()
    assert twice.repetitions == ("sentence",)
    assert twice.total == plain.total - scoring.PENALTY_POINTS
    assert "name" in by_name.repetitions
    assert by_name.total < plain.total


def test_shift_plans_for_a_company_without_shift_work_score_lower():
    subject = scoring.Subject(
        needs=("young_parents",), specifics=IT_SUBJECT.specifics, mask_terms=IT_SUBJECT.mask_terms
    )
    text = drafting.draft(it_firm()).text
    with_shifts = text + "\n\n– frühzeitige Schichtpläne: Schichtpläne vier Wochen im Voraus."

    plain = _score(subject, text, {})
    result = _score(subject, with_shifts, {})

    assert plain.unsupported_needs == ()
    assert result.unsupported_needs == ("shift_work",)
    assert result.total == plain.total - scoring.PENALTY_POINTS
