"""The mentoring ranking, on hand-made cases whose right order is obvious (no database)."""

from certification import matching
from certification.matching import Candidate


def _company(company_id: int, name: str, **fields) -> Candidate:
    defaults = {
        "sector_section": "",
        "size_class": "",
        "postal_code": "",
        "city": "",
        "district": "",
    }
    return Candidate(company_id=company_id, name=name, **{**defaults, **fields})


MENTEE = _company(
    1,
    "Bäckerei Neu",
    challenges=frozenset({"shift_work", "young_parents"}),
    measures=frozenset({"Flexible Arbeitszeiten"}),
    sector_section="C",
    size_class="small",
    postal_code="08056",
    city="Zwickau",
    district="Zwickau",
)


def test_a_mentor_sharing_challenges_and_measures_beats_one_sharing_nothing():
    twin = _company(
        2,
        "Zeta Twin",
        challenges=frozenset({"shift_work", "young_parents"}),
        measures=frozenset({"Flexible Arbeitszeiten"}),
        sector_section="C",
        size_class="small",
    )
    stranger = _company(3, "Alpha Fremd", sector_section="Q", size_class="large")
    ranked = matching.rank_mentors(MENTEE, [stranger, twin])
    assert [s.mentor_id for s in ranked] == [2, 3]


def test_nearness_decides_between_otherwise_equal_mentors():
    same_town = _company(2, "B im Ort", city="Zwickau", postal_code="08056")
    same_area = _company(3, "C nebenan", city="Werdau", postal_code="08412", district="")
    same_region = _company(4, "D Region", city="Plauen", postal_code="08523", district="Vogtland")
    far = _company(5, "A weit", city="Hamburg", postal_code="20095", district="Hamburg")
    ranked = matching.rank_mentors(MENTEE, [far, same_region, same_area, same_town], limit=4)
    assert [s.mentor_id for s in ranked] == [2, 3, 4, 5]


def test_shared_challenges_weigh_more_than_being_near():
    near_but_unlike = _company(2, "Nah", city="Zwickau")
    alike_but_far = _company(
        3, "Fern", challenges=frozenset({"shift_work", "young_parents"}), city="Hamburg"
    )
    ranked = matching.rank_mentors(MENTEE, [near_but_unlike, alike_but_far])
    assert ranked[0].mentor_id == 3


def test_same_size_beats_a_neighbouring_size_beats_a_distant_one():
    same = _company(2, "Same", size_class="small")
    neighbour = _company(3, "Neighbour", size_class="medium")
    distant = _company(4, "Distant", size_class="large")
    ranked = matching.rank_mentors(MENTEE, [distant, neighbour, same], limit=3)
    assert [s.mentor_id for s in ranked] == [2, 3, 4]


def test_the_mentee_itself_and_full_mentors_are_never_suggested():
    itself = _company(1, "Bäckerei Neu", city="Zwickau")
    full = _company(2, "Voll", city="Zwickau", free_places=0)
    free = _company(3, "Frei", city="Hamburg")
    ranked = matching.rank_mentors(MENTEE, [itself, full, free])
    assert [s.mentor_id for s in ranked] == [3]


def test_equal_scores_are_ordered_by_name_and_the_limit_holds():
    mentors = [_company(i, name) for i, name in [(5, "Cäsar"), (6, "Anton"), (7, "Berta")]]
    ranked = matching.rank_mentors(MENTEE, mentors, limit=2)
    assert [s.mentor_name for s in ranked] == ["Anton", "Berta"]


def test_every_suggestion_carries_its_reasons_as_data():
    twin = _company(
        2,
        "Twin",
        challenges=frozenset({"shift_work"}),
        measures=frozenset({"Flexible Arbeitszeiten"}),
        sector_section="C",
        size_class="small",
        city="Zwickau",
    )
    (suggestion,) = matching.rank_mentors(MENTEE, [twin])
    codes = {reason.code: reason for reason in suggestion.reasons}
    assert codes["challenges"].items == ("shift_work",)
    assert codes["measures"].items == ("Flexible Arbeitszeiten",)
    assert codes["sector"].detail == "C"
    assert codes["size"].detail == "same"
    assert codes["place"].detail == "same_place"


def test_postal_codes_without_leading_zero_still_compare():
    a = _company(2, "A", postal_code="8056")
    assert matching.nearness(a, _company(3, "B", postal_code="08058")) == "nearby"
    assert matching.nearness(a, _company(4, "C", postal_code="")) == "unknown"


def test_suggest_ranks_for_every_mentee():
    other = _company(9, "Andere", city="Hamburg")
    mentor = _company(2, "Mentor", city="Zwickau")
    found = matching.suggest([MENTEE, other], [mentor])
    assert set(found) == {1, 9}
    assert found[1][0].score > found[9][0].score
