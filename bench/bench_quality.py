"""All targeting rules for a campaign of 1,000 letters against 5,000 recent texts.

Pure: no database. The figure is `check_campaign` from the drafted letters
(masking and fingerprinting them included) to the findings, with the recent
window's fingerprints read as the Django layer stores them. The floor is the bare
`rapidfuzz.process.cdist` over the same chunk strings the check compares, with
the same scorer, cutoff and workers.
"""

import random
from datetime import date, timedelta

from bench.common import Result, median_ms

CAMPAIGN_SIZE = 1000
WINDOW_SIZE = 5000
TODAY = date(2026, 11, 25)

FIRST_NAMES = "Anna Jörg Sabine Thomas Ulrike Michael Petra Jürgen Kerstin Stefan Aylin Mehmet"
LAST_NAMES = (
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
    "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Krüger Hartmann Lange Köhler"
)
TRADES = (
    "Metallbau Bäckerei Pflegedienst Elektrotechnik Tischlerei Autohaus Druckerei Spedition "
    "Gärtnerei Ingenieurbüro Zahnarztpraxis Steuerkanzlei Dachdeckerei Kunststofftechnik"
)
CITIES = [
    ("04109", "Leipzig"),
    ("08056", "Zwickau"),
    ("09111", "Chemnitz"),
    ("01067", "Dresden"),
    ("06108", "Halle (Saale)"),
    ("07743", "Jena"),
    ("08523", "Plauen"),
    ("09599", "Freiberg"),
]
STREETS = ["Hauptstraße", "Lindenweg", "Bahnhofstraße", "Gartenstraße", "Industriering", "Am Markt"]
SUBJECTS = [
    "Ihre Lage im Blick: Fachkräfte und Familie",
    "Was Ihrem Spätdienst helfen könnte",
    "Pflege und Beruf in Ihrem Betrieb",
    "Nach der Elternzeit zurück in Ihren Betrieb",
    "Eine Idee für Ihre Schichtplanung",
]
OFFERS = [
    "Für die {n} Beschäftigten, um die es geht, schlage ich vor, klein anzufangen.",
    "Wenn Sie mögen, komme ich in den nächsten Wochen für eine Stunde bei Ihnen vorbei.",
    "Gern bringe ich Sie mit einem Betrieb zusammen, der vor {n} Monaten dieselbe Frage hatte.",
    "Ich rufe Sie in der nächsten Woche an, wie mit {referrer} besprochen.",
]
REFERRERS = [
    "Herr Schulz von der IHK",
    "Frau Lange vom Lokalen Bündnis für Familie",
    "die Wirtschaftsförderung des Landkreises",
    "Ihre Innung",
    "Frau Krüger vom Unternehmerverband",
    "die Handwerkskammer",
]
SITUATIONS = [
    "in der Spätschicht seit dem Sommer {n} Stellen offen sind",
    "{n} Ihrer Beschäftigten Angehörige pflegen und mehrere ihre Stunden reduzieren wollen",
    "Sie im Frühjahr eine zweite Halle bezogen haben und {n} neue Leute suchen",
    "die Kita im Ort um sechzehn Uhr schließt und {n} Mütter im Verkauf keine Betreuung haben",
    "in Ihrem Wechseldienst {n} Frauen arbeiten und Spätdienste immer öfter ausfallen",
    "Ihre Entwicklungsabteilung mit {n} Ingenieurinnen kaum Bewerbungen aus den Städten bekommt",
    "nach der Elternzeit {n} Fachkräfte nur in Teilzeit zurückkommen möchten",
    "Ihre Touren um fünf Uhr beginnen und {n} Fahrer Kinder im Grundschulalter haben",
]
MEETINGS = [
    "beim Unternehmerfrühstück des Gewerbevereins",
    "auf der Ausbildungsmesse in der Stadthalle",
    "am Rande der Vollversammlung",
    "bei Ihrem Tag der offenen Tür",
    "im Telefonat mit unserer Kollegin",
]
LOCAL = [
    "Im Landkreis fehlen nach der letzten Bedarfsplanung gut {n}0 Krippenplätze.",
    "Ihre Gemeinde baut bis zum Herbst einen Hort für {n}0 Kinder neben dem Gewerbegebiet.",
    "Die Buslinie zum Werk fährt seit dem Fahrplanwechsel nur noch alle {n}0 Minuten.",
    "Zwei große Arbeitgeber in der Nachbarstadt werben gerade mit Vier-Tage-Wochen.",
    "Unser Bündnis vermittelt seit diesem Jahr {n} Tagesmütter mit Randzeitenbetreuung.",
    "Die Pflegestützpunkte im Kreis sind auf Wochen ausgebucht.",
]
ARGUMENTS = [
    "Belegplätze in einer Kita mit langen Öffnungszeiten entlasten den Spätdienst; die Stadt "
    "fördert solche Plätze im ersten Jahr zur Hälfte.",
    "Ein geschulter Vereinbarkeitslotse im Betrieb hilft Beschäftigten mit pflegebedürftigen "
    "Angehörigen, bevor sie Stunden reduzieren.",
    "Während der Elternzeit Kontakt zu halten, mit Einladungen und kurzen Vertretungseinsätzen, "
    "verkürzt den Wiedereinstieg deutlich.",
    "Eine Ferienbetreuung gemeinsam mit Nachbarbetrieben im Gewerbegebiet löst das Problem der "
    "sechs Sommerwochen ohne Schule.",
    "Schichtpläne, die vier Wochen im Voraus feststehen, sind für Eltern oft wichtiger als jede "
    "Prämie.",
    "Mobiles Arbeiten passt nicht zur Produktion, wohl aber zur Arbeitsvorbereitung und zum "
    "Einkauf.",
    "Das Zertifikat familienfreundliches Unternehmen macht Ihr Engagement bei Bewerbungen "
    "sichtbar und wird nach zwei Jahren erneuert.",
    "Ein Notfallbetreuungsdienst für kranke Kinder kann über unseren Rahmenvertrag gebucht werden.",
    "Essen aus der Kantine zum Mitnehmen spart Familien täglich eine halbe Stunde.",
    "Teilzeit in der Führung, etwa eine geteilte Meisterstelle, hält erfahrene Kräfte im Betrieb.",
    "Eine Pflegeberatung einmal im Monat im Betrieb erreicht gerade die Beschäftigten, die sich "
    "nicht trauen zu fragen.",
    "Ein Patenprogramm mit einem zertifizierten Betrieb Ihrer Branche zeigt, was sich in der "
    "Praxis bewährt hat.",
    "Lebensarbeitszeitkonten erlauben eine Auszeit für die Pflege, ohne dass jemand kündigen muss.",
    "Ein Eltern-Kind-Zimmer hilft an den Tagen, an denen die Betreuung kurzfristig ausfällt.",
    "Feste Ansprechpersonen für Rückkehrerinnen senken die Hürde, früher wieder einzusteigen.",
    "Eine Sprechstunde zur Vereinbarkeit in mehreren Sprachen erreicht auch neue Beschäftigte.",
]
MASS_TEMPLATES = [
    "wir sind das Kompetenzzentrum Frau und Beruf Westsachsen und unterstützen kleine und "
    "mittlere Unternehmen dabei, Fachkräfte zu gewinnen und zu halten, indem sie Beruf und "
    "Familie besser vereinbar machen. Flexible Arbeitszeiten, Belegplätze in Kitas und eine "
    "Pflegeberatung kosten wenig und wirken. Betriebe mit familienfreundlichen Angeboten "
    "erhalten nach Studien deutlich mehr Bewerbungen. Auch für {company} in {city} lohnt sich "
    "das. Gern stellen wir Ihnen in einem kurzen Gespräch vor, welche Maßnahmen zu Ihrem "
    "Betrieb passen könnten.",
    "der Fachkräftemangel trifft auch {company}. Familienfreundlichkeit ist ein Vorteil im "
    "Wettbewerb um gute Leute: Sechs von zehn Mittelständlern mit solchen Angeboten halten "
    "ihre Beschäftigten besser. Unser Netzwerk zeigt Ihnen, wie andere Betriebe in {city} das "
    "machen, und lädt Sie zu unserem nächsten Treffen ein. Wir freuen uns, wenn Sie dabei sind, "
    "und melden uns in den nächsten Tagen telefonisch bei Ihnen.",
]
CLOSING = (
    "\n\nSie können der Verwendung Ihrer Daten für Informationen dieser Art jederzeit "
    "widersprechen.\n\nMit freundlichen Grüßen\n\nKatrin Vogel\nProjektmitarbeiterin\n"
)


def letter(rng: random.Random, *, mass_template: int | None) -> tuple[str, tuple[str, ...]]:
    """A German letter (DIN 5008 head, salutation, body, closing) and its merge values."""
    title = rng.choice(["Frau", "Herr"])
    first, last = rng.choice(FIRST_NAMES.split()), rng.choice(LAST_NAMES.split())
    company = f"{rng.choice(TRADES.split())} {rng.choice(LAST_NAMES.split())} GmbH"
    postcode, city = rng.choice(CITIES)
    street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
    greeting = f"Sehr geehrte{'' if title == 'Frau' else 'r'} {title} {last}"
    head = (
        f"{company}\n{title} {first} {last}\n{street}\n{postcode} {city}\n\n"
        f"{rng.randint(1, 28)}. November 2026\n\n"
    )
    if mass_template is not None:
        subject = "Familienfreundlichkeit als Standortvorteil"
        body = MASS_TEMPLATES[mass_template].format(company=company, city=city)
    else:
        # A letter of its own: the company's situation, who sent us, three to five
        # arguments that fit, and a next step.
        subject = rng.choice(SUBJECTS)
        n = rng.randint(2, 40)
        referrer = rng.choice(REFERRERS)
        opener = (
            f"{rng.choice(MEETINGS)} haben Sie erzählt, dass "
            f"{rng.choice(SITUATIONS).format(n=n)}; {referrer} hat uns gebeten, "
            f"Ihnen zu schreiben. {rng.choice(LOCAL).format(n=rng.randint(2, 9))}"
        )
        arguments = " ".join(rng.sample(ARGUMENTS, rng.randint(3, 5)))
        offer = rng.choice(OFFERS).format(n=n, referrer=referrer)
        body = "\n\n".join([opener, arguments, offer])
    text = f"{head}{subject}\n\n{greeting},\n\n{body}{CLOSING}"
    return text, (company, f"{first} {last}", street, city)


def corpus(
    rng: random.Random, size: int, *, mass_share: float, templates: int
) -> list[tuple[str, tuple[str, ...]]]:
    return [
        letter(rng, mass_template=rng.randrange(templates) if rng.random() < mass_share else None)
        for _ in range(size)
    ]


def run() -> list[Result]:
    from rapidfuzz import fuzz, process

    from outreach import quality
    from outreach.introductions import Tie
    from outreach.quality import similarity

    rng = random.Random(2026)
    drafted = corpus(rng, CAMPAIGN_SIZE, mass_share=0.3, templates=1)
    stored = corpus(rng, WINDOW_SIZE, mass_share=0.2, templates=2)

    # The recent window as the Django layer stores it: fingerprinted when saved.
    window = [
        quality.RecentText(
            outreach_id=100_000 + i,
            company_id=100_000 + i,
            occurred_on=TODAY - timedelta(days=i % 90),
            fingerprint=quality.text_fingerprint(text, values),
        )
        for i, (text, values) in enumerate(stored)
    ]
    items = []
    companies = {}
    contacts = {}
    for i, (text, values) in enumerate(drafted):
        company_id, contact_id = 10_000 + i, 20_000 + i
        items.append(
            quality.Outreach(
                id=30_000 + i,
                company_id=company_id,
                channel=quality.Channel.LETTER,
                occurred_on=TODAY,
                by_user_id=1 + i % 4,
                contact_id=contact_id,
                campaign_id=1,
                template_id=1 + i % 3,
                warm=i % 3 == 0,
                is_first_outbound=True,
                planned=True,
                text=text,
                merge_values=values,
            )
        )
        companies[company_id] = quality.CompanyFacts(
            company_id=company_id,
            needs_profile_on=TODAY - timedelta(days=i % 500) if i % 4 else None,
            size_class=("micro", "small", "medium", "large")[i % 4],
            district=("Zwickau", "Leipzig", "Vogtlandkreis")[i % 3],
            sector_section="CQGF"[i % 4],
            ties=(Tie(i % 50, company_id, "knows_owner", 1 + i % 5, TODAY - timedelta(days=i)),),
        )
        contacts[contact_id] = quality.ContactFacts(
            contact_id=contact_id,
            company_id=company_id,
            objected_on=TODAY - timedelta(days=3) if i % 97 == 0 else None,
        )
    criteria = quality.TargetCriteria(
        size_classes=frozenset({"micro", "small", "medium"}),
        districts=frozenset({"Zwickau", "Leipzig"}),
    )
    thresholds = quality.Thresholds()

    def check() -> quality.CampaignResult:
        return quality.check_campaign(
            items,
            companies=companies,
            contacts=contacts,
            criteria=criteria,
            recent_texts=window,
            recent_counts=quality.RecentCounts(cold_first_by_user={1: 3}),
            thresholds=thresholds,
            today=TODAY,
        )

    result = check()
    generic = sum(
        any(f.rule_id == quality.GENERIC_TEXT for f in found) for found in result.item_findings
    )
    assert result.blocked
    assert 0.25 * CAMPAIGN_SIZE < generic < 0.5 * CAMPAIGN_SIZE, generic

    # The same strings the check compares in its cdist pass: 8-bit codes of the
    # distinct chunk sequences of the campaign and of the campaign plus the window.
    codes = similarity.ChunkCodes(thresholds.generic_min_words)
    drafted_codes = [
        codes.encode(quality.text_fingerprint(text, values)) for text, values in drafted
    ]
    window_codes = [codes.encode(text.fingerprint) for text in window]
    # Keyed by the exact sequence, as the check groups identical texts.
    queries = list(dict(filter(None, drafted_codes)).values())
    choices = list(dict(filter(None, drafted_codes + window_codes)).values())

    def floor() -> None:
        process.cdist(
            queries,
            choices,
            scorer=fuzz.ratio,
            score_cutoff=thresholds.generic_similarity,
            workers=-1,
        )

    return [
        Result(
            f"campaign check ({WINDOW_SIZE} recent)",
            CAMPAIGN_SIZE,
            median_ms(check, repeat=7, warmup=1),
            median_ms(floor, repeat=7, warmup=1),
            "bare cdist, same texts",
        )
    ]
