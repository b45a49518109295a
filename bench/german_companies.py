"""A deterministic generator of German company records with known duplicates.

Each entity (a real company) is written once, and some are written again the
ways target lists from chambers, registers and old spreadsheets write them:
typos, legal-form variants, umlaut transliteration and mojibake, abbreviations
("Fa.", "Gebr.", "Dr.-Ing.", "Ing.-Büro", initials), a first name added or
dropped, swapped words, a move within the town or to a neighbouring one,
missing fields, a typo in the town.

Beside the duplicates it writes what real lists hold and a matcher must keep
apart (look-alikes): the same common name in many towns nationwide ("Autohaus
Müller", "Hubertus-Apotheke"), companies of one group at one address
("Müller Holding GmbH", "Müller Verwaltungs GmbH", "Müller GmbH & Co. KG"),
the same name with another legal form in the same town ("Schmidt GmbH" and
"Schmidt KG"), near surnames in one town ("Möller" and "Müller"), and the same
owner with another trade.

Seeds: the development seeds (`DEV_SEEDS`) are the ones to look at and tune on;
`HELD_BACK_SEED` is run only to report (bench/README.md).

Used by bench/bench_matching.py and, at a small size, by the matching tests.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, replace

from companies.matching import CompanyRecord

#: Seeds to develop and tune on.
DEV_SEEDS = (9, 11, 3, 5)
#: The seed that is only ever run to report, never tuned on.
HELD_BACK_SEED = 16_2026


def _words(text: str) -> list[str]:
    """Word lists are kept as running text: easier to read and extend."""
    return text.split()


SURNAMES = _words(
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
    "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann "
    "Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König "
    "Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel "
    "Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht "
    "Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto "
    "Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn "
    "Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer Hesse Ernst Hübner "
    "Kirchner Brinkmann Lindner Kolb Fritsch Wendt Thiel Rausch Nowak Kowalski Yilmaz Kaya "
    "Demir Öztürk Şahin Petrović Dąbrowski Gärtner Blümel Nüßlein Straßburger Größel Weißflog "
    "Rößler Jähnig Löffler Mühlberg Fröhlich Schlüter Förster Kästner Päßler Bräuer Dörfel "
    "Uhlig Ebert Lippold Gläser Teichmann Körner Haupt Junghans Reichel Trommer Zschau Ufer "
    "Wünsche Gottschalk Kretzschmar Landgraf Reinhold Seifert Tischendorf Viehweger Zenker "
    "Adler Bach Dressler Eichler Fiedler Göhler Heller Illing Jentzsch Kunze Liebscher Matthes "
    "Nestler Oehme Pietzsch Queck Rudolph Steglich Thümmler Unger Vetter Wagler Zeidler Barth "
    "Conrad Dittrich Eckert Fleischer Geißler Hering Ihle Jahn Kaden Leonhardt Mende Naumann "
    "Opitz Preußler Richter Stöckel Tröger Uhlmann Voigtländer Wenzel Ackermann Bormann Claus"
)
# Surnames built the way many German ones are (Lindner, Steinhauer, Mühlbach), so
# that 100,000 companies do not share a few hundred names.
_STEMS = _words(
    "Roth Wein Lind Hof Berg Stein Feld Busch Kirch Brück Eich Hage Ross Mühl Wald Sonn Grün "
    "Schön Klein Groß Alt Neu Wies Hirsch Fink Brand Kamm Rein Lau Ost"
)
_ENDINGS = _words("mann er ner hauer bach meier huber hardt inger ke le bauer macher gruber")
SURNAMES = sorted({*SURNAMES, *(stem + ending.lower() for stem in _STEMS for ending in _ENDINGS)})
FIRST_NAMES = _words(
    "Anja Petra Sabine Katrin Claudia Susanne Nicole Stefanie Andrea Jana Ines Heike Kerstin "
    "Thomas Michael Andreas Frank Jens Uwe Ralf Steffen Torsten Jörg Matthias René Sören Jürgen"
)
TRADES = _words(
    "Metallbau Holzbau Elektro Sanitär Heizungsbau Dachdeckerei Malerbetrieb Bäckerei Fleischerei "
    "Autohaus Kfz-Werkstatt Tischlerei Schreinerei Steuerberatung Pflegedienst Zahntechnik "
    "Gartenbau Landschaftsbau Druckerei Spedition Gebäudereinigung Ingenieurbüro Architekturbüro "
    "Physiotherapie Augenoptik Hörakustik Friseursalon Kosmetikstudio Softwareentwicklung "
    "IT-Service Logistik Maschinenbau Kunststofftechnik Feinmechanik Werkzeugbau Brunnenbau "
    "Glaserei Fliesenlegerei Bauunternehmen Immobilien Hausverwaltung Catering Gasthof Hotel "
    "Apotheke Zimmerei Stahlbau Hochbau Tiefbau Elektrotechnik Medizintechnik Umzüge Reisebüro "
    "Versicherungsbüro Rechtsanwaltskanzlei Tanzschule Fahrschule Blumenhaus Konditorei "
    "Brauerei Kelterei Mühle Sägewerk Orthopädietechnik Gerüstbau Klimatechnik Solartechnik "
    "Textilreinigung Schlüsseldienst Steinmetz Goldschmiede Uhrmacher Raumausstattung"
)
REGIONS = _words(
    "Elbtal Sachsen Mitteldeutsche Erzgebirgische Vogtland Lausitzer Thüringer Harzer Saale "
    "Muldental Leipziger Dresdner Chemnitzer Nordsächsische Westsächsische Spree Havel Ostsee "
    "Rhein-Main Weser Hanse Allgäuer Fränkische Schwäbische Pfälzer Sonnenschein Regenbogen "
    "Zukunft Kompass Lindenhof Auenland Talblick Bergblick"
)
# (town, first postal code, how many codes, phone area code)
TOWNS = (
    ("Leipzig", 4103, 60, "0341"),
    ("Dresden", 1067, 60, "0351"),
    ("Chemnitz", 9111, 40, "0371"),
    ("Zwickau", 8056, 12, "0375"),
    ("Plauen", 8523, 8, "03741"),
    ("Halle (Saale)", 6108, 25, "0345"),
    ("Magdeburg", 39104, 25, "0391"),
    ("Erfurt", 99084, 25, "0361"),
    ("Jena", 7743, 10, "03641"),
    ("Gera", 7545, 10, "0365"),
    ("Weimar", 99423, 5, "03643"),
    ("Gotha", 99867, 3, "03621"),
    ("Berlin", 10115, 200, "030"),
    ("Potsdam", 14467, 15, "0331"),
    ("Cottbus", 3042, 10, "0355"),
    ("Rostock", 18055, 20, "0381"),
    ("Schwerin", 19053, 10, "0385"),
    ("Hamburg", 20095, 150, "040"),
    ("Bremen", 28195, 60, "0421"),
    ("Hannover", 30159, 60, "0511"),
    ("Braunschweig", 38100, 20, "0531"),
    ("Göttingen", 37073, 10, "0551"),
    ("Kassel", 34117, 15, "0561"),
    ("Frankfurt am Main", 60306, 80, "069"),
    ("Frankfurt (Oder)", 15230, 6, "0335"),
    ("Wiesbaden", 65183, 20, "0611"),
    ("Mainz", 55116, 15, "06131"),
    ("Darmstadt", 64283, 10, "06151"),
    ("Köln", 50667, 100, "0221"),
    ("Düsseldorf", 40210, 60, "0211"),
    ("Dortmund", 44135, 50, "0231"),
    ("Essen", 45127, 50, "0201"),
    ("Duisburg", 47051, 40, "0203"),
    ("Bochum", 44787, 30, "0234"),
    ("Wuppertal", 42103, 30, "0202"),
    ("Bielefeld", 33602, 25, "0521"),
    ("Münster", 48143, 25, "0251"),
    ("Bonn", 53111, 25, "0228"),
    ("Aachen", 52062, 20, "0241"),
    ("Stuttgart", 70173, 70, "0711"),
    ("Karlsruhe", 76131, 30, "0721"),
    ("Mannheim", 68159, 30, "0621"),
    ("Freiburg im Breisgau", 79098, 20, "0761"),
    ("Heidelberg", 69115, 15, "06221"),
    ("Ulm", 89073, 10, "0731"),
    ("München", 80331, 150, "089"),
    ("Nürnberg", 90402, 60, "0911"),
    ("Augsburg", 86150, 30, "0821"),
    ("Regensburg", 93047, 15, "0941"),
    ("Würzburg", 97070, 15, "0931"),
    ("Ingolstadt", 85049, 10, "0841"),
    ("Saarbrücken", 66111, 20, "0681"),
    ("Trier", 54290, 10, "0651"),
    ("Kiel", 24103, 20, "0431"),
    ("Lübeck", 23552, 15, "0451"),
    ("Oldenburg", 26121, 15, "0441"),
    ("Osnabrück", 49074, 15, "0541"),
    ("Hildesheim", 31134, 10, "05121"),
    ("Wolfsburg", 38440, 10, "05361"),
    ("Greifswald", 17489, 4, "03834"),
    ("Görlitz", 2826, 4, "03581"),
    ("Bautzen", 2625, 4, "03591"),
    ("Freiberg", 9599, 3, "03731"),
    ("Annaberg-Buchholz", 9456, 2, "03733"),
    ("Torgau", 4860, 2, "03421"),
    ("Grimma", 4668, 2, "03437"),
    ("Döbeln", 4720, 2, "03431"),
    ("Meißen", 1662, 3, "03521"),
    ("Pirna", 1796, 3, "03501"),
    ("Riesa", 1587, 3, "03525"),
    ("Borna", 4552, 2, "03433"),
    ("Delitzsch", 4509, 2, "034202"),
    ("Eilenburg", 4838, 2, "03423"),
    ("Markkleeberg", 4416, 2, "0341"),
    ("Schkeuditz", 4435, 2, "034204"),
    ("Wurzen", 4808, 2, "03425"),
    ("Oschatz", 4758, 2, "03435"),
    ("Glauchau", 8371, 2, "03763"),
    ("Werdau", 8412, 2, "03761"),
    ("Reichenbach im Vogtland", 8468, 2, "03765"),
    ("Aue-Bad Schlema", 8280, 3, "03771"),
    ("Hof", 95028, 5, "09281"),
    ("Bamberg", 96047, 8, "0951"),
    ("Bayreuth", 95444, 8, "0921"),
    ("Coburg", 96450, 5, "09561"),
    ("Suhl", 98527, 4, "03681"),
    ("Eisenach", 99817, 4, "03691"),
    ("Nordhausen", 99734, 4, "03631"),
    ("Dessau-Roßlau", 6842, 6, "0340"),
    ("Wittenberg", 6886, 4, "03491"),
    ("Merseburg", 6217, 3, "03461"),
    ("Naumburg (Saale)", 6618, 3, "03445"),
    ("Weißenfels", 6667, 3, "03443"),
    ("Halberstadt", 38820, 3, "03941"),
    ("Stendal", 39576, 3, "03931"),
    ("Neubrandenburg", 17033, 5, "0395"),
    ("Stralsund", 18435, 4, "03831"),
    ("Wismar", 23966, 3, "03841"),
    ("Brandenburg an der Havel", 14770, 5, "03381"),
)
STREET_BASES = _words(
    "Haupt Bahnhof Garten Schul Dorf Kirch Berg Wald Industrie Gewerbe Markt Linden Birken "
    "Eichen Mühlen Wiesen Feld Sonnen Rosen Goethe Schiller Lessing Beethoven Mozart Rathaus "
    "Post Friedens Leipziger Dresdner Berliner Hallesche Chemnitzer Ahorn Kastanien Tannen "
    "Fichten Buchen Blumen Brunnen Schloss Kloster Tal Bach See Ring Park Bauern Handwerker "
    "Fabrik Werk Hafen Brücken Kanal Turm Mittel Neue Alte Ost West Nord Süd"
)
STREET_SUFFIXES = ("straße", "straße", "straße", "weg", "allee", "ring", "platz", "gasse")
LEGAL_FORMS = (
    ("GmbH", 35),
    ("", 20),
    ("e.K.", 9),
    ("GmbH & Co. KG", 10),
    ("UG (haftungsbeschränkt)", 7),
    ("GbR", 5),
    ("OHG", 3),
    ("KG", 3),
    ("AG", 2),
    ("eG", 1),
    ("e.V.", 2),
    ("gGmbH", 2),
    ("PartG mbB", 1),
)
# How else lists write a legal form; None drops it.
FORM_VARIANTS = {
    "GmbH": ("G.m.b.H.", "Gesellschaft mit beschränkter Haftung", "mbH", "GMBH", None),
    "GmbH & Co. KG": ("GmbH & Co KG", "GmbH u. Co. KG", "GmbH + Co. KG", None),
    "UG (haftungsbeschränkt)": ("UG (haftungsbeschr.)", "UG", "UG haftungsbeschränkt", None),
    "e.K.": ("e. K.", "e.Kfm.", "eingetragener Kaufmann", None),
    "GbR": ("Gesellschaft bürgerlichen Rechts", None),
    "OHG": ("oHG", "offene Handelsgesellschaft", None),
    "KG": ("Kommanditgesellschaft", None),
    "AG": ("Aktiengesellschaft", None),
    "eG": ("e.G.", "eingetragene Genossenschaft", None),
    "e.V.": ("e. V.", "eingetragener Verein", None),
    "gGmbH": ("gemeinnützige GmbH", None),
    "PartG mbB": ("Partnerschaftsgesellschaft mbB", None),
    "": (None,),
}
_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
_DOTLESS = {"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U"}

# Names found in many towns across the country: chamber lists are full of them.
COMMON_NAMES = (
    "Autohaus Müller",
    "Hubertus-Apotheke",
    "Löwen-Apotheke",
    "Adler-Apotheke",
    "Stadt-Apotheke",
    "Bäckerei Schmidt",
    "Bäckerei Hoffmann",
    "Bäckerei Meier",
    "Elektro Schneider",
    "Malerbetrieb Fischer",
    "Fahrschule Weber",
    "Friseursalon Meyer",
    "Hotel zur Post",
    "Gasthof zum Löwen",
    "Blumenhaus Wagner",
    "Dachdeckerei Becker",
    "Autohaus Schulz",
    "Fleischerei Koch",
    "Tischlerei Bauer",
    "Sanitätshaus Richter",
    "Optik Klein",
    "Physiotherapie am Markt",
)
# Surnames that differ by a letter or a spelling and are different families.
NEAR_SURNAMES = (
    ("Müller", "Möller"),
    ("Meier", "Maier"),
    ("Meyer", "Mayer"),
    ("Schmidt", "Schmitt"),
    ("Schmid", "Schmidt"),
    ("Hoffmann", "Hofmann"),
    ("Schulz", "Schulze"),
    ("Wolf", "Wolff"),
    ("Lang", "Lange"),
    ("Kraus", "Krause"),
    ("Kuhn", "Kühn"),
    ("Weiß", "Weis"),
    ("Bergmann", "Borgmann"),
    ("Hahn", "Hann"),
    ("Vogt", "Voigt"),
    ("Simon", "Simons"),
)
# Names a holding or management company of a group takes, beside the operating one.
GROUP_NAMES = (
    "{surname} Holding",
    "{surname} Verwaltungs",
    "{surname} Beteiligungs",
    "{surname} Immobilien",
    "{base} Service",
    "{base}",
)
GROUP_FORMS = {
    "{surname} Holding": ("GmbH", "AG"),
    "{surname} Verwaltungs": ("GmbH",),
    "{surname} Beteiligungs": ("GmbH",),
    "{surname} Immobilien": ("GmbH", "GmbH & Co. KG", "GbR"),
    "{base} Service": ("GmbH",),
    "{base}": ("GmbH & Co. KG", "KG", "GmbH", "AG"),
}
# Forms that one name carries for two entities of a family business.
SIBLING_FORMS = (
    ("GmbH", "KG"),
    ("GmbH", "GmbH & Co. KG"),
    ("e.K.", "GmbH"),
    ("GmbH", "OHG"),
    ("GbR", "GmbH"),
    ("UG (haftungsbeschränkt)", "GmbH"),
)
TITLES = ("Dr.-Ing.", "Dr.", "Dipl.-Ing.")

DUPLICATE_KINDS = (
    "typo",
    "legal_form",
    "umlaut",
    "mojibake",
    "abbreviation",
    "initials",
    "first_name",
    "word_order",
    "moved",
    "moved_town",
    "missing_fields",
    "town_typo",
    "formatting",
)
LOOKALIKE_KINDS = (
    "common_name",
    "same_name_other_town",
    "other_trade",
    "group_company",
    "legal_sibling",
    "near_surname",
)
Town = tuple[str, int, int, str]


@dataclass(frozen=True)
class Entity:
    base: str  # the name without its legal form
    form: str
    street: str
    number: str
    postal_code: str
    city: str
    website: str
    phone: str
    town: Town
    surname: str = ""  # the owner's surname in the name, if any
    first_name: str = ""  # the owner's first name in the name, if any


@dataclass(frozen=True)
class Labelled:
    record: CompanyRecord
    entity: int
    kind: str  # "original" or the duplicate kinds joined by "+"
    group: int = 0  # entities of one group (or one family business) share it
    lookalike: str = ""  # which look-alike its entity is ("" for an ordinary one)


def mojibake(text: str, rng: random.Random) -> str:
    """What a Windows-1252/UTF-8 mix-up makes of a text, one of the usual two ways."""
    if text.isascii():
        return text
    if rng.random() < 0.7:  # UTF-8 bytes read as Windows-1252: "MÃ¼ller"
        return text.encode("utf-8").decode("cp1252", errors="replace")
    # Windows-1252 bytes read as UTF-8: each umlaut becomes "�" (or "?" after a re-save)
    mark = rng.choice(("\ufffd", "?"))
    return "".join(ch if ch.isascii() else mark for ch in text)


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.forms = [form for form, weight in LEGAL_FORMS for _ in range(weight)]
        self.domains: set[str] = set()
        self.neighbours: dict[str, list[Town]] = defaultdict(list)
        for town in TOWNS:
            self.neighbours[f"{town[1]:05d}"[:2]].append(town)

    # -- entities ---------------------------------------------------------------
    def town(self) -> Town:
        # Bigger towns have more companies: weight by their number of codes.
        return self.rng.choices(TOWNS, weights=[t[2] for t in TOWNS])[0]

    def neighbour(self, town: Town) -> Town:
        """Another town in the same postal region (the first two digits), if there is one."""
        near = [t for t in self.neighbours[f"{town[1]:05d}"[:2]] if t != town]
        if not near:
            near = [t for t in TOWNS if f"{t[1]:05d}"[0] == f"{town[1]:05d}"[0] and t != town]
        return self.rng.choice(near)

    def postal_code(self, town: Town) -> str:
        return f"{town[1] + self.rng.randrange(town[2]):05d}"

    def street(self) -> tuple[str, str]:
        base = self.rng.choice(STREET_BASES)
        suffix = self.rng.choice(STREET_SUFFIXES)
        number = str(self.rng.randint(1, 180))
        if self.rng.random() < 0.1:
            number += self.rng.choice("abc")
        return base + suffix, number

    def phone(self, town: Town) -> str:
        digits = str(self.rng.randint(10000, 9999999))
        return f"{town[3]} {digits}"

    def base_name(self) -> tuple[str, str, str]:
        """A name without legal form, and the surname and first name it contains."""
        rng = self.rng
        trade = rng.choice(TRADES)
        surname = rng.choice(SURNAMES)
        first = rng.choice(FIRST_NAMES)
        pattern = rng.random()
        if pattern < 0.30:
            return f"{trade} {surname}", surname, ""
        if pattern < 0.42:
            return f"{surname} {trade}", surname, ""
        if pattern < 0.48:
            return f"{trade} {surname} & {rng.choice(SURNAMES)}", surname, ""
        if pattern < 0.58:
            return f"{rng.choice(REGIONS)} {trade}", "", ""
        if pattern < 0.61:
            return f"{trade} {surname} & Söhne", surname, ""
        if pattern < 0.65:
            return f"Gebrüder {surname} {trade}", surname, ""
        if pattern < 0.78:
            return f"{trade} {first} {surname}", surname, first
        if pattern < 0.81:
            return f"{trade} {rng.choice(TITLES)} {surname}", surname, ""
        if pattern < 0.86:
            return f"{first} {surname} {trade}", surname, first
        if pattern < 0.91:
            return f"{rng.choice(REGIONS)} {trade} {surname}", surname, ""
        return f"{surname} {rng.choice(REGIONS)} {trade}", surname, ""

    def domain(self, base: str, town: str = "") -> str:
        slug = base.casefold()
        for umlaut, written in _UMLAUTS.items():
            slug = slug.replace(umlaut.casefold(), written.casefold())
        slug = "".join(ch if ch.isalnum() else "-" for ch in slug if ch.isascii())
        slug = "-".join(part for part in slug.split("-") if part)
        if town:
            slug += "-" + "".join(ch for ch in town.casefold() if ch.isascii() and ch.isalnum())
        # A domain belongs to one company: namesakes get a number.
        candidate, number = slug, 1
        while candidate in self.domains:
            number += 1
            candidate = f"{slug}{number}"
        self.domains.add(candidate)
        return f"https://www.{candidate}.de"

    def entity(
        self, base: str | None = None, town: Town | None = None, surname: str = "", first: str = ""
    ) -> Entity:
        rng = self.rng
        town = town or self.town()
        if base is None:
            if rng.random() < 0.05:
                base = rng.choice(COMMON_NAMES)
                surname = base.split()[-1] if " " in base and base[0] != "H" else ""
            else:
                base, surname, first = self.base_name()
        street, number = self.street()
        return Entity(
            base=base,
            form=rng.choice(self.forms),
            street=street,
            number=number,
            postal_code=self.postal_code(town),
            city=town[0],
            website=self.domain(base) if rng.random() < 0.55 else "",
            phone=self.phone(town) if rng.random() < 0.7 else "",
            town=town,
            surname=surname,
            first_name=first,
        )

    def record(self, entity: Entity, record_id: int) -> CompanyRecord:
        name = f"{entity.base} {entity.form}".strip()
        # Real lists lack a street now and then even for the first record.
        street = f"{entity.street} {entity.number}" if self.rng.random() > 0.04 else ""
        return CompanyRecord(
            id=record_id,
            name=name,
            street=street,
            postal_code=entity.postal_code,
            city=entity.city,
            website=entity.website,
            phone=entity.phone,
        )

    # -- duplicates -----------------------------------------------------------------
    def typo(self, text: str) -> str:
        rng = self.rng
        words = text.split(" ")
        candidates = [i for i, w in enumerate(words) if len(w) >= 5]
        if not candidates:
            return text
        i = rng.choice(candidates)
        word = words[i]
        pos = rng.randrange(1, len(word) - 1)
        operation = rng.choice(("delete", "insert", "swap", "replace"))
        letter = rng.choice("abcdefghiklmnoprstuvwz")
        if operation == "delete":
            word = word[:pos] + word[pos + 1 :]
        elif operation == "insert":
            word = word[:pos] + letter + word[pos:]
        elif operation == "swap":
            word = word[: pos - 1] + word[pos] + word[pos - 1] + word[pos + 1 :]
        else:
            word = word[:pos] + letter + word[pos + 1 :]
        words[i] = word
        return " ".join(words)

    def abbreviate(self, base: str) -> str:
        """One of the abbreviations lists use: Fa., Gebr., Ing.-Büro, a cut long word."""
        rng = self.rng
        options = ["firm"]
        if "Gebrüder" in base:
            options.append("gebr")
        if "Ingenieurbüro" in base:
            options.append("ing")
        if " & " in base:
            options.append("and")
        if any(title in base for title in TITLES):
            options.append("title")
        if any(len(word) >= 10 and word.isalpha() for word in base.split()):
            options.append("cut")
        choice = rng.choice(options)
        if choice == "firm":
            return rng.choice(("Fa. ", "Firma ")) + base
        if choice == "gebr":
            return base.replace("Gebrüder", rng.choice(("Gebr.", "Gebrüder")))
        if choice == "ing":
            return base.replace("Ingenieurbüro", rng.choice(("Ing.-Büro", "Ing.büro", "IB")))
        if choice == "and":
            return base.replace(" & ", rng.choice((" und ", " u. ")))
        if choice == "title":
            for title in TITLES:
                base = base.replace(title + " ", rng.choice(("", "Dr. Ing. ", "Dr. ")))
            return base
        words = base.split()
        long = [i for i, word in enumerate(words) if len(word) >= 10 and word.isalpha()]
        i = rng.choice(long)
        words[i] = words[i][: rng.randint(5, 8)] + "."
        return " ".join(words)

    def duplicate(self, entity: Entity, record_id: int) -> tuple[CompanyRecord, str]:
        rng = self.rng
        kinds = rng.sample(DUPLICATE_KINDS, k=rng.choice((1, 1, 2, 2, 3)))
        base, form = entity.base, entity.form
        street, number = entity.street, entity.number
        postal_code, city = entity.postal_code, entity.city
        website, phone = entity.website, entity.phone
        garble = False
        for kind in kinds:
            if kind == "typo":
                base = self.typo(base)
            elif kind == "legal_form":
                form = rng.choice(FORM_VARIANTS[form]) or ""
            elif kind == "umlaut":
                table = _UMLAUTS if rng.random() < 0.75 else _DOTLESS
                base = "".join(table.get(ch, ch) for ch in base)
                street = "".join(_UMLAUTS.get(ch, ch) for ch in street)
            elif kind == "mojibake":
                garble = True
            elif kind == "abbreviation":
                street = street.replace("straße", "str.").replace("Straße", "Str.")
                base = self.abbreviate(base)
            elif kind == "initials" and entity.first_name:
                base = base.replace(entity.first_name, entity.first_name[0] + ".")
            elif kind in ("initials", "first_name") and entity.surname:
                if entity.first_name:
                    base = base.replace(entity.first_name + " ", "")
                else:
                    first = rng.choice(FIRST_NAMES)
                    given = first if kind == "first_name" else first[0] + "."
                    base = base.replace(entity.surname, f"{given} {entity.surname}", 1)
            elif kind == "word_order":
                words = base.split(" ")
                if len(words) >= 2:
                    words[0], words[1] = words[1], words[0]
                base = " ".join(words)
            elif kind == "moved":
                street, number = self.street()
                postal_code = self.postal_code(entity.town)
                if rng.random() < 0.3:
                    phone = self.phone(entity.town) if phone else phone
            elif kind == "moved_town":
                # To a neighbouring town: new address, often a new number; the
                # website goes along.
                town = self.neighbour(entity.town)
                street, number = self.street()
                postal_code, city = self.postal_code(town), town[0]
                if phone and rng.random() < 0.6:
                    phone = self.phone(town)
            elif kind == "missing_fields":
                for name in rng.sample(("website", "phone", "street", "postal_code", "city"), 2):
                    if name == "website":
                        website = ""
                    elif name == "phone":
                        phone = ""
                    elif name == "street":
                        street, number = "", ""
                    elif name == "postal_code":
                        postal_code = ""
                    elif name == "city" and postal_code:
                        city = ""
            elif kind == "town_typo" and city:
                city = self.typo(city) if len(city) >= 5 else city.lower()
            elif kind == "formatting":
                base = base.upper() if rng.random() < 0.5 else f"  {base}  "
                if phone:
                    area, rest = phone.split(" ", 1)
                    phone = rng.choice((f"+49 {area[1:]} {rest}", f"{area}/{rest}", area + rest))
                if website:
                    website = website.replace("https://www.", rng.choice(("", "http://", "www.")))
        name = f"{base} {form}".strip()
        address = f"{street} {number}".strip()
        if garble:
            name, address, city = (mojibake(text, rng) for text in (name, address, city))
        record = CompanyRecord(
            id=record_id,
            name=name,
            street=address,
            postal_code=postal_code,
            city=city,
            website=website,
            phone=phone,
        )
        return record, "+".join(kinds)

    # -- look-alikes ----------------------------------------------------------------------
    def same_name_other_town(self, entity: Entity) -> Entity:
        town = self.town()
        while town[0] == entity.city:
            town = self.town()
        twin = self.entity(base=entity.base, town=town, surname=entity.surname)
        website = self.domain(entity.base, town[0]) if self.rng.random() < 0.5 else ""
        return replace(twin, form=entity.form, website=website)

    def other_trade(self, entity: Entity) -> Entity:
        words = entity.base.split(" ")
        trades = [i for i, w in enumerate(words) if w in TRADES]
        if not trades:
            return self.same_name_other_town(entity)
        other = self.rng.choice([t for t in TRADES if t != words[trades[0]]])
        words[trades[0]] = other
        return self.entity(base=" ".join(words), town=entity.town, surname=entity.surname)

    def group_company(self, entity: Entity, pattern: str) -> Entity:
        """Another company of the same group at the same address."""
        rng = self.rng
        surname = entity.surname or entity.base.split()[0]
        form = rng.choice([f for f in GROUP_FORMS[pattern] if f != entity.form] or ["KG"])
        base = pattern.format(surname=surname, base=entity.base)
        website = entity.website if rng.random() < 0.4 else ""
        phone = entity.phone if rng.random() < 0.5 else self.phone(entity.town)
        return replace(entity, base=base, form=form, website=website, phone=phone)

    def legal_sibling(self, entity: Entity) -> Entity:
        """The same name with another legal form in the same town: another legal entity."""
        rng = self.rng
        pair = rng.choice([p for p in SIBLING_FORMS if entity.form in p] or SIBLING_FORMS)
        form = pair[1] if pair[0] == entity.form else pair[0]
        sibling = self.entity(base=entity.base, town=entity.town, surname=entity.surname)
        if rng.random() < 0.5:  # often at the same address, as family businesses are
            sibling = replace(
                sibling,
                street=entity.street,
                number=entity.number,
                postal_code=entity.postal_code,
            )
        return replace(sibling, form=form)

    def near_surname(self, entity: Entity) -> Entity:
        """Another family's business of the same trade in the same town."""
        rng = self.rng
        if not entity.surname or entity.surname not in entity.base:
            return self.other_trade(entity)
        near = [
            b if a == entity.surname else a for a, b in NEAR_SURNAMES if entity.surname in (a, b)
        ]
        if near:
            other = rng.choice(near)
        else:
            other = self.typo(entity.surname) if len(entity.surname) >= 5 else entity.surname + "s"
        base = entity.base.replace(entity.surname, other)
        return self.entity(base=base, town=entity.town, surname=other)


_LOOKALIKE_ODDS = (
    ("same_name_other_town", 0.03),
    ("other_trade", 0.03),
    ("group_company", 0.03),
    ("legal_sibling", 0.015),
    ("near_surname", 0.02),
)


def _lookalike(roll: float) -> str:
    """Which look-alike (if any) a roll of the dice gives an entity."""
    for kind, odds in _LOOKALIKE_ODDS:
        if roll < odds:
            return kind
        roll -= odds
    return ""


def generate(size: int, *, seed: int = DEV_SEEDS[0]) -> list[Labelled]:
    """About `size` labelled records: ~20 % duplicates, ~13 % look-alikes."""
    gen = Generator(seed)
    rng = gen.rng
    out: list[Labelled] = []
    entity_id = 0

    def write(entity: Entity, number: int, group: int, lookalike: str) -> None:
        out.append(Labelled(gen.record(entity, len(out)), number, "original", group, lookalike))
        if rng.random() < 0.16:
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
                record, kind = gen.duplicate(entity, len(out))
                out.append(Labelled(record, number, kind, group, lookalike))

    while len(out) < size:
        entity = gen.entity()
        entity_id += 1
        head = entity_id
        common = "common_name" if entity.base in COMMON_NAMES else ""
        write(entity, head, head, common)
        kind = _lookalike(rng.random())
        if not kind:
            continue
        if kind == "group_company":
            # Two firms at one place never share a name (§ 30 HGB): one per pattern.
            for pattern in rng.sample(GROUP_NAMES, rng.choice((1, 1, 2))):
                entity_id += 1
                write(gen.group_company(entity, pattern), entity_id, head, kind)
            continue
        twin = getattr(gen, kind)(entity)
        entity_id += 1
        write(twin, entity_id, head if kind == "legal_sibling" else entity_id, kind)
    out = out[:size]
    rng.shuffle(out)
    return out


@dataclass(frozen=True)
class Quality:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_quality(clusters: list[list[object]], truth: dict[object, int]) -> Quality:
    """Pairwise precision, recall and F1 of clusters against the true entities."""
    predicted = sum(_pairs(len(c)) for c in clusters)
    correct = 0
    for members in clusters:
        counts: dict[int, int] = {}
        for member in members:
            counts[truth[member]] = counts.get(truth[member], 0) + 1
        correct += sum(_pairs(n) for n in counts.values())
    sizes: dict[int, int] = {}
    for entity in truth.values():
        sizes[entity] = sizes.get(entity, 0) + 1
    true_pairs = sum(_pairs(n) for n in sizes.values())
    precision = correct / predicted if predicted else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Quality(precision, recall, f1, true_pairs, predicted, correct)


def quality_by_kind(clusters: list[list[object]], data: list[Labelled]) -> dict[str, float]:
    """Recall per duplicate kind and wrong-merge rate per look-alike kind.

    Recall of a kind: of the true pairs (original, duplicate) whose duplicate
    carries the kind, the share found in one cluster. Wrong merges of a
    look-alike kind: of the records whose entity is such a look-alike, the
    share put into a cluster with a record of another entity.
    """
    by_id = {d.record.id: d for d in data}
    cluster_of = {member: n for n, members in enumerate(clusters) for member in members}
    originals = {d.entity: d.record.id for d in data if d.kind == "original"}
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for d in data:
        if d.kind == "original" or d.entity not in originals:
            continue
        same = cluster_of[d.record.id] == cluster_of[originals[d.entity]]
        for kind in d.kind.split("+"):
            found[kind][0] += same
            found[kind][1] += 1
    figures = {f"recall {kind}": hit / total for kind, (hit, total) in sorted(found.items())}
    wrong: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for members in clusters:
        entities = {by_id[m].entity for m in members}
        for member in members:
            kind = by_id[member].lookalike or "ordinary"
            wrong[kind][0] += len(entities) > 1
            wrong[kind][1] += 1
    figures.update(
        {f"wrongly merged {kind}": bad / total for kind, (bad, total) in sorted(wrong.items())}
    )
    return figures
