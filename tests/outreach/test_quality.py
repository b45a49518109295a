"""Targeting rules on hand-made outreach, companies and contacts (no database)."""

import dataclasses
import itertools
import json
from datetime import date, timedelta

import pytest

from outreach import quality
from outreach.introductions import Tie
from outreach.quality import (
    CHANNEL_NOT_ALLOWED,
    COLD_ALTHOUGH_WARM,
    DO_NOT_CONTACT,
    GENERIC_TEXT,
    MSG_AT_LEAST_ONE,
    MSG_AT_LEAST_ONE_DAY,
    MSG_PERCENT,
    MSG_SIMILARITY,
    MSG_TIE_STRENGTH,
    MSG_WHOLE_NUMBER,
    NO_NAMED_PERSON,
    POOR_FIT,
    RULES,
    UNPREPARED_FIRST_CONTACT,
    VOLUME_BURST,
    CompanyFacts,
    ContactFacts,
    Finding,
    Outreach,
    RecentCounts,
    RecentText,
    Severity,
    TargetCriteria,
    ThresholdError,
    Thresholds,
    check_campaign,
    check_outreach,
    mask_text,
    similar_texts,
    targeting_score,
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


# --- The good case ----------------------------------------------------------------


def test_prepared_warm_tailored_letter_to_a_named_person_raises_nothing():
    others = [recent(i, tailored_letter(i), on=ago(i)) for i in range(1, 25)]
    findings = check(
        item(),
        company_facts=company(ties=(Tie(1, COMPANY, "knows_owner", 5, ago(10)),)),
        recent_texts=others,
        recent_counts=RecentCounts(cold_first_by_user={USER: 9}),
    )
    assert findings == []


def test_inbound_contact_raises_nothing():
    findings = check(
        item(direction="in", channel="email", warm=False, contact_id=None, text="Anfrage"),
        company_facts=company(needs_profile_on=None, declined_on=ago(5)),
    )
    assert findings == []


def test_rule_registry_is_complete_and_bilingual():
    assert sorted(rule.number for rule in RULES.values()) == list(range(1, 9))
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert rule.title("de")
        assert rule.title("en") not in ("", rule.title("de"))
        assert rule.explanation("de-de") == rule.explanation_de
        assert rule.explanation("en") == rule.explanation_en
    blocking = {rule.id for rule in RULES.values() if rule.severity == Severity.BLOCK}
    assert blocking == {CHANNEL_NOT_ALLOWED, DO_NOT_CONTACT}
    assert RULES[GENERIC_TEXT].campaign_severity == Severity.BLOCK


# --- 1. Unprepared first contact ---------------------------------------------------------


@pytest.mark.parametrize(
    ("needs_profile_on", "fires"),
    [
        (None, True),
        (ago(400), True),
        (ago(366), True),
        (ago(365), False),
        (ago(30), False),
        (TODAY + timedelta(days=3), True),  # captured after the contact: it did not prepare it
    ],
)
def test_unprepared_first_contact(needs_profile_on, fires):
    findings = check(item(), company_facts=company(needs_profile_on=needs_profile_on))
    assert (UNPREPARED_FIRST_CONTACT in fired(findings)) is fires
    if needs_profile_on == ago(400):
        evidence = only(findings, UNPREPARED_FIRST_CONTACT).evidence
        assert evidence == {"needs_profile_on": "2025-10-21", "age_days": 400, "max_age_days": 365}


def test_unprepared_applies_to_first_contacts_only():
    findings = check(item(is_first_outbound=False), company_facts=company(needs_profile_on=None))
    assert UNPREPARED_FIRST_CONTACT not in fired(findings)


def test_planned_item_is_judged_as_of_today():
    drafted = item(occurred_on=ago(10))
    profile = company(needs_profile_on=ago(370))
    assert UNPREPARED_FIRST_CONTACT not in fired(check(drafted, company_facts=profile))
    planned = dataclasses.replace(drafted, planned=True)
    assert UNPREPARED_FIRST_CONTACT in fired(check(planned, company_facts=profile))


# --- 2. Cold although warm is possible --------------------------------------------------


def test_cold_first_contact_despite_a_strong_recent_tie():
    ties = (
        Tie(1, COMPANY, "same_association", 4, ago(200)),
        Tie(2, COMPANY, "knows_owner", 5, ago(40)),
    )
    findings = check(item(warm=False), company_facts=company(ties=ties))
    evidence = only(findings, COLD_ALTHOUGH_WARM).evidence
    assert evidence["partner_id"] == 2
    assert evidence["tie_strength"] == 5
    assert evidence["tie_age_days"] == 40
    assert evidence["strong_ties"] == 2


@pytest.mark.parametrize(
    ("overrides", "tie"),
    [
        ({"warm": True}, Tie(1, COMPANY, "knows_owner", 5, ago(10))),
        ({"warm": False}, Tie(1, COMPANY, "knows_owner", 3, ago(10))),  # weak
        ({"warm": False}, Tie(1, COMPANY, "knows_owner", 5, ago(400))),  # old
        ({"warm": False}, Tie(1, COMPANY, "knows_owner", 5, None)),  # undated
        ({"warm": False, "is_first_outbound": False}, Tie(1, COMPANY, "knows_owner", 5, ago(1))),
    ],
)
def test_cold_although_warm_stays_quiet(overrides, tie):
    findings = check(item(**overrides), company_facts=company(ties=(tie,)))
    assert COLD_ALTHOUGH_WARM not in fired(findings)


def test_strong_tie_thresholds_apply():
    tie = Tie(1, COMPANY, "supplier", 3, ago(100))
    loose = Thresholds(strong_tie_min_strength=3)
    findings = check(item(warm=False), company_facts=company(ties=(tie,)), thresholds=loose)
    assert COLD_ALTHOUGH_WARM in fired(findings)


# --- 3. Generic text ---------------------------------------------------------------------


def test_mass_letter_is_generic():
    window = [recent(i, mass_letter(i), on=ago(i)) for i in range(1, 4)]
    findings = check(
        item(text=mass_letter(0)), recent_texts=[*window, recent(9, tailored_letter(9))]
    )
    evidence = only(findings, GENERIC_TEXT).evidence
    assert evidence["similarity"] == 100.0
    assert evidence["similar_texts"] == 3
    assert sorted(evidence["similar_outreach_ids"]) == [5001, 5002, 5003]
    assert only(findings, GENERIC_TEXT).severity == Severity.WARNING


def test_lightly_edited_mass_letter_is_still_generic():
    edited = mass_letter(0).replace("kosten wenig und wirken", "kosten nicht viel und wirken")
    findings = check(item(text=edited), recent_texts=[recent(1, mass_letter(1))])
    assert 90 <= only(findings, GENERIC_TEXT).evidence["similarity"] < 100


@pytest.mark.parametrize(
    "case",
    ["tailored", "same_company", "outside_window", "too_short", "phone", "itself"],
)
def test_generic_text_stays_quiet(case):
    outreach = item(text=mass_letter(0))
    window = [recent(i, mass_letter(i), on=ago(5)) for i in range(1, 4)]
    if case == "tailored":
        outreach = item()
    elif case == "same_company":  # a reminder to the same company is no mass letter
        window = [dataclasses.replace(text, company_id=COMPANY) for text in window]
    elif case == "outside_window":
        window = [dataclasses.replace(text, occurred_on=ago(91)) for text in window]
    elif case == "too_short":
        outreach = item(text="Sehr geehrte Frau Müller, anbei wie besprochen die Unterlagen.")
        window = [recent(1, "Sehr geehrter Herr Vogt, anbei wie besprochen die Unterlagen.")]
    elif case == "phone":
        outreach = item(channel="phone")
    elif case == "itself":  # the item's own stored text in the window
        window = [recent(0, mass_letter(0), outreach_id=1)]
    findings = check(
        outreach,
        recent_texts=window,
        company_facts=company(presumed_consent_reason="Rückruf erbeten"),
    )
    assert GENERIC_TEXT not in fired(findings)


def test_generic_level_is_a_threshold():
    edited = mass_letter(0).replace("kosten wenig und wirken", "kosten nicht viel und wirken")
    window = [recent(1, mass_letter(1))]
    score = only(check(item(text=edited), recent_texts=window), GENERIC_TEXT).evidence["similarity"]
    assert isinstance(score, float)
    strict = Thresholds(generic_similarity=min(score + 1, 100))
    assert GENERIC_TEXT not in fired(
        check(item(text=edited), recent_texts=window, thresholds=strict)
    )


def test_similar_texts_without_numpy_gives_the_same_answer(monkeypatch):
    texts = [mass_letter(i) if i % 3 else tailored_letter(i) for i in range(12)]
    queries = [(i, i, text_fingerprint(t, merge_values(i))) for i, t in enumerate(texts)]
    window = [recent(i, mass_letter(i)) for i in range(20, 26)]
    with_numpy = similar_texts(queries, window, thresholds=Thresholds())
    monkeypatch.setattr(quality, "_HAS_NUMPY", False)
    assert similar_texts(queries, window, thresholds=Thresholds()) == with_numpy
    assert [m is not None and m.generic for m in with_numpy] == [bool(i % 3) for i in range(12)]


# --- 4. Volume burst ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "overrides", "scopes"),
    [
        (RecentCounts(cold_first_by_user={USER: 10}), {"warm": False}, ["person"]),
        (RecentCounts(cold_first_by_user={USER: 9}), {"warm": False}, []),
        (RecentCounts(cold_first_by_user={USER: 50}), {"warm": True}, []),  # warm is fine
        (
            RecentCounts(cold_first_by_campaign={CAMPAIGN: 10}),
            {"warm": False, "campaign_id": CAMPAIGN},
            ["campaign"],
        ),
        (RecentCounts(companies_by_template={3: 20}), {"template_id": 3}, ["template"]),
        (RecentCounts(companies_by_template={3: 19}), {"template_id": 3}, []),
        (
            RecentCounts(cold_first_by_user={USER: 10}, companies_by_template={3: 20}),
            {"warm": False, "template_id": 3},
            ["person", "template"],
        ),
    ],
)
def test_volume_burst_for_one_item(counts, overrides, scopes):
    findings = check(item(**overrides), recent_counts=counts)
    if not scopes:
        assert VOLUME_BURST not in fired(findings)
        return
    exceeded = only(findings, VOLUME_BURST).evidence["exceeded"]
    assert [e["scope"] for e in exceeded] == scopes
    assert exceeded[0]["count"] == 11 if scopes[0] != "template" else 21


# --- 5. Poor fit --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "outside"),
    [
        ({}, []),
        ({"size_class": "large"}, ["size_class"]),
        ({"district": "Vogtlandkreis"}, ["district"]),
        ({"district": "zwickau "}, []),  # districts compare without case and spaces
        ({"sector_section": "K"}, ["section"]),
        ({"size_class": "large", "sector_section": "K"}, ["size_class", "section"]),
        ({"size_class": "", "district": ""}, []),  # unknown is not outside
    ],
)
def test_poor_fit(overrides, outside):
    findings = check(item(), company_facts=company(**overrides))
    if not outside:
        assert POOR_FIT not in fired(findings)
        return
    evidence = only(findings, POOR_FIT).evidence
    assert evidence["outside"] == outside
    if "size_class" in outside:
        assert evidence["allowed_size_classes"] == ["medium", "micro", "small"]


@pytest.mark.parametrize("criteria", [None, TargetCriteria()])
def test_no_criteria_means_any_company_fits(criteria):
    findings = check(item(), company_facts=company(size_class="large"), criteria=criteria)
    assert POOR_FIT not in fired(findings)


# --- 6. Channel not allowed -----------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "contact_overrides", "company_overrides", "outreach_overrides", "reason"),
    [
        ("email", {}, {}, {}, "no_email_consent"),
        ("email", {"email_consent_on": ago(1)}, {}, {}, None),
        ("email", {"email_consent_on": TODAY + timedelta(days=1)}, {}, {}, "consent_after_contact"),
        ("email", {}, {}, {"contact_id": None}, "no_email_consent"),
        ("email", {}, {}, {"solicited": True}, None),  # answering the company's enquiry
        ("phone", {}, {}, {}, "no_presumed_consent_reason"),
        ("phone", {"presumed_consent_reason": "bat auf der Messe um Anruf"}, {}, {}, None),
        ("phone", {}, {"presumed_consent_reason": "Rückruf erbeten"}, {}, None),
        ("phone", {"presumed_consent_reason": "   "}, {}, {}, "no_presumed_consent_reason"),
        ("letter", {}, {}, {}, None),  # postal letters never need consent
        ("letter", {}, {}, {"contact_id": None}, None),
        ("meeting", {}, {}, {}, None),
        ("event", {}, {}, {}, None),
        ("other", {}, {}, {}, None),
    ],
)
def test_channel_not_allowed(
    channel, contact_overrides, company_overrides, outreach_overrides, reason
):
    outreach = item(channel=channel, **outreach_overrides)
    findings = check(
        outreach,
        company_facts=company(**company_overrides),
        contact_facts=contact(**contact_overrides) if outreach.contact_id else None,
    )
    if reason is None:
        assert CHANNEL_NOT_ALLOWED not in fired(findings)
        return
    finding = only(findings, CHANNEL_NOT_ALLOWED)
    assert finding.severity == Severity.BLOCK
    assert finding.blocks
    assert finding.evidence["reason"] == reason
    assert finding.evidence["channel"] == channel


# --- 7. Do not contact -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "contact_overrides", "company_overrides", "outreach_overrides", "reasons"),
    [
        ("letter", {"objected_on": ago(20)}, {}, {}, ["objection"]),
        ("email", {"objected_on": ago(20), "email_consent_on": ago(300)}, {}, {}, ["objection"]),
        ("letter", {"do_not_contact": True}, {}, {}, ["do_not_contact"]),
        ("letter", {"objected_on": ago(2)}, {}, {"occurred_on": ago(9)}, []),  # before it
        (
            "letter",
            {"objected_on": ago(2)},
            {},
            {"occurred_on": ago(9), "planned": True},
            ["objection"],
        ),
        (
            "letter",
            {},
            {"declined_on": ago(60), "reapproach_on": TODAY + timedelta(days=30)},
            {},
            ["declined"],
        ),
        ("letter", {}, {"declined_on": ago(60), "reapproach_on": TODAY}, {}, []),  # due again
        ("letter", {}, {"declined_on": ago(60)}, {}, ["declined"]),  # no date: a no stands
        ("email", {"email_consent_on": ago(99)}, {"declined_on": ago(60)}, {"solicited": True}, []),
        (
            "letter",
            {"objected_on": ago(20)},
            {"declined_on": ago(60)},
            {"solicited": True},
            ["objection"],
        ),
        ("letter", {}, {}, {}, []),
    ],
)
def test_do_not_contact(channel, contact_overrides, company_overrides, outreach_overrides, reasons):
    findings = check(
        item(channel=channel, **outreach_overrides),
        contact_facts=contact(**contact_overrides),
        company_facts=company(**company_overrides),
    )
    if not reasons:
        assert DO_NOT_CONTACT not in fired(findings)
        return
    finding = only(findings, DO_NOT_CONTACT)
    assert finding.severity == Severity.BLOCK
    assert finding.evidence["reasons"] == reasons


# --- 8. No named person ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "salutation"),
    [
        ({"contact_id": None}, None),
        (
            {"text": "Sehr geehrte Damen und Herren,\n\nwir laden Sie ein."},
            "Sehr geehrte Damen und Herren",
        ),
        ({"text": "Dear Sir or Madam, we would like to"}, "Dear Sir or Madam"),
        ({"text": "Sehr geehrtes Personal-Team, wir"}, "Sehr geehrtes Personal-Team"),
    ],
)
def test_no_named_person_fires(overrides, salutation):
    findings = check(item(**overrides))
    finding = only(findings, NO_NAMED_PERSON)
    assert finding.evidence["salutation"] == salutation
    assert finding.severity == Severity.WARNING


@pytest.mark.parametrize(
    "outreach",
    [
        item(),
        item(text="Guten Tag Anna Müller,\n\nwie besprochen"),
        item(channel="phone", contact_id=None),  # a call to the switchboard is addressed by voice
        item(channel="meeting", contact_id=None, text=""),
    ],
)
def test_no_named_person_stays_quiet(outreach):
    findings = check(outreach, company_facts=company(presumed_consent_reason="Rückruf erbeten"))
    assert NO_NAMED_PERSON not in fired(findings)


# --- Campaigns -----------------------------------------------------------------------


def campaign(
    *, tailored: bool, prepared: bool, warm: bool, size: int = 30
) -> tuple[list[Outreach], dict[int, CompanyFacts], dict[int, ContactFacts]]:
    items = []
    companies = {}
    contacts = {}
    for i in range(size):
        company_id, contact_id = 1000 + i, 2000 + i
        items.append(
            Outreach(
                id=3000 + i,
                company_id=company_id,
                channel="letter",
                occurred_on=TODAY,
                by_user_id=USER,
                contact_id=contact_id,
                campaign_id=CAMPAIGN,
                warm=warm,
                is_first_outbound=True,
                planned=True,
                text=tailored_letter(i) if tailored else mass_letter(i),
                merge_values=merge_values(i),
            )
        )
        companies[company_id] = company(
            company_id=company_id, needs_profile_on=ago(20) if prepared else None
        )
        contacts[contact_id] = contact(contact_id=contact_id, company_id=company_id)
    return items, companies, contacts


def test_thirty_near_identical_letters_to_unprepared_companies_are_blocked():
    items, companies, contacts = campaign(tailored=False, prepared=False, warm=True)
    result = check_campaign(
        items, companies=companies, contacts=contacts, criteria=CRITERIA, today=TODAY
    )
    assert result.blocked
    (share,) = result.campaign_findings
    assert share.rule_id == GENERIC_TEXT
    assert share.severity == Severity.BLOCK
    assert share.campaign_id == CAMPAIGN
    assert share.evidence["generic"] == share.evidence["letters"] == 30
    assert share.evidence["percent"] == 100.0
    for found in result.item_findings:
        assert [f.rule_id for f in found] == [UNPREPARED_FIRST_CONTACT, GENERIC_TEXT]
        assert found[1].evidence["similar_texts"] == 29
    score = result.score()
    assert (score.first_contacts, score.prepared, score.warm, score.tailored) == (30, 0, 30, 0)
    assert score.score == pytest.approx(33.3)


def test_the_same_campaign_tailored_and_prepared_raises_nothing():
    items, companies, contacts = campaign(tailored=True, prepared=True, warm=True)
    window = [recent(i, tailored_letter(i), on=ago(i % 60)) for i in range(40, 90)]
    result = check_campaign(
        items,
        companies=companies,
        contacts=contacts,
        criteria=CRITERIA,
        recent_texts=window,
        today=TODAY,
    )
    assert result.findings == ()
    assert not result.blocked
    assert result.score().score == 100.0
    assert result.score().targeted_percent == 100.0


def test_a_cold_tailored_campaign_can_be_sent_after_acknowledging_the_burst():
    items, companies, contacts = campaign(tailored=True, prepared=True, warm=False)
    result = check_campaign(
        items,
        companies=companies,
        contacts=contacts,
        recent_counts=RecentCounts(cold_first_by_user={USER: 2}),
        today=TODAY,
    )
    assert not result.blocked
    assert all(f.rule_id == VOLUME_BURST for f in result.findings)
    scopes = {f.evidence["scope"]: f for f in result.campaign_findings}
    assert scopes["person"].evidence["count"] == 32
    assert scopes["person"].user_id == USER
    assert scopes["campaign"].evidence["count"] == 30
    assert result.warnings == result.campaign_findings


def test_campaign_template_overuse_and_bursts_below_the_limit():
    items, companies, contacts = campaign(tailored=True, prepared=True, warm=False, size=10)
    items = [dataclasses.replace(i, template_id=4) for i in items]
    quiet = check_campaign(items, companies=companies, contacts=contacts, today=TODAY)
    assert quiet.findings == ()
    counts = RecentCounts(companies_by_template={4: 11})
    loud = check_campaign(
        items, companies=companies, contacts=contacts, recent_counts=counts, today=TODAY
    )
    (template,) = loud.campaign_findings
    assert template.evidence == {"scope": "template", "id": 4, "count": 21, "max": 20, "days": 30}


def test_a_small_generic_batch_warns_per_letter_but_is_not_blocked():
    items, companies, contacts = campaign(tailored=False, prepared=True, warm=True, size=4)
    result = check_campaign(items, companies=companies, contacts=contacts, today=TODAY)
    assert result.campaign_findings == ()
    assert not result.blocked
    assert {f.rule_id for f in result.findings} == {GENERIC_TEXT}


def test_a_few_generic_letters_in_a_tailored_campaign_stay_below_the_share():
    items, companies, contacts = campaign(tailored=True, prepared=True, warm=True, size=20)
    items[:5] = [dataclasses.replace(o, text=mass_letter(i)) for i, o in enumerate(items[:5])]
    result = check_campaign(items, companies=companies, contacts=contacts, today=TODAY)
    assert not result.blocked
    assert sum(GENERIC_TEXT in fired(list(found)) for found in result.item_findings) == 5
    assert result.score().tailored == 15


def test_campaign_blocks_on_a_single_blocked_letter():
    items, companies, contacts = campaign(tailored=True, prepared=True, warm=True, size=3)
    contacts[2001] = dataclasses.replace(contacts[2001], objected_on=ago(3))
    result = check_campaign(items, companies=companies, contacts=contacts, today=TODAY)
    assert result.blocked
    assert fired(list(result.item_findings[1])) == [DO_NOT_CONTACT]


def test_campaign_criteria_per_company():
    items, companies, contacts = campaign(tailored=True, prepared=True, warm=True, size=2)
    criteria = {1000: CRITERIA, 1001: TargetCriteria(sections=frozenset({"Q"}))}
    result = check_campaign(
        items, companies=companies, contacts=contacts, criteria=criteria, today=TODAY
    )
    assert [fired(list(found)) for found in result.item_findings] == [[], [POOR_FIT]]


def test_campaign_refuses_inconsistent_input():
    items, companies, contacts = campaign(tailored=True, prepared=True, warm=True, size=2)
    with pytest.raises(ValueError, match="more than one campaign"):
        check_campaign(
            [items[0], dataclasses.replace(items[1], campaign_id=71)],
            companies=companies,
            contacts=contacts,
            today=TODAY,
        )
    with pytest.raises(ValueError, match="company facts missing"):
        check_campaign(items, companies={}, contacts=contacts, today=TODAY)
    with pytest.raises(ValueError, match="contact facts missing"):
        check_campaign(items, companies=companies, contacts={}, today=TODAY)


def test_findings_serialise_to_json():
    items, companies, contacts = campaign(tailored=False, prepared=False, warm=False)
    companies = {
        cid: dataclasses.replace(facts, ties=(Tie(1, cid, "knows_owner", 5, ago(3)),))
        for cid, facts in companies.items()
    }
    contacts[2003] = dataclasses.replace(contacts[2003], objected_on=ago(1))
    items[4] = dataclasses.replace(items[4], contact_id=None)
    result = check_campaign(
        [dataclasses.replace(o, template_id=1, channel="email") for o in items],
        companies=companies,
        contacts=contacts,
        criteria=TargetCriteria(sections=frozenset({"Q"})),
        today=TODAY,
    )
    assert {f.rule_id for f in result.findings} == set(RULES)
    payload = json.loads(json.dumps([f.as_dict() for f in result.findings]))
    assert payload[0]["rule_id"] == GENERIC_TEXT
    assert payload[0]["severity"] == "block"


# --- Masking ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "values", "masked"),
    [
        ("Liebe Grüße an Anna Müller!", ["Anna Müller"], "Liebe Grüße an [merge]!"),
        ("Liebe Grüße\nKatrin Vogel", [], "Liebe Grüße\nKatrin Vogel"),
        ("Liebe Kolleginnen und Kollegen,", [], "Liebe Kolleginnen und Kollegen,"),
        ("Grüße an ANNA MUELLER.", ["Anna Müller"], "Grüße an [merge]."),
        ("Grüße an Anna Müller.", ["Anna Mueller"], "Grüße an [merge]."),
        ("Bei Weissenfels & Söhne", ["Weißenfels & Söhne"], "Bei [merge]"),
        ("Die Metallbau Köhler hat", ["Metallbau Köhler GmbH"], "Die [merge] hat"),
        ("Müllers Team", ["Müller"], "[merge] Team"),
        ("Der Bauernhof von Bauer", ["Bauer"], "Der Bauernhof von [merge]"),
        ("Frau Dr. Schulz sagte", [], "[person] sagte"),
        ("wie Herr Schulz Ihnen sagte", [], "wie [person] Ihnen sagte"),
        ("an Herrn Thomas Köhler\n", [], "an [person]\n"),
        ("Sehr geehrter Herr Prof. Dr. Vogt,", [], "[salutation],"),
        ("Guten Tag Kim Brandt,", [], "[salutation],"),
        ("Sehr geehrte Frau Müller,", ["Müller"], "[salutation],"),
        ("04109 Leipzig\n", [], "[place]\n"),
        ("06108 Halle (Saale)", [], "[place]"),
        ("60311 Frankfurt am Main", [], "[place]"),
        ("Lindenstraße 12a, Am Markt 3", [], "[street], [street]"),
        ("am 3. Oktober 2026 und am 12.10.2026", [], "am [date] und am [date]"),
        ("bis 2026-11-25.", [], "bis [date]."),
        ("an info@mueller-metall.de", ["Müller"], "an [email]"),
        ("seit 25 Jahren mit 40 Beschäftigten", [], "seit 25 Jahren mit 40 Beschäftigten"),
    ],
)
def test_mask_text(text, values, masked):
    assert mask_text(text, values) == masked


def test_mass_letters_share_a_fingerprint_and_tailored_ones_do_not():
    first, second = (text_fingerprint(mass_letter(i), merge_values(i)) for i in (0, 1))
    assert first == second
    assert text_fingerprint(mass_letter(0), merge_values(0)) == first  # deterministic
    assert "|" in first  # cut into chunks
    assert "merge" in first
    assert "mueller" not in first
    assert text_fingerprint(tailored_letter(0), merge_values(0)) != text_fingerprint(
        tailored_letter(1), merge_values(1)
    )


# --- Thresholds ----------------------------------------------------------------------


def test_default_thresholds_are_valid():
    Thresholds().validate()


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"needs_profile_max_age_days": -1}, {"needs_profile_max_age_days": MSG_AT_LEAST_ONE_DAY}),
        ({"burst_days": 0}, {"burst_days": MSG_AT_LEAST_ONE_DAY}),
        ({"generic_window_days": 0}, {"generic_window_days": MSG_AT_LEAST_ONE_DAY}),
        ({"burst_days": 7.5}, {"burst_days": MSG_WHOLE_NUMBER}),
        ({"burst_max_cold_first": 0}, {"burst_max_cold_first": MSG_AT_LEAST_ONE}),
        ({"template_max_companies": -3}, {"template_max_companies": MSG_AT_LEAST_ONE}),
        ({"generic_similarity": 0}, {"generic_similarity": MSG_SIMILARITY}),
        ({"generic_similarity": 100.5}, {"generic_similarity": MSG_SIMILARITY}),
        ({"generic_similarity": -5}, {"generic_similarity": MSG_SIMILARITY}),
        ({"campaign_generic_max_percent": 120}, {"campaign_generic_max_percent": MSG_PERCENT}),
        ({"strong_tie_min_strength": 6}, {"strong_tie_min_strength": MSG_TIE_STRENGTH}),
        ({"strong_tie_min_strength": True}, {"strong_tie_min_strength": MSG_WHOLE_NUMBER}),
        (
            {"burst_days": -7, "generic_similarity": 150},
            {"burst_days": MSG_AT_LEAST_ONE_DAY, "generic_similarity": MSG_SIMILARITY},
        ),
    ],
)
def test_nonsense_thresholds_are_refused(overrides, errors):
    thresholds = Thresholds(**overrides)
    with pytest.raises(ThresholdError) as raised:
        thresholds.validate()
    assert raised.value.errors == errors
    assert isinstance(raised.value, ValueError)
    for field_name in errors:
        assert field_name in str(raised.value)
    with pytest.raises(ThresholdError):
        check(item(), thresholds=thresholds)


@pytest.mark.parametrize(
    "overrides",
    [{"generic_similarity": 100}, {"campaign_generic_max_percent": 0}, {"burst_max_cold_first": 1}],
)
def test_strict_but_sensible_thresholds_are_accepted(overrides):
    Thresholds(**overrides).validate()


# --- Input checks and score -------------------------------------------------------------


def test_bad_items_and_mismatched_facts_are_refused():
    with pytest.raises(ValueError, match="unknown channel"):
        item(channel="fax")
    with pytest.raises(ValueError, match="unknown direction"):
        item(direction="sideways")
    with pytest.raises(ValueError, match="another company"):
        check(item(), contact_facts=contact(company_id=999))
    with pytest.raises(ValueError, match="company facts"):
        check(item(), company_facts=company(company_id=999))
    with pytest.raises(ValueError, match="without a contact"):
        check(item(contact_id=None), contact_facts=contact())


def test_targeting_score_counts_first_outbound_contacts_only():
    unprepared = Finding(UNPREPARED_FIRST_CONTACT, Severity.WARNING, {})
    generic = Finding(GENERIC_TEXT, Severity.WARNING, {})
    pairs = [
        (item(id=1), []),  # prepared, warm, tailored
        (item(id=2, warm=False), [unprepared]),
        (item(id=3, warm=False), [generic]),
        (item(id=4), [unprepared, generic]),
        (item(id=5, is_first_outbound=False), [unprepared]),  # a follow-up
        (item(id=6, direction="in"), []),
    ]
    score = targeting_score(pairs)
    assert (score.first_contacts, score.prepared, score.warm, score.tailored) == (4, 2, 2, 2)
    assert score.targeted == 1
    assert score.prepared_percent == score.warm_percent == score.tailored_percent == 50.0
    assert score.targeted_percent == 25.0
    assert score.score == 50.0


def test_targeting_score_without_first_contacts_is_none():
    score = targeting_score([(item(is_first_outbound=False), [])])
    assert score.first_contacts == 0
    assert score.score is None
    assert score.prepared_percent is None
