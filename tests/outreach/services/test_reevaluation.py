"""Re-evaluating a team's flags in sets gives exactly what re-checking each touchpoint gives."""

import json
import random
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from companies.models import Company
from crm.models import AcquisitionCase, Pipeline, Stage
from outreach import quality, services
from outreach.models import Campaign, LetterTemplate, OutreachFlag, Touchpoint
from outreach.services import reevaluation
from outreach.services import touchpoints as touchpoint_services
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    ContactFactory,
    MembershipFactory,
    NeedsProfileFactory,
    NetworkPartnerFactory,
    TieFactory,
)

TODAY = timezone.localdate()

MASS = (
    "wir sind das Kompetenzzentrum Frau und Beruf und unterstützen kleine und mittlere "
    "Unternehmen dabei, Fachkräfte zu gewinnen und zu halten, indem sie Beruf und Familie "
    "besser vereinbar machen. Flexible Arbeitszeiten, Belegplätze in Kitas und eine "
    "Pflegeberatung kosten wenig und wirken. Betriebe mit familienfreundlichen Angeboten "
    "erhalten deutlich mehr Bewerbungen. Auch für {company} in {city} lohnt sich das. Gern "
    "stellen wir Ihnen in einem kurzen Gespräch vor, welche Maßnahmen passen könnten."
)
SITUATIONS = [
    "in der Spätschicht seit dem Sommer {n} Stellen offen sind und die Kita früh schließt",
    "{n} Ihrer Beschäftigten Angehörige pflegen und ihre Stunden reduzieren wollen",
    "Sie im Frühjahr eine zweite Halle bezogen haben und {n} neue Leute suchen",
    "nach der Elternzeit {n} Fachkräfte nur in Teilzeit zurückkommen möchten",
]
ARGUMENTS = [
    "Belegplätze in einer Kita mit langen Öffnungszeiten entlasten den Spätdienst deutlich.",
    "Ein Vereinbarkeitslotse im Betrieb hilft Beschäftigten mit pflegebedürftigen Angehörigen.",
    "Kontakt während der Elternzeit verkürzt den Wiedereinstieg, mit kurzen Vertretungen.",
    "Eine Ferienbetreuung mit Nachbarbetrieben löst das Problem der Sommerwochen ohne Schule.",
    "Schichtpläne, die vier Wochen vorher feststehen, sind Eltern wichtiger als jede Prämie.",
    "Teilzeit in der Führung, etwa eine geteilte Meisterstelle, hält erfahrene Kräfte.",
]
GREETINGS = ["Sehr geehrte Frau {last}", "Sehr geehrte Damen und Herren", "Hallo zusammen"]


def _text(rng, company, contact, *, kind):
    last = contact.last_name if contact else "Berger"
    greeting = rng.choice(GREETINGS).format(last=last)
    if kind == "mass":
        body = MASS.format(company=company.legal_name, city=company.city)
    elif kind == "near":  # the mass letter with a word changed
        body = MASS.format(company=company.legal_name, city=company.city).replace(
            "deutlich", rng.choice(["spürbar", "merklich", "deutlich"])
        )
    elif kind == "short":
        body = "kurze Rückfrage zu unserem Termin."
    else:
        n = rng.randint(2, 40)
        body = (
            f"beim Unternehmerfrühstück haben Sie erzählt, dass {rng.choice(SITUATIONS)}. ".format(
                n=n
            )
            + " ".join(rng.sample(ARGUMENTS, 4))
        )
    head = f"{company.legal_name}\n{company.street}\n{company.postal_code} {company.city}"
    return f"{head}\n\n{greeting},\n\n{body}\n\nMit freundlichen Grüßen\nKatrin Vogel"


def build(team, rng, *, companies=30, touchpoints=140, burst=12):
    """A team's outreach history that makes every rule fire somewhere and stay quiet elsewhere."""
    users = [MembershipFactory(team=team).user for _ in range(3)]
    pipeline = Pipeline.objects.filter(team=team).first()
    Pipeline.objects.filter(pk=pipeline.pk).update(
        target_size_classes=["small", "medium"],
        target_districts=["Leipzig", "Zwickau"],
        target_sections=["C", "q "],
    )
    template = LetterTemplate.objects.create(team=team, name="Serienbrief", file="t.docx")
    campaign = Campaign.objects.create(
        team=team, name="Herbstaktion", created_by=users[0], status=Campaign.Status.SENT
    )
    lost = Stage.objects.get(pipeline=pipeline, kind=Stage.Kind.LOST)
    partners = [NetworkPartnerFactory(team=team) for _ in range(4)]
    firms = []
    for i in range(companies):
        company = CompanyFactory(
            team=team,
            legal_name=f"{rng.choice(['Metallbau', 'Bäckerei', 'Pflegedienst'])} Firma{i}",
            size_class=rng.choice(["micro", "small", "medium", "large", ""]),
            district=rng.choice(["Leipzig", "leipzig ", "Zwickau", "Chemnitz", "Görlitz", ""]),
            sector_section=rng.choice(["C", "Q", "G", ""]),
            presumed_consent_reason=rng.choice(["", "", "Anfrage auf der Messe", "  "]),
        )
        case = AcquisitionCaseFactory(team=team, company=company, owner=users[0])
        contacts = [
            ContactFactory(
                company=company,
                email_consent_on=rng.choice([None, TODAY - timedelta(days=rng.randint(0, 150))]),
                objected_at=rng.choice([None, None, None, TODAY - timedelta(rng.randint(0, 90))]),
                do_not_contact=rng.random() < 0.1,
                presumed_consent_reason=rng.choice(["", "", "kennt uns vom Stammtisch"]),
            )
            for _ in range(rng.randint(0, 2))
        ]
        if rng.random() < 0.6:
            profile = NeedsProfileFactory(company=company, by=users[0])
            captured = datetime.combine(
                TODAY - timedelta(days=rng.randint(-5, 500)), datetime.min.time(), tzinfo=UTC
            ) + timedelta(hours=rng.choice([1, 12, 23]))
            type(profile).objects.filter(pk=profile.pk).update(captured_at=captured)
        for partner in rng.sample(partners, rng.randint(0, 3)):
            TieFactory(
                partner=partner,
                company=company,
                strength=rng.randint(2, 5),
                last_interaction=rng.choice(
                    [None, TODAY - timedelta(days=rng.choice([10, 10, 200, 400, 800]))]
                ),
            )
        if rng.random() < 0.25:  # the company said no, maybe with a date to try again
            closed = timezone.now() - timedelta(days=rng.randint(0, 160))
            AcquisitionCase.objects.filter(pk=case.pk).update(
                stage=lost,
                closed_at=closed,
                reapproach_on=rng.choice([None, TODAY - timedelta(20), TODAY + timedelta(30)]),
            )
            case = None
        firms.append((company, case, contacts))

    rows = []

    def add(company, case, contacts, *, on, channel, by, cold=None, kind=None, **extra):
        contact = rng.choice([*contacts, None]) if contacts else None
        text = ""
        if channel in ("letter", "email") and kind != "none":
            text = _text(rng, company, contact, kind=kind or rng.choice(["mass", "near", "own"]))
        values = [company.legal_name, company.street, company.city, company.postal_code]
        if contact:
            values += [contact.first_name, contact.last_name]
        outbound = extra.get("direction", "out") == "out"
        rows.append(
            Touchpoint(
                team=team,
                company=company,
                case=case,
                channel=channel,
                occurred_on=on,
                by=by,
                contact=contact,
                text=text,
                merge_values=values,
                fingerprint=(
                    quality.text_fingerprint(text, values)
                    if text and outbound and channel in ("letter", "email")
                    else ""
                ),
                warm=rng.random() < 0.2 if cold is None else not cold,
                **extra,
            )
        )

    for _ in range(touchpoints):
        company, case, contacts = rng.choice(firms)
        add(
            company,
            case,
            contacts,
            on=TODAY - timedelta(days=rng.randint(0, 120)),
            channel=rng.choice(["letter", "letter", "email", "phone", "meeting"]),
            by=rng.choice([*users, None]),
            kind=rng.choice(["mass", "near", "own", "short", "none", None]),
            direction=rng.choice(["out"] * 5 + ["in"]),
            solicited=rng.random() < 0.1,
            template=template if rng.random() < 0.4 else None,
            campaign=campaign if rng.random() < 0.3 else None,
        )
    # A burst: one person calls companies never contacted before, several on one day.
    burster = users[1]
    for i in range(burst):
        company = CompanyFactory(team=team, legal_name=f"Neukunde {i}")
        add(
            company,
            None,
            [],
            on=TODAY - timedelta(days=3 + i // 4),
            channel="phone",
            by=burster,
            cold=True,
        )
    Touchpoint.objects.bulk_create(rows)
    for company_id in Company.objects.filter(team=team).values_list("pk", flat=True):
        touchpoint_services._first_outbound_refresh(company_id)
    return users


def flags(team):
    return {
        (
            flag.key,
            flag.rule,
            flag.severity,
            json.dumps(flag.evidence, sort_keys=True),
            flag.touchpoint_id,
            flag.campaign_item_id,
            flag.company_id,
            flag.user_id,
            flag.campaign_id,
            flag.state,
        )
        for flag in OutreachFlag.objects.filter(team=team)
    }


def recheck_each(team):
    for touchpoint in Touchpoint.objects.filter(team=team, direction="out"):
        services.touchpoint_recheck(touchpoint=touchpoint, today=TODAY)
    return flags(team)


@pytest.fixture
def thresholds(team):
    from outreach.models import OutreachSettings

    return OutreachSettings.objects.create(
        team=team, burst_max_cold_first=4, template_max_companies=5, burst_days=3
    )


@pytest.fixture(params=["batched", "copy"])
def store(request, monkeypatch):
    """Each way flags_store writes: batched through the ORM, and COPY on PostgreSQL."""
    if request.param == "copy":
        if connection.vendor != "postgresql":
            pytest.skip("COPY is PostgreSQL's")
        monkeypatch.setattr("outreach.services.flags._COPY_ABOVE", 0)
    return request.param


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_set_based_flags_are_those_of_rechecking_every_touchpoint(
    team, thresholds, seed, store
):
    build(team, random.Random(seed))

    result = reevaluation.team_reevaluate(team=team, today=TODAY)
    in_sets = flags(team)
    OutreachFlag.objects.all().delete()
    one_by_one = recheck_each(team)

    assert in_sets == one_by_one
    assert result["created"] == len(one_by_one)
    # Every rule had something to say about this history.
    assert {flag[1] for flag in one_by_one} == set(quality.RULES)


@pytest.mark.django_db
def test_re_evaluating_unchanged_data_changes_no_flag(team, thresholds, store):
    build(team, random.Random(4))
    before = recheck_each(team)

    result = reevaluation.team_reevaluate(team=team, today=TODAY)

    assert result == {"created": 0, "updated": 0, "deleted": 0, "campaigns": 0}
    assert flags(team) == before


@pytest.mark.django_db
def test_a_lower_burst_limit_raises_flags_and_a_higher_one_drops_only_open_ones(
    team, thresholds, lead, django_capture_on_commit_callbacks, store
):
    build(team, random.Random(5), burst=9)
    OutreachSettings = type(thresholds)
    OutreachSettings.objects.filter(pk=thresholds.pk).update(burst_max_cold_first=10)
    reevaluation.team_reevaluate(team=team, today=TODAY)
    bursts = OutreachFlag.objects.filter(team=team, rule=quality.VOLUME_BURST)
    assert not bursts.filter(evidence__exceeded__0__scope="person").exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.outreach_settings_update(team=team, by=lead.user, burst_max_cold_first=3)

    raised = bursts.filter(evidence__exceeded__0__scope="person")
    assert raised.count() >= 6
    assert flags(team) == recheck_each(team)
    kept = raised.first()
    services.flag_acknowledge(flag=kept, by=lead.user, note="Telefonaktion mit der IHK")

    with django_capture_on_commit_callbacks(execute=True):
        services.outreach_settings_update(team=team, by=lead.user, burst_max_cold_first=50)

    assert list(bursts.filter(evidence__exceeded__0__scope="person")) == [kept]
    kept.refresh_from_db()
    assert kept.state == OutreachFlag.State.ACKNOWLEDGED


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_touchpoints(team, other_team, thresholds):
    reads, writes = [], []
    fields = [f for f in OutreachFlag._meta.concrete_fields if not f.primary_key]
    for which, size in ((team, 40), (other_team, 160)):
        build(which, random.Random(6), companies=size // 4, touchpoints=size)
        with CaptureQueriesContext(connection) as queries:
            result = reevaluation.team_reevaluate(team=which, today=TODAY, batch_size=100_000)
        inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
        # One history entry with the counts of the whole re-evaluation (history app).
        history = [q for q in inserts if "history_logentry" in q["sql"]]
        assert len(history) == 1
        inserts = [q for q in inserts if q not in history]
        reads.append(len(queries) - len(inserts) - len(history))
        # One INSERT per batch: the batch is as large as the data, or as the
        # database allows (SQLite: 999 parameters a statement).
        created = [None] * result["created"]
        batch = min(100_000, connection.ops.bulk_batch_size(fields, created) or 100_000)
        writes.append((len(inserts), -(-len(created) // batch)))
    assert reads[0] == reads[1] <= 20
    assert all(done == expected for done, expected in writes)


@pytest.mark.django_db
def test_unsent_campaigns_are_checked_again(team, thresholds):
    users = build(team, random.Random(7), companies=6, touchpoints=10, burst=0)
    campaign = services.campaign_create(team=team, by=users[0], name="Frühjahr", text="Bis bald")
    open_cases = AcquisitionCase.objects.filter(team=team, closed_at=None)
    services.campaign_cases_add(campaign=campaign, cases=open_cases, by=users[0])

    result = reevaluation.team_reevaluate(team=team, today=TODAY)

    assert result["campaigns"] == 1
    assert OutreachFlag.objects.filter(campaign=campaign, touchpoint=None).exists()


@pytest.mark.django_db
def test_repeat_contacts_in_sets_are_those_of_rechecking_each_touchpoint(team, thresholds):
    """Rule 9 pairs each letter with the one before it, the same-day ones by id."""
    company = CompanyFactory(team=team)
    other = CompanyFactory(team=team)
    user = MembershipFactory(team=team).user
    days = [40, 30, 20, 20, 8, 0]
    Touchpoint.objects.bulk_create(
        [
            Touchpoint(
                team=team,
                company=firm,
                channel=channel,
                occurred_on=TODAY - timedelta(days=ago),
                by=user,
                solicited=solicited,
            )
            for firm in (company, other)
            for ago, channel, solicited in zip(
                days,
                ["letter", "email", "letter", "letter", "phone", "letter"],
                [False, False, False, True, False, False],
                strict=True,
            )
        ]
    )
    reevaluation.team_reevaluate(team=team, today=TODAY)
    in_sets = {flag for flag in flags(team) if flag[1] == quality.REPEAT_CONTACT}
    OutreachFlag.objects.all().delete()
    one_by_one = {flag for flag in recheck_each(team) if flag[1] == quality.REPEAT_CONTACT}

    assert in_sets == one_by_one
    # Per company: day 30 after 40 and the first of day 20 after 30 (10 days each); the
    # second of day 20 was asked for; day 0 is 20 days after it (the call is no letter).
    assert len(in_sets) == 4
    assert {json.loads(flag[3])["days_between"] for flag in in_sets} == {10}
