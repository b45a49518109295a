"""Reports on a hand-made history: every number of the funnel, the splits and the durations.

Four cases of the team are opened in the period (one more before it, one in
another team):

- A (referral by P1, anna): Lead → Prepared → (skips Introduced) → In talks → Offer → won
- B (cold list, anna): Lead → Prepared → back to Lead → Prepared → lost
- C (own research, ben, introduced by P2): Lead → In talks → lost → reopened in talks → Offer
- D (introduction, opened by anna, moved to lea): Lead → on hold
"""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from benefits.models import NeedsProfile
from crm import services
from crm.models import LostReason, Source
from crm.reports.scope import ReportFilters
from tests.factories import (
    AcquisitionCaseFactory,
    CompanyFactory,
    IntroductionFactory,
    MembershipFactory,
    NeedsProfileFactory,
    NetworkPartnerFactory,
    OutreachFlagFactory,
    TouchpointFactory,
    UserFactory,
)

DAY = timedelta(days=1)


@pytest.fixture
def history(team, other_team, staff, lead, stage, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    month = (today.replace(day=1) - 100 * DAY).replace(day=1)
    t0 = timezone.make_aware(datetime.combine(month, time(9)))
    anna, lea = staff.user, lead.user
    ben = MembershipFactory(team=team, user=UserFactory(username="ben")).user
    reason = LostReason.objects.filter(team=team).order_by("position").first()
    p1 = NetworkPartnerFactory(team=team, name="IHK Leipzig")
    p2 = NetworkPartnerFactory(team=team, name="=Wirtschaftsförderung", person_name="")
    lead_s, prepared = stage("Hinweis/Empfehlung"), stage("Vorbereitet")
    talks, offer = stage("Im Gespräch"), stage("Angebot")

    def company(name, district, sector, size):
        return CompanyFactory(
            team=team, legal_name=name, district=district, sector_section=sector, size_class=size
        )

    def move(case, to, days, **kwargs):
        return services.case_move(
            case=case, to=to, by=case.owner, version=case.version, at=t0 + days * DAY, **kwargs
        )

    def details(**kwargs):
        return services.MoveDetails(**kwargs)

    a = AcquisitionCaseFactory(
        team=team,
        owner=anna,
        company=company("Alpha", "Leipzig", "C", "small"),
        source=Source.REFERRAL,
        referred_by=p1,
        at=t0,
    )
    a = move(a, prepared, 2)
    a = move(a, talks, 5)
    a = move(a, offer, 10)
    a = move(a, stage("Partnerschaft"), 20, details=details(partnership_kind="network_member"))

    b = AcquisitionCaseFactory(
        team=team,
        owner=anna,
        company=company("Beta", "Leipzig", "C", "micro"),
        source=Source.COLD_LIST,
        at=t0,
    )
    b = move(b, prepared, 4)
    b = move(b, lead_s, 6)
    b = move(b, prepared, 9)
    b = move(b, stage("Abgesagt"), 12, details=details(lost_reason=reason))

    c = AcquisitionCaseFactory(
        team=team,
        owner=ben,
        company=company("Gamma", "Nordsachsen", "F", "medium"),
        source=Source.OWN_RESEARCH,
        at=t0 + DAY,
    )
    IntroductionFactory(case=c, introducer=p2, date=(t0 + 2 * DAY).date(), outcome="meeting_agreed")
    c = move(c, talks, 3)
    c = move(c, stage("Abgesagt"), 5, details=details(lost_reason=reason))
    c = move(c, talks, 8)
    c = move(c, offer, 15)

    d = AcquisitionCaseFactory(
        team=team,
        owner=anna,
        company=company("Delta", "", "", ""),
        source=Source.INTRODUCTION,
        at=t0,
    )
    d = services.case_update(
        case=d, by=lea, version=d.version, owner=lea, source=d.source, referred_by=None
    )
    d = move(d, stage("Zurückgestellt"), 2, details=details(paused_until=today + 30 * DAY))

    # Before the period, and another team's case: neither counts.
    AcquisitionCaseFactory(team=team, owner=anna, source=Source.EVENT, at=t0 - 30 * DAY)
    AcquisitionCaseFactory(team=other_team, source=Source.EVENT, at=t0)

    # Preparation: A's profile before its first letter, B's after, C none, D never written to.
    for case, profile_day in ((a, 1), (b, 4), (d, 0)):
        NeedsProfileFactory(company=case.company, by=anna)
        profile = NeedsProfile.objects.get(company=case.company)
        profile.captured_at = t0 + profile_day * DAY
        profile.save(update_fields=["captured_at"])
    # The stored "prepared" follows touchpoints once their transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        TouchpointFactory(
            company=a.company,
            case=a,
            by=anna,
            occurred_on=(t0 + 3 * DAY).date(),
            is_first_outbound=True,
            warm=True,
        )
        TouchpointFactory(company=a.company, case=a, by=anna, occurred_on=(t0 + 6 * DAY).date())
        TouchpointFactory(
            company=b.company,
            case=b,
            by=anna,
            occurred_on=(t0 + DAY).date(),
            is_first_outbound=True,
        )
        TouchpointFactory(
            company=c.company,
            case=c,
            by=ben,
            occurred_on=(t0 + 2 * DAY).date(),
            is_first_outbound=True,
        )

    OutreachFlagFactory(team=team, user=anna, rule="unprepared_first_contact")
    OutreachFlagFactory(team=team, user=anna, rule="unprepared_first_contact", state="acknowledged")
    OutreachFlagFactory(team=team, user=anna, rule="generic_text", state="dismissed")
    OutreachFlagFactory(team=team, user=ben, rule="generic_text")

    filters = ReportFilters(pipeline=a.pipeline, start=month - 5 * DAY, end=today)
    return {
        "filters": filters,
        "a": a,
        "b": b,
        "c": c,
        "d": d,
        "anna": anna,
        "ben": ben,
        "lea": lea,
        "p1": p1,
        "p2": p2,
        "reason": reason,
        "month": month,
    }
