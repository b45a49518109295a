"""Create a demo network office with realistic German companies, contacts and partners.

``manage.py seed_demo`` builds one team, the Kompetenzzentrum Frau & Beruf for the
planning region Leipzig-Westsachsen (Stadt Leipzig, Landkreis Leipzig, Landkreis
Nordsachsen), with about 200 small and medium companies in real towns with their real
postal codes, their contact persons, and 20 network partners (chambers, business
development agencies, local alliances for families, associations, partner companies),
and about 120 acquisition cases of anna, ben and lea spread over the pipeline, each
with a back-dated history made through the pipeline services
(``crm/management/demo_pipeline.py``).

The data is generated with Faker (locale de_DE) and a random generator seeded with a
fixed value, so two runs on empty databases produce the same rows. E-mail addresses and
websites of the invented companies use the reserved top-level domain ``.example`` (and
the demo users ``example.org``), so nothing can ever be sent to a real mailbox.

Demo logins: the users ``anna`` and ``ben`` (staff) and ``lea`` (team lead) with the
password ``tandem-demo``. These logins exist only because this command creates them;
they are never part of migrations or of production settings. Never run this command
against a production database.

Running it again is harmless: when the demo team already exists, the command only
reports that and prints the logins (a demo team from before the pipeline gets its
cases once).
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from faker import Faker

from companies import services
from companies.matching import normalize_name
from companies.models import Company, Contact, LegalForm, NetworkPartner
from crm.management.demo_pipeline import DemoPipeline
from crm.models import AcquisitionCase, Membership, Team

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEFAULT_SEED = 2026
DEFAULT_COMPANIES = 200
# Public on purpose: printed by the command and documented for demos.
DEMO_PASSWORD = "tandem-demo"  # noqa: S105
DEMO_URL = "http://127.0.0.1:8000/"

TEAM_NAME = "Kompetenzzentrum Frau & Beruf Leipzig-Westsachsen"
TEAM_SLUG = "kompetenzzentrum-westsachsen"
TEAM_REGION = "Leipzig-Westsachsen"

# username, first name, last name, role
DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("anna", "Anna", "Richter", Membership.Role.STAFF),
    ("ben", "Ben", "Hoffmann", Membership.Role.STAFF),
    ("lea", "Lea", "Zimmermann", Membership.Role.LEAD),
)

PARTNER_COMPANIES = 8

# ---------------------------------------------------------------------------
# The region: real districts, towns, postal codes and telephone area codes
# ---------------------------------------------------------------------------

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

# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# Sectors, legal forms and company names
# ---------------------------------------------------------------------------

_F = LegalForm
Weighted = tuple[tuple[str, int], ...]

GENERAL_FORMS: Weighted = (
    (_F.GMBH, 46), (_F.GMBH_CO_KG, 13), (_F.UG, 8), (_F.EK, 8), (_F.SOLE_TRADER, 7),
    (_F.KG, 7), (_F.OHG, 4), (_F.GBR, 3), (_F.UG_CO_KG, 2),
)  # fmt: skip
CRAFT_FORMS: Weighted = (
    (_F.GMBH, 34), (_F.SOLE_TRADER, 20), (_F.EK, 15), (_F.GMBH_CO_KG, 8), (_F.UG, 9),
    (_F.GBR, 7), (_F.OHG, 4), (_F.KG, 3),
)  # fmt: skip
PROFESSIONAL_FORMS: Weighted = (
    (_F.GMBH, 38), (_F.PARTG_MBB, 16), (_F.FREELANCE, 18), (_F.GBR, 12), (_F.UG, 8),
    (_F.SOLE_TRADER, 8),
)  # fmt: skip
CARE_FORMS: Weighted = ((_F.GMBH, 58), (_F.GGMBH, 20), (_F.UG, 8), (_F.SOLE_TRADER, 14))
COOP_FORMS: Weighted = ((_F.EG, 1),)

PARTNERSHIP_FORMS = {_F.GBR, _F.OHG, _F.KG, _F.PARTG_MBB}
OWNER_NAMED_FORMS = {_F.SOLE_TRADER, _F.EK, _F.FREELANCE}


@dataclass(frozen=True, slots=True)
class SectorProfile:
    """How companies of one WZ division are typically called and organised."""

    division: str
    weight: int
    forms: Weighted
    prefixes: tuple[str, ...] = ()  # "Metallbau" -> "Metallbau Schulze"
    suffixes: tuple[str, ...] = ()  # "Haustechnik" -> "Schulze Haustechnik", "Torgauer ..."
    fantasy: tuple[str, ...] = ()  # whole names; may use {town}, {adjective}, {landscape}
    size: float = 1.0  # multiplies the typical headcount
    rural: bool = False  # only outside the city of Leipzig
    doctors: bool = False  # owners often carry a doctorate


SECTOR_PROFILES: tuple[SectorProfile, ...] = (
    # Manufacturing (C, 10-33)
    SectorProfile(
        "10", 5, CRAFT_FORMS,
        prefixes=("Bäckerei", "Fleischerei", "Konditorei", "Landbäckerei"),
        suffixes=("Backwaren", "Feinkost", "Fleisch- und Wurstwaren"),
        fantasy=("Backstube Kornblume", "{adjective} Landfleischerei", "{adjective} Backhaus"),
        size=1.4,
    ),
    SectorProfile(
        "11", 1, GENERAL_FORMS,
        fantasy=("{adjective} Brauhaus", "Brauerei {town}", "{adjective} Mineralquelle"),
        size=1.5,
    ),
    SectorProfile(
        "16", 2, CRAFT_FORMS,
        prefixes=("Holzbau", "Sägewerk"),
        suffixes=("Holzbau", "Holzverarbeitung", "Fensterbau"),
    ),
    SectorProfile(
        "18", 1, GENERAL_FORMS,
        prefixes=("Druckerei",), suffixes=("Druck", "Druck & Medien", "Etikettendruck"),
    ),
    SectorProfile(
        "22", 2, GENERAL_FORMS,
        suffixes=("Kunststofftechnik", "Kunststoffverarbeitung", "Verpackungen"),
        fantasy=("Mitteldeutsche Kunststoffwerke", "{adjective} Kunststofftechnik"),
        size=2.0,
    ),
    SectorProfile(
        "25", 5, GENERAL_FORMS,
        prefixes=("Metallbau", "Stahlbau", "Schlosserei", "Blechbearbeitung"),
        suffixes=("Metallbau", "Stahlbau", "Metalltechnik", "Präzisionsteile",
                  "Oberflächentechnik"),
        size=1.6,
    ),
    SectorProfile(
        "27", 1, GENERAL_FORMS,
        prefixes=("Elektroanlagenbau",), suffixes=("Elektrotechnik", "Schaltanlagenbau"),
        size=1.8,
    ),
    SectorProfile(
        "28", 3, GENERAL_FORMS,
        prefixes=("Maschinenbau", "Sondermaschinenbau"),
        suffixes=("Maschinenbau", "Anlagenbau", "Automatisierungstechnik", "Fördertechnik"),
        size=2.2,
    ),
    SectorProfile(
        "31", 1, CRAFT_FORMS,
        prefixes=("Tischlerei", "Möbelwerkstatt"), suffixes=("Möbelbau", "Innenausbau"),
    ),
    SectorProfile(
        "33", 2, GENERAL_FORMS,
        prefixes=("Industrieservice",),
        suffixes=("Industrieservice", "Instandhaltung", "Anlagenservice"),
        size=1.4,
    ),
    # Construction (F, 41-43)
    SectorProfile(
        "41", 4, GENERAL_FORMS,
        prefixes=("Bauunternehmen", "Baugeschäft", "Hochbau"),
        suffixes=("Bau", "Hochbau", "Wohnungsbau", "Baugesellschaft"),
        size=1.3,
    ),
    SectorProfile(
        "42", 2, GENERAL_FORMS,
        prefixes=("Tiefbau", "Straßenbau"),
        suffixes=("Tiefbau", "Straßen- und Tiefbau", "Rohrleitungsbau"),
        size=1.5,
    ),
    SectorProfile(
        "43", 10, CRAFT_FORMS,
        prefixes=("Elektro", "Dachdeckerei", "Malerbetrieb", "Fliesen", "Zimmerei",
                  "Heizung Sanitär", "Trockenbau", "Elektroinstallation", "Malermeister"),
        suffixes=("Haustechnik", "Elektrotechnik", "Bedachungen", "Malerfachbetrieb",
                  "Gebäudetechnik", "Heizung & Sanitär", "Fliesen und Naturstein"),
    ),
    # Trade (G, 46-47)
    SectorProfile(
        "46", 5, GENERAL_FORMS,
        prefixes=("Baustoffhandel", "Getränkegroßhandel"),
        suffixes=("Großhandel", "Baustoffe", "Agrarhandel", "Technischer Handel",
                  "Haustechnik-Großhandel"),
        fantasy=("{adjective} Baustoff-Union", "Agrarhandel {landscape}"),
        size=1.2,
    ),
    SectorProfile(
        "47", 10, CRAFT_FORMS,
        prefixes=("Autohaus", "Optik", "Blumen", "Buchhandlung", "Fahrrad", "Raumausstattung",
                  "Modehaus", "Hörakustik", "Sanitätshaus"),
        suffixes=("Optik", "Fahrradwelt", "Wohnen", "Hörsysteme", "Sanitätshaus"),
        fantasy=("Autohaus {town}", "Blumenhaus am Markt", "{adjective} Buchhandlung"),
    ),
    # Transport (H, 49-53)
    SectorProfile(
        "49", 4, GENERAL_FORMS,
        prefixes=("Spedition", "Transporte", "Busreisen", "Taxi"),
        suffixes=("Transporte", "Logistik", "Spedition", "Umzüge"),
        fantasy=("{landscape} Logistik", "{adjective} Verkehrsbetriebe"),
        size=1.5,
    ),
    SectorProfile(
        "52", 2, GENERAL_FORMS,
        suffixes=("Logistik", "Lagerlogistik", "Logistikzentrum"),
        fantasy=("Logistikpark {town}", "Mitteldeutsche Lagerlogistik", "{landscape} Logistik"),
        size=2.0,
    ),
    SectorProfile(
        "53", 1, GENERAL_FORMS,
        prefixes=("Kurierdienst",), suffixes=("Kurier", "Express"),
        fantasy=("{adjective} Kurierdienst", "Blitzkurier {town}"),
    ),
    # Hospitality (I, 55-56)
    SectorProfile(
        "55", 3, CRAFT_FORMS,
        prefixes=("Hotel", "Pension", "Landhotel"),
        fantasy=("Hotel Zur Post", "Landhotel {landscape}", "Pension Muldenblick",
                 "Hotel am Schlossteich", "Hotel {adjective} Hof", "Ferienhof {landscape}"),
        size=1.2,
    ),
    SectorProfile(
        "56", 4, CRAFT_FORMS,
        prefixes=("Restaurant", "Café", "Gaststätte", "Catering", "Bistro"),
        suffixes=("Catering", "Gastronomie", "Partyservice"),
        fantasy=("Landgasthof Zum Löwen", "Gasthaus Zum Goldenen Anker", "Ratskeller {town}",
                 "Café am Markt", "Brauhaus-Gaststätte {town}"),
    ),
    # Professional services (N, 69-75) and IT (K, 62)
    SectorProfile(
        "62", 3, GENERAL_FORMS,
        prefixes=("IT-Service",),
        suffixes=("IT-Systeme", "Software", "IT-Service", "Digital", "Netzwerktechnik"),
        fantasy=("{adjective} Softwarehaus", "Datenwerk {town}"),
    ),
    SectorProfile(
        "69", 4, PROFESSIONAL_FORMS,
        prefixes=("Steuerkanzlei", "Steuerberatung", "Rechtsanwaltskanzlei"),
        suffixes=("Steuerberatung", "Steuerberater", "Rechtsanwälte"),
        size=0.7,
    ),
    SectorProfile(
        "70", 2, PROFESSIONAL_FORMS,
        prefixes=("Unternehmensberatung",), suffixes=("Consulting", "Unternehmensberatung"),
        size=0.6,
    ),
    SectorProfile(
        "71", 4, PROFESSIONAL_FORMS,
        prefixes=("Ingenieurbüro", "Architekturbüro", "Vermessungsbüro", "Planungsbüro"),
        suffixes=("Ingenieure", "Architekten", "Planung", "Prüftechnik"),
        size=0.9,
    ),
    SectorProfile(
        "73", 1, GENERAL_FORMS,
        prefixes=("Werbeagentur",), suffixes=("Kommunikation", "Werbung", "Marketing"),
        size=0.7,
    ),
    SectorProfile(
        "74", 1, PROFESSIONAL_FORMS,
        prefixes=("Designbüro", "Fotostudio", "Übersetzungsbüro"),
        suffixes=("Design", "Fotografie"),
        size=0.5,
    ),
    SectorProfile(
        "75", 1, PROFESSIONAL_FORMS,
        prefixes=("Tierarztpraxis", "Tierklinik"), size=0.6, doctors=True,
    ),
    # Administrative services (O) and repairs and personal services (T)
    SectorProfile(
        "78", 1, GENERAL_FORMS,
        prefixes=("Personaldienstleistungen",), suffixes=("Personalservice", "Personal"),
        size=1.5,
    ),
    SectorProfile(
        "81", 3, CRAFT_FORMS,
        prefixes=("Gebäudereinigung", "Garten- und Landschaftsbau", "Hausmeisterservice"),
        suffixes=("Gebäudeservice", "Gebäudereinigung", "Grünpflege", "Facility Services"),
        size=1.5,
    ),
    SectorProfile(
        "95", 2, CRAFT_FORMS,
        prefixes=("Kfz-Werkstatt", "Autoservice", "Kfz-Meisterbetrieb"),
        suffixes=("Kfz-Technik", "Autoservice"),
    ),
    SectorProfile(
        "96", 2, CRAFT_FORMS,
        prefixes=("Friseur", "Textilreinigung"),
        fantasy=("Haarstudio Schnittpunkt", "Friseursalon Haarmonie", "Salon Lockenpracht"),
        size=0.7,
    ),
    # Health and social work (R, 86-88)
    SectorProfile(
        "86", 5, PROFESSIONAL_FORMS,
        prefixes=("Physiotherapie", "Zahnarztpraxis", "Praxis für Ergotherapie",
                  "Hausarztpraxis", "Logopädie"),
        suffixes=("Physio", "Therapiezentrum"),
        fantasy=("Therapiezentrum am Park", "Gesundheitszentrum {town}"),
        size=0.8,
        doctors=True,
    ),
    SectorProfile(
        "87", 3, CARE_FORMS,
        fantasy=("Seniorenresidenz {town}", "Pflegeheim Haus Sonnenhof", "Seniorenzentrum "
                 "Lindenhof", "Wohnpark {landscape}", "Seniorenhaus Am Mühlgraben",
                 "Pflegewohnen {town}"),
        size=2.5,
    ),
    SectorProfile(
        "88", 5, CARE_FORMS,
        prefixes=("Pflegedienst", "Hauskrankenpflege", "Tagespflege"),
        fantasy=("Pflegedienst Sonnenschein", "Pflegedienst Lebensfreude",
                 "Pflegeteam Herzenssache", "Kinderhaus Regenbogen", "Kita Pusteblume",
                 "Tagespflege Lindenhof", "Ambulanter Pflegedienst {town}"),
        size=1.8,
    ),
    # Cooperatives
    SectorProfile(
        "01", 1, COOP_FORMS, fantasy=("Agrargenossenschaft {landscape}",), size=2.0, rural=True,
    ),
    SectorProfile(
        "35", 1, COOP_FORMS,
        fantasy=("Energiegenossenschaft {landscape}", "Bürgerenergie {landscape}"),
        size=0.3,
        rural=True,
    ),
    SectorProfile(
        "68", 1, COOP_FORMS,
        fantasy=("Wohnungsgenossenschaft {town}", "Wohnungsbaugenossenschaft {town}"),
        size=1.5,
    ),
)  # fmt: skip

COMPANY_NOTES: tuple[str, ...] = (
    "Sucht dringend Fachkräfte, vor allem im Schichtbetrieb.",
    "Viele Beschäftigte in Teilzeit; die Geschäftsführung denkt über Gleitzeit nach.",
    "Mehrere Beschäftigte pflegen Angehörige; Interesse an Pflegeberatung.",
    "Erweiterung der Betriebsstätte geplant, rund 20 neue Stellen.",
    "Zwei Mitarbeiterinnen kehren im Herbst aus der Elternzeit zurück.",
    "Nachfolge ist in den nächsten Jahren offen.",
    "Hoher Altersdurchschnitt; Ausbildungsplätze bleiben unbesetzt.",
    "Kennt das Netzwerk von einer IHK-Veranstaltung zur Fachkräftesicherung.",
    "Bietet bereits Homeoffice für die Verwaltung an.",
    "Standort schlecht mit Bus und Bahn erreichbar; Pendelzeiten sind ein Thema.",
    "Hat Interesse an Belegplätzen in der Kita vor Ort gezeigt.",
)
CONTACT_NOTES: tuple[str, ...] = (
    "Am besten vormittags erreichbar.",
    "Bevorzugt E-Mail statt Anruf.",
    "Engagiert sich im Lokalen Bündnis für Familie.",
    "Beim Unternehmerfrühstück kennengelernt.",
    "Selbst in Teilzeit tätig; offen für das Thema Vereinbarkeit.",
)
PARTNER_COMPANY_NOTES: tuple[str, ...] = (
    "Mitglied im Netzwerk seit 2023; empfiehlt uns an Lieferanten und Kunden.",
    "Zertifiziert als familienfreundliches Unternehmen; berichtet gern bei Veranstaltungen.",
    "Mentoring-Tandem mit einer Nachwuchsführungskraft.",
    "Gastgeber des nächsten Unternehmensfrühstücks.",
    "Kennt viele Betriebe im Gewerbegebiet persönlich.",
    "Teilt Erfahrungen mit Teilzeit in Führung.",
    "Hat die Kita-Kooperation im Ort mit aufgebaut.",
    "Spricht Empfehlungen beim Unternehmerstammtisch aus.",
)


def _pick(rng: random.Random, weighted: Weighted) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _slug(text: str) -> str:
    """ASCII label for domains and mail addresses: "Bäckerei Höß" -> "baeckerei-hoess"."""
    return normalize_name(text).replace(" ", "-").replace("_", "-")[:60].strip("-")


@dataclass(slots=True)
class CompanyDraft:
    fields: dict[str, Any]
    profile: SectorProfile
    owner: Person | None  # the owner when the company name carries their name
    domain: str


class DemoData:
    """Draws the demo rows from one seeded random generator and one seeded Faker."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("de_DE")
        self.fake.seed_instance(seed)
        self._names: set[str] = set()
        self._profile_weights = [p.weight for p in SECTOR_PROFILES]
        self._town_weights = [t.weight for t in TOWNS]

    # -- people ------------------------------------------------------------

    def family_name(self) -> str:
        if self.rng.random() < 0.7:
            return self.rng.choice(FAMILY_NAMES)
        return self.fake.last_name()

    def person(
        self, *, female_share: float = 0.5, last_name: str | None = None, title_share: float = 0.04
    ) -> Person:
        draw = self.rng.random()
        if draw < 0.04:
            salutation = Contact.Salutation.NEUTRAL
            female = self.rng.random() < 0.5
        else:
            female = draw < 0.04 + 0.96 * female_share
            salutation = Contact.Salutation.FRAU if female else Contact.Salutation.HERR
        if self.rng.random() < 0.7:
            first = self.rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
        else:
            first = self.fake.first_name_female() if female else self.fake.first_name_male()
        title = "Dr." if self.rng.random() < title_share else ""
        return Person(salutation, first, last_name or self.family_name(), title)

    # -- companies -----------------------------------------------------------

    def town(self, *, rural: bool) -> Town:
        while True:
            town = self.rng.choices(TOWNS, weights=self._town_weights)[0]
            if not (rural and town.district == STADT_LEIPZIG):
                return town

    def phone(self, town: Town) -> str:
        """A number in the town's area code, 11 digits in all: "0341 1234567"."""
        digits = 11 - len(town.area_code)
        first = str(self.rng.randint(2, 9))
        rest = "".join(str(self.rng.randint(0, 9)) for _ in range(digits - 1))
        return f"{town.area_code} {first}{rest}"

    def mobile(self) -> str:
        number = "".join(str(self.rng.randint(0, 9)) for _ in range(7))
        return f"{self.rng.choice(MOBILE_PREFIXES)} {self.rng.randint(1, 9)}{number}"

    def employees(self, profile: SectorProfile) -> int:
        value = 3 + math.exp(self.rng.gauss(2.0, 1.0)) * profile.size
        return min(240, round(value))

    def _name(self, profile: SectorProfile, form: str, town: Town) -> tuple[str, Person | None]:
        """A company name and, if the name carries it, the owner's family name."""
        rng = self.rng
        patterns: list[tuple[str, int]] = []
        if profile.prefixes:
            patterns.append(("prefix", 45))
        if profile.suffixes:
            patterns += [("suffix", 20), ("adjective", 10)]
        if profile.fantasy:
            patterns.append(("fantasy", 15 if (profile.prefixes or profile.suffixes) else 100))
        if form in PARTNERSHIP_FORMS and (profile.prefixes or profile.suffixes):
            patterns.append(("partners", 50))
        if form in OWNER_NAMED_FORMS and profile.prefixes:
            patterns.append(("first_name", 20))
        pattern = _pick(rng, tuple(patterns))

        places = {"town": town.name, "adjective": town.adjective, "landscape": town.landscape}
        family = self.family_name()
        title_share = 0.5 if profile.doctors else 0.04
        owner = self.person(female_share=0.35, last_name=family, title_share=title_share)
        if pattern == "fantasy":
            return rng.choice(profile.fantasy).format(**places), None
        if pattern == "adjective":
            return f"{town.adjective} {rng.choice(profile.suffixes)}", None
        if pattern == "partners":
            tail = f" {rng.choice(profile.suffixes)}" if profile.suffixes else ""
            if form == _F.PARTG_MBB:
                return f"{family} & Partner{tail}", owner
            return f"{family} & {self.family_name()}{tail}", owner
        if pattern == "first_name":
            return _join(rng.choice(profile.prefixes), owner.full_name), owner
        if pattern == "prefix":
            title = owner.title if profile.doctors else ""
            name = _join(rng.choice(profile.prefixes), title, family)
        else:
            name = f"{family} {rng.choice(profile.suffixes)}"
        if form in {_F.GMBH, _F.GMBH_CO_KG, _F.KG, _F.OHG} and rng.random() < 0.06:
            name = f"{name} & Sohn"
        return name, owner

    def company(self) -> CompanyDraft:
        rng = self.rng
        for _attempt in range(50):
            profile = rng.choices(SECTOR_PROFILES, weights=self._profile_weights)[0]
            form = _pick(rng, profile.forms)
            town = self.town(rural=profile.rural)
            name, owner = self._name(profile, form, town)
            if normalize_name(name) not in self._names:
                break
        else:  # pragma: no cover - 50 collisions in a row do not happen with these tables
            name = f"{name} {len(self._names)}"
        self._names.add(normalize_name(name))

        domain = f"{_slug(name)}.example"
        fields: dict[str, Any] = {
            "legal_name": name,
            "legal_form": form,
            "street": f"{rng.choice(STREETS)} {self._house_number()}",
            "postal_code": rng.choice(town.postal_codes),
            "city": town.name,
            "district": town.district,
            "sector_division": profile.division,
            "employees": self.employees(profile),
            "website": f"https://www.{domain}" if rng.random() < 0.8 else "",
            "phone": self.phone(town) if rng.random() < 0.92 else "",
            "email": f"{rng.choice(('info', 'kontakt', 'post', 'mail'))}@{domain}"
            if rng.random() < 0.85
            else "",
            "notes": rng.choice(COMPANY_NOTES) if rng.random() < 0.25 else "",
        }
        return CompanyDraft(fields=fields, profile=profile, owner=owner, domain=domain)

    def _house_number(self) -> str:
        number = str(self.rng.randint(1, 120))
        return number + self.rng.choice("ab") if self.rng.random() < 0.1 else number

    # -- contacts ------------------------------------------------------------

    def contacts(self, company: Company, draft: CompanyDraft) -> list[dict[str, Any]]:
        rng = self.rng
        employees = company.employees or 0
        if employees < 10:
            counts = (25, 50, 20, 5)
        elif employees < 50:
            counts = (10, 40, 35, 15)
        else:
            counts = (5, 25, 40, 30)
        how_many = rng.choices(range(4), weights=counts)[0]
        roles: list[str] = []
        if how_many:
            roles.append(Contact.Role.OWNER if rng.random() < 0.8 else Contact.Role.HR)
        others: list[tuple[str, int]] = [
            (Contact.Role.HR, 35),
            (Contact.Role.ASSISTANT, 20),
            (Contact.Role.OTHER, 20),
        ]
        if employees >= 20:
            others.append((Contact.Role.WORKS_COUNCIL, 15))
        if employees >= 50:
            others.append((Contact.Role.EQUALITY, 10))
        while len(roles) < how_many:
            roles.append(_pick(rng, tuple(others)))

        rows = []
        for role in roles:
            person = self._contact_person(role, draft)
            rows.append(self._contact_fields(role, person, company, draft))
        return rows

    def _contact_person(self, role: str, draft: CompanyDraft) -> Person:
        if role == Contact.Role.OWNER:
            if draft.owner is not None:
                return draft.owner
            return self.person(female_share=0.35, title_share=0.06)
        shares: dict[str, float] = {Contact.Role.HR: 0.75, Contact.Role.ASSISTANT: 0.85}
        female_share = shares.get(role, 0.55)
        return self.person(female_share=female_share, title_share=0.02)

    def _contact_fields(
        self, role: str, person: Person, company: Company, draft: CompanyDraft
    ) -> dict[str, Any]:
        rng = self.rng
        if role == Contact.Role.OWNER:
            if company.legal_form in OWNER_NAMED_FORMS:
                position = person.word("Inhaberin", "Inhaber", "Inhaber/in")
            elif company.legal_form == _F.EG:
                position = person.word("Vorstandsvorsitzende", "Vorstandsvorsitzender", "Vorstand")
            elif company.legal_form == _F.PARTG_MBB:
                position = person.word("Partnerin", "Partner", "Partner/in")
            elif company.legal_form in {_F.GBR, _F.OHG}:
                position = person.word("Gesellschafterin", "Gesellschafter", "Gesellschafter/in")
            else:
                position = person.word("Geschäftsführerin", "Geschäftsführer", "Geschäftsführer/in")
        elif role == Contact.Role.HR:
            position = rng.choice(
                (
                    person.word("Personalleiterin", "Personalleiter", "Personalleiter/in"),
                    person.word("Personalreferentin", "Personalreferent", "Personalreferent/in"),
                )
            )
        elif role == Contact.Role.WORKS_COUNCIL:
            position = person.word(
                "Betriebsratsvorsitzende", "Betriebsratsvorsitzender", "Betriebsratsvorsitzende/r"
            )
        elif role == Contact.Role.EQUALITY:
            position = person.word(
                "Beauftragte für Chancengleichheit",
                "Beauftragter für Chancengleichheit",
                "Beauftragte/r für Chancengleichheit",
            )
        elif role == Contact.Role.ASSISTANT:
            position = rng.choice(
                (
                    person.word(
                        "Assistentin der Geschäftsführung",
                        "Assistent der Geschäftsführung",
                        "Assistenz der Geschäftsführung",
                    ),
                    person.word("Büroleiterin", "Büroleiter", "Büroleiter/in"),
                )
            )
        else:
            position = rng.choice(
                (
                    person.word("Prokuristin", "Prokurist", "Prokurist/in"),
                    person.word("Betriebsleiterin", "Betriebsleiter", "Betriebsleiter/in"),
                    person.word("Ausbildungsleiterin", "Ausbildungsleiter", "Ausbildungsleiter/in"),
                )
            )

        email = ""
        if company.email and rng.random() < 0.8:
            email = f"{_slug(person.first_name)}.{_slug(person.last_name)}@{draft.domain}"
        phone = ""
        draw = rng.random()
        if company.phone and draw < 0.55:
            phone = f"{company.phone}-{rng.randint(10, 99)}"
        elif draw < 0.7:
            phone = self.mobile()

        legal_basis = _pick(
            rng,
            (
                (Contact.LegalBasis.LEGITIMATE_INTEREST, 72),
                (Contact.LegalBasis.UNKNOWN, 10),
                (Contact.LegalBasis.CONSENT, 10),
                (Contact.LegalBasis.CONTRACT, 8),
            ),
        )
        fields: dict[str, Any] = {
            "salutation": person.salutation,
            "title": person.title,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "role": role,
            "position": position,
            "email": email,
            "phone": phone,
            "legal_basis": legal_basis,
            "notes": rng.choice(CONTACT_NOTES) if rng.random() < 0.15 else "",
        }
        draw = rng.random()
        if draw < 0.02:
            fields["do_not_contact"] = True
            fields["objected_at"] = date(2025, 1, 1) + timedelta(days=rng.randint(0, 364))
            fields["notes"] = "Widerspruch gegen Werbung per E-Mail und Post (Art. 21 DSGVO)."
        elif draw < 0.04:
            fields["do_not_contact"] = True
            fields["notes"] = "Möchte nicht mehr kontaktiert werden."
        return fields

    # -- network partners ----------------------------------------------------

    def organisation_partners(self) -> list[dict[str, Any]]:
        """The chambers, agencies, alliances and associations of the region."""
        kind = NetworkPartner.Kind
        fachkraefte = (
            "Referentin Fachkräftesicherung",
            "Referent Fachkräftesicherung",
            "Referent/in Fachkräftesicherung",
        )
        wifoe = ("Wirtschaftsförderin", "Wirtschaftsförderer", "Wirtschaftsförderer/in")
        speaker = ("Sprecherin", "Sprecher", "Sprecher/in")
        org = self._organisation
        return [
            org(kind.IHK, "IHK zu Leipzig", "Leipzig", "ihk-leipzig", fachkraefte,
                street="Goerdelerring 5", postal_code="04109",
                website="https://www.leipzig.ihk.de"),
            org(kind.HWK, "Handwerkskammer zu Leipzig", "Leipzig", "hwk-leipzig",
                ("Betriebsberaterin", "Betriebsberater", "Betriebsberater/in"),
                street="Dresdner Straße 11/13", postal_code="04103",
                website="https://www.hwk-leipzig.de"),
            org(kind.ECONOMIC_DEVELOPMENT, "Amt für Wirtschaftsförderung der Stadt Leipzig",
                "Leipzig", "wirtschaftsfoerderung-leipzig",
                ("Unternehmensbetreuerin", "Unternehmensbetreuer", "Unternehmensbetreuer/in"),
                postal_code="", website="https://www.leipzig.de"),
            org(kind.ECONOMIC_DEVELOPMENT, "Wirtschaftsförderung Landkreis Leipzig", "Borna",
                "landkreis-leipzig", wifoe, website="https://www.landkreisleipzig.de"),
            org(kind.ECONOMIC_DEVELOPMENT, "Wirtschaftsförderung Landkreis Nordsachsen",
                "Torgau", "landkreis-nordsachsen", wifoe,
                website="https://www.landkreis-nordsachsen.de"),
            org(kind.LOCAL_ALLIANCE, "Lokales Bündnis für Familie Grimma", "Grimma",
                "buendnis-grimma", ("Koordinatorin", "Koordinator", "Koordinator/in")),
            org(kind.LOCAL_ALLIANCE, "Lokales Bündnis für Familie Delitzsch", "Delitzsch",
                "buendnis-delitzsch", speaker),
            org(kind.EMPLOYMENT_AGENCY, "Agentur für Arbeit Leipzig", "Leipzig", "", None,
                postal_code="", website="https://www.arbeitsagentur.de",
                notes="Arbeitgeber-Service; kennt Betriebe mit offenen Stellen."),
            org(kind.ASSOCIATION, "Unternehmerverband Sachsen e.V.", "Leipzig", "", None,
                postal_code="", notes="Regionalgruppe Leipzig trifft sich monatlich."),
            org(kind.ASSOCIATION, "Handwerkerinnen-Netzwerk Leipzig", "Leipzig",
                "handwerkerinnen-leipzig", speaker, postal_code=""),
            org(kind.ASSOCIATION, "Wirtschaftsjunioren Leipzig e.V.", "Leipzig", "wj-leipzig",
                ("Vorstandsmitglied", "Vorstandsmitglied", "Vorstandsmitglied"),
                postal_code=""),
            org(kind.MUNICIPALITY, "Stadtverwaltung Markkleeberg", "Markkleeberg",
                "markkleeberg", ("Gleichstellungsbeauftragte", "Gleichstellungsbeauftragter",
                                 "Gleichstellungsbeauftragte/r")),
        ]  # fmt: skip

    def _organisation(
        self,
        kind: str,
        name: str,
        town_name: str,
        domain: str,
        position: tuple[str, str, str] | None,
        *,
        street: str = "",
        postal_code: str | None = None,
        website: str = "",
        notes: str = "",
    ) -> dict[str, Any]:
        """One partner organisation; with a position, an (invented) person works there."""
        town = TOWNS_BY_NAME[town_name]
        fields: dict[str, Any] = {
            "kind": kind,
            "name": name,
            "street": street,
            "postal_code": town.postal_codes[0] if postal_code is None else postal_code,
            "city": town.name,
            "district": town.district,
            "website": website,
            "notes": notes,
        }
        if position is not None:
            person = self.person(female_share=0.7, title_share=0.05)
            fields["person_name"] = person.full_name
            fields["position"] = person.word(*position)
            fields["email"] = (
                f"{_slug(person.first_name)}.{_slug(person.last_name)}@{domain}.example"
            )
        return fields

    def company_partners(
        self, companies: list[tuple[Company, Contact | None]], count: int
    ) -> list[dict[str, Any]]:
        """Partner records for some of the companies, with their owner as the person."""
        with_owner = [pair for pair in companies if pair[1] is not None]
        without = [pair for pair in companies if pair[1] is None]
        chosen = self.rng.sample(with_owner, min(count, len(with_owner)))
        chosen += self.rng.sample(without, min(count - len(chosen), len(without)))
        notes = self.rng.sample(PARTNER_COMPANY_NOTES, len(PARTNER_COMPANY_NOTES))
        partners = []
        for index, (company, owner) in enumerate(chosen):
            partners.append(
                {
                    "kind": NetworkPartner.Kind.PARTNER_COMPANY,
                    "name": company.full_name,
                    "company": company,
                    "person_name": owner.full_name if owner else "",
                    "position": owner.position if owner else "",
                    "email": owner.email if owner else company.email,
                    "phone": owner.phone if owner else company.phone,
                    "website": company.website,
                    "street": company.street,
                    "postal_code": company.postal_code,
                    "city": company.city,
                    "district": company.district,
                    "notes": notes[index % len(notes)],
                }
            )
        return partners


class Command(BaseCommand):
    help = (
        "Create a demo network office (Leipzig-Westsachsen) with companies, contacts, "
        "network partners and the demo logins anna/ben/lea (password tandem-demo). "
        "For development and demos only, never on production data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--companies",
            type=int,
            default=DEFAULT_COMPANIES,
            help=f"How many companies to create (default {DEFAULT_COMPANIES}).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the random data (default {DEFAULT_SEED}); equal seeds, equal data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["companies"]
        if count < 0:
            raise CommandError("--companies must not be negative.")

        team = Team.objects.filter(slug=TEAM_SLUG).first()
        if team is not None:
            if not AcquisitionCase.objects.filter(team=team).exists():
                # A demo database from before the pipeline existed: add the cases once.
                with transaction.atomic():
                    cases = self._cases(team=team, seed=options["seed"])
                self.stdout.write(
                    f'Added {cases} acquisition cases to the demo team "{team.name}".'
                )
            else:
                self.stdout.write(
                    f'The demo data is already present (team "{team.name}"); nothing to do.'
                )
            self._print_logins()
            return

        started = time.monotonic()
        with transaction.atomic():
            stats = self._create(count=count, seed=options["seed"])
        elapsed = time.monotonic() - started

        self.stdout.write(
            self.style.SUCCESS(
                f'Created the demo team "{TEAM_NAME}" ({TEAM_REGION}): '
                f"{stats['companies']} companies, {stats['contacts']} contacts, "
                f"{stats['partners']} network partners, {stats['cases']} acquisition cases "
                f"in {elapsed:.1f} s."
            )
        )
        self._print_logins()

    def _create(self, *, count: int, seed: int) -> dict[str, int]:
        data = DemoData(seed)
        team = Team.objects.create(name=TEAM_NAME, slug=TEAM_SLUG, region=TEAM_REGION)
        users = {name: self._user(name, first, last) for name, first, last, _ in DEMO_USERS}
        for username, _first, _last, role in DEMO_USERS:
            Membership.objects.get_or_create(
                team=team, user=users[username], defaults={"role": role}
            )
        staff = [users[name] for name, *_, role in DEMO_USERS if role == Membership.Role.STAFF]

        contacts = 0
        created: list[tuple[Company, Contact | None]] = []
        for _ in range(count):
            draft = data.company()
            by = data.rng.choice(staff)
            company = services.company_create(team=team, by=by, **draft.fields)
            owner: Contact | None = None
            for fields in data.contacts(company, draft):
                contact = services.contact_create(company=company, by=by, **fields)
                contacts += 1
                if owner is None and contact.role == Contact.Role.OWNER:
                    owner = contact
            created.append((company, owner))

        lead = users[next(name for name, *_, role in DEMO_USERS if role == Membership.Role.LEAD)]
        partner_rows = data.organisation_partners()
        partner_rows += data.company_partners(created, PARTNER_COMPANIES)
        for fields in partner_rows:
            services.partner_create(team=team, by=lead, **fields)

        return {
            "companies": count,
            "contacts": contacts,
            "partners": len(partner_rows),
            "cases": self._cases(team=team, seed=seed),
        }

    def _cases(self, *, team: Team, seed: int) -> int:
        users = {name: self._user(name, first, last) for name, first, last, _ in DEMO_USERS}
        return DemoPipeline(team=team, users=users, seed=seed).create()

    def _user(self, username: str, first_name: str, last_name: str) -> User:
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}.{_slug(last_name)}@example.org",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user

    def _print_logins(self) -> None:
        self.stdout.write(f"\nOpen {DEMO_URL} and sign in with a demo login:")
        self.stdout.write(f"  {'username':<10}{'password':<14}role")
        for username, _first, _last, role in DEMO_USERS:
            self.stdout.write(f"  {username:<10}{DEMO_PASSWORD:<14}{role}")
        self.stdout.write(
            "These logins exist only because seed_demo created them. "
            "Never run seed_demo against production data."
        )
