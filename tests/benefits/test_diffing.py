"""Word-level differences between statement versions."""

from benefits.diffing import DELETE, EQUAL, INSERT, Segment, word_diff


def test_changed_words_are_marked_and_counted():
    diff = word_diff("Ein kleines Unternehmen in Torgau.", "Ein kleiner Familienbetrieb in Torgau.")

    assert Segment(DELETE, "kleines Unternehmen") in diff.segments
    assert Segment(INSERT, "kleiner Familienbetrieb") in diff.segments
    assert (diff.inserted_words, diff.deleted_words) == (2, 2)


def test_the_segments_rebuild_both_texts():
    old = "Erster Absatz.\n\nZweiter Absatz, mit Komma."
    new = "Erster Absatz!\n\nZweiter Absatz mit Komma und mehr."
    diff = word_diff(old, new)

    assert "".join(s.text for s in diff.segments if s.op != INSERT) == old
    assert "".join(s.text for s in diff.segments if s.op != DELETE) == new


def test_identical_texts_have_one_equal_segment():
    diff = word_diff("Gleich.", "Gleich.")

    assert diff.segments == (Segment(EQUAL, "Gleich."),)
    assert (diff.inserted_words, diff.deleted_words) == (0, 0)
