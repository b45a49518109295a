"""The demo region: real districts, towns, postal codes and telephone area codes."""

from dataclasses import dataclass

STADT_LEIPZIG = "Stadt Leipzig"
LANDKREIS_LEIPZIG = "Landkreis Leipzig"
LANDKREIS_NORDSACHSEN = "Landkreis Nordsachsen"
DISTRICTS: tuple[str, ...] = (STADT_LEIPZIG, LANDKREIS_LEIPZIG, LANDKREIS_NORDSACHSEN)


@dataclass(frozen=True, slots=True)
class Town:
    """A town of the region with the postal codes and area code its businesses use."""

    name: str
    postal_codes: tuple[str, ...]
    district: str
    area_code: str
    adjective: str  # "Torgauer Metallbau"
    landscape: str  # "Agrargenossenschaft Elbaue"
    weight: int  # roughly how many businesses the town has, relative to the others


# fmt: off
TOWNS: tuple[Town, ...] = (
    Town(
        "Leipzig",
        (
            "04103", "04105", "04107", "04109", "04129", "04157", "04159", "04177", "04179",
            "04229", "04249", "04275", "04277", "04299", "04315", "04318", "04329", "04347",
            "04356",
        ),
        STADT_LEIPZIG, "0341", "Leipziger", "Leipziger Auwald", 75,
    ),
    Town("Markkleeberg", ("04416",), LANDKREIS_LEIPZIG, "0341", "Markkleeberger",
         "Leipziger Neuseenland", 6),
    Town("Borna", ("04552",), LANDKREIS_LEIPZIG, "03433", "Bornaer", "Leipziger Land", 5),
    Town("Grimma", ("04668",), LANDKREIS_LEIPZIG, "03437", "Grimmaer", "Muldental", 7),
    Town("Wurzen", ("04808",), LANDKREIS_LEIPZIG, "03425", "Wurzener", "Muldental", 4),
    Town("Markranstädt", ("04420",), LANDKREIS_LEIPZIG, "034205", "Markranstädter",
         "Leipziger Neuseenland", 4),
    Town("Zwenkau", ("04442",), LANDKREIS_LEIPZIG, "034203", "Zwenkauer",
         "Leipziger Neuseenland", 2),
    Town("Böhlen", ("04564",), LANDKREIS_LEIPZIG, "034206", "Böhlener", "Leipziger Land", 2),
    Town("Brandis", ("04821",), LANDKREIS_LEIPZIG, "034292", "Brandiser", "Partheland", 2),
    Town("Naunhof", ("04683",), LANDKREIS_LEIPZIG, "034293", "Naunhofer", "Partheland", 2),
    Town("Geithain", ("04643",), LANDKREIS_LEIPZIG, "034341", "Geithainer", "Kohrener Land", 1),
    Town("Frohburg", ("04654",), LANDKREIS_LEIPZIG, "034348", "Frohburger", "Kohrener Land", 2),
    Town("Colditz", ("04680",), LANDKREIS_LEIPZIG, "034381", "Colditzer", "Muldental", 2),
    Town("Bad Lausick", ("04651",), LANDKREIS_LEIPZIG, "034345", "Lausicker", "Muldental", 2),
    Town("Groitzsch", ("04539",), LANDKREIS_LEIPZIG, "034296", "Groitzscher",
         "Leipziger Land", 2),
    Town("Torgau", ("04860",), LANDKREIS_NORDSACHSEN, "03421", "Torgauer", "Elbaue", 5),
    Town("Delitzsch", ("04509",), LANDKREIS_NORDSACHSEN, "034202", "Delitzscher",
         "Delitzscher Land", 6),
    Town("Eilenburg", ("04838",), LANDKREIS_NORDSACHSEN, "03423", "Eilenburger", "Muldenaue", 4),
    Town("Oschatz", ("04758",), LANDKREIS_NORDSACHSEN, "03435", "Oschatzer", "Oschatzer Land", 4),
    Town("Schkeuditz", ("04435",), LANDKREIS_NORDSACHSEN, "034204", "Schkeuditzer", "Elsteraue",
         5),
    Town("Taucha", ("04425",), LANDKREIS_NORDSACHSEN, "034298", "Tauchaer", "Partheland", 4),
    Town("Bad Düben", ("04849",), LANDKREIS_NORDSACHSEN, "034243", "Dübener", "Dübener Heide",
         2),
    Town("Dommitzsch", ("04880",), LANDKREIS_NORDSACHSEN, "034223", "Dommitzscher", "Elbaue", 1),
    Town("Mügeln", ("04769",), LANDKREIS_NORDSACHSEN, "034362", "Mügelner", "Oschatzer Land", 1),
    Town("Dahlen", ("04774",), LANDKREIS_NORDSACHSEN, "034361", "Dahlener", "Dahlener Heide", 1),
)
# fmt: on
TOWNS_BY_NAME = {town.name: town for town in TOWNS}

STREETS: tuple[str, ...] = (
    "Hauptstraße", "Bahnhofstraße", "Gewerbestraße", "Industriestraße", "Am Gewerbepark",
    "Gewerbering", "Schulstraße", "Gartenstraße", "Lindenstraße", "Friedrich-Ebert-Straße",
    "Karl-Liebknecht-Straße", "August-Bebel-Straße", "Goethestraße", "Schillerstraße",
    "Mühlstraße", "Poststraße", "Am Markt", "Ringstraße", "Bergstraße", "Feldstraße",
    "Rosa-Luxemburg-Straße", "Dresdner Straße", "Am Wasserturm", "Handwerkerhof",
    "Robert-Koch-Straße", "Parkstraße", "Wiesenweg", "Am Mühlgraben", "Siemensstraße",
    "Querstraße", "Kirchstraße", "Gutenbergstraße", "Bürgerstraße", "Am Sportplatz",
    "An der Aue", "Thomas-Müntzer-Straße", "Rudolf-Breitscheid-Straße", "Nordstraße",
)  # fmt: skip
