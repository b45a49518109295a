"""Search that ignores case, umlaut spelling and accents, on SQLite and PostgreSQL.

"Bäckerei", "Baeckerei", "BÄCKEREI" and "Backerei" are one word to a person
typing a name: both the typed term and the stored column are folded to the same
form (lower case, ä/ae → a, ö/oe → o, ü/ue → u, ß → ss, common accents
dropped) and compared with a substring match. The column side is a chain of
`Lower`/`Replace` calls, which both databases evaluate (SQLite's LOWER knows
ASCII only, so the capital umlauts are replaced first).
"""

from django.db.models import F, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Lower, Replace

from companies.matching import fold

# Applied in this order to the column: capitals SQLite would not lower, then the
# lower-case letters, then the written-out umlauts.
_COLUMN_STEPS: tuple[tuple[str, str], ...] = (
    ("Ä", "a"),
    ("Ö", "o"),
    ("Ü", "u"),
    ("É", "e"),
    ("ä", "a"),
    ("ö", "o"),
    ("ü", "u"),
    ("ß", "ss"),
    ("é", "e"),
    ("è", "e"),
    ("ê", "e"),
    ("á", "a"),
    ("à", "a"),
    ("ó", "o"),
    ("ô", "o"),
    ("í", "i"),
    ("ç", "c"),
    ("ae", "a"),
    ("oe", "o"),
    ("ue", "u"),
)
_WRITTEN_OUT = (("ae", "a"), ("oe", "o"), ("ue", "u"))


def search_fold(text: str) -> str:
    """The typed term as the folded column reads: "Bäckerei" and "baeckerei" → "backerei"."""
    folded = fold(text)  # lower case, ä → ae, ß → ss, accents removed
    for written, plain in _WRITTEN_OUT:
        folded = folded.replace(written, plain)
    return " ".join(folded.split())


def folded(field: str) -> Combinable:
    """A database expression: the column `field` folded like `search_fold`."""
    expression: Combinable = F(field)
    for index, (source, target) in enumerate(_COLUMN_STEPS):
        if index == 4:  # after the capitals, before the lower-case letters
            expression = Lower(expression)
        expression = Replace(expression, Value(source), Value(target))
    return expression


# Legal forms are kept apart from the name (Company.legal_form): typing them narrows nothing.
_LEGAL_FORM_WORDS = frozenset(
    {"gmbh", "mbh", "kg", "ag", "ug", "ohg", "gbr", "ev", "e.v.", "eg", "e.g.", "kgaa", "se"}
    | {"co", "co.", "&", "(haftungsbeschrankt)", "haftungsbeschrankt", "e.k.", "ek", "partg"}
)


def search_words(term: str) -> list[str]:
    """The folded words of a search term; each must match (in any searched column).

    Legal forms ("GmbH", "& Co. KG") are left out: the name column does not hold them.
    """
    words = [word for word in search_fold(term).split(" ") if word]
    return [word for word in words if word not in _LEGAL_FORM_WORDS]
