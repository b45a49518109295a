"""Re-evaluating all of a team's outreach flags in sets, e.g. after its thresholds changed.

`touchpoints.touchpoint_recheck` judges one touchpoint with a handful of queries;
doing that for every row of a team would cost millions of queries. Here each
rule is one query over the whole team instead, returning only the touchpoints it
fires on together with the facts it fires on: aggregates and window functions
for the counts (volume burst per person, campaign and template over a sliding
range of days), joins for the needs profile, ties, consent, objections and
refusals. The pure rule from `outreach.quality` then words each finding from
those facts, so the evidence is exactly what the one-by-one path stores; SQL
only chooses the rows. Generic text streams the stored fingerprints in date
order through `outreach.quality.windows`, which compares each text with its own
window in blocks. Unsent campaigns are checked again as a whole.

The result must be the set of flags `touchpoint_recheck` would leave on every
touchpoint (tests/outreach/services/test_reevaluation.py holds the two side by side).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import ValueRange
from django.db.models.functions import Coalesce, Lag, RowNumber, TruncDate
from django.utils import timezone

from companies.models import Company, Contact
from crm.models import Pipeline, Stage, Team
from history.recording import recorded
from outreach import facts, quality
from outreach.introductions import Tie as TieFact
from outreach.models import Campaign, Touchpoint
from outreach.quality import windows
from outreach.services import flags
from outreach.services.campaigns import campaign_check

# How the rows a rule fires on are read: enough for `facts.outreach_item`
# and to store the flag against the right touchpoint, campaign item and person.
_ITEM_FIELDS = (
    "pk",
    "company_id",
    "channel",
    "occurred_on",
    "by_id",
    "contact_id",
    "campaign_id",
    "template_id",
    "campaign_item_id",
    "warm",
    "is_first_outbound",
    "solicited",
    "override_reason",
)
# Rows written per INSERT / UPDATE / DELETE when the flags are stored.
BATCH_SIZE = 2000
_CHUNK = 5000  # rows fetched per round trip from a streaming cursor
WORK_MEM = "256MB"  # PostgreSQL's memory for each sort or hash of the re-evaluation


class DayNumber(Func):
    """A date as a whole number of days, so that SQL can subtract dates and slide windows.

    Only differences are meaningful (the epoch differs between the vendors).
    """

    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)", **extra
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="(%(expressions)s - DATE '2000-01-01')", **extra
        )


class DaysBefore(ValueRange):
    """RANGE BETWEEN n PRECEDING AND CURRENT ROW: the rows of the last n days and all of today.

    Django refuses offsets in RANGE frames on PostgreSQL (a limit of versions
    before 11); both supported vendors have them, over a numeric ORDER BY.
    """

    def __init__(self, days: int) -> None:
        super().__init__(start=-days, end=0)

    # django-stubs types the result as numbers; Django joins the two SQL strings.
    def window_frame_start_end(  # type: ignore[override]
        self, connection: Any, start: Any, end: Any
    ) -> tuple[str, str]:
        return (f"{-int(start)} PRECEDING" if start else "CURRENT ROW", "CURRENT ROW")


@dataclass(frozen=True, slots=True)
class _Fired:
    """A finding on one touchpoint, with the row it was found on."""

    row: dict[str, Any]
    finding: quality.Finding


def _fired(row: dict[str, Any], finding: quality.Finding | None) -> Iterator[_Fired]:
    # SQL may choose a few rows too many (rule 8 reads texts by keywords); the
    # pure rule has the last word.
    if finding is not None:
        yield _Fired(row, finding)


# --- Rules 1, 2, 5: first contacts ------------------------------------------------------


def _unprepared(outbound: QuerySet[Touchpoint], thresholds: quality.Thresholds) -> Iterator[_Fired]:
    """Rule 1: first contacts without a needs profile, or with one too old or too new."""
    # facts.company_facts takes the profile's date as the UTC date of its capture.
    profile_on = TruncDate("company__needs_profile__captured_at", tzinfo=UTC)
    rows = (
        outbound.filter(is_first_outbound=True)
        .annotate(profile_on=profile_on, age=DayNumber("occurred_on") - DayNumber(profile_on))
        .filter(
            Q(profile_on__isnull=True)
            | Q(age__lt=0)
            | Q(age__gt=thresholds.needs_profile_max_age_days)
        )
        .values(*_ITEM_FIELDS, "profile_on")
    )
    for row in rows.iterator(chunk_size=_CHUNK):
        company = quality.CompanyFacts(row["company_id"], needs_profile_on=row["profile_on"])
        yield from _fired(
            row,
            quality.check_unprepared_first_contact(
                facts.outreach_item(row),
                company=company,
                thresholds=thresholds,
                as_of=row["occurred_on"],
            ),
        )


def _cold_although_warm(
    outbound: QuerySet[Touchpoint], thresholds: quality.Thresholds
) -> Iterator[_Fired]:
    """Rule 2: cold first contacts to a company a partner knows well and recently.

    One row per touchpoint: its best strong tie (strongest, then most recent, then
    the lowest partner id, as the rule picks it) and how many strong ties there are.
    """
    tie = "company__ties__"
    rows = (
        outbound.filter(
            is_first_outbound=True,
            warm=False,
            **{
                f"{tie}strength__gte": thresholds.strong_tie_min_strength,
                f"{tie}last_interaction__isnull": False,
            },
        )
        .annotate(tie_age=DayNumber("occurred_on") - DayNumber(f"{tie}last_interaction"))
        .filter(tie_age__lte=thresholds.strong_tie_max_age_days)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("pk")],
                order_by=[F(f"{tie}strength").desc(), F("tie_age").asc(), F(f"{tie}partner_id")],
            ),
            strong_ties=Window(Count(f"{tie}id"), partition_by=[F("pk")]),
            tie_partner=F(f"{tie}partner_id"),
            tie_kind=F(f"{tie}kind"),
            tie_strength=F(f"{tie}strength"),
            tie_last=F(f"{tie}last_interaction"),
        )
        .filter(rank=1)
        .values(*_ITEM_FIELDS, "tie_partner", "tie_kind", "tie_strength", "tie_last", "strong_ties")
    )
    for row in rows.iterator(chunk_size=_CHUNK):
        # The rule counts the strong ties and words the best one: the best one, as
        # often as SQL counted strong ties, gives it the same facts.
        best = TieFact(
            partner_id=row["tie_partner"],
            company_id=row["company_id"],
            kind=row["tie_kind"],
            strength=row["tie_strength"],
            last_interaction=row["tie_last"],
        )
        company = quality.CompanyFacts(row["company_id"], ties=(best,) * row["strong_ties"])
        yield from _fired(
            row,
            quality.check_cold_although_warm(
                facts.outreach_item(row),
                company=company,
                thresholds=thresholds,
                as_of=row["occurred_on"],
            ),
        )


def _poor_fit(team: Team, outbound: QuerySet[Touchpoint]) -> Iterator[_Fired]:
    """Rule 5: first contacts with companies outside their case's pipeline's target group.

    The rule compares districts case-folded and sections upper-cased, which SQL
    cannot do alike on both vendors; so the team's few distinct values are
    folded here, and SQL compares the raw values that pass.
    """
    criteria = {
        pipeline.pk: found
        for pipeline in Pipeline.objects.filter(team=team).only(
            "target_size_classes", "target_districts", "target_sections"
        )
        if (found := facts.criteria_for(pipeline)) is not None
    }
    if not criteria:
        return
    companies = Company.objects.filter(team=team).order_by()
    districts = set(companies.values_list("district", flat=True).distinct())
    sections = set(companies.values_list("sector_section", flat=True).distinct())
    outside = Q()
    for pipeline_id, wanted in criteria.items():
        reasons = Q()
        if wanted.size_classes:
            reasons |= ~Q(company__size_class="") & ~Q(
                company__size_class__in=sorted(wanted.size_classes)
            )
        if wanted.districts:
            allowed = {d.strip().casefold() for d in wanted.districts}
            inside = sorted(d for d in districts if d.strip().casefold() in allowed)
            reasons |= ~Q(company__district="") & ~Q(company__district__in=inside)
        if wanted.sections:
            allowed = {s.strip().upper() for s in wanted.sections}
            inside = sorted(s for s in sections if s.strip().upper() in allowed)
            reasons |= ~Q(company__sector_section="") & ~Q(company__sector_section__in=inside)
        outside |= Q(case__pipeline_id=pipeline_id) & reasons
    rows = (
        outbound.filter(is_first_outbound=True)
        .filter(outside)
        .values(
            *_ITEM_FIELDS,
            "case__pipeline_id",
            "company__size_class",
            "company__district",
            "company__sector_section",
        )
    )
    for row in rows.iterator(chunk_size=_CHUNK):
        company = quality.CompanyFacts(
            row["company_id"],
            size_class=row["company__size_class"],
            district=row["company__district"],
            sector_section=row["company__sector_section"],
        )
        yield from _fired(
            row,
            quality.check_poor_fit(
                facts.outreach_item(row),
                company=company,
                criteria=criteria[row["case__pipeline_id"]],
            ),
        )


# --- Rule 4: volume --------------------------------------------------------------------


def _volume_burst(
    outbound: QuerySet[Touchpoint], thresholds: quality.Thresholds
) -> Iterator[_Fired]:
    """Rule 4: first contacts that take a person, campaign or template over the limit.

    Each touchpoint's counts are those of its window of days up to and including
    its own date (all of that date, as the one-by-one path leaves out only the
    touchpoint itself and adds it back): a RANGE frame over day numbers.
    """
    day = DayNumber("occurred_on")
    burst = DaysBefore(thresholds.burst_days - 1)
    cold = Q(warm=False)

    def per(partition: str, frame: DaysBefore, only: Q | None = None) -> Window:
        return Window(
            Count("pk", filter=only), partition_by=[F(partition)], order_by=day, frame=frame
        )

    limit = thresholds.burst_max_cold_first
    rows = (
        outbound.filter(is_first_outbound=True)
        .annotate(
            by_person=per("by_id", burst, cold),
            by_campaign=per("campaign_id", burst, cold),
            by_template=per("template_id", DaysBefore(thresholds.template_window_days - 1)),
        )
        .filter(
            Q(warm=False, by__isnull=False, by_person__gt=limit)
            | Q(warm=False, campaign__isnull=False, by_campaign__gt=limit)
            | Q(template__isnull=False, by_template__gt=thresholds.template_max_companies)
        )
        .values(*_ITEM_FIELDS, "by_person", "by_campaign", "by_template")
    )
    for row in rows.iterator(chunk_size=_CHUNK):
        # The rule adds the touchpoint itself to counts that leave it out.
        counts = quality.RecentCounts(
            cold_first_by_user={row["by_id"]: row["by_person"] - 1} if row["by_id"] else {},
            cold_first_by_campaign=(
                {row["campaign_id"]: row["by_campaign"] - 1} if row["campaign_id"] else {}
            ),
            companies_by_template=(
                {row["template_id"]: row["by_template"] - 1} if row["template_id"] else {}
            ),
        )
        yield from _fired(
            row,
            quality.check_volume_burst(
                facts.outreach_item(row), recent_counts=counts, thresholds=thresholds
            ),
        )


# --- Rules 6, 7, 8: the law and the address ------------------------------------------------


def _channel_not_allowed(team: Team, outbound: QuerySet[Touchpoint]) -> Iterator[_Fired]:
    """Rule 6: email without prior consent, calls without a reason for presumed consent."""
    # "Has a reason" is "has a non-blank character", as str.strip() decides; asked
    # once per company and contact rather than once per call.
    reasoned = Q(presumed_consent_reason__regex=r"\S")
    rows = (
        outbound.filter(solicited=False)
        .annotate(contact_reason=Coalesce("contact__presumed_consent_reason", Value("")))
        .filter(
            Q(channel=quality.Channel.EMAIL)
            & (
                Q(contact__isnull=True)
                | Q(contact__email_consent_on__isnull=True)
                | Q(contact__email_consent_on__gt=F("occurred_on"))
            )
            | Q(channel=quality.Channel.PHONE)
            & ~Q(company__in=Company.objects.filter(reasoned, team=team))
            & ~Q(contact__in=Contact.objects.filter(reasoned, company__team=team))
        )
        .values(
            *_ITEM_FIELDS,
            "contact__email_consent_on",
            "contact_reason",
            "company__presumed_consent_reason",
        )
    )
    for row in rows.iterator(chunk_size=_CHUNK):
        contact = None
        if row["contact_id"] is not None:
            contact = quality.ContactFacts(
                row["contact_id"],
                row["company_id"],
                email_consent_on=row["contact__email_consent_on"],
                presumed_consent_reason=row["contact_reason"],
            )
        company = quality.CompanyFacts(
            row["company_id"], presumed_consent_reason=row["company__presumed_consent_reason"]
        )
        yield from _fired(
            row,
            quality.check_channel_not_allowed(
                facts.outreach_item(row), company=company, contact=contact, as_of=row["occurred_on"]
            ),
        )


def _do_not_contact(outbound: QuerySet[Touchpoint]) -> Iterator[_Fired]:
    """Rule 7: outreach to someone who objected or is blocked, or to a company that said no.

    Two queries: the contacts' side, and the companies' latest refusal (a lost
    case, ranked per touchpoint, whatever its date: the one-by-one path reads the
    latest one too). A touchpoint found by both is judged once on both facts.
    """
    by_contact = {
        row["pk"]: row
        for row in outbound.filter(
            Q(contact__do_not_contact=True) | Q(contact__objected_at__lte=F("occurred_on"))
        )
        .values(*_ITEM_FIELDS, "contact__do_not_contact", "contact__objected_at")
        .iterator(chunk_size=_CHUNK)
    }
    case = "company__acquisition_cases__"
    refusals = (
        outbound.filter(
            solicited=False,
            **{f"{case}stage__kind": Stage.Kind.LOST, f"{case}closed_at__isnull": False},
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("pk")],
                order_by=[F(f"{case}closed_at").desc(), F(f"{case}id").desc()],
            ),
            closed_at=F(f"{case}closed_at"),
            reapproach_on=F(f"{case}reapproach_on"),
        )
        .filter(rank=1)
        .values(*_ITEM_FIELDS, "closed_at", "reapproach_on")
    )
    declined: dict[int, tuple[dict[str, Any], date, date | None]] = {}
    for row in refusals.iterator(chunk_size=_CHUNK):
        declined_on = timezone.localdate(row["closed_at"])
        if declined_on <= row["occurred_on"] and (
            row["reapproach_on"] is None or row["reapproach_on"] > row["occurred_on"]
        ):
            declined[row["pk"]] = (row, declined_on, row["reapproach_on"])
    for pk in by_contact.keys() | declined.keys():
        contact_row = by_contact.get(pk)
        refusal = declined.get(pk)
        row = contact_row if contact_row is not None else declined[pk][0]
        contact = None
        if row["contact_id"] is not None:
            contact = quality.ContactFacts(
                row["contact_id"],
                row["company_id"],
                do_not_contact=bool(contact_row and contact_row["contact__do_not_contact"]),
                objected_on=contact_row["contact__objected_at"] if contact_row else None,
            )
        company = quality.CompanyFacts(
            row["company_id"],
            declined_on=refusal[1] if refusal else None,
            reapproach_on=refusal[2] if refusal else None,
        )
        yield from _fired(
            row,
            quality.check_do_not_contact(
                facts.outreach_item(row), company=company, contact=contact, as_of=row["occurred_on"]
            ),
        )


# A word of every greeting to nobody (see quality.masking._NOBODY), in ASCII and with the
# letters a case-insensitive Python pattern also finds in other scripts (s: ſ)
# spelled out, so that the vendor's case-insensitive match finds a superset.
_NOBODY_WORDS = r"damen|geehrte[sſ]|ft[sſ][fl]|onalabte|ammen|dear|whom"


def _no_named_person(outbound: QuerySet[Touchpoint]) -> Iterator[_Fired]:
    """Rule 8: letters and emails to no one, or greeting no one in particular.

    Only the texts with a word of such a greeting, or to no one, are read; the
    rule's own pattern then decides.
    """
    rows = (
        outbound.filter(channel__in=facts.WRITTEN)
        .filter(Q(contact__isnull=True) | Q(text__iregex=_NOBODY_WORDS))
        .values(*_ITEM_FIELDS, "text")
    )
    for row in rows.iterator(chunk_size=_CHUNK):
        yield from _fired(row, quality.check_no_named_person(facts.outreach_item(row)))


# --- Rule 9: a second letter soon after the last ----------------------------------------------


def _repeat_contact(
    outbound: QuerySet[Touchpoint], thresholds: quality.Thresholds
) -> Iterator[_Fired]:
    """Rule 9: each letter or email with the one before it to the same company.

    A window function pairs every written touchpoint with its predecessor by
    (date, id) per company, as the rule picks the latest earlier one; only the
    pairs closer than the threshold are read.
    """
    order = [F("occurred_on").asc(), F("pk").asc()]
    rows = (
        outbound.filter(channel__in=facts.WRITTEN)
        .annotate(
            earlier_id=Window(Lag("pk"), partition_by=[F("company_id")], order_by=order),
            earlier_on=Window(Lag("occurred_on"), partition_by=[F("company_id")], order_by=order),
            earlier_channel=Window(Lag("channel"), partition_by=[F("company_id")], order_by=order),
            gap=Window(
                Lag(DayNumber("occurred_on")),
                partition_by=[F("company_id")],
                order_by=order,
            ),
        )
        .filter(
            # Answers the company asked for stay in the sequence; the rule skips them.
            earlier_id__isnull=False,
            gap__gt=DayNumber("occurred_on") - thresholds.repeat_contact_days,
        )
        .values(*_ITEM_FIELDS, "earlier_id", "earlier_on", "earlier_channel")
    )
    for row in rows.iterator(chunk_size=_CHUNK):
        earlier = quality.WrittenContact(
            row["earlier_id"], row["earlier_on"], row["earlier_channel"]
        )
        company = quality.CompanyFacts(row["company_id"], written_contacts=(earlier,))
        yield from _fired(
            row,
            quality.check_repeat_contact(
                facts.outreach_item(row),
                company=company,
                thresholds=thresholds,
                as_of=row["occurred_on"],
            ),
        )


# --- Rule 3: generic text -------------------------------------------------------------------


def _generic_text(
    outbound: QuerySet[Touchpoint], thresholds: quality.Thresholds
) -> Iterator[_Fired]:
    """Rule 3: each written text against the team's texts of its own window."""
    written = outbound.filter(channel__in=facts.WRITTEN)
    # Texts without a stored fingerprint (none, when logged through the services)
    # are judged by one made now, and, as in the one-by-one path, are in no window.
    made = {
        pk: quality.text_fingerprint(text, tuple(values or ()))
        for pk, text, values in written.filter(fingerprint="")
        .exclude(text="")
        .values_list("pk", "text", "merge_values")
        .iterator(chunk_size=_CHUNK)
    }
    rows = (
        written.filter(~Q(fingerprint="") | ~Q(text=""))
        .annotate(
            has_text=Case(
                When(text="", then=Value(False)), default=Value(True), output_field=BooleanField()
            )
        )
        .order_by("occurred_on", "pk")
        .values(*_ITEM_FIELDS, "fingerprint", "has_text")
    )
    texts = (
        windows.HistoryText(
            outreach_id=row["pk"],
            company_id=row["company_id"],
            occurred_on=row["occurred_on"],
            fingerprint=row["fingerprint"] or made.get(row["pk"], ""),
            stored=bool(row["fingerprint"]),
            judged=row["has_text"],
            payload=row,
        )
        for row in rows.iterator(chunk_size=_CHUNK)
    )
    for text, match in windows.history_matches(texts, thresholds=thresholds):
        row = text.payload
        yield from _fired(
            row,
            quality.check_generic_text(
                facts.outreach_item(row), match=match, thresholds=thresholds
            ),
        )


# --- Together ------------------------------------------------------------------------------


def team_findings(*, team: Team, thresholds: quality.Thresholds) -> Iterator[_Fired]:
    """Every finding on every outbound touchpoint of the team, rule by rule."""
    outbound = Touchpoint.objects.filter(team=team, direction=Touchpoint.Direction.OUT).order_by()
    yield from _unprepared(outbound, thresholds)
    yield from _cold_although_warm(outbound, thresholds)
    yield from _generic_text(outbound, thresholds)
    yield from _volume_burst(outbound, thresholds)
    yield from _poor_fit(team, outbound)
    yield from _channel_not_allowed(team, outbound)
    yield from _do_not_contact(outbound)
    yield from _no_named_person(outbound)
    yield from _repeat_contact(outbound, thresholds)


def _flag_rows(fired: Iterable[_Fired]) -> Iterator[flags.FlagRow]:
    for one in fired:
        row, finding = one.row, one.finding
        yield flags.FlagRow(
            key=flags.flag_key(
                finding, touchpoint_id=row["pk"], campaign_item_id=row["campaign_item_id"]
            ),
            finding=finding,
            touchpoint_id=row["pk"],
            campaign_item_id=row["campaign_item_id"],
            campaign_id=row["campaign_id"],
            company_id=row["company_id"],
            user_id=row["by_id"],
            override_reason="" if finding.blocks else row["override_reason"],
        )


# The flags of touchpoints: those stored against one, and a campaign item's that
# the item's touchpoint took over.
TOUCHPOINT_FLAGS = Q(touchpoint__isnull=False) | Q(campaign_item__touchpoint__isnull=False)


@transaction.atomic
@recorded("team_reevaluate")
def team_reevaluate(*, team: Team, today: date, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Run the rules again over every outbound touchpoint and every unsent campaign.

    Returns how many flags were created, updated and deleted, and how many
    campaigns were checked again.
    """
    if connection.vendor == "postgresql":
        # The rules sort and hash the whole history (window functions, the texts in
        # date order): in memory rather than in temporary files, for this transaction.
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
    thresholds = facts.thresholds_for(facts.settings_for_team(team=team))
    created, updated, deleted = flags.flags_store(
        team=team,
        rows=_flag_rows(team_findings(team=team, thresholds=thresholds)),
        scope=TOUCHPOINT_FLAGS,
        batch_size=batch_size,
    )
    campaigns = 0
    for campaign in Campaign.objects.filter(team=team).exclude(status=Campaign.Status.SENT):
        campaign_check(campaign=campaign, today=today)
        campaigns += 1
    return {"created": created, "updated": updated, "deleted": deleted, "campaigns": campaigns}
