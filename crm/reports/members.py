"""The network after the win, for the lead: members by status, joining and leaving,
who comes to events, who went quiet, and which partner companies bring warm leads.

Every figure links to its list (members, events, the partner's page, the
re-certifications due, a mentoring programme); the sheets are the same for the page,
the CSV and the XLSX. Eight queries, whatever the size.
"""

from collections import Counter, defaultdict
from datetime import date, timedelta

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from certification import selectors as certification_selectors
from certification.models import Application
from companies.models import NetworkPartner
from crm.models import AcquisitionCase, Partnership, PartnershipStatusChange, Team
from crm.reports.scope import ReportFilters
from crm.reports.sheets import Cell, Chart, Series, Sheet
from network.models import Event, Registration
from outreach.models import Introduction, Touchpoint

QUARTERS = 8
AT_RISK_DAYS = 365
# A list link carries the ids; beyond this many the figure shows without a link.
LINK_IDS_MAX = 300


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end - timedelta(days=1)


def last_quarters(today: date, count: int = QUARTERS) -> list[tuple[int, int]]:
    year, quarter = quarter_of(today)
    found = []
    for _step in range(count):
        found.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return list(reversed(found))


def _label(year: int, quarter: int) -> str:
    return f"Q{quarter}/{year}"


def _members_link(value: int, ids: list[int] | None = None, **params: str) -> Cell:
    if not value:
        return Cell(value)
    query = dict(params)
    if ids is not None:
        if len(ids) > LINK_IDS_MAX:
            return Cell(value)
        query["ids"] = ",".join(str(pk) for pk in sorted(ids))
    url = reverse("network:partner_list")
    return Cell(value, f"{url}?{urlencode(query)}" if query else url)


def _events_link(value: int, start: date, end: date) -> Cell:
    if not value:
        return Cell(value)
    query = urlencode({"from": start.isoformat(), "to": end.isoformat()})
    return Cell(value, f"{reverse('network:event_list')}?{query}")


def member_sheets(*, team: Team, filters: ReportFilters | None, today: date) -> list[Sheet]:
    """The partners report's sheets (six queries)."""
    del filters  # the report is about the network, not one pipeline's cohort
    quarters = last_quarters(today)
    first_day = quarter_bounds(*quarters[0])[0]
    partnerships = list(
        Partnership.objects.filter(team=team)
        .select_related("company")
        .order_by("company__legal_name", "pk")
    )
    return [
        _status_sheet(partnerships),
        _joined_left_sheet(team, partnerships, quarters, first_day),
        _attendance_quarter_sheet(team, quarters, first_day),
        *_partner_sheets(team, partnerships, today),
        _recertification_sheet(team),
        _tandem_sheet(team),
    ]


def _recertification_sheet(team: Team) -> Sheet:
    """Certificates falling due per quarter, and the decision on the next application."""
    outcomes = [
        (Application.Decision.CERTIFIED.value, Application.Decision.CERTIFIED.label),
        (Application.Decision.CONDITIONS.value, Application.Decision.CONDITIONS.label),
        (Application.Decision.NOT_CERTIFIED.value, Application.Decision.NOT_CERTIFIED.label),
        ("pending", _("Under review")),
        ("none", _("No application yet")),
    ]
    sheet = Sheet(
        key="recertifications",
        title=_("Re-certifications due and their outcomes"),
        columns=[_("Quarter due"), _("Due"), *[str(label) for _key, label in outcomes]],
    )
    due_list = reverse("certification:due_list")
    for row in certification_selectors.recertification_outcomes(team=team):
        sheet.rows.append(
            [
                Cell(str(row.quarter)),
                Cell(row.due, due_list if row.due else ""),
                *[Cell(row.outcomes.get(key, 0)) for key, _label in outcomes],
            ]
        )
    return sheet


def _tandem_sheet(team: Team) -> Sheet:
    """Mentoring tandems per programme: running and finished."""
    sheet = Sheet(
        key="tandems",
        title=_("Mentoring tandems"),
        columns=[_("Programme"), _("Running"), _("Finished")],
    )
    for row in certification_selectors.tandem_counts(team=team):
        url = reverse("certification:programme_detail", args=[row.programme.pk])
        sheet.rows.append(
            [
                Cell(str(row.programme), url),
                Cell(row.running, url if row.running else ""),
                Cell(row.finished, url if row.finished else ""),
            ]
        )
    return sheet


def _status_sheet(partnerships: list[Partnership]) -> Sheet:
    counts = Counter((p.status, p.kind) for p in partnerships)
    kinds = Partnership.Kind.choices
    sheet = Sheet(
        key="members",
        title=_("Members by status"),
        columns=[_("Status"), *[str(label) for _value, label in kinds], _("All")],
    )
    for status, label in Partnership.Status.choices:
        row = [Cell(str(label))]
        for kind, _kind_label in kinds:
            row.append(_members_link(counts[(status, kind)], status=status, kind=kind))
        total = sum(counts[(status, kind)] for kind, _kind_label in kinds)
        row.append(_members_link(total, status=status))
        sheet.rows.append(row)
    sheet.chart = Chart(
        kind="bar",
        labels=[str(label) for _value, label in Partnership.Status.choices],
        series=[
            Series(
                str(label), [counts[(status, kind)] for status, _s in Partnership.Status.choices]
            )
            for kind, label in kinds
        ],
    )
    return sheet


def _joined_left_sheet(
    team: Team, partnerships: list[Partnership], quarters: list[tuple[int, int]], first_day: date
) -> Sheet:
    joined: dict[tuple[int, int], list[int]] = defaultdict(list)
    for partnership in partnerships:
        if partnership.started_on >= first_day:
            joined[quarter_of(partnership.started_on)].append(partnership.pk)
    left: dict[tuple[int, int], set[int]] = defaultdict(set)
    for partnership_id, on in PartnershipStatusChange.objects.filter(
        partnership__team=team,
        to_status=Partnership.Status.LEFT,
        on__gte=first_day,
    ).values_list("partnership_id", "on"):
        left[quarter_of(on)].add(partnership_id)
    sheet = Sheet(
        key="joined-left",
        title=_("New and lost members per quarter"),
        columns=[_("Quarter"), _("New members"), _("Left")],
    )
    for quarter in quarters:
        new_ids, gone = joined[quarter], sorted(left[quarter])
        sheet.rows.append(
            [
                Cell(_label(*quarter)),
                _members_link(len(new_ids), ids=new_ids),
                _members_link(len(gone), ids=gone),
            ]
        )
    sheet.chart = Chart(
        kind="bar",
        labels=[_label(*q) for q in quarters],
        series=[
            Series(_("New members"), [len(joined[q]) for q in quarters]),
            Series(_("Left"), [len(left[q]) for q in quarters]),
        ],
    )
    return sheet


def _attendance_quarter_sheet(
    team: Team, quarters: list[tuple[int, int]], first_day: date
) -> Sheet:
    events: Counter[tuple[int, int]] = Counter()
    registered: Counter[tuple[int, int]] = Counter()
    came: Counter[tuple[int, int]] = Counter()
    rows = (
        Event.objects.filter(team=team, date__gte=first_day)
        .annotate(
            registered=Count(
                "registrations",
                filter=~Q(registrations__status=Registration.Status.CANCELLED),
            ),
            came=Count("registrations", filter=Q(registrations__attended=True)),
        )
        .values_list("date", "registered", "came")
    )
    for day, n_registered, n_came in rows:
        quarter = quarter_of(day)
        events[quarter] += 1
        registered[quarter] += n_registered
        came[quarter] += n_came
    sheet = Sheet(
        key="attendance",
        title=_("Event attendance per quarter"),
        columns=[_("Quarter"), _("Events"), _("Registrations"), _("Came")],
    )
    for quarter in quarters:
        start, end = quarter_bounds(*quarter)
        sheet.rows.append(
            [
                Cell(_label(*quarter)),
                _events_link(events[quarter], start, end),
                _events_link(registered[quarter], start, end),
                _events_link(came[quarter], start, end),
            ]
        )
    sheet.chart = Chart(
        kind="line",
        labels=[_label(*q) for q in quarters],
        series=[Series(_("Came"), [came[q] for q in quarters])],
    )
    return sheet


def _partner_sheets(team: Team, partnerships: list[Partnership], today: date) -> list[Sheet]:
    company_ids = {p.company_id for p in partnerships}
    attendance = {
        row["company_id"]: row
        for row in Registration.objects.filter(
            event__team=team, attended=True, company_id__in=company_ids
        )
        .values("company_id")
        .annotate(n=Count("pk"), last=Max("event__date"))
        .order_by()
    }
    last_touch = dict(
        Touchpoint.objects.filter(team=team, company_id__in=company_ids)
        .values("company_id")
        .annotate(last=Max("occurred_on"))
        .order_by()
        .values_list("company_id", "last")
    )
    per_partner = Sheet(
        key="attendance-partners",
        title=_("Event attendance per partner"),
        columns=[_("Partner"), _("Events attended"), _("Last event")],
    )
    at_risk = Sheet(
        key="at-risk",
        title=_("Partners at risk: no contact or attendance for 12 months"),
        columns=[_("Partner"), _("Status"), _("Last contact"), _("Last event")],
    )
    since = today - timedelta(days=AT_RISK_DAYS)
    risky_ids = []
    for partnership in partnerships:
        page = partnership.get_absolute_url()
        seen = attendance.get(partnership.company_id)
        if seen:
            per_partner.rows.append(
                [
                    Cell(partnership.company.full_name, page),
                    Cell(seen["n"], page),
                    Cell(seen["last"]),
                ]
            )
        if partnership.status == Partnership.Status.LEFT:
            continue
        last_contact = last_touch.get(partnership.company_id)
        last_event = seen["last"] if seen else None
        latest = max((d for d in (last_contact, last_event) if d), default=None)
        if (latest is None or latest < since) and partnership.started_on < since:
            risky_ids.append(partnership.pk)
            at_risk.rows.append(
                [
                    Cell(partnership.company.full_name, page),
                    Cell(partnership.get_status_display()),
                    Cell(last_contact),
                    Cell(last_event),
                ]
            )
    per_partner.rows.sort(key=lambda row: (-row[1].value, row[0].value))
    at_risk.note = _("%(count)s partners") % {"count": len(risky_ids)}
    return [per_partner, at_risk, _brought_sheet(team, company_ids)]


def _brought_sheet(team: Team, company_ids: set[int]) -> Sheet:
    introducers = list(
        NetworkPartner.objects.filter(team=team, company_id__in=company_ids)
        .annotate(
            made=Count("introductions", filter=Q(introductions__requested=False), distinct=True),
            meetings_agreed=Count(
                "introductions",
                filter=Q(
                    introductions__requested=False,
                    introductions__outcome=Introduction.Outcome.MEETING_AGREED,
                ),
                distinct=True,
            ),
        )
        .order_by("name", "pk")
    )
    referrals = dict(
        AcquisitionCase.objects.filter(team=team, referred_by__in=[p.pk for p in introducers])
        .values("referred_by_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("referred_by_id", "n")
    )
    sheet = Sheet(
        key="brought",
        title=_("Referrals and introductions made by partners"),
        columns=[_("Partner"), _("Referrals"), _("Introductions made"), _("Meetings agreed")],
    )
    rows = []
    for partner in introducers:
        brought = referrals.get(partner.pk, 0)
        if not (brought or partner.made):
            continue
        page = partner.get_absolute_url()
        cases = f"{reverse('cases:list')}?{urlencode({'referred_by': partner.pk})}"
        rows.append(
            [
                Cell(partner.name, page),
                Cell(brought, cases if brought else ""),
                Cell(partner.made, page if partner.made else ""),
                Cell(partner.meetings_agreed, page if partner.meetings_agreed else ""),
            ]
        )
    rows.sort(key=lambda row: (-(row[1].value + row[2].value), row[0].value))
    sheet.rows = rows
    return sheet
