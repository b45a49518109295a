"""A big team on PostgreSQL, written with COPY: the load benchmark's data.

The demo team (`crm.demo`, 200 companies with cases, a campaign, introductions
and needs profiles made through the services) is the seed; COPY then adds
companies, contacts, partners, ties, cases with their stage history and summaries
and touchpoints up to the sizes asked for, and the team's re-evaluation writes
the flags the rules find, topped up with copies of real findings on other
touchpoints to the number asked for. Everything is seeded: two runs make the
same rows.
"""

import json
import random
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

SEED = 21


@dataclass(frozen=True)
class Sizes:
    companies: int = 20_000
    contacts: int = 40_000
    partners: int = 500
    cases: int = 8_005
    open_cases: int = 5_000
    stage_changes: int = 50_000
    touchpoints: int = 100_000
    flags: int = 86_000

    def scaled(self, companies: int) -> "Sizes":
        """The same team in proportion to its companies (partners stay)."""
        f = companies / self.companies
        return Sizes(
            companies=companies,
            contacts=round(self.contacts * f),
            partners=self.partners,
            cases=round(self.cases * f),
            open_cases=round(self.open_cases * f),
            stage_changes=round(self.stage_changes * f),
            touchpoints=round(self.touchpoints * f),
            flags=round(self.flags * f),
        )


def _next_id(model: Any) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def copy_objects(model: Any, objects: list[Any]) -> None:
    """COPY unsaved model instances (their pk set) into the model's table."""
    from django.db import connection
    from django.utils import timezone

    if not objects:
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.generated]
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                for field in stamped:
                    if getattr(obj, field.attname) is None:
                        setattr(obj, field.attname, now)
                copy.write_row(
                    [
                        field.get_db_prep_save(getattr(obj, field.attname), connection)
                        for field in fields
                    ]
                )
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
        )


def copy_rows(model: Any, rows: list[dict[str, Any]]) -> None:
    """COPY rows given as {column: value} into the model's table; other columns get
    their defaults (many rows, no model instances)."""
    from django.db import connection
    from django.utils import timezone

    if not rows:
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.generated]
    blank = model()
    defaults = {}
    for field in fields:
        value = getattr(blank, field.attname)
        if value is None and (
            getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        ):
            value = now
        defaults[field.column] = field.get_db_prep_save(value, connection)
    columns = [field.column for field in fields]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] if c in row else defaults[c] for c in columns])
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
        )


def build(*, sizes: Sizes, seed: int = SEED, log: Any = print) -> dict[str, Any]:
    """Build the team; returns the ids the benchmark's pages need."""
    import time

    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.bench_quality import corpus
    from companies import sectors
    from companies.matching import normalize_name
    from companies.models import Company, Contact, NetworkPartner, SizeClass, Tie
    from crm.demo.generator import DemoData
    from crm.demo.seed import demo_seed
    from crm.models import (
        AcquisitionCase,
        CaseStageSummary,
        LostReason,
        Membership,
        Pipeline,
        Stage,
        StageChange,
    )
    from outreach import quality
    from outreach.models import Campaign, OutreachFlag, Touchpoint
    from outreach.services import reevaluation

    start = time.perf_counter()

    def step(what: str) -> None:
        log(f"  {time.perf_counter() - start:6.1f} s  {what}")

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    # A small demo (its services are slow at scale); COPY adds the bulk.
    team = demo_seed(companies=60, seed=seed).team
    step("demo team seeded through the services")
    User = get_user_model()
    lead = User.objects.get(username="lea")
    extra = [
        User(username=f"staff{i}", first_name=f"Person{i}", last_name="Bench") for i in range(9)
    ]
    extra = User.objects.bulk_create(extra)
    Membership.objects.bulk_create([Membership(team=team, user=u) for u in extra])
    people = list(User.objects.filter(memberships__team=team).order_by("pk"))

    with transaction.atomic():
        # Companies and contacts: the demo generator's vocabulary.
        data = DemoData(seed)
        have = Company.objects.filter(team=team).count()
        company_id = _next_id(Company)
        firms, drafts = [], []
        for i in range(sizes.companies - have):
            draft = data.company()
            company = Company(pk=company_id + i, team=team, **draft.fields)
            company.name_normalized = normalize_name(company.legal_name)
            if company.employees is not None:
                company.size_class = SizeClass.for_headcount(company.employees)
            if company.sector_division:
                company.sector_section = sectors.section_of(company.sector_division)
            company.created_by_id = rng.choice(people).pk
            firms.append(company)
            drafts.append(draft)
        copy_objects(Company, firms)
        step(f"{len(firms)} companies")
        contact_id = _next_id(Contact)
        contacts: list[Contact] = []
        wanted = sizes.contacts - Contact.objects.filter(company__team=team).count()
        rounds = 0
        while len(contacts) < wanted and rounds < 5:
            for company, draft in zip(firms, drafts, strict=True):
                for fields in data.contacts(company, draft):
                    if len(contacts) >= wanted:
                        break
                    contacts.append(
                        Contact(pk=contact_id + len(contacts), company=company, **fields)
                    )
            rounds += 1
        copy_objects(Contact, contacts)
        step(f"{len(contacts)} contacts")
        by_company: dict[int, list[int]] = {}
        for contact in contacts:
            by_company.setdefault(contact.company_id, []).append(contact.pk)

        # Partners and their ties.
        partner_id = _next_id(NetworkPartner)
        kinds = [k for k, _ in NetworkPartner.Kind.choices]
        towns = sorted({c.city for c in firms if c.city})
        partners = [
            NetworkPartner(
                pk=partner_id + i,
                team=team,
                kind=rng.choice(kinds),
                name=f"{rng.choice(['Verein', 'Verband', 'Netzwerk', 'Initiative', 'Stiftung'])} "
                f"{rng.choice(towns)} {i}",
                person_name=data.person().full_name,
                city=rng.choice(towns),
            )
            for i in range(sizes.partners - NetworkPartner.objects.filter(team=team).count())
        ]
        copy_objects(NetworkPartner, partners)
        all_partners = list(NetworkPartner.objects.filter(team=team).values_list("pk", flat=True))
        pairs = {
            (rng.choice(all_partners), rng.choice(firms).pk) for _ in range(sizes.companies // 2)
        }
        tie_id = _next_id(Tie)
        ties = [
            Tie(
                pk=tie_id + i,
                partner_id=p,
                company_id=c,
                kind=rng.choice([k for k, _ in Tie.Kind.choices]),
                strength=rng.randint(1, 5),
                last_interaction=today - timedelta(days=rng.randint(0, 900)),
            )
            for i, (p, c) in enumerate(sorted(pairs))
        ]
        copy_objects(Tie, ties)
        step(f"{len(partners)} partners, {len(ties)} ties")

        # Cases with their stage history.
        pipeline = Pipeline.objects.get(team=team, is_default=True)
        stages = list(Stage.objects.filter(pipeline=pipeline).order_by("position"))
        opened = [s for s in stages if s.kind == Stage.Kind.OPEN]
        won = next(s for s in stages if s.kind == Stage.Kind.WON)
        lost = next(s for s in stages if s.kind == Stage.Kind.LOST)
        reasons = list(LostReason.objects.filter(team=team))
        existing = AcquisitionCase.objects.filter(team=team)
        open_now = existing.filter(closed_at__isnull=True).count()
        new_cases = sizes.cases - existing.count()
        new_open = sizes.open_cases - open_now
        changes_left = sizes.stage_changes - StageChange.objects.filter(case__team=team).count()
        sources = [s for s, _ in AcquisitionCase._meta.get_field("source").choices]
        case_id, change_id, summary_id = (
            _next_id(AcquisitionCase),
            _next_id(StageChange),
            _next_id(CaseStageSummary),
        )
        plans = []
        for i in range(new_cases):
            is_open = i < new_open
            depth = rng.randint(0, len(opened) - 1)
            path = opened[: depth + 1]
            if not is_open:
                path = [*path, won if rng.random() < 0.3 else lost]
            plans.append(path)
        base = sum(len(p) for p in plans)
        bounces = max(0, (changes_left - base) // 2)
        deep = [i for i, p in enumerate(plans) if any(s.kind == Stage.Kind.OPEN for s in p[1:])]
        extra_at: Counter[int] = (
            Counter(rng.choice(deep) for _ in range(bounces)) if deep else Counter()
        )
        cases, changes, summaries = [], [], []
        for i, path in enumerate(plans):
            for _ in range(extra_at[i]):
                # Back one stage and on again: a case that stalled.
                at = rng.choice([k for k in range(1, len(path)) if path[k].kind == "open"])
                path = [*path[: at + 1], path[at - 1], path[at], *path[at + 1 :]]
            company = firms[i]
            opened_at = now - timedelta(days=rng.randint(20, 720), hours=rng.randint(0, 23))
            span = (now - opened_at).total_seconds() * rng.uniform(0.3, 0.95)
            times = [opened_at + timedelta(seconds=span * k / len(path)) for k in range(len(path))]
            current = path[-1]
            closed = current.kind != Stage.Kind.OPEN
            furthest = max(path, key=lambda s: s.position if s.kind == Stage.Kind.OPEN else -1)
            if current == won:
                furthest = won
            source = rng.choice(sources)
            case = AcquisitionCase(
                pk=case_id + i,
                team=team,
                company=company,
                pipeline=pipeline,
                stage=current,
                owner=rng.choice(people),
                source=source,
                referred_by_id=rng.choice(all_partners) if source == "referral" else None,
                next_step=rng.choice(["Anrufen", "Termin vereinbaren", "Angebot senden", ""])
                if not closed
                else "",
                next_step_due=today + timedelta(days=rng.randint(-60, 60)) if not closed else None,
                opened_at=opened_at,
                closed_at=times[-1] if closed else None,
                lost_reason=rng.choice(reasons) if current == lost and reasons else None,
                stage_entered_at=times[-1],
                furthest_stage=furthest,
                warm_path=source in ("referral", "introduction", "event", "inbound"),
                preparation=rng.choice(["prepared", "unprepared", "not_contacted"]),
                created_by=rng.choice(people),
            )
            cases.append(case)
            reached: dict[int, CaseStageSummary] = {}
            previous = None
            for k, (stage, when) in enumerate(zip(path, times, strict=True)):
                changes.append(
                    StageChange(
                        pk=change_id + len(changes),
                        case=case,
                        from_stage=previous,
                        to_stage=stage,
                        changed_at=when,
                        changed_by=case.owner,
                        time_in_from_stage=(when - times[k - 1]) if k else None,
                    )
                )
                if previous is not None:
                    reached[previous.pk].time_spent += when - times[k - 1]
                summary = reached.get(stage.pk)
                if summary is None:
                    reached[stage.pk] = CaseStageSummary(
                        pk=summary_id + len(summaries),
                        case=case,
                        stage=stage,
                        first_reached_at=when,
                        last_reached_at=when,
                        time_spent=timedelta(),
                    )
                    summaries.append(reached[stage.pk])
                else:
                    summary.times_reached += 1
                    summary.last_reached_at = when
                previous = stage
        copy_objects(AcquisitionCase, cases)
        copy_objects(StageChange, changes)
        copy_objects(CaseStageSummary, summaries)
        step(f"{len(cases)} cases, {len(changes)} stage changes, {len(summaries)} summaries")

        # Touchpoints: most on the companies with a case, in their case's time.
        campaign = Campaign.objects.filter(team=team).first()
        written_texts = corpus(rng, 600, mass_share=1.0, templates=2)
        fingerprints = [quality.text_fingerprint(t, v) for t, v in written_texts]
        touch_id = _next_id(Touchpoint)
        case_of = {c.company_id: c for c in cases}
        targets = [c.company for c in cases] + firms[len(cases) :]
        rows: list[dict[str, Any]] = []
        first: dict[int, tuple[Any, int]] = {}
        wanted = sizes.touchpoints - Touchpoint.objects.filter(team=team).count()
        channels = (
            ["phone"] * 30 + ["meeting"] * 15 + ["event"] * 10 + ["letter"] * 25 + ["email"] * 20
        )
        merged = [json.dumps(list(values)) for _, values in written_texts]
        for i in range(wanted):
            company = targets[int(len(targets) * rng.random() ** 1.3)]
            case = case_of.get(company.pk)
            channel = rng.choice(channels)
            direction = "out" if rng.random() < 0.85 else "in"
            writes = channel in ("letter", "email")
            pick = rng.randrange(len(written_texts))
            people_here = by_company.get(company.pk, [])
            on = today - timedelta(days=rng.randint(0, 700))
            pk = touch_id + i
            rows.append(
                {
                    "id": pk,
                    "team_id": team.pk,
                    "company_id": company.pk,
                    "case_id": case.pk if case else None,
                    "channel": channel,
                    "direction": direction,
                    "occurred_on": on,
                    "by_id": rng.choice(people).pk if rng.random() < 0.95 else None,
                    "contact_id": (
                        rng.choice(people_here) if people_here and rng.random() < 0.8 else None
                    ),
                    "text": written_texts[pick][0] if writes else "",
                    "merge_values": merged[pick] if writes else "[]",
                    "fingerprint": fingerprints[pick] if writes and direction == "out" else "",
                    "warm": rng.random() < 0.3,
                    "solicited": rng.random() < 0.05,
                }
            )
            if direction == "out" and (company.pk not in first or (on, pk) < first[company.pk]):
                first[company.pk] = (on, pk)
        firsts = {pk for _, pk in first.values()}
        for row in rows:
            row["is_first_outbound"] = row["id"] in firsts
        # A fifth of the history goes in before the re-evaluation, which finds the
        # flags (real evidence); the rest after it, flagged with copies of those.
        judged = len(rows) // 5
        copy_rows(Touchpoint, rows[:judged])
        step(f"{judged} touchpoints")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    counts = reevaluation.team_reevaluate(team=team, today=today)
    step(f"re-evaluation: {counts['created']} flags")
    with transaction.atomic():
        copy_rows(Touchpoint, rows[judged:])
        step(f"{len(rows) - judged} more touchpoints")
    with transaction.atomic(), connection.cursor() as cursor:
        # More findings than asked for: a seeded random sample of them goes; a fifth
        # of the rest were reviewed (acknowledged or dismissed by the lead).
        table = OutreachFlag._meta.db_table
        cursor.execute("SELECT setseed(0.21)")
        cursor.execute(
            f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE team_id = %s "  # noqa: S608
            "ORDER BY random() LIMIT GREATEST(0, (SELECT COUNT(*) FROM "
            f"{table} WHERE team_id = %s) - %s))",
            [team.pk, team.pk, sizes.flags],
        )
        cursor.execute(
            f"UPDATE {table} SET state = CASE WHEN random() < 0.6 THEN 'acknowledged' "  # noqa: S608
            "ELSE 'dismissed' END, note = 'geprüft', resolved_by_id = %s, resolved_at = now() "
            "WHERE team_id = %s AND severity = 'warning' AND random() < 0.2",
            [lead.pk, team.pk],
        )
    with transaction.atomic():
        have = OutreachFlag.objects.filter(team=team).count()
        real = list(
            OutreachFlag.objects.filter(team=team, touchpoint__isnull=False).values(
                "rule", "severity", "evidence"
            )
        )
        taken = set(OutreachFlag.objects.filter(team=team).values_list("key", flat=True))
        flag_id = _next_id(OutreachFlag)
        outbound = list(
            Touchpoint.objects.filter(team=team, direction="out").values_list(
                "pk", "company_id", "by_id"
            )
        )
        clones: list[OutreachFlag] = []
        states = ["open"] * 8 + ["acknowledged", "dismissed"]
        while real and len(clones) < sizes.flags - have:
            model = rng.choice(real)
            pk, company_pk, by_pk = rng.choice(outbound)
            key = f"{model['rule']}:tp:{pk}"
            if key in taken:
                continue
            taken.add(key)
            state = rng.choice(states) if model["severity"] == "warning" else "open"
            clones.append(
                OutreachFlag(
                    pk=flag_id + len(clones),
                    team=team,
                    key=key,
                    rule=model["rule"],
                    severity=model["severity"],
                    evidence=model["evidence"],
                    touchpoint_id=pk,
                    company_id=company_pk,
                    user_id=by_pk,
                    state=state,
                    resolved_by=lead if state != "open" else None,
                    resolved_at=now if state != "open" else None,
                )
            )
        copy_objects(OutreachFlag, clones)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    step(f"{len(clones)} flags copied from real findings")

    # The pages' subjects: the open case with the most history, its company, the
    # partner with the most ties, the campaign.
    from django.db.models import Count

    case = (
        AcquisitionCase.objects.filter(team=team, closed_at__isnull=True, pk__gte=case_id)
        .annotate(n=Count("touchpoints"))
        .order_by("-n", "pk")
        .first()
    )
    partner = (
        NetworkPartner.objects.filter(team=team)
        .annotate(n=Count("ties"))
        .order_by("-n", "pk")
        .first()
    )
    return {
        "team": team.pk,
        "user": lead.username,
        "case": case.pk,
        "company": case.company_id,
        "partner": partner.pk,
        "campaign": campaign.pk if campaign else None,
        "seconds": time.perf_counter() - start,
    }
