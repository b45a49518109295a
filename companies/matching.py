"""Company name normalisation for duplicate matching (pure, no Django)."""

import re
import unicodedata

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_WORD = re.compile(r"[^\w]+")


def normalize_name(name: str) -> str:
    """Case-, umlaut- and punctuation-folded form of a company name."""
    folded = name.casefold().translate(_FOLD)
    # Strip accents that remain after the German folding (é, ç, ...).
    folded = unicodedata.normalize("NFKD", folded)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", folded).split())
