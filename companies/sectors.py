"""Economic sectors: NACE Rev. 2.1 (EU) and its German version WZ 2025 (Destatis).

Sections (letters A-V) and divisions (two-digit codes) of the statistical
classification of economic activities NACE Revision 2.1, established by
Commission Delegated Regulation (EU) 2023/137 and used for European statistics
from 1 January 2025, together with the German national version "Klassifikation
der Wirtschaftszweige, Ausgabe 2025" (WZ 2025), which Destatis introduced on
1 January 2025 and which is identical to NACE Rev. 2.1 at section and division
level (22 sections, 87 divisions).

Differences to NACE Rev. 2 / WZ 2008 worth knowing when migrating old data:

* Former section J "Information and communication" is split into J (publishing,
  broadcasting, content production and distribution: 58-60) and a new section
  K (telecommunication, IT and other information services: 61-63).
* The former sections K to U therefore move one letter on: L financial and
  insurance, M real estate, N professional/scientific, O administrative and
  support, P public administration, Q education, R health and social work,
  S arts/sports/recreation, T other services, U households, V extraterritorial.
* Division 45 (trade and repair of motor vehicles) no longer exists: the trade
  went to 46/47, the repair to 95 (section T).

``title_en`` follows the NACE Rev. 2.1 wording. ``title_de`` is the WZ wording:
for divisions whose scope did not change it is the long-standing WZ 2008 title,
and very long official titles are shortened. The German titles of the new or
restructured headings (sections G, K; divisions 38, 46, 47, 60, 63, 73, 90, 95)
could not be checked against the Destatis WZ 2025 list itself and should be
compared with it (https://www.klassifikationsserver.de, variant "wz2025").

Sources consulted:

* Eurostat, NACE overview: https://ec.europa.eu/eurostat/web/nace/overview
* Delegated Regulation (EU) 2023/137:
  https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32023R0137
  (articles read via https://legalize.dev/eu/law/32023R0137)
* Destatis, WZ 2025 FAQ:
  https://www.destatis.de/DE/Methoden/Klassifikationen/FAQ/wz-2025-faq-cluster.html
* Statistische Ämter des Bundes und der Länder, WZ 2025: https://www.statistikportal.de/en/node/179962
* Section K scope and title: https://www.nacecodes.com/codes/K
* ÖNACE 2025 (Austrian German version of NACE Rev. 2.1), used to cross-check German wording:
  https://www.edm.gv.at/edm_portal/redaList.do?event=changePaging&seqCode=s7yydkm4zexqk3&show=all
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DIVISIONS",
    "DIVISIONS_BY_CODE",
    "SECTIONS",
    "SECTIONS_BY_CODE",
    "Division",
    "Section",
    "section_of",
]


@dataclass(frozen=True, slots=True)
class Section:
    """A NACE/WZ section (top level, a letter from A to V)."""

    code: str
    title_de: str
    title_en: str


@dataclass(frozen=True, slots=True)
class Division:
    """A NACE/WZ division (two-digit code) and the section it belongs to."""

    code: str
    section: str
    title_de: str
    title_en: str


SECTIONS: tuple[Section, ...] = (
    Section(
        "A",
        "Land- und Forstwirtschaft, Fischerei",
        "Agriculture, forestry and fishing",
    ),
    Section(
        "B",
        "Bergbau und Gewinnung von Steinen und Erden",
        "Mining and quarrying",
    ),
    Section("C", "Verarbeitendes Gewerbe", "Manufacturing"),
    Section(
        "D",
        "Energieversorgung",
        "Electricity, gas, steam and air conditioning supply",
    ),
    Section(
        "E",
        "Wasserversorgung; Abwasser- und Abfallentsorgung und Beseitigung von "
        "Umweltverschmutzungen",
        "Water supply; sewerage, waste management and remediation activities",
    ),
    Section("F", "Baugewerbe", "Construction"),
    Section("G", "Handel", "Wholesale and retail trade"),
    Section("H", "Verkehr und Lagerei", "Transportation and storage"),
    Section("I", "Gastgewerbe", "Accommodation and food service activities"),
    Section(
        "J",
        "Verlagswesen, Rundfunk sowie Erstellung und Verbreitung von Medieninhalten",
        "Publishing, broadcasting, and content production and distribution activities",
    ),
    Section(
        "K",
        "Telekommunikation, Erbringung von Dienstleistungen der Informationstechnologie "
        "und sonstige Informationsdienstleistungen",
        "Telecommunication, computer programming, consulting, computing infrastructure "
        "and other information service activities",
    ),
    Section(
        "L",
        "Erbringung von Finanz- und Versicherungsdienstleistungen",
        "Financial and insurance activities",
    ),
    Section("M", "Grundstücks- und Wohnungswesen", "Real estate activities"),
    Section(
        "N",
        "Erbringung von freiberuflichen, wissenschaftlichen und technischen Dienstleistungen",
        "Professional, scientific and technical activities",
    ),
    Section(
        "O",
        "Erbringung von sonstigen wirtschaftlichen Dienstleistungen",
        "Administrative and support service activities",
    ),
    Section(
        "P",
        "Öffentliche Verwaltung, Verteidigung; Sozialversicherung",
        "Public administration and defence; compulsory social security",
    ),
    Section("Q", "Erziehung und Unterricht", "Education"),
    Section("R", "Gesundheits- und Sozialwesen", "Human health and social work activities"),
    Section("S", "Kunst, Sport und Erholung", "Arts, sports and recreation"),
    Section("T", "Erbringung von sonstigen Dienstleistungen", "Other service activities"),
    Section(
        "U",
        "Private Haushalte mit Hauspersonal; Herstellung von Waren und Erbringung von "
        "Dienstleistungen durch private Haushalte für den Eigenbedarf ohne ausgeprägten "
        "Schwerpunkt",
        "Activities of households as employers and undifferentiated goods- and "
        "service-producing activities of households for own use",
    ),
    Section(
        "V",
        "Exterritoriale Organisationen und Körperschaften",
        "Activities of extraterritorial organisations and bodies",
    ),
)


DIVISIONS: tuple[Division, ...] = (
    # A - Land- und Forstwirtschaft, Fischerei
    Division(
        "01",
        "A",
        "Landwirtschaft, Jagd und damit verbundene Tätigkeiten",
        "Crop and animal production, hunting and related service activities",
    ),
    Division("02", "A", "Forstwirtschaft und Holzeinschlag", "Forestry and logging"),
    Division("03", "A", "Fischerei und Aquakultur", "Fishing and aquaculture"),
    # B - Bergbau und Gewinnung von Steinen und Erden
    Division("05", "B", "Kohlenbergbau", "Mining of coal and lignite"),
    Division(
        "06", "B", "Gewinnung von Erdöl und Erdgas", "Extraction of crude petroleum and natural gas"
    ),
    Division("07", "B", "Erzbergbau", "Mining of metal ores"),
    Division(
        "08",
        "B",
        "Gewinnung von Steinen und Erden, sonstiger Bergbau",
        "Other mining and quarrying",
    ),
    Division(
        "09",
        "B",
        "Erbringung von Dienstleistungen für den Bergbau und für die Gewinnung von "
        "Steinen und Erden",
        "Mining support service activities",
    ),
    # C - Verarbeitendes Gewerbe
    Division(
        "10", "C", "Herstellung von Nahrungs- und Futtermitteln", "Manufacture of food products"
    ),
    Division("11", "C", "Getränkeherstellung", "Manufacture of beverages"),
    Division("12", "C", "Tabakverarbeitung", "Manufacture of tobacco products"),
    Division("13", "C", "Herstellung von Textilien", "Manufacture of textiles"),
    Division("14", "C", "Herstellung von Bekleidung", "Manufacture of wearing apparel"),
    Division(
        "15",
        "C",
        "Herstellung von Leder, Lederwaren und Schuhen",
        "Manufacture of leather and related products of other materials",
    ),
    Division(
        "16",
        "C",
        "Herstellung von Holz-, Flecht-, Korb- und Korkwaren (ohne Möbel)",
        "Manufacture of wood and of products of wood and cork, except furniture; "
        "manufacture of articles of straw and plaiting materials",
    ),
    Division(
        "17",
        "C",
        "Herstellung von Papier, Pappe und Waren daraus",
        "Manufacture of paper and paper products",
    ),
    Division(
        "18",
        "C",
        "Herstellung von Druckerzeugnissen; Vervielfältigung von bespielten Ton-, Bild- "
        "und Datenträgern",
        "Printing and reproduction of recorded media",
    ),
    Division(
        "19",
        "C",
        "Kokerei und Mineralölverarbeitung",
        "Manufacture of coke and refined petroleum products",
    ),
    Division(
        "20",
        "C",
        "Herstellung von chemischen Erzeugnissen",
        "Manufacture of chemicals and chemical products",
    ),
    Division(
        "21",
        "C",
        "Herstellung von pharmazeutischen Erzeugnissen",
        "Manufacture of basic pharmaceutical products and pharmaceutical preparations",
    ),
    Division(
        "22",
        "C",
        "Herstellung von Gummi- und Kunststoffwaren",
        "Manufacture of rubber and plastic products",
    ),
    Division(
        "23",
        "C",
        "Herstellung von Glas und Glaswaren, Keramik, Verarbeitung von Steinen und Erden",
        "Manufacture of other non-metallic mineral products",
    ),
    Division("24", "C", "Metallerzeugung und -bearbeitung", "Manufacture of basic metals"),
    Division(
        "25",
        "C",
        "Herstellung von Metallerzeugnissen",
        "Manufacture of fabricated metal products, except machinery and equipment",
    ),
    Division(
        "26",
        "C",
        "Herstellung von Datenverarbeitungsgeräten, elektronischen und optischen Erzeugnissen",
        "Manufacture of computer, electronic and optical products",
    ),
    Division(
        "27",
        "C",
        "Herstellung von elektrischen Ausrüstungen",
        "Manufacture of electrical equipment",
    ),
    Division("28", "C", "Maschinenbau", "Manufacture of machinery and equipment n.e.c."),
    Division(
        "29",
        "C",
        "Herstellung von Kraftwagen und Kraftwagenteilen",
        "Manufacture of motor vehicles, trailers and semi-trailers",
    ),
    Division("30", "C", "Sonstiger Fahrzeugbau", "Manufacture of other transport equipment"),
    Division("31", "C", "Herstellung von Möbeln", "Manufacture of furniture"),
    Division("32", "C", "Herstellung von sonstigen Waren", "Other manufacturing"),
    Division(
        "33",
        "C",
        "Reparatur und Installation von Maschinen und Ausrüstungen",
        "Repair, maintenance and installation of machinery and equipment",
    ),
    # D - Energieversorgung
    Division("35", "D", "Energieversorgung", "Electricity, gas, steam and air conditioning supply"),
    # E - Wasserversorgung, Entsorgung
    Division("36", "E", "Wasserversorgung", "Water collection, treatment and supply"),
    Division("37", "E", "Abwasserentsorgung", "Sewerage"),
    Division(
        "38",
        "E",
        "Sammlung, Verwertung und Beseitigung von Abfällen",
        "Waste collection, recovery and disposal activities",
    ),
    Division(
        "39",
        "E",
        "Beseitigung von Umweltverschmutzungen und sonstige Entsorgung",
        "Remediation activities and other waste management service activities",
    ),
    # F - Baugewerbe
    Division("41", "F", "Hochbau", "Construction of residential and non-residential buildings"),
    Division("42", "F", "Tiefbau", "Civil engineering"),
    Division(
        "43",
        "F",
        "Vorbereitende Baustellenarbeiten, Bauinstallation und sonstiges Ausbaugewerbe",
        "Specialised construction activities",
    ),
    # G - Handel (Rev. 2.1: no division 45 any more)
    Division("46", "G", "Großhandel", "Wholesale trade"),
    Division("47", "G", "Einzelhandel", "Retail trade"),
    # H - Verkehr und Lagerei
    Division(
        "49",
        "H",
        "Landverkehr und Transport in Rohrfernleitungen",
        "Land transport and transport via pipelines",
    ),
    Division("50", "H", "Schifffahrt", "Water transport"),
    Division("51", "H", "Luftfahrt", "Air transport"),
    Division(
        "52",
        "H",
        "Lagerei sowie Erbringung von sonstigen Dienstleistungen für den Verkehr",
        "Warehousing, storage and support activities for transportation",
    ),
    Division("53", "H", "Post-, Kurier- und Expressdienste", "Postal and courier activities"),
    # I - Gastgewerbe
    Division("55", "I", "Beherbergung", "Accommodation"),
    Division("56", "I", "Gastronomie", "Food and beverage service activities"),
    # J - Verlagswesen, Rundfunk, Medieninhalte
    Division("58", "J", "Verlagswesen", "Publishing activities"),
    Division(
        "59",
        "J",
        "Herstellung, Verleih und Vertrieb von Filmen und Fernsehprogrammen; Kinos; "
        "Tonstudios und Verlegen von Musik",
        "Motion picture, video and television programme production, sound recording "
        "and music publishing activities",
    ),
    Division(
        "60",
        "J",
        "Rundfunkveranstalter, Nachrichtenagenturen und sonstige Verbreitung von Medieninhalten",
        "Programming, broadcasting, news agency and other content distribution activities",
    ),
    # K - Telekommunikation, IT, Informationsdienstleistungen
    Division("61", "K", "Telekommunikation", "Telecommunication"),
    Division(
        "62",
        "K",
        "Erbringung von Dienstleistungen der Informationstechnologie",
        "Computer programming, consultancy and related activities",
    ),
    Division(
        "63",
        "K",
        "Computerinfrastruktur, Datenverarbeitung, Hosting und sonstige "
        "Informationsdienstleistungen",
        "Computing infrastructure, data processing, hosting and other information "
        "service activities",
    ),
    # L - Finanz- und Versicherungsdienstleistungen
    Division(
        "64",
        "L",
        "Erbringung von Finanzdienstleistungen",
        "Financial service activities, except insurance and pension funding",
    ),
    Division(
        "65",
        "L",
        "Versicherungen, Rückversicherungen und Pensionskassen (ohne Sozialversicherung)",
        "Insurance, reinsurance and pension funding, except compulsory social security",
    ),
    Division(
        "66",
        "L",
        "Mit Finanz- und Versicherungsdienstleistungen verbundene Tätigkeiten",
        "Activities auxiliary to financial services and insurance activities",
    ),
    # M - Grundstücks- und Wohnungswesen
    Division("68", "M", "Grundstücks- und Wohnungswesen", "Real estate activities"),
    # N - Freiberufliche, wissenschaftliche und technische Dienstleistungen
    Division(
        "69",
        "N",
        "Rechts- und Steuerberatung, Wirtschaftsprüfung",
        "Legal and accounting activities",
    ),
    Division(
        "70",
        "N",
        "Verwaltung und Führung von Unternehmen und Betrieben; Unternehmensberatung",
        "Activities of head offices and management consultancy",
    ),
    Division(
        "71",
        "N",
        "Architektur- und Ingenieurbüros; technische, physikalische und chemische Untersuchung",
        "Architectural and engineering activities; technical testing and analysis",
    ),
    Division("72", "N", "Forschung und Entwicklung", "Scientific research and development"),
    Division(
        "73",
        "N",
        "Werbung, Marktforschung und Öffentlichkeitsarbeit",
        "Activities of advertising, market research and public relations",
    ),
    Division(
        "74",
        "N",
        "Sonstige freiberufliche, wissenschaftliche und technische Tätigkeiten",
        "Other professional, scientific and technical activities",
    ),
    Division("75", "N", "Veterinärwesen", "Veterinary activities"),
    # O - Sonstige wirtschaftliche Dienstleistungen
    Division("77", "O", "Vermietung von beweglichen Sachen", "Rental and leasing activities"),
    Division("78", "O", "Vermittlung und Überlassung von Arbeitskräften", "Employment activities"),
    Division(
        "79",
        "O",
        "Reisebüros, Reiseveranstalter und Erbringung sonstiger Reservierungsdienstleistungen",
        "Travel agency, tour operator and other reservation service and related activities",
    ),
    Division(
        "80",
        "O",
        "Wach- und Sicherheitsdienste sowie Detekteien",
        "Investigation and security activities",
    ),
    Division(
        "81",
        "O",
        "Gebäudebetreuung; Garten- und Landschaftsbau",
        "Services to buildings and landscape activities",
    ),
    Division(
        "82",
        "O",
        "Erbringung von wirtschaftlichen Dienstleistungen für Unternehmen und "
        "Privatpersonen a. n. g.",
        "Office administrative, office support and other business support activities",
    ),
    # P - Öffentliche Verwaltung
    Division(
        "84",
        "P",
        "Öffentliche Verwaltung, Verteidigung; Sozialversicherung",
        "Public administration and defence; compulsory social security",
    ),
    # Q - Erziehung und Unterricht
    Division("85", "Q", "Erziehung und Unterricht", "Education"),
    # R - Gesundheits- und Sozialwesen
    Division("86", "R", "Gesundheitswesen", "Human health activities"),
    Division("87", "R", "Heime (ohne Erholungs- und Ferienheime)", "Residential care activities"),
    Division("88", "R", "Sozialwesen (ohne Heime)", "Social work activities without accommodation"),
    # S - Kunst, Sport und Erholung
    Division(
        "90",
        "S",
        "Kreative, künstlerische und darstellende Tätigkeiten",
        "Arts creation and performing arts activities",
    ),
    Division(
        "91",
        "S",
        "Bibliotheken, Archive, Museen, botanische und zoologische Gärten",
        "Libraries, archives, museums and other cultural activities",
    ),
    Division("92", "S", "Spiel-, Wett- und Lotteriewesen", "Gambling and betting activities"),
    Division(
        "93",
        "S",
        "Erbringung von Dienstleistungen des Sports, der Unterhaltung und der Erholung",
        "Sports activities and amusement and recreation activities",
    ),
    # T - Sonstige Dienstleistungen
    Division(
        "94",
        "T",
        "Interessenvertretungen sowie kirchliche und sonstige religiöse Vereinigungen",
        "Activities of membership organisations",
    ),
    Division(
        "95",
        "T",
        "Reparatur und Instandhaltung von Datenverarbeitungsgeräten, Gebrauchsgütern "
        "sowie Kraftwagen und Krafträdern",
        "Repair and maintenance of computers, personal and household goods, and motor "
        "vehicles and motorcycles",
    ),
    Division(
        "96",
        "T",
        "Erbringung von sonstigen überwiegend persönlichen Dienstleistungen",
        "Personal service activities",
    ),
    # U - Private Haushalte
    Division(
        "97",
        "U",
        "Private Haushalte mit Hauspersonal",
        "Activities of households as employers of domestic personnel",
    ),
    Division(
        "98",
        "U",
        "Herstellung von Waren und Erbringung von Dienstleistungen durch private Haushalte "
        "für den Eigenbedarf ohne ausgeprägten Schwerpunkt",
        "Undifferentiated goods- and service-producing activities of private households "
        "for own use",
    ),
    # V - Exterritoriale Organisationen
    Division(
        "99",
        "V",
        "Exterritoriale Organisationen und Körperschaften",
        "Activities of extraterritorial organisations and bodies",
    ),
)


SECTIONS_BY_CODE: dict[str, Section] = {section.code: section for section in SECTIONS}
DIVISIONS_BY_CODE: dict[str, Division] = {division.code: division for division in DIVISIONS}


def section_of(division_code: str) -> str:
    """Return the section letter of a division code, e.g. ``"62"`` -> ``"K"``.

    Raises ``KeyError`` for codes that are not NACE Rev. 2.1 divisions
    (including Rev. 2 leftovers such as ``"45"``).
    """
    return DIVISIONS_BY_CODE[division_code].section
