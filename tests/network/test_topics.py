"""Which topics help with a company's needs (pure, no database)."""

from network.topics import DEFAULT_TOPICS, topics_for_needs


def test_topics_covering_more_needs_come_first():
    topic_needs = {1: ["caregivers"], 2: ["caregivers", "shift_work"], 3: ["growth"]}
    assert topics_for_needs(["caregivers", "shift_work"], topic_needs) == [2, 1]


def test_no_need_no_topic():
    assert topics_for_needs([], {1: ["caregivers"]}) == []
    assert topics_for_needs(["rural"], {1: ["caregivers"]}) == []


def test_the_default_list_names_the_fields_topics():
    assert [t.name_de for t in DEFAULT_TOPICS] == [
        "Pflegeberatung",
        "Kita-Plätze",
        "Ferienbetreuung",
        "Flexible Arbeitszeiten",
        "Wiedereinstieg nach der Elternzeit",
        "AGG (Gleichbehandlung)",
        "Betriebsvereinbarungen",
    ]
