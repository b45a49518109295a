"""What the network partners brought: referrals, introductions and what became of them."""

from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Q,
)

from companies.models import NetworkPartner
from crm.models import (
    Team,
)
from crm.reports.scope import (
    FunnelCounts,
    PipelineStages,
    ReportFilters,
    cases_in_scope,
    empty_counts,
    funnel_counts_by,
    pipeline_stages,
)
from outreach.models import Introduction


@dataclass(frozen=True, slots=True)
class PartnerRow:
    partner: NetworkPartner
    referred: FunnelCounts  # the cohort's cases the partner referred
    introductions: int  # introductions made (not merely asked for) into the cohort's cases
    meetings: int  # of those, the ones that led to a meeting
    introduced: FunnelCounts  # the cohort's cases the partner introduced us to


@dataclass(frozen=True, slots=True)
class PartnerReport:
    filters: ReportFilters
    stages: PipelineStages
    rows: list[PartnerRow] = field(default_factory=list)


def partner_report(*, team: Team, filters: ReportFilters) -> PartnerReport:
    """Referrals and introductions per partner and what became of the cases (five queries)."""
    stages = pipeline_stages(pipeline=filters.pipeline)
    cases = cases_in_scope(team=team, filters=filters)
    referred = funnel_counts_by(
        cases.filter(referred_by__isnull=False), group="referred_by_id", stages=stages
    )
    made = Introduction.objects.filter(case__in=cases.values("pk"), requested=False)
    intro_counts: dict[int, dict[str, int]] = {
        row["introducer_id"]: {"n": row["n"], "meetings": row["meetings"]}
        for row in made.values("introducer_id")
        .annotate(
            n=Count("pk"),
            meetings=Count("pk", filter=Q(outcome=Introduction.Outcome.MEETING_AGREED)),
        )
        .order_by()
    }
    # Grouped over the join to the introductions: a case introduced twice by the
    # same partner counts once (distinct case ids).
    introduced = funnel_counts_by(
        cases.filter(introductions__requested=False),
        group="introductions__introducer_id",
        stages=stages,
        distinct=True,
    )
    partners = NetworkPartner.objects.filter(team=team, pk__in=set(referred) | set(intro_counts))
    empty = empty_counts(stages)
    rows = [
        PartnerRow(
            partner=partner,
            referred=referred.get(partner.pk, empty),
            introductions=intro_counts.get(partner.pk, {}).get("n", 0),
            meetings=intro_counts.get(partner.pk, {}).get("meetings", 0),
            introduced=introduced.get(partner.pk, empty),
        )
        for partner in partners
    ]
    rows.sort(key=lambda r: (-(r.referred.opened + r.introduced.opened), str(r.partner).casefold()))
    return PartnerReport(filters=filters, stages=stages, rows=rows)
