"""How alike texts are, with and without numpy (no database)."""

from outreach.quality import (
    Thresholds,
    similar_texts,
    similarity,
    text_fingerprint,
)
from tests.outreach.quality.plain import (
    mass_letter,
    merge_values,
    recent,
    tailored_letter,
)


def test_similar_texts_without_numpy_gives_the_same_answer(monkeypatch):
    texts = [mass_letter(i) if i % 3 else tailored_letter(i) for i in range(12)]
    queries = [(i, i, text_fingerprint(t, merge_values(i))) for i, t in enumerate(texts)]
    window = [recent(i, mass_letter(i)) for i in range(20, 26)]
    with_numpy = similar_texts(queries, window, thresholds=Thresholds())
    monkeypatch.setattr(similarity, "_HAS_NUMPY", False)
    assert similar_texts(queries, window, thresholds=Thresholds()) == with_numpy
    assert [m is not None and m.generic for m in with_numpy] == [bool(i % 3) for i in range(12)]
