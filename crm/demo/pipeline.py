"""Demo acquisition cases for `manage.py seed_demo`: a pipeline with a believable past.

About 120 cases (six in ten demo companies) spread over every stage, owned by
anna, ben and lea, each with a history of back-dated moves made through the
pipeline services, so the board, the timelines, the dashboard and the later
funnel reports have something real to show. The partner companies of the demo
team are the won cases. Drawn from its own seeded random generator: equal seeds,
equal cases.

Stages have entry requirements that other apps check (a needs profile before
"Vorbereitet", an introduction before "Vorgestellt" …). Before a move, the demo
meets them as a user would, through the owning app's services: `PREPARERS`
maps a requirement code to how the demo does that. A requirement without a
preparer stops the case in front of that stage (the case stays where it is),
so the demo never fails, it only gets less varied: add a preparer when an app
registers a new requirement.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from benefits import services as benefits_services
from benefits import vocabulary
from companies import services as companies_services
from companies.models import Company, Contact, NetworkPartner, Tie
from crm import requirements, selectors, services
from crm.demo.texts import (
    COMMITMENTS,
    LETTER_SUBJECTS,
    LOCAL_SITUATIONS,
    LOST_NOTES,
    MOVE_NOTES,
    NEXT_STEPS,
    PAUSE_NOTES,
    SHOTGUN_TEXT,
)
from crm.models import AcquisitionCase, Membership, Partnership, Source, Stage, Team
from outreach import services as outreach_services
from outreach.models import Campaign, Introduction

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_CASES = 120
TIES_PER_PARTNER = 5
CASE_SHARE = 0.6

# Where the cases not yet won end up (partner companies are won cases).
OUTCOMES: tuple[tuple[str, int], ...] = (
    ("open:0", 22),
    ("open:1", 18),
    ("open:2", 14),
    ("open:3", 12),
    ("open:4", 8),
    ("won", 5),
    ("lost", 15),
    ("paused", 6),
)
OWNERS: tuple[tuple[str, int], ...] = (("anna", 45), ("ben", 40), ("lea", 15))
WARM = (Source.REFERRAL, Source.INTRODUCTION, Source.EVENT, Source.INBOUND)
COLD = (Source.OWN_RESEARCH, Source.COLD_LIST)
SHOTGUN_LETTERS = 8
CAMPAIGN_CASES = 6


def _needs_profile(case: AcquisitionCase, by: User, rng: random.Random) -> None:
    """A needs profile for the case's company (the "needs_profile" requirement)."""
    benefits_services.profile_save(
        company=case.company,
        by=by,
        # Captured a day into the stage, before the move that needs it.
        at=case.stage_entered_at + timedelta(days=1),
        challenges=rng.sample(vocabulary.CATALOGUE_NEEDS, k=rng.randint(1, 3)),
        local_situation=rng.choice(LOCAL_SITUATIONS),
    )


def _benefit_statement(case: AcquisitionCase, by: User, rng: random.Random) -> None:
    """A drafted, approved and sent statement (the "benefit_statement" requirement)."""
    # Where the team asks for a second person, a lead who did not write it approves.
    members = list(
        Membership.objects.filter(team=case.company.team).select_related("user").order_by("pk")
    )
    leads = [m.user for m in members if m.is_lead and m.user.pk != by.pk]
    author, approver = by, leads[0] if leads else by
    if not leads:
        others = [m.user for m in members if m.user.pk != by.pk]
        author = others[0] if others else by
    statement = benefits_services.statement_draft(company=case.company, by=author)
    statement = benefits_services.statement_approve(statement=statement, by=approver)
    benefits_services.statement_mark_sent(statement=statement, by=by)


def _introduction(case: AcquisitionCase, by: User, rng: random.Random) -> None:
    """A partner introduced us, on the day the case entered its stage (the "introduction"
    requirement); the referring partner where there is one."""
    partner = case.referred_by or rng.choice(
        list(
            NetworkPartner.objects.filter(team_id=case.team_id)
            .exclude(company_id=case.company_id)
            .order_by("id")
        )
    )
    outreach_services.introduction_record(
        case=case,
        introducer=partner,
        by=by,
        date=timezone.localdate(case.stage_entered_at),
        channel=rng.choice(Introduction.Channel.values),
        contact=Contact.objects.filter(company_id=case.company_id).order_by("id").first(),
        introducer_agreed_to_be_named=True,
        company_agreed_to_contact=True,
        outcome=(
            Introduction.Outcome.MEETING_AGREED
            if rng.random() < 0.8
            else Introduction.Outcome.PENDING
        ),
    )


Preparer = Callable[[AcquisitionCase, "User", random.Random], None]

# How the demo meets each requirement code before a move (see the module docstring).
PREPARERS: dict[str, Preparer] = {
    requirements.NEEDS_PROFILE: _needs_profile,
    requirements.INTRODUCTION: _introduction,
    requirements.BENEFIT_STATEMENT: _benefit_statement,
}


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


@dataclass(slots=True)
class _Plan:
    company: Company
    owner: User
    outcome: str  # "open:<index>", "won", "lost" or "paused"
    source: str
    referred_by: NetworkPartner | None


class DemoPipeline:
    """Plans and opens the demo cases of one team through the pipeline services."""

    def __init__(self, *, team: Team, users: dict[str, User], seed: int) -> None:
        self.team = team
        self.users = users
        # Demo data, not secrets; apart from the companies' generator so both stay stable.
        self.rng = random.Random(seed + 1)
        self.seed = seed
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        pipeline = selectors.pipeline_default(team=team)
        if pipeline is None:  # pragma: no cover - every team gets one
            raise ValueError("The demo team has no pipeline.")
        stages = list(selectors.stages_for_pipeline(pipeline_id=pipeline.pk))
        self.open_stages = [s for s in stages if s.kind == Stage.Kind.OPEN]
        self.terminal = {s.kind: s for s in stages if s.kind != Stage.Kind.OPEN}
        self.reasons = list(team.lost_reasons.filter(is_active=True))
        self.partners = list(NetworkPartner.objects.filter(team=team).order_by("id"))

    def create(self) -> int:
        """Open the cases and replay their history; returns how many."""
        self._ties()
        plans = self._plans()
        for plan in plans:
            self._replay(plan)
        self._shotgun()
        self._campaign()
        return len(plans)

    def _campaign(self) -> None:
        """A letter campaign to prepared cases, submitted and waiting for the lead's review."""
        if Campaign.objects.filter(team=self.team).exists() or len(self.open_stages) < 2:
            return
        cases = list(
            AcquisitionCase.objects.filter(
                team=self.team, closed_at__isnull=True, stage=self.open_stages[1]
            ).order_by("pk")[:CAMPAIGN_CASES]
        )
        if not cases:
            return
        author = self.users["anna"]
        campaign = outreach_services.campaign_create(
            team=self.team,
            by=author,
            name="Frühjahrsbriefe Handwerk",
            purpose="Vorbereitete Betriebe vor dem Unternehmerfrühstück im März anschreiben.",
            channel="letter",
            subject="Einladung zum Unternehmerfrühstück",
            # The body only: each letter adds its own salutation and closing.
            text=SHOTGUN_TEXT.split("\n", 1)[1],
        )
        outreach_services.campaign_cases_add(campaign=campaign, cases=cases, by=author)
        outreach_services.campaign_submit(campaign=campaign, by=author)

    def _shotgun(self) -> None:
        """One member tried a mass letter last week: the review queue has something to show."""
        cases = (
            AcquisitionCase.objects.filter(
                team=self.team, closed_at__isnull=True, stage=self.open_stages[0]
            )
            .exclude(touchpoints__isnull=False)
            .select_related("company", "owner")
            .order_by("pk")[:SHOTGUN_LETTERS]
        )
        day = timezone.localdate() - timedelta(days=3)
        for case in cases:
            contact = case.company.contacts.order_by("pk").first()
            try:
                outreach_services.touchpoint_log(
                    team=self.team,
                    company=case.company,
                    case=case,
                    by=case.owner,
                    channel="letter",
                    occurred_on=day,
                    contact=contact,
                    subject="Vorstellung des Netzwerks Familie und Beruf",
                    text=SHOTGUN_TEXT.format(company=case.company.legal_name),
                    override_reason="Neue Briefvorlage ausprobiert",
                )
            except outreach_services.OutreachChecked:
                continue

    def _ties(self) -> None:
        """A few ties from each partner into the region's companies, so suggestions show."""
        if Tie.objects.filter(partner__team=self.team).exists():
            return
        # Its own generator: adding ties must not reshuffle the cases.
        rng = random.Random(self.seed + 2)
        companies = list(Company.objects.filter(team=self.team).order_by("id"))
        for partner in self.partners:
            others = [c for c in companies if c.pk != partner.company_id]
            for company in rng.sample(others, min(len(others), rng.randint(2, TIES_PER_PARTNER))):
                companies_services.tie_create(
                    partner=partner,
                    company=company,
                    by=None,
                    kind=rng.choice(Tie.Kind.values),
                    strength=rng.randint(1, 5),
                    source="Aus dem Netzwerktreffen bekannt",
                    last_interaction=self.today - timedelta(days=rng.randint(3, 400)),
                )

    # -- planning -------------------------------------------------------------------
    def _plans(self) -> list[_Plan]:
        rng = self.rng
        companies = list(Company.objects.filter(team=self.team).order_by("id"))
        partner_of = {p.company_id: p for p in self.partners if p.company_id}
        won = [c for c in companies if c.pk in partner_of]
        others = [c for c in companies if c.pk not in partner_of]
        wanted = min(MAX_CASES, round(len(companies) * CASE_SHARE))
        chosen = won[:wanted] + rng.sample(others, max(0, min(len(others), wanted - len(won))))
        plans = []
        for company in chosen:
            outcome = "won" if company.pk in partner_of else _pick(rng, OUTCOMES)
            warm_share = {"won": 0.9, "lost": 0.45}.get(outcome, 0.7)
            sources = WARM if rng.random() < warm_share else COLD
            source = rng.choice(sources)
            referred_by = None
            if source == Source.REFERRAL or (source == Source.INTRODUCTION and rng.random() < 0.6):
                candidates = [p for p in self.partners if p.company_id != company.pk]
                referred_by = rng.choice(candidates) if candidates else None
                if referred_by is None:
                    source = Source.OWN_RESEARCH
            owner = self.users[_pick(rng, OWNERS)]
            plans.append(_Plan(company, owner, outcome, source, referred_by))
        return plans

    def _path(self, outcome: str) -> list[Stage]:
        """The open stages the case passes through before its final one."""
        rng = self.rng
        if outcome.startswith("open:"):
            last = int(outcome.split(":")[1])
        elif outcome == "won":
            last = rng.choice((3, 4, 4))
        elif outcome == "lost":
            last = rng.choice((0, 0, 1, 1, 2, 3, 4))
        else:
            last = rng.choice((1, 2, 3))
        return self.open_stages[: min(last, len(self.open_stages) - 1) + 1]

    # -- replaying ------------------------------------------------------------------
    def _replay(self, plan: _Plan) -> AcquisitionCase:
        rng = self.rng
        path = self._path(plan.outcome)
        closing = not plan.outcome.startswith("open:")
        steps = [timedelta(days=rng.randint(4, 28), hours=rng.randint(0, 8)) for _ in path[1:]]
        if closing:
            steps.append(timedelta(days=rng.randint(5, 35)))
        # How long ago the last move was: some cases have gone stale on purpose.
        since_last = timedelta(days=rng.choice((1, 2, 4, 6, 9, 12, 16, 20, 26, 35, 45, 60)))
        opened = self.now - since_last - sum(steps, timedelta())
        owner = plan.owner

        case = services.case_open(
            team=self.team,
            company=plan.company,
            owner=owner,
            by=owner,
            source=plan.source,
            referred_by=plan.referred_by,
            note=self._note(MOVE_NOTES, 0.25),
            at=opened,
        )
        at: datetime = opened
        for stage, step in zip(path[1:], steps, strict=False):
            if not self._ready_for(case, stage):
                # A requirement the demo cannot meet: the case waits here, still in play.
                closing = False
                break
            at += step
            case = services.case_advance(
                case=case,
                to=stage,
                by=owner,
                version=case.version,
                note=self._note(MOVE_NOTES, 0.3),
                at=at,
            )
        self._touchpoints(case)
        if closing:
            at += steps[-1]
            case = self._close(case, plan.outcome, at)
        else:
            case = self._plan_next_step(case, stage_index=self.open_stages.index(case.stage))
        return case

    def _touchpoints(self, case: AcquisitionCase) -> None:
        """The contacts behind the moves: a first letter or call, later the first meeting.

        Logged through the outreach service like a user would; what the checks
        warn about is recorded with a reason (and shows in the lead's review),
        what they block is left out.
        """
        rank = {stage.pk: index for index, stage in enumerate(self.open_stages)}
        reached = {
            rank[summary.stage_id]: summary.first_reached_at
            for summary in case.stage_summaries.all()
            if summary.stage_id in rank
        }
        contact = case.company.contacts.order_by("pk").first()
        plans = []
        first_contact_at = reached.get(2) or (reached.get(1) if self.rng.random() < 0.5 else None)
        if first_contact_at is not None:
            plans.append(("letter", first_contact_at - timedelta(days=2), ""))
        if 3 in reached:
            plans.append(("meeting", reached[3] - timedelta(days=1), "meeting_agreed"))
        for channel, at, outcome in plans:
            try:
                outreach_services.touchpoint_log(
                    team=self.team,
                    company=case.company,
                    case=case,
                    by=case.owner,
                    channel=channel,
                    occurred_on=min(timezone.localdate(at), timezone.localdate()),
                    contact=contact,
                    subject=self.rng.choice(LETTER_SUBJECTS),
                    outcome=outcome,
                    override_reason="Im Teamgespräch abgestimmt",
                )
            except outreach_services.OutreachChecked:
                continue

    def _ready_for(self, case: AcquisitionCase, stage: Stage) -> bool:
        """Meet what `stage` requires where the demo knows how; False if it cannot."""
        for code in stage.requirements:
            requirement = requirements.get(code)
            if requirement is None or not requirement.check(case):
                continue
            preparer = PREPARERS.get(code)
            if preparer is None:
                return False
            preparer(case, case.owner, self.rng)
        return not requirements.unmet(case, stage.requirements)

    def _close(self, case: AcquisitionCase, outcome: str, at: datetime) -> AcquisitionCase:
        rng = self.rng
        owner = case.owner
        if outcome == "won":
            kind = _pick(
                rng,
                (
                    (Partnership.Kind.NETWORK_MEMBER, 55),
                    (Partnership.Kind.CERTIFIED_EMPLOYER, 25),
                    (Partnership.Kind.CHARTER_SIGNATORY, 12),
                    (Partnership.Kind.SUPPORTER, 8),
                ),
            )
            return services.case_win(
                case=case,
                by=owner,
                version=case.version,
                kind=kind,
                commitments=rng.choice(COMMITMENTS),
                at=at,
            )
        if outcome == "lost":
            later = self.today + timedelta(days=rng.randint(60, 365))
            return services.case_lose(
                case=case,
                by=owner,
                version=case.version,
                reason=rng.choice(self.reasons),
                reapproach_on=later if rng.random() < 0.4 else None,
                note=self._note(LOST_NOTES, 0.6),
                at=at,
            )
        # On hold; a few of them are due to be picked up again already.
        until = self.today + timedelta(days=rng.randint(10, 120))
        case = services.case_pause(
            case=case,
            by=owner,
            version=case.version,
            until=until,
            note=self._note(PAUSE_NOTES, 0.7),
            at=at,
        )
        if rng.random() < 0.25:
            # Time passing, as the demo cannot wait for it: the resume date has come.
            days_ago = timedelta(days=rng.randint(0, 6))
            AcquisitionCase.objects.filter(pk=case.pk).update(paused_until=self.today - days_ago)
        return case

    def _plan_next_step(self, case: AcquisitionCase, *, stage_index: int) -> AcquisitionCase:
        rng = self.rng
        if rng.random() < 0.12:
            return case  # a case without a plan: the dashboard should show why that hurts
        texts = NEXT_STEPS[min(stage_index, len(NEXT_STEPS) - 1)]
        case = services.case_next_step_set(
            case=case,
            by=case.owner,
            version=case.version,
            next_step=rng.choice(texts),
            next_step_due=self.today + timedelta(days=rng.randint(0, 21)),
        )
        if rng.random() < 0.2:
            # A step planned weeks ago and not done yet: overdue, as in real life.
            overdue = self.today - timedelta(days=rng.randint(1, 12))
            AcquisitionCase.objects.filter(pk=case.pk).update(next_step_due=overdue)
        return case

    def _note(self, notes: tuple[str, ...], share: float) -> str:
        return self.rng.choice(notes) if self.rng.random() < share else ""
