"""The German texts of the demo: notes on its rows, next steps, notes on moves, letters."""

# ---------------------------------------------------------------------------
# Companies, contacts and partner companies
# ---------------------------------------------------------------------------

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

# ---------------------------------------------------------------------------
# The pipeline: next steps by open stage, notes on moves, commitments, letters
# ---------------------------------------------------------------------------

NEXT_STEPS: tuple[tuple[str, ...], ...] = (
    (
        "Firmenprofil recherchieren, Ansprechperson klären",
        "Wirtschaftsförderung nach Kontakt zur Geschäftsführung fragen",
        "Stellenanzeigen und Pressemeldungen sichten",
    ),
    (
        "IHK um Vorstellung bei der Geschäftsführung bitten",
        "Partnerbetrieb um persönliche Empfehlung bitten",
        "Einladung zum Unternehmerfrühstück schicken",
    ),
    (
        "Termin für Erstgespräch vereinbaren",
        "Nachfassen nach Vorstellung durch das Lokale Bündnis",
        "Gesprächsleitfaden auf Schichtbetrieb zuschneiden",
    ),
    (
        "Nutzenargumentation zu Pflege und Beruf entwerfen",
        "Beispiele aus Partnerbetrieben der Branche zusammenstellen",
        "Zweites Gespräch mit Personalleitung vorbereiten",
    ),
    (
        "Rückmeldung zum Angebot einholen",
        "Mitgliedsvereinbarung zur Unterschrift schicken",
        "Offene Fragen zur Zertifizierung klären",
    ),
)
MOVE_NOTES: tuple[str, ...] = (
    "Beim Unternehmerfrühstück ins Gespräch gekommen.",
    "Bedarf beim Betriebsbesuch besprochen.",
    "Geschäftsführerin zeigt großes Interesse an Pflegeberatung.",
    "Personalleitung will das Thema intern vorstellen.",
    "Vorstellung durch die IHK hat gut funktioniert.",
    "Fachkräftemangel im Schichtbetrieb ist das Hauptthema.",
)
LOST_NOTES: tuple[str, ...] = (
    "Geschäftsführung sieht derzeit keinen Handlungsbedarf.",
    "Nach zwei Anläufen keine Rückmeldung.",
    "Ist bereits im Netzwerk der Handwerkskammer aktiv.",
    "Umstrukturierung im Betrieb, später noch einmal versuchen.",
)
PAUSE_NOTES: tuple[str, ...] = (
    "Nach der Saison wieder melden.",
    "Neue Personalleitung ab Herbst, dann erneut ansprechen.",
    "Betrieb zieht um; nach dem Umzug nachfassen.",
)
COMMITMENTS: tuple[str, ...] = (
    "Gleitzeit für alle Beschäftigten, Teilnahme am Netzwerktreffen",
    "Belegplätze in der Kita vor Ort, Ferienbetreuung",
    "Pflegelotsin im Betrieb, Mentoring für eine Nachwuchskraft",
    "Teilzeit in Führung erproben, Bericht beim Unternehmerfrühstück",
)


LOCAL_SITUATIONS: tuple[str, ...] = (
    "Zwei Mitarbeiterinnen kehren im Herbst aus der Elternzeit zurück.",
    "Der Betrieb sucht seit Monaten Fachkräfte für den Schichtbetrieb.",
    "Mehrere Beschäftigte pflegen Angehörige; die Kita vor Ort hat Wartelisten.",
    "Der Standort ist mit Bus und Bahn schlecht erreichbar.",
)


SHOTGUN_TEXT = (
    "Sehr geehrte Damen und Herren,\n"
    "wir möchten Ihnen heute das Netzwerk Familie und Beruf vorstellen. Unsere Mitglieder "
    "gewinnen Fachkräfte, weil sie flexible Arbeitszeiten anbieten und Eltern nach der "
    "Elternzeit gut zurückholen. Gern stellen wir Ihnen in einem kurzen Gespräch vor, welche "
    "Angebote für die {company} passen und wie andere Unternehmen in der Region davon "
    "profitieren. Wir freuen uns auf Ihre Antwort und grüßen herzlich aus dem Kompetenzzentrum."
)
LETTER_SUBJECTS = (
    "Einladung zum Unternehmerfrühstück",
    "Familienfreundlichkeit als Vorteil bei der Fachkräftesuche",
    "Vorstellung des Netzwerks Familie und Beruf",
    "Ihr Gespräch mit der Wirtschaftsförderung",
)
