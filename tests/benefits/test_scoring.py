"""The tailoring score on plain data: masking, fingerprints, the three parts, copies."""

import random

import pytest

from benefits import drafting, scoring
from tests.benefits.plain import it_firm, metal_works

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


def _score(subject, text, others):
    masked = scoring.mask(text, subject.mask_terms)
    return scoring.score(subject, text, masked, others)


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
