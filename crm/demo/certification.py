"""Demo certification and mentoring: an earlier round whose certificates come due, this
year's round with re-certifications under review, and a running mentoring programme.

Drawn from its own seeded random generator, on the demo team's won companies first
(partners), then on other companies, through the services (so the history is there).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from benefits import services as benefits_services
from benefits import vocabulary
from benefits.models import Measure, NeedsProfile
from certification import selectors, services
from certification.models import Application, Participant
from companies.models import Company
from crm.models import Membership, Partnership, Team

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

EARLIER_APPLICANTS = 6
NEW_APPLICANTS = 3
MEETING_TOPICS = (
    "Schichtplanung mit Rücksicht auf Kita-Zeiten",
    "Pflegeberatung im Betrieb einführen",
    "Rückkehr aus der Elternzeit planen",
    "Ferienbetreuung gemeinsam organisieren",
)
GOALS = (
    "Ein Modell für familienfreundliche Schichtpläne bis zum Herbst.",
    "Einen Pflegeleitfaden für Beschäftigte erstellen.",
    "Die Rückkehr nach der Elternzeit mit festen Gesprächen begleiten.",
)


def demo_certification(*, team: Team, seed: int) -> dict[str, int]:
    """Create the demo's rounds, applications, reviews, programme and tandems."""
    rng = random.Random(f"certification-{seed}")
    lead = (
        Membership.objects.filter(team=team, role=Membership.Role.LEAD)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if lead is None:
        return {}
    by = lead.user
    today = timezone.localdate()
    measures = list(Measure.objects.filter(team=team, is_active=True).order_by("code"))
    partners = list(
        Company.objects.filter(
            team=team, pk__in=Partnership.objects.filter(team=team).values("company_id")
        ).order_by("pk")
    )
    # Applicants are partners or companies outside the acquisition: a company whose case
    # is still open has no certificate yet (and keeps its unprepared first stage).
    others = list(
        Company.objects.filter(team=team)
        .exclude(pk__in=[c.pk for c in partners])
        .exclude(acquisition_cases__closed_at__isnull=True)
    )
    others.sort(key=lambda c: c.pk)
    pool = partners + rng.sample(others, k=min(len(others), EARLIER_APPLICANTS + NEW_APPLICANTS))
    earlier_companies = pool[:EARLIER_APPLICANTS]
    new_companies = pool[EARLIER_APPLICANTS : EARLIER_APPLICANTS + NEW_APPLICANTS]
    for company in pool:
        _profile(company, by, rng)

    # Two years ago: first certifications, so that they come due around now.
    earlier = services.round_create(
        team=team, by=by, year=today.year - 2, jury_meets_on=date(today.year - 2, 5, 12)
    )
    certified: list[Application] = []
    for index, company in enumerate(earlier_companies):
        application = _apply(earlier, company, "first", by, rng, measures)
        # Spread the certificates over the year, so that re-certifications fall in
        # several quarters (and some reminders are due soon).
        decided = date(today.year - 2, 3, 1) + timedelta(days=45 * index + rng.randint(0, 20))
        _decide(application, by, rng, decided_on=min(decided, today), outcome="implemented")
        certified.append(application)

    # This year: the re-certifications of the first half, and new companies.
    current = services.round_create(
        team=team, by=by, year=today.year, jury_meets_on=today + timedelta(days=21)
    )
    recertified = 0
    for index, earlier_application in enumerate(certified[:3]):
        application = services.application_create(
            round=current,
            company=earlier_application.company,
            kind=Application.Kind.RECERTIFICATION,
            by=by,
            received_on=today - timedelta(days=40),
        )
        if index < 2:
            _decide(application, by, rng, decided_on=today - timedelta(days=5 + index))
            recertified += 1
        else:
            # Under review: the first measure reviewed, the decision still open.
            first = selectors.commitments_under_review(application).first()
            if first is not None:
                services.review_record(
                    application=application, commitment=first, outcome="partly", by=by
                )
    newly: list[Company] = []
    for company in new_companies:
        application = _apply(current, company, "first", by, rng, measures)
        _decide(application, by, rng, decided_on=today - timedelta(days=10))
        newly.append(company)

    tandems = _mentoring(team, by, rng, mentors=earlier_companies[:3], mentees=newly, today=today)
    return {"certification_rounds": 2, "recertifications": recertified, "tandems": tandems}


def _profile(company: Company, by: AbstractBaseUser, rng: random.Random) -> None:
    if NeedsProfile.objects.filter(company=company).exists():
        return
    benefits_services.profile_save(
        company=company,
        by=by,
        challenges=rng.sample(vocabulary.CATALOGUE_NEEDS, k=rng.randint(1, 3)),
    )


def _apply(
    round_, company: Company, kind: str, by: AbstractBaseUser, rng: random.Random, measures
) -> Application:
    application = services.application_create(
        round=round_, company=company, kind=kind, by=by, received_on=date(round_.year, 2, 1)
    )
    for measure in rng.sample(measures, k=min(len(measures), rng.randint(2, 3))):
        if not company.commitments.filter(measure=measure).exists():
            services.commitment_create(
                company=company,
                measure=measure,
                application=application,
                by=by,
                target_date=date(round_.year + 1, rng.choice((3, 6, 9)), 30),
            )
    return application


def _decide(
    application: Application,
    by: AbstractBaseUser,
    rng: random.Random,
    *,
    decided_on: date,
    outcome: str | None = None,
) -> None:
    outcomes = []
    for commitment in selectors.commitments_under_review(application):
        found = outcome or rng.choice(("implemented", "implemented", "partly"))
        outcomes.append(found)
        services.review_record(application=application, commitment=commitment, outcome=found, by=by)
    conditions = "partly" in outcomes
    services.application_decide(
        application=application,
        decision="conditions" if conditions else "certified",
        conditions="Die teilweise umgesetzten Maßnahmen bis zum Jahresende abschließen."
        if conditions
        else "",
        by=by,
        decided_on=decided_on,
    )


def _mentoring(
    team: Team,
    by: AbstractBaseUser,
    rng: random.Random,
    *,
    mentors: list[Company],
    mentees: list[Company],
    today: date,
) -> int:
    programme = services.programme_create(
        team=team,
        by=by,
        year=today.year,
        name=f"Mentoring {today.year}",
        closing_event_on=today + timedelta(days=120),
    )
    for company in mentors:
        services.participant_add(
            programme=programme, company=company, role=Participant.Role.MENTOR, by=by, capacity=2
        )
    for company in mentees:
        services.participant_add(
            programme=programme, company=company, role=Participant.Role.MENTEE, by=by
        )
    # The first mentees are paired with their best suggestion; the last one waits, so
    # the programme page shows suggestions with their explanations.
    made = 0
    for row in selectors.mentoring_suggestions(programme=programme)[:-1]:
        if not row.suggestions:
            continue
        best = row.suggestions[0]
        tandem = services.tandem_create(
            programme=programme,
            mentor=Company.objects.get(pk=best.mentor_id),
            mentee=row.mentee.company,
            by=by,
            goals=rng.choice(GOALS),
            started_on=today - timedelta(days=60),
        )
        for weeks in (7, 3):
            services.tandem_meeting_add(
                tandem=tandem,
                held_on=today - timedelta(weeks=weeks),
                topic=rng.choice(MEETING_TOPICS),
                by=by,
            )
        made += 1
    return made
