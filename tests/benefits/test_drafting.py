"""The drafting engine on plain data: selection, reasons, composition, refusals."""

from dataclasses import replace

import pytest
from rapidfuzz import fuzz

from benefits import drafting
from tests.benefits.plain import catalogue, it_firm, metal_works, with_company, with_profile


# -- the acceptance: two companies, visibly different statements ---------
@pytest.mark.parametrize("language", ["de", "en"])
def test_two_different_companies_get_visibly_different_statements(language):
    metal = drafting.draft(metal_works(language)).text
    it = drafting.draft(it_firm(language)).text

    assert fuzz.token_set_ratio(metal, it) < 60


@pytest.mark.parametrize("language", ["de", "en"])
def test_each_statement_carries_its_own_company_specifics(language):
    metal = drafting.draft(metal_works(language)).text
    it = drafting.draft(it_firm(language)).text

    for own in ("Metallbau Krause GmbH", "Torgau", "Landkreis Nordsachsen", "30"):
        assert own in metal
    for own in ("Datenwerk Software GmbH", "Leipzig", "120"):
        assert own in it
    assert "Datenwerk" not in metal
    assert "Metallbau" not in it
    shift = "Schicht" if language == "de" else "shift"
    parental_leave = "Elternzeit" if language == "de" else "parental leave"
    assert shift in metal
    assert parental_leave in it
    assert parental_leave not in metal


def test_draft_is_deterministic_whatever_the_catalogue_order():
    data = metal_works()
    shuffled = replace(
        data,
        arguments=list(reversed(data.arguments)),
        measures=list(reversed(data.measures)),
        facts=list(reversed(data.facts)),
    )

    first, second, third = drafting.draft(data), drafting.draft(data), drafting.draft(shuffled)

    assert first == second
    assert first.text == third.text


# -- structure ------------------------------------------------------------------
def test_opening_speaks_of_the_company_by_name_sector_size_and_place():
    opening = drafting.draft(metal_works()).text.split("\n\n")[0]

    assert opening.startswith("Metallbau Krause GmbH ist ein kleines Unternehmen")
    assert "rund 30 Beschäftigten" in opening
    assert "Herstellung von Metallerzeugnissen" in opening
    assert "Torgau" in opening
    # the regional fact of its district, with source and date
    assert "Landratsamt Nordsachsen, Stand 03/2025" in opening


def test_two_to_four_paragraphs_each_with_a_need_and_a_sourced_figure():
    data = metal_works()
    result = drafting.draft(data)
    by_id = {a.id: a for a in data.arguments}

    assert 2 <= len(result.arguments) <= 4
    assert {choice.need for choice in result.arguments} <= set(data.profile.needs)
    for choice in result.arguments:
        argument = by_id[choice.id]
        assert f"({argument.source}, {argument.year}" in result.text
        assert argument.evidence_de.rstrip(".") in result.text
    assert result.needs_addressed == ("shift_work", "skilled_staff", "rural")


def test_one_need_still_gives_two_paragraphs_without_repeating_the_lead():
    result = drafting.draft(with_profile(it_firm(), needs=("caregivers",)))

    assert len(result.arguments) == 2
    assert {choice.need for choice in result.arguments} == {"caregivers"}
    assert "Hinzu kommt:" in result.text


def test_measures_fit_size_and_sector_and_skip_what_is_offered():
    metal = drafting.draft(metal_works())
    it = drafting.draft(it_firm())

    metal_codes = [c.code for c in metal.measures]
    it_codes = [c.code for c in it.measures]
    assert 2 <= len(metal_codes) <= 3
    assert 2 <= len(it_codes) <= 3
    # Flexible time and mobile work do not fit a manufacturer's shop floor.
    assert "flexible_hours" not in metal_codes
    assert "mobile_work" not in metal_codes
    # The IT firm already offers mobile work; a canteen needs a medium or large firm.
    assert "mobile_work" not in it_codes
    assert "canteen_meals" not in metal_codes
    assert "early_shift_plans" in metal_codes


def test_every_choice_says_why():
    result = drafting.draft(metal_works())

    for choice in result.arguments + result.measures:
        assert 0 <= choice.score <= 100
        assert any(reason.kind == "need" for reason in choice.reasons)
    presence = next(c for c in result.arguments if c.code == "kfw_presence_work")
    assert drafting.Reason("sector", "C") in presence.reasons
    assert drafting.Reason("size", "small") in presence.reasons


def test_statement_ends_with_network_offer_and_a_concrete_next_step():
    blocks = drafting.draft(metal_works()).text.split("\n\n")

    assert blocks[-2].startswith("Kompetenzzentrum Frau & Beruf Westsachsen")
    assert "Torgau" in blocks[-1]
    assert "frühzeitige Schichtpläne" in blocks[-1]


def test_english_on_request():
    text = drafting.draft(metal_works("en")).text

    assert "Metallbau Krause GmbH is a small firm with around 30 employees" in text
    assert "(KfW Research, 2020)" in text
    assert " und " not in text


# -- conditions -----------------------------------------------------------------
def test_region_picks_the_matching_childcare_figure():
    young = with_profile(it_firm(), needs=("young_parents",))
    east = drafting.draft(young)
    west = drafting.draft(with_company(young, region="west"))
    unknown = drafting.draft(with_company(young, region=None))

    assert "55,2 %" in east.text
    assert "33,9 %" not in east.text.split("55,2 %")[0]
    assert "destatis_childcare_west" in [c.code for c in west.arguments]
    assert not {"destatis_childcare_east", "destatis_childcare_west"} & {
        c.code for c in unknown.arguments
    }


def test_a_sector_specific_figure_needs_a_known_sector():
    data = with_profile(metal_works(), needs=("shift_work",))

    known = [c.code for c in drafting.draft(data).arguments]
    unknown = [c.code for c in drafting.draft(with_company(data, sector_section="")).arguments]

    assert "kfw_presence_work" in known
    assert "kfw_presence_work" not in unknown


def test_facts_of_other_districts_are_not_quoted():
    result = drafting.draft(metal_works())

    assert "Agentur für Arbeit Leipzig" not in result.text
    assert [f.id for f in result.facts] == [1]


def test_argument_for_what_the_company_already_offers_ranks_lower():
    data = with_profile(metal_works(), needs=("returners",))
    argument = next(a for a in data.arguments if a.code == "prognos_reentry")
    profile = data.profile

    plain = drafting.argument_fit(argument, data.company, profile)
    offered = drafting.argument_fit(
        argument,
        data.company,
        replace(profile, offered_measures=frozenset({"keep_in_touch", "return_plan"})),
    )

    assert plain is not None
    assert offered is not None
    assert offered.score < plain.score
    assert drafting.Reason("offered", "keep_in_touch,return_plan") in offered.reasons


# -- refusals -------------------------------------------------------------------
def test_refuses_without_a_needs_profile():
    with pytest.raises(drafting.ProfileMissing, match="needs profile") as refusal:
        drafting.draft(replace(metal_works(), profile=None))
    assert refusal.value.code == "no_profile"


@pytest.mark.parametrize(
    "profile",
    [
        drafting.Profile(needs=(), no_challenges=True),
        drafting.Profile(needs=()),
        drafting.Profile(needs=("other",), other_challenge="Umzug in ein neues Werk"),
    ],
)
def test_refuses_a_profile_without_a_need_the_catalogue_speaks_to(profile):
    with pytest.raises(drafting.NoNeeds):
        drafting.draft(replace(metal_works(), profile=profile))


def test_refuses_when_nothing_in_the_catalogue_fits():
    with pytest.raises(drafting.NothingFits):
        drafting.draft(replace(metal_works(), arguments=[]))


def test_refuses_an_unknown_language():
    with pytest.raises(drafting.UnknownLanguage):
        drafting.draft(metal_works("fr"))


def test_other_challenge_is_named_in_the_opening():
    data = with_profile(
        metal_works(), needs=("shift_work", "other"), other_challenge="der Umzug ins neue Werk"
    )

    assert "der Umzug ins neue Werk" in drafting.draft(data).text.split("\n\n")[0]


# -- issue 14: wording that would embarrass the sender ----------------------------------
def _glaziers(**profile):
    data = with_company(
        metal_works(),
        name="Glaserei Meißner GmbH",
        size_class="",
        employees=None,
        sector_section="",
        sector_label_de="",
        city="Leipzig",
        district="Stadt Leipzig",
    )
    return with_profile(
        data, needs=("young_parents", "returners", "growth", "skilled_staff"), **profile
    )


def test_nothing_known_beyond_name_and_place_opens_with_the_concerns():
    text = drafting.draft(_glaziers()).text

    assert "ist ein Unternehmen in Leipzig" not in text
    assert text.startswith("Bei Glaserei Meißner GmbH in Leipzig zählt im Moment vor allem:")


def test_the_name_stands_at_most_twice_then_ihr_betrieb():
    text = drafting.draft(_glaziers()).text

    assert text.count("Glaserei Meißner GmbH") == drafting.NAME_MENTIONS
    assert "Ihr Betrieb wächst" in text
    assert "ist für Ihren Betrieb eine Daueraufgabe" in text


def test_shift_measures_and_figures_only_for_a_company_with_shift_work():
    # Young parents alone once drew "frühzeitige Schichtpläne" (listed for young parents).
    without = drafting.draft(with_profile(_glaziers(), needs=("young_parents",)))
    with_shifts = drafting.draft(metal_works())

    assert "schicht" not in without.text.casefold()
    assert not {"early_shift_plans", "shift_swap"} & {m.code for m in without.measures}
    assert {"early_shift_plans", "shift_swap"} & {m.code for m in with_shifts.measures}


def test_the_newest_source_for_a_need_wins_over_a_2003_one():
    arguments, _ = catalogue()
    by_code = {a.code: a for a in arguments}

    draft = drafting.draft(with_profile(it_firm(), needs=("returners", "part_time")))

    years = [by_code[choice.code].year for choice in draft.arguments]
    assert 2003 not in years
    assert "Prognos" not in draft.text


def test_a_figure_about_shift_work_is_not_quoted_without_shift_work():
    # The DJI figure answers returners too, but its evidence speaks of shift work.
    draft = drafting.draft(with_profile(metal_works(), needs=("returners",)))

    assert "dji_shift_under_six" not in {choice.code for choice in draft.arguments}
    assert "schicht" not in draft.text.casefold()
