"""All rules for a campaign of 1,000 letters, and a team's flags over 1,000,000 touchpoints.

(a) `services.campaign_check` on a campaign of 1,000 letters against the team's
recent window (queries, facts, rules, flags stored), next to the pure
`quality.check_campaign` on the same items and facts.

(b) `reevaluation.team_reevaluate` over a team's whole history: fresh (every flag
created), again on unchanged data (nothing to write), and after the burst limit
changed. The floor is one bare GROUP BY pass over the same touchpoints.

On PostgreSQL (BENCH_DATABASE_URL) the history has 1,000,000 touchpoints, loaded
with COPY; on the default SQLite file it has 50,000, to keep `make bench` short.
The mix: 60,000 companies, 120 people, two years; 85 % outbound; calls,
meetings, events, letters and emails; one in nine touchpoints a written letter
or email with its text and fingerprint (six in ten of those a mail merge of
three templates, the rest tailored); most touchpoints follow a first contact.
"""

import json
import random
import time
from datetime import date, timedelta

from bench.bench_quality import corpus
from bench.common import Result, median_ms

COMPANIES = 60_000
USERS = 120
DAYS = 730
CAMPAIGN = 1000
SEED = 6


def _sizes() -> tuple[int, int]:
    from django.db import connection

    if connection.vendor == "postgresql":
        return 1_000_000, COMPANIES
    return 50_000, 5_000


def _seed(rng: random.Random, touchpoints: int, companies: int):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from benefits.models import NeedsProfile
    from companies.matching import normalize_name
    from companies.models import Company, Contact, NetworkPartner, Tie
    from crm.models import AcquisitionCase, Membership, Pipeline, Stage, Team
    from outreach import quality
    from outreach.models import Campaign, LetterTemplate, OutreachSettings, Touchpoint

    today = timezone.localdate()
    now = timezone.now()
    team = Team.objects.create(name="Bench flags", slug=f"bench-flags-{touchpoints}")
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"flags{touchpoints}-{i}") for i in range(USERS)]
    )
    Membership.objects.bulk_create([Membership(team=team, user=u) for u in users])
    OutreachSettings.objects.create(team=team)
    pipeline = Pipeline.objects.filter(team=team, is_default=True).get()
    Pipeline.objects.filter(pk=pipeline.pk).update(
        target_size_classes=["micro", "small", "medium"],
        target_districts=["Zwickau", "Leipzig", "Chemnitz", "Vogtlandkreis"],
    )
    districts = ["Zwickau", "Leipzig", "Chemnitz", "Vogtlandkreis", "Erzgebirgskreis", "Görlitz"]
    firms = Company.objects.bulk_create(
        [
            Company(
                team=team,
                legal_name=f"Betrieb {i}",
                name_normalized=normalize_name(f"Betrieb {i}"),
                city="Zwickau",
                district=rng.choice(districts),
                sector_section=rng.choice("CFGQM"),
                size_class=rng.choice(["micro", "small", "medium", "large", ""]),
                presumed_consent_reason="Anfrage auf der Messe" if rng.random() < 0.8 else "",
            )
            for i in range(companies)
        ],
        batch_size=5000,
    )
    contacts = Contact.objects.bulk_create(
        [
            Contact(
                company=firm,
                last_name=f"Person {i}",
                do_not_contact=rng.random() < 0.01,
                objected_at=(
                    today - timedelta(rng.randint(0, DAYS)) if rng.random() < 0.02 else None
                ),
                email_consent_on=(
                    today - timedelta(rng.randint(0, 3 * DAYS)) if rng.random() < 0.5 else None
                ),
            )
            for i, firm in enumerate(firms)
            for _ in range(rng.choice((1, 1, 2)))
        ],
        batch_size=5000,
    )
    by_company: dict[int, list[int]] = {}
    for contact in contacts:
        by_company.setdefault(contact.company_id, []).append(contact.pk)
    NeedsProfile.objects.bulk_create(
        [
            NeedsProfile(
                team=team,
                company=firm,
                challenges=["skilled_staff"],
                captured_at=now - timedelta(days=rng.randint(0, 3 * 365)),
            )
            for firm in firms
            if rng.random() < 0.4
        ],
        batch_size=5000,
    )
    partners = NetworkPartner.objects.bulk_create(
        [NetworkPartner(team=team, kind="ihk", name=f"Partner {i}") for i in range(500)]
    )
    pairs = {(rng.randrange(len(partners)), rng.randrange(len(firms))) for _ in range(companies)}
    Tie.objects.bulk_create(
        [
            Tie(
                partner=partners[p],
                company=firms[c],
                strength=rng.randint(1, 5),
                last_interaction=today - timedelta(rng.randint(0, 3 * 365)),
            )
            for p, c in pairs
        ],
        batch_size=5000,
    )
    stages = list(Stage.objects.filter(pipeline=pipeline, kind="open").order_by("position"))
    lost = Stage.objects.get(pipeline=pipeline, kind="lost")
    cases = []
    for firm in firms[: companies // 2]:
        closed = rng.random() < 0.05
        stage = lost if closed else rng.choice(stages)
        cases.append(
            AcquisitionCase(
                team=team,
                company=firm,
                pipeline=pipeline,
                stage=stage,
                furthest_stage=stage,
                owner=rng.choice(users),
                source="own_research",
                opened_at=now - timedelta(days=DAYS),
                stage_entered_at=now - timedelta(days=30),
                closed_at=now - timedelta(days=rng.randint(0, DAYS)) if closed else None,
                reapproach_on=today + timedelta(rng.randint(-200, 200)) if closed else None,
            )
        )
    cases = AcquisitionCase.objects.bulk_create(cases, batch_size=5000)
    case_of = {case.company_id: case.pk for case in cases}
    templates = [
        LetterTemplate.objects.create(team=team, name=f"Vorlage {i}", file="t.docx")
        for i in range(5)
    ]
    campaigns = [
        Campaign.objects.create(team=team, name=f"Aktion {i}", created_by=users[0], status="sent")
        for i in range(20)
    ]

    # Texts: mail merges of three templates (a few hundred variants each, which
    # mask to the same fingerprint) and tailored letters, each used once.
    written = touchpoints // 9
    merged = [
        (text, values, quality.text_fingerprint(text, values))
        for text, values in corpus(rng, 600, mass_share=1.0, templates=2)
    ]
    tailored_count = int(written * 0.4)
    tailored = iter(
        [
            (text, values, quality.text_fingerprint(text, values))
            for text, values in corpus(rng, tailored_count, mass_share=0.0, templates=1)
        ]
    )
    fields = list(Touchpoint._meta.concrete_fields)
    columns = [f.column for f in fields]
    channels = ["phone"] * 30 + ["meeting"] * 20 + ["event"] * 10 + ["other"] * 10
    rows = []
    first: dict[int, tuple[date, int]] = {}
    for pk in range(1, touchpoints + 1):
        firm = firms[rng.randrange(companies)]
        direction = "out" if rng.random() < 0.85 else "in"
        writes = rng.random() < 1 / 9
        channel = rng.choice(["letter", "email"]) if writes else rng.choice(channels)
        on = today - timedelta(rng.randint(0, DAYS))
        text, values, fingerprint = "", [], ""
        if writes:
            if rng.random() < 0.6:
                text, values, fingerprint = rng.choice(merged)
            else:
                text, values, fingerprint = next(tailored, rng.choice(merged))
            if rng.random() < 0.1:
                text = text.replace("Sehr geehrte", "Sehr geehrte Damen und Herren, liebe", 1)
        people = by_company.get(firm.pk, [])
        row = {
            "id": pk,
            "team_id": team.pk,
            "company_id": firm.pk,
            "case_id": case_of.get(firm.pk),
            "channel": channel,
            "direction": direction,
            "occurred_on": on,
            "by_id": rng.choice(users).pk if rng.random() < 0.95 else None,
            "contact_id": rng.choice(people) if people and rng.random() < 0.85 else None,
            "subject": "",
            "text": text,
            "template_id": rng.choice(templates).pk if writes and rng.random() < 0.1 else None,
            "campaign_id": rng.choice(campaigns).pk if writes and rng.random() < 0.2 else None,
            "campaign_item_id": None,
            "introduction_id": None,
            "warm": rng.random() < 0.2,
            "solicited": rng.random() < 0.05,
            "outcome": "",
            "is_first_outbound": False,
            "fingerprint": fingerprint if direction == "out" else "",
            "merge_values": json.dumps(list(values)),
            "override_reason": "",
            "created_by_id": None,
            "created_at": now,
            "recorded_at": now,
        }
        rows.append(row)
        if direction == "out" and (firm.pk not in first or (on, pk) < first[firm.pk]):
            first[firm.pk] = (on, pk)
    for _, pk in first.values():
        rows[pk - 1]["is_first_outbound"] = True

    connection.ensure_connection()
    if connection.vendor == "postgresql":
        raw = connection.connection
        with raw.cursor() as cursor:
            with cursor.copy(
                f"COPY {Touchpoint._meta.db_table} ({', '.join(columns)}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row([row[c] for c in columns])
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{Touchpoint._meta.db_table}', 'id'), "
                f"{touchpoints})"
            )
            cursor.execute(f"ANALYZE {Touchpoint._meta.db_table}")
    else:
        Touchpoint.objects.bulk_create(
            [
                Touchpoint(**{f.attname: row[f.column] for f in fields} | {"merge_values": []})
                for row in rows
            ],
            batch_size=2000,
        )
    return team, users, [case for case in cases if case.closed_at is None]


def _campaign(team, users, cases, rng):  # type: ignore[no-untyped-def]
    from outreach.models import Campaign, CampaignItem

    campaign = Campaign.objects.create(team=team, name="Bench 1000", created_by=users[0])
    letters = corpus(rng, CAMPAIGN, mass_share=0.3, templates=1)
    CampaignItem.objects.bulk_create(
        [
            CampaignItem(campaign=campaign, case=case, text=text)
            for case, (text, _values) in zip(cases[:CAMPAIGN], letters, strict=True)
        ]
    )
    return campaign


def run() -> list[Result]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from outreach import facts, quality, services
    from outreach.models import CampaignItem, OutreachFlag, OutreachSettings, Touchpoint
    from outreach.services import campaigns, reevaluation

    rng = random.Random(SEED)
    size, companies = _sizes()
    start = time.perf_counter()
    team, users, cases = _seed(rng, size, companies)
    seeded_s = time.perf_counter() - start
    today = timezone.localdate()
    results = []

    # (a) A campaign of 1,000 letters.
    campaign = _campaign(team, users, cases, rng)
    with CaptureQueriesContext(connection) as queries:
        services.campaign_check(campaign=campaign, today=today)
    items = list(
        CampaignItem.objects.filter(campaign=campaign)
        .select_related("case__company", "case__pipeline", "contact")
        .order_by("pk")
    )
    outreach = campaigns._campaign_outreach(campaign, items, today)
    inputs = facts.rule_inputs(
        team=team,
        items=outreach,
        pipelines={item.case.company_id: item.case.pipeline for item in items},
        today=today,
    )

    def pure() -> None:
        quality.check_campaign(
            outreach,
            companies=inputs.companies,
            contacts=inputs.contacts,
            criteria=inputs.criteria,
            recent_texts=inputs.recent_texts,
            recent_counts=inputs.recent_counts,
            thresholds=inputs.thresholds,
            today=today,
        )

    results.append(
        Result(
            f"campaign_check ({len(queries)} queries)",
            CAMPAIGN,
            median_ms(lambda: services.campaign_check(campaign=campaign, today=today), repeat=3),
            median_ms(pure, repeat=3, warmup=1),
            "pure check_campaign",
            f"{len(inputs.recent_texts)} recent texts",
        )
    )
    campaign.delete()

    # (b) The whole history.
    table = Touchpoint._meta.db_table

    def floor() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT company_id, COUNT(*), MIN(occurred_on) FROM {table} "  # noqa: S608
                "WHERE team_id = %s AND direction = 'out' GROUP BY company_id",
                [team.pk],
            )
            cursor.fetchall()

    floor_ms = median_ms(floor, repeat=3, warmup=1)

    def reevaluate(label: str) -> None:
        with CaptureQueriesContext(connection) as queries:
            begin = time.perf_counter()
            counts = reevaluation.team_reevaluate(team=team, today=today)
            elapsed = (time.perf_counter() - begin) * 1000
        flags = OutreachFlag.objects.filter(team=team).count()
        note = (
            f"{counts['created']} created, {counts['updated']} updated, "
            f"{counts['deleted']} deleted; {flags} flags"
        )
        if label == "fresh":
            note += f"; seeded in {seeded_s:.0f} s"
        results.append(
            Result(
                f"team_reevaluate {label} ({len(queries)} q)",
                size,
                elapsed,
                floor_ms,
                "one GROUP BY pass",
                note,
            )
        )

    reevaluate("fresh")
    reevaluate("unchanged")
    OutreachSettings.objects.filter(team=team).update(burst_max_cold_first=5)
    reevaluate("burst limit 5")
    return results
