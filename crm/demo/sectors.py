"""Sectors, legal forms and company names: how the demo companies are called and organised."""

from dataclasses import dataclass

from companies.models import LegalForm

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
