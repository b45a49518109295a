"""What the targeting rules need to know, read from the database in a few set-based queries.

`outreach.quality` is pure: it judges plain `Outreach` items against plain facts.
This module fetches those facts for a batch of companies — one touchpoint being
logged or a campaign of a thousand letters costs the same handful of queries —
and maps touchpoints and campaign items onto `quality.Outreach`.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from companies.models import Company, Contact, Tie
from crm.models import AcquisitionCase, Pipeline, Stage, Team
from outreach import quality
from outreach.introductions import Tie as TieFact
from outreach.models import Introduction, OutreachSettings, Touchpoint
from outreach.selectors import WARM_BY_SOURCE

WRITTEN = tuple(str(channel) for channel in quality.WRITTEN_CHANNELS)


def thresholds_for(settings: OutreachSettings | None) -> quality.Thresholds:
    """A team's stored settings as the rules' `Thresholds` (the defaults without settings)."""
    if settings is None:
        return quality.Thresholds()
    names = quality.Thresholds.__dataclass_fields__
    return quality.Thresholds(**{name: getattr(settings, name) for name in names})


def settings_for_team(*, team: Team) -> OutreachSettings | None:
    return OutreachSettings.objects.filter(team=team).first()


def criteria_for(pipeline: Pipeline | None) -> quality.TargetCriteria | None:
    if pipeline is None:
        return None
    criteria = quality.TargetCriteria(
        size_classes=frozenset(pipeline.target_size_classes or ()),
        districts=frozenset(pipeline.target_districts or ()),
        sections=frozenset(pipeline.target_sections or ()),
    )
    return criteria if (criteria.size_classes or criteria.districts or criteria.sections) else None


def company_facts(
    *, company_ids: Collection[int], as_of: date | None = None
) -> dict[int, quality.CompanyFacts]:
    """Needs profile, size, place, sector, ties, refusal and call reason per company: 3 queries."""
    rows = Company.objects.filter(pk__in=company_ids).values(
        "pk",
        "size_class",
        "district",
        "sector_section",
        "presumed_consent_reason",
        "needs_profile__captured_at",
    )
    ties: dict[int, list[TieFact]] = {}
    for tie in Tie.objects.filter(company_id__in=company_ids).values(
        "partner_id", "company_id", "kind", "strength", "last_interaction"
    ):
        ties.setdefault(tie["company_id"], []).append(TieFact(**tie))
    # The latest refusal: a lost case, with the date it may be approached again.
    declined: dict[int, tuple[date, date | None]] = {}
    lost = AcquisitionCase.objects.filter(
        company_id__in=company_ids, stage__kind=Stage.Kind.LOST, closed_at__isnull=False
    ).order_by("company_id", "closed_at")
    if as_of is not None:
        lost = lost.filter(closed_at__date__lte=as_of)
    for company_id, closed, reapproach_on in lost.values_list(
        "company_id", "closed_at", "reapproach_on"
    ):
        if closed is not None:
            declined[company_id] = (timezone.localdate(closed), reapproach_on)
    facts = {}
    for row in rows:
        captured = row["needs_profile__captured_at"]
        refusal = declined.get(row["pk"])
        facts[row["pk"]] = quality.CompanyFacts(
            company_id=row["pk"],
            needs_profile_on=captured.date() if captured else None,
            size_class=row["size_class"] or "",
            district=row["district"] or "",
            sector_section=row["sector_section"] or "",
            ties=tuple(ties.get(row["pk"], ())),
            declined_on=refusal[0] if refusal else None,
            reapproach_on=refusal[1] if refusal else None,
            presumed_consent_reason=row["presumed_consent_reason"] or "",
        )
    return facts


def written_contacts(
    *, company_ids: Collection[int], start: date, end: date
) -> dict[int, tuple[quality.WrittenContact, ...]]:
    """The companies' letters and emails dated from `start` to `end`, per company: 1 query."""
    found: dict[int, list[quality.WrittenContact]] = {}
    for pk, company_id, on, channel in Touchpoint.objects.filter(
        company_id__in=company_ids,
        direction=Touchpoint.Direction.OUT,
        channel__in=WRITTEN,
        occurred_on__gte=start,
        occurred_on__lte=end,
    ).values_list("pk", "company_id", "occurred_on", "channel"):
        found.setdefault(company_id, []).append(quality.WrittenContact(pk, on, channel))
    return {company_id: tuple(contacts) for company_id, contacts in found.items()}


def contact_facts(*, contact_ids: Collection[int]) -> dict[int, quality.ContactFacts]:
    ids = [pk for pk in contact_ids if pk is not None]
    if not ids:
        return {}
    return {
        row["pk"]: quality.ContactFacts(
            contact_id=row["pk"],
            company_id=row["company_id"],
            do_not_contact=row["do_not_contact"],
            objected_on=row["objected_at"],
            email_consent_on=row["email_consent_on"],
            presumed_consent_reason=row["presumed_consent_reason"] or "",
        )
        for row in Contact.objects.filter(pk__in=ids).values(
            "pk",
            "company_id",
            "do_not_contact",
            "objected_at",
            "email_consent_on",
            "presumed_consent_reason",
        )
    }


def recent_texts(
    *,
    team: Team,
    start: date,
    end: date,
    exclude_ids: Iterable[int] = (),
) -> list[quality.RecentText]:
    """The team's written outbound texts in the window, by their stored fingerprints."""
    found = Touchpoint.objects.filter(
        team=team,
        direction=Touchpoint.Direction.OUT,
        channel__in=WRITTEN,
        occurred_on__gte=start,
        occurred_on__lte=end,
    ).exclude(fingerprint="")
    excluded = list(exclude_ids)
    if excluded:
        found = found.exclude(pk__in=excluded)
    return [
        quality.RecentText(outreach_id=pk, company_id=company_id, occurred_on=on, fingerprint=fp)
        for pk, company_id, on, fp in found.values_list(
            "pk", "company_id", "occurred_on", "fingerprint"
        ).iterator(chunk_size=5000)
    ]


def _counts(rows: Iterable[Any], key: str) -> dict[int, int]:
    return {row[key]: row["n"] for row in rows if row[key] is not None}


def recent_counts(
    *,
    team: Team,
    as_of: date,
    thresholds: quality.Thresholds,
    exclude_ids: Iterable[int] = (),
) -> quality.RecentCounts:
    """Cold first contacts per person and campaign, companies per template: 3 aggregates."""
    excluded = list(exclude_ids)
    base = Touchpoint.objects.filter(
        team=team, direction=Touchpoint.Direction.OUT, is_first_outbound=True
    )
    if excluded:
        base = base.exclude(pk__in=excluded)
    burst_start = as_of - timedelta(days=thresholds.burst_days - 1)
    cold = base.filter(warm=False, occurred_on__gte=burst_start, occurred_on__lte=as_of)
    by_user = cold.exclude(by=None).values("by").annotate(n=Count("pk")).order_by()
    by_campaign = cold.exclude(campaign=None).values("campaign").annotate(n=Count("pk")).order_by()
    template_start = as_of - timedelta(days=thresholds.template_window_days - 1)
    by_template = (
        base.filter(occurred_on__gte=template_start, occurred_on__lte=as_of)
        .exclude(template=None)
        .values("template")
        .annotate(n=Count("company", distinct=True))
        .order_by()
    )
    return quality.RecentCounts(
        cold_first_by_user=_counts(by_user, "by"),
        cold_first_by_campaign=_counts(by_campaign, "campaign"),
        companies_by_template=_counts(by_template, "template"),
    )


def companies_contacted(*, company_ids: Collection[int], before: date | None = None) -> set[int]:
    """The companies among these that already had an outbound contact (on or before `before`)."""
    found = Touchpoint.objects.filter(
        company_id__in=company_ids, direction=Touchpoint.Direction.OUT
    )
    if before is not None:
        found = found.filter(occurred_on__lte=before)
    return set(found.values_list("company_id", flat=True).distinct())


def warm_cases(*, case_ids: Collection[int], as_of: date) -> set[int]:
    """Cases that came in warm (referral, introduction) or had an introduction by `as_of`."""
    introduced = Introduction.objects.filter(case=OuterRef("pk"), requested=False, date__lte=as_of)
    return set(
        AcquisitionCase.objects.filter(pk__in=case_ids)
        .filter(Q(source__in=WARM_BY_SOURCE) | Q(Exists(introduced)))
        .values_list("pk", flat=True)
    )


@dataclass(frozen=True, slots=True)
class RuleInputs:
    """Everything `quality.check_outreach` / `check_campaign` takes besides the items."""

    companies: dict[int, quality.CompanyFacts]
    contacts: dict[int, quality.ContactFacts]
    recent_texts: list[quality.RecentText]
    recent_counts: quality.RecentCounts
    thresholds: quality.Thresholds
    criteria: dict[int, quality.TargetCriteria] = field(default_factory=dict)


def rule_inputs(
    *,
    team: Team,
    items: Iterable[quality.Outreach],
    pipelines: dict[int, Pipeline | None],
    today: date,
    thresholds: quality.Thresholds | None = None,
) -> RuleInputs:
    """The facts for a batch of items in a fixed number of queries.

    `pipelines` maps each item's company to the pipeline of its case (for the
    target criteria); the items' own ids are left out of the recent figures.
    """
    items = list(items)
    thresholds = thresholds or thresholds_for(settings_for_team(team=team))
    own = [item.id for item in items if item.id is not None]
    dates = [max(item.occurred_on, today) if item.planned else item.occurred_on for item in items]
    latest = max(dates, default=today)
    earliest = min(dates, default=today)
    criteria = {
        company_id: found
        for company_id, pipeline in pipelines.items()
        if (found := criteria_for(pipeline)) is not None
    }
    company_ids = {item.company_id for item in items}
    written = written_contacts(
        company_ids=company_ids,
        start=earliest - timedelta(days=thresholds.repeat_contact_days),
        end=latest,
    )
    companies = {
        company_id: replace(found, written_contacts=written.get(company_id, ()))
        for company_id, found in company_facts(company_ids=company_ids).items()
    }
    return RuleInputs(
        companies=companies,
        contacts=contact_facts(contact_ids={item.contact_id for item in items if item.contact_id}),
        recent_texts=recent_texts(
            team=team,
            start=earliest - timedelta(days=thresholds.generic_window_days),
            end=latest,
            exclude_ids=own,
        ),
        recent_counts=recent_counts(
            team=team, as_of=latest, thresholds=thresholds, exclude_ids=own
        ),
        thresholds=thresholds,
        criteria=criteria,
    )


def merge_values_for(*, company: Company, contact: Contact | None) -> tuple[str, ...]:
    """What a mail merge would fill in for this company and person, masked before comparing."""
    values = [company.legal_name, company.street, company.city, company.postal_code]
    if contact is not None:
        values += [contact.first_name, contact.last_name, contact.title]
    return tuple(value for value in values if value and value.strip())


def outreach_item(
    touchpoint: Touchpoint | Mapping[str, Any],
    *,
    is_first_outbound: bool | None = None,
    planned: bool = False,
) -> quality.Outreach:
    """A touchpoint as the rules see it: a model instance (saved or not) or its values.

    The one mapping onto `quality.Outreach`: for a touchpoint being logged or checked
    again, for the touchpoint a campaign item becomes (`planned`), and for the rows
    the re-evaluation streams without making model instances. Values carry `pk` and
    the touchpoint's field names; without `direction` they are outbound, without
    `text` or `merge_values` they have none.
    """
    source = SimpleNamespace(**touchpoint) if isinstance(touchpoint, Mapping) else touchpoint
    return quality.Outreach(
        id=source.pk,
        company_id=source.company_id,
        channel=source.channel,
        occurred_on=source.occurred_on,
        by_user_id=source.by_id,
        contact_id=source.contact_id,
        direction=getattr(source, "direction", quality.Direction.OUT),
        campaign_id=source.campaign_id,
        template_id=source.template_id,
        warm=source.warm,
        is_first_outbound=(
            source.is_first_outbound if is_first_outbound is None else is_first_outbound
        ),
        solicited=source.solicited,
        planned=planned,
        text=getattr(source, "text", ""),
        merge_values=tuple(getattr(source, "merge_values", None) or ()),
        salutation=getattr(source, "salutation", ""),
        common_text=getattr(source, "common_text", False),
    )
