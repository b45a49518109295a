"""German alphabetical order for names ("Bäckerei" before "Busreisen"), on both databases.

Names that people look up in lists (companies, partners) are stored in columns whose
collation is German, so every ORDER BY on them, and the indexes over them, follow
German order without any change to the queries. On PostgreSQL the collation "german"
is ICU's German (created by the companies migration that first uses it); SQLite gets a
collation of the same name, registered on each connection.
"""

import unicodedata
from typing import Any

# A plain identifier: SQLite's schema editor writes the name unquoted.
GERMAN = "german"
GERMAN_ICU_LOCALE = "de-DE"

_SHARP_S = str.maketrans({"ß": "ss", "ẞ": "ss"})


def german_key(text: str) -> tuple[str, str, str]:
    """A sort key in German dictionary order (DIN 5007-1): ä as a, ß as ss, case aside.

    Equal letters are told apart by accents, then by case (lower case first, as ICU
    does), so that only identical strings compare equal (a unique column stays exact).
    """
    folded = text.casefold()
    decomposed = unicodedata.normalize("NFKD", folded.translate(_SHARP_S))
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return base, folded, text.swapcase()


def german_compare(left: str, right: str) -> int:
    """-1, 0 or 1, as SQLite's collation callbacks return."""
    a, b = german_key(left), german_key(right)
    return (a > b) - (a < b)


def german_collation_register(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give a new SQLite connection the German collation (the `connection_created` receiver)."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(GERMAN, german_compare)
