"""Plain-data letters and builders for the pure targeting-rule tests (no database)."""

import itertools
from datetime import date, timedelta

from outreach.quality import (
    CompanyFacts,
    ContactFacts,
    Finding,
    Outreach,
    RecentText,
    TargetCriteria,
    check_outreach,
    text_fingerprint,
)

TODAY = date(2026, 11, 25)
USER = 7
CAMPAIGN = 70


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


# --- Letters ------------------------------------------------------------------

PEOPLE = [
    ("Frau", "Anna", "Müller"),
    ("Herr", "Jörg", "Schneider"),
    ("Frau", "Sabine", "Weißenfels"),
    ("Herr", "Thomas", "Köhler"),
    ("Frau", "Ulrike", "Brandt"),
    ("Herr", "Michael", "Vogt"),
]
CITIES = [("04109", "Leipzig"), ("08056", "Zwickau"), ("09111", "Chemnitz"), ("07743", "Jena")]
TRADES = ["Metallbau", "Bäckerei", "Pflegedienst", "Elektrotechnik", "Tischlerei", "Spedition"]


def merge_fields(i: int) -> dict[str, str]:
    title, first, last = PEOPLE[i % len(PEOPLE)]
    postcode, city = CITIES[i % len(CITIES)]
    geehrt = "Sehr geehrte Frau" if title == "Frau" else "Sehr geehrter Herr"
    return {
        "company": f"{TRADES[i % len(TRADES)]} {last} GmbH",
        "person": f"{title} {first} {last}",
        "name": f"{first} {last}",
        "street": f"Lindenstraße {i + 3}",
        "postcode": postcode,
        "city": city,
        "greeting": f"{geehrt} {last}",
        "date": f"{(i % 27) + 1}. November 2026",
    }


def merge_values(i: int) -> tuple[str, ...]:
    fields = merge_fields(i)
    return (fields["company"], fields["name"], fields["street"], fields["city"])


HEAD = """{company}
{person}
{street}
{postcode} {city}

{date}

"""

MASS_BODY = """Familienfreundlichkeit als Standortvorteil

{greeting},

wir sind das Kompetenzzentrum Frau und Beruf Westsachsen. Wir unterstützen kleine und
mittlere Unternehmen dabei, Fachkräfte zu gewinnen und zu halten, indem sie Beruf und
Familie besser vereinbar machen. Flexible Arbeitszeiten, Belegplätze in Kitas und eine
Pflegeberatung kosten wenig und wirken. Auch für {company} in {city} lohnt sich das.
Gern stellen wir Ihnen in einem kurzen Gespräch vor, welche Maßnahmen zu Ihrem Betrieb
passen könnten.

Sie können der Verwendung Ihrer Daten für Informationen dieser Art jederzeit widersprechen.

Mit freundlichen Grüßen

Katrin Vogel
"""

OPENERS = [
    "{referrer} erzählte uns, dass Sie in der Spätschicht seit dem Sommer {n} Stellen nicht "
    "besetzen konnten und zwei Ihrer Meisterinnen nach der Elternzeit nur halbtags "
    "zurückkehren möchten.",
    "beim Unternehmerfrühstück des Gewerbevereins haben Sie geschildert, wie schwer es für "
    "Ihre {n} Beschäftigten ist, die Pflege der Eltern mit Touren ab fünf Uhr morgens zu "
    "vereinbaren; {referrer} hat uns gebeten, Ihnen ein paar Wege aufzuzeigen.",
    "Ihr Betrieb wächst: Sie haben im Frühjahr eine zweite Halle bezogen und suchen {n} neue "
    "Leute, während der Arbeitsmarkt im Landkreis leergefegt ist, wie {referrer} berichtet.",
    "{referrer} hat uns von Ihrem Plan erzählt, die Backstube auf einen Zweischichtbetrieb "
    "umzustellen, und von den {n} Müttern im Verkauf, die dann morgens keine Betreuung hätten.",
    "in Ihrem Pflegedienst arbeiten {n} Frauen im Wechseldienst, und seit die Kita im Ort "
    "um sechzehn Uhr schließt, fallen Spätdienste immer öfter aus, sagt {referrer}.",
    "Sie haben {referrer} gegenüber erwähnt, dass Ihre Entwicklungsabteilung mit {n} "
    "Ingenieurinnen und Ingenieuren kaum noch Bewerbungen aus den Großstädten bekommt.",
]

PARAGRAPHS = [
    "Zwei Belegplätze in der Kita Sonnenschein, die bis neunzehn Uhr geöffnet hat, würden "
    "Ihren Spätdienst entlasten; die Stadt fördert solche Plätze im ersten Jahr zur Hälfte.",
    "Ein geschulter Vereinbarkeitslotse im Betrieb hilft Beschäftigten mit pflegebedürftigen "
    "Angehörigen, bevor sie Stunden reduzieren; die Schulung dauert zwei Tage und ist kostenfrei.",
    "Während der Elternzeit regelmäßig Kontakt zu halten, mit Einladungen zur Weihnachtsfeier "
    "und kurzen Vertretungseinsätzen, verkürzt den Wiedereinstieg nach unserer Erfahrung deutlich.",
    "Eine Ferienbetreuung gemeinsam mit zwei Nachbarbetrieben im Gewerbegebiet kostet jeden "
    "Betrieb wenig und löst das Problem der sechs Sommerwochen ohne Schule.",
    "Schichtpläne, die vier Wochen im Voraus feststehen, sind für Eltern oft wichtiger als "
    "jede Prämie; wir haben dafür eine Vorlage, die ein Zulieferer aus Crimmitschau nutzt.",
    "Mobiles Arbeiten passt nicht zur Produktion, wohl aber zur Arbeitsvorbereitung und zum "
    "Einkauf; eine klare Regel dazu macht Stellen für Bewerberinnen mit Kindern attraktiver.",
    "Das Zertifikat familienfreundliches Unternehmen im Landkreis wird nach zwei Jahren "
    "erneuert und macht Ihr Engagement bei Bewerbungen und im Ort sichtbar.",
    "Ein Notfallbetreuungsdienst für kranke Kinder kann über unseren Rahmenvertrag für "
    "wenige Euro je Beschäftigtem und Monat gebucht werden.",
    "Essen aus der Kantine zum Mitnehmen klingt klein, spart Familien aber täglich eine "
    "halbe Stunde; zwei Handwerksbetriebe in unserem Netzwerk bieten das bereits an.",
    "Teilzeit in der Führung, etwa eine geteilte Meisterstelle, hält erfahrene Kräfte im "
    "Betrieb, die sonst ganz gehen würden.",
    "Eine Pflegeberatung in der Sprechstunde der Krankenkasse, einmal im Monat im Betrieb, "
    "erreicht gerade die Beschäftigten, die sich nicht trauen zu fragen.",
    "Ein Patenprogramm mit einem langjährig zertifizierten Betrieb aus Ihrer Branche zeigt "
    "Ihnen, was sich in der Praxis bewährt hat und was nicht.",
]

# Three arguments per letter, a different set for each company.
ARGUMENT_SETS = list(itertools.combinations(range(len(PARAGRAPHS)), 3))

LOCAL = [
    "Im Landkreis fehlen nach der letzten Bedarfsplanung gut dreihundert Krippenplätze.",
    "Ihre Gemeinde baut bis zum Herbst einen Hort direkt neben dem Gewerbegebiet.",
    "Die Buslinie zum Werk fährt seit dem Fahrplanwechsel nur noch stündlich.",
    "Zwei große Arbeitgeber in der Nachbarstadt werben gerade mit Vier-Tage-Wochen.",
    "Unser Bündnis vermittelt seit diesem Jahr Tagesmütter mit Randzeitenbetreuung.",
]

REFERRERS = [
    "Herr Schulz von der IHK",
    "Frau Lange vom Lokalen Bündnis",
    "die Wirtschaftsförderung",
    "Ihre Innung",
]

TAILORED_TAIL = """

Wenn Sie mögen, komme ich in den nächsten Wochen für eine Stunde bei Ihnen vorbei.
Sie können der Verwendung Ihrer Daten für Informationen dieser Art jederzeit widersprechen.

Mit freundlichen Grüßen

Katrin Vogel
"""


def mass_letter(i: int) -> str:
    return (HEAD + MASS_BODY).format(**merge_fields(i))


def tailored_letter(i: int) -> str:
    """A letter of its own for company i: its situation and three arguments that fit it."""
    fields = merge_fields(i)
    opener = OPENERS[i % len(OPENERS)].format(referrer=REFERRERS[i % len(REFERRERS)], n=4 + i)
    chosen = [PARAGRAPHS[k] for k in ARGUMENT_SETS[(i * 37) % len(ARGUMENT_SETS)]]
    subject = f"Ihre Lage im Blick: {TRADES[(i * 7) % len(TRADES)]} und Familie\n\n"
    return (
        HEAD.format(**fields)
        + subject
        + f"{fields['greeting']},\n\n"
        + opener
        + " "
        + LOCAL[(i // len(OPENERS)) % len(LOCAL)]
        + "\n\n"
        + "\n\n".join(chosen)
        + TAILORED_TAIL
    )


def recent(i: int, text: str, *, on: date = TODAY, outreach_id: int | None = None) -> RecentText:
    return RecentText(
        outreach_id=outreach_id or 5000 + i,
        company_id=5000 + i,
        occurred_on=on,
        fingerprint=text_fingerprint(text, merge_values(i)),
    )


# --- Builders ------------------------------------------------------------------

COMPANY = 100
CONTACT = 200
CRITERIA = TargetCriteria(
    size_classes=frozenset({"micro", "small", "medium"}),
    districts=frozenset({"Zwickau", "Leipzig"}),
    sections=frozenset({"C", "Q"}),
)


def item(**overrides: object) -> Outreach:
    """A prepared, warm, tailored letter to a named person: the good case."""
    fields: dict[str, object] = {
        "id": 1,
        "company_id": COMPANY,
        "channel": "letter",
        "occurred_on": TODAY,
        "by_user_id": USER,
        "contact_id": CONTACT,
        "warm": True,
        "is_first_outbound": True,
        "text": tailored_letter(0),
        "merge_values": merge_values(0),
    }
    fields.update(overrides)
    return Outreach(**fields)


def company(**overrides: object) -> CompanyFacts:
    fields: dict[str, object] = {
        "company_id": COMPANY,
        "needs_profile_on": ago(30),
        "size_class": "small",
        "district": "Zwickau",
        "sector_section": "C",
    }
    fields.update(overrides)
    return CompanyFacts(**fields)


def contact(**overrides: object) -> ContactFacts:
    fields: dict[str, object] = {"contact_id": CONTACT, "company_id": COMPANY}
    fields.update(overrides)
    return ContactFacts(**fields)


def check(
    outreach: Outreach,
    *,
    company_facts: CompanyFacts | None = None,
    contact_facts: ContactFacts | None = None,
    **kwargs: object,
) -> list[Finding]:
    if contact_facts is None and outreach.contact_id is not None:
        contact_facts = contact(contact_id=outreach.contact_id)
    kwargs.setdefault("criteria", CRITERIA)
    return check_outreach(
        outreach,
        company=company_facts or company(),
        contact=contact_facts,
        today=TODAY,
        **kwargs,
    )


def fired(findings: list[Finding]) -> list[str]:
    return [f.rule_id for f in findings]


def only(findings: list[Finding], rule_id: str) -> Finding:
    matching = [f for f in findings if f.rule_id == rule_id]
    assert len(matching) == 1, fired(findings)
    return matching[0]
