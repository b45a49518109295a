"""Generic text over a whole history, each text in its own window, as each alone (no database)."""

import random
from datetime import date, timedelta

import pytest

from outreach import quality
from outreach.quality import windows
from tests.outreach.services.test_reevaluation import _text


def _plain_history(rng, size):
    texts = []
    for i in range(size):
        kind = rng.choice(["mass", "mass", "near", "own", "short"])
        company = type(
            "C",
            (),
            {
                "legal_name": f"Firma {rng.randint(0, 15)}",
                "city": "Zwickau",
                "street": "Hauptstraße 1",
                "postal_code": "08056",
            },
        )()
        text = _text(rng, company, None, kind=kind)
        texts.append(
            quality.RecentText(
                outreach_id=i + 1,
                company_id=rng.randint(0, 15),
                occurred_on=date(2026, 1, 1) + timedelta(days=rng.randint(0, 60)),
                fingerprint=quality.text_fingerprint(text, [company.legal_name]),
            )
        )
    return sorted(texts, key=lambda t: (t.occurred_on, t.outreach_id))


@pytest.mark.parametrize(("block", "code_space"), [(2048, None), (7, None), (5, 400)])
def test_each_text_is_judged_as_similar_texts_judges_it_alone(monkeypatch, block, code_space):
    monkeypatch.setattr(windows, "BLOCK_TEXTS", block)
    if code_space:  # forces the chunk codes to start again now and then
        monkeypatch.setattr(windows, "_CODE_SPACE", code_space)
    thresholds = quality.Thresholds(generic_window_days=10, generic_min_words=8)
    history = _plain_history(random.Random(block), 150)

    found = {
        text.outreach_id: match
        for text, match in windows.history_matches(
            (
                windows.HistoryText(t.outreach_id, t.company_id, t.occurred_on, t.fingerprint, t)
                for t in history
            ),
            thresholds=thresholds,
        )
    }

    expected = {}
    for text in history:
        window = [
            other
            for other in sorted(history, key=lambda t: (t.occurred_on, t.outreach_id), reverse=True)
            if other.outreach_id != text.outreach_id
            and text.occurred_on - timedelta(days=10) <= other.occurred_on <= text.occurred_on
        ]
        (match,) = quality.similar_texts(
            [(text.company_id, text.outreach_id, text.fingerprint)], window, thresholds=thresholds
        )
        if match is not None and match.generic:
            expected[text.outreach_id] = match
    assert found == expected
    assert len(expected) > 20
