"""People of the demo: common first and family names of the region, and a person."""

from dataclasses import dataclass

from companies.models import Contact

FEMALE_FIRST_NAMES: tuple[str, ...] = (
    "Anja", "Katrin", "Sandra", "Claudia", "Susanne", "Kathrin", "Nicole", "Stefanie", "Julia",
    "Franziska", "Maria", "Christin", "Jana", "Manuela", "Peggy", "Sabine", "Ines", "Doreen",
    "Anne", "Laura", "Lisa", "Sarah", "Juliane", "Antje", "Heike", "Kerstin", "Silke",
    "Carolin", "Melanie", "Nadine", "Elena", "Sophie", "Yvonne", "Madlen", "Ulrike",
)  # fmt: skip
MALE_FIRST_NAMES: tuple[str, ...] = (
    "Thomas", "Michael", "Andreas", "Stefan", "Frank", "Jens", "Torsten", "Sven", "Matthias",
    "René", "Mario", "Uwe", "Steffen", "Daniel", "Christian", "Martin", "Tobias", "Sebastian",
    "Marcel", "Robert", "Philipp", "Florian", "Alexander", "Dirk", "Ronny", "Maik", "Lars",
    "Felix", "Paul", "Jan", "Enrico", "Falk",
)  # fmt: skip
FAMILY_NAMES: tuple[str, ...] = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Schulze", "Richter", "Krause", "Wolf", "Neumann", "Schwarz", "Zimmermann",
    "Braun", "Hofmann", "Hartmann", "Lange", "Werner", "Lehmann", "Köhler", "Seidel", "Günther",
    "Winkler", "Walther", "Lorenz", "Böhme", "Vogel", "Fritzsche", "Kretzschmar", "Haase",
    "Förster", "Ludwig", "Franke", "Arnold", "Kühn", "Heinrich", "Schröter", "Pietsch", "Jähnig",
    "Hennig", "Kaiser", "Friedrich", "Engel", "Herrmann", "Ullrich", "Kunze", "Thiele", "Petzold",
    "Schubert", "Voigt", "Sommer", "Baumann", "Möbius", "Grimm", "Scholz", "Große", "Kaden",
)  # fmt: skip

MOBILE_PREFIXES: tuple[str, ...] = ("0151", "0160", "0170", "0171", "0172", "0176", "0177")


@dataclass(frozen=True, slots=True)
class Person:
    salutation: str
    first_name: str
    last_name: str
    title: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.title, self.first_name, self.last_name) if part)

    def word(self, female: str, male: str, neutral: str) -> str:
        """The job title in the form that fits the person."""
        if self.salutation == Contact.Salutation.FRAU:
            return female
        if self.salutation == Contact.Salutation.HERR:
            return male
        return neutral
