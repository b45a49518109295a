"""Write actions for introductions and referrals: the warm paths into companies.

Each action is one transaction and the one place its rule is enforced. Messages
are module constants so that tests and callers can recognise them.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from benefits import selectors as benefits_selectors
from companies import services as companies_services
from companies.models import Company, Contact, NetworkPartner
from crm import services as crm_services
from crm.access import require_lead
from crm.models import AcquisitionCase, Source, Team
from outreach import facts, quality
from outreach.models import (
    Campaign,
    CampaignItem,
    Channel,
    Introduction,
    LetterTemplate,
    OutreachFlag,
    OutreachSettings,
    Touchpoint,
)

INTRODUCER_OTHER_TEAM = _("Choose a partner of your own team.")
CONTACT_OTHER_COMPANY = _("Choose a contact person of this case's company.")
DATE_IN_FUTURE = _("An introduction cannot be dated in the future.")
CASE_CLOSED = _("This case is closed. Reopen it before recording an introduction.")
OUTCOME_OF_REQUEST = _(
    "This is a request that has not happened yet. Record the introduction once the partner "
    "has made it."
)
# A request is followed up after a week unless the user plans otherwise.
REQUEST_FOLLOW_UP_DAYS = 7
NEXT_STEP_MAX_LENGTH = 200


def _check(
    *,
    case: AcquisitionCase,
    introducer: NetworkPartner,
    contact: Contact | None,
    on: date | None,
) -> None:
    if case.closed_at is not None:
        raise ValidationError(CASE_CLOSED, code="closed")
    errors: dict[str, Any] = {}
    if introducer.team_id != case.team_id:
        errors["introducer"] = ValidationError(INTRODUCER_OTHER_TEAM, code="other_team")
    if contact is not None and contact.company_id != case.company_id:
        errors["contact"] = ValidationError(CONTACT_OTHER_COMPANY, code="other_company")
    if on is not None and on > timezone.localdate():
        errors["date"] = ValidationError(DATE_IN_FUTURE, code="future")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def introduction_record(
    *,
    case: AcquisitionCase,
    introducer: NetworkPartner,
    by: AbstractBaseUser | None,
    date: date,
    channel: str = Introduction.Channel.PHONE,
    contact: Contact | None = None,
    introducer_agreed_to_be_named: bool = False,
    company_agreed_to_contact: bool = False,
    outcome: str = Introduction.Outcome.PENDING,
    note: str = "",
) -> Introduction:
    """Record that a partner introduced us to the case's company.

    An open request to the same partner for this case becomes this introduction
    (the partner did what we asked), and the partner's tie to the company is
    touched: ties grow from what actually happens.
    """
    _check(case=case, introducer=introducer, contact=contact, on=date)
    introduction = (
        Introduction.objects.select_for_update()
        .filter(case=case, introducer=introducer, requested=True)
        .order_by("-date", "-id")
        .first()
    ) or Introduction(case=case, introducer=introducer, created_by_id=by.pk if by else None)
    introduction.requested = False
    introduction.contact = contact
    introduction.date = date
    introduction.channel = channel
    introduction.introducer_agreed_to_be_named = introducer_agreed_to_be_named
    introduction.company_agreed_to_contact = company_agreed_to_contact
    introduction.outcome = outcome
    introduction.note = note
    introduction.full_clean(exclude=["case", "introducer", "contact", "created_by"])
    introduction.save()
    companies_services.tie_touch(partner=introducer, company=case.company, on=date)
    return introduction


@transaction.atomic
def introduction_outcome_set(
    *, introduction: Introduction, by: AbstractBaseUser | None, outcome: str, note: str
) -> Introduction:
    """Record what became of an introduction (a meeting, a refusal), once it is known."""
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if introduction.requested:
        raise ValidationError(OUTCOME_OF_REQUEST, code="request")
    introduction.outcome = outcome
    introduction.note = note
    introduction.full_clean(exclude=["case", "introducer", "contact", "created_by"])
    introduction.save(update_fields=["outcome", "note"])
    return introduction


@transaction.atomic
def introduction_request(
    *,
    case: AcquisitionCase,
    introducer: NetworkPartner,
    by: AbstractBaseUser | None,
    version: int,
    next_step_due: date | None = None,
    note: str = "",
) -> Introduction:
    """Record that we asked a partner for an introduction, and plan the follow-up."""
    today = timezone.localdate()
    _check(case=case, introducer=introducer, contact=None, on=None)
    introduction = Introduction(
        case=case,
        introducer=introducer,
        date=today,
        requested=True,
        note=note,
        created_by_id=by.pk if by else None,
    )
    introduction.full_clean(exclude=["case", "introducer", "contact", "created_by"])
    introduction.save()
    # Stored text, in the language of the person who asked (like any next step they type).
    step = gettext("Follow up: introduction asked of %(partner)s") % {"partner": introducer}
    crm_services.case_next_step_set(
        case=case,
        by=by,
        version=version,
        next_step=step[:NEXT_STEP_MAX_LENGTH],
        next_step_due=next_step_due or today + timedelta(days=REQUEST_FOLLOW_UP_DAYS),
    )
    return introduction


@transaction.atomic
def referral_record(
    *,
    team: Team,
    partner: NetworkPartner,
    by: AbstractBaseUser,
    company: Company | None = None,
    company_fields: dict[str, Any] | None = None,
    distinct_from: Iterable[Company] = (),
    contact_fields: dict[str, Any] | None = None,
    note: str = "",
) -> AcquisitionCase:
    """Partner X recommends company Y: find or create Y, and open its case as a referral.

    Either `company` (an existing one) or `company_fields` (a new one, created
    with the duplicates the user confirmed as different in `distinct_from`).
    """
    if partner.team_id != team.pk:
        raise ValidationError({"partner": INTRODUCER_OTHER_TEAM}, code="other_team")
    if company is None:
        company = companies_services.company_create(
            team=team, by=by, distinct_from=distinct_from, **(company_fields or {})
        )
    if contact_fields:
        companies_services.contact_create(company=company, by=by, **contact_fields)
    return crm_services.case_open(
        team=team,
        company=company,
        owner=by,
        by=by,
        source=Source.REFERRAL,
        referred_by=partner,
        note=note,
    )


# ==============================================================================
# Touchpoints, campaigns and outreach flags
# ==============================================================================

COMPANY_OTHER_TEAM = crm_services.COMPANY_OTHER_TEAM
CASE_OTHER_COMPANY = _("This case belongs to another company.")
TOUCHPOINT_IN_FUTURE = _("A contact cannot be dated after today. Plan it as the next step instead.")
UNKNOWN_CHANNEL = _("Choose one of the listed channels.")
UNKNOWN_DIRECTION = _("Choose outbound or inbound.")
UNKNOWN_OUTCOME = _("Choose one of the listed outcomes.")
INTRODUCTION_OTHER_COMPANY = _("This introduction was to another company.")
CAMPAIGN_OTHER_TEAM = _("Choose a campaign of your own team.")
TEMPLATE_OTHER_TEAM = _("Choose a template of your own team.")
CAMPAIGN_NAME_TAKEN = _("Your team already has a campaign of this name.")
CAMPAIGN_NOT_DRAFT = _("Only a draft campaign can be changed. Return it to draft first.")
CAMPAIGN_EMPTY = _("Add at least one case before submitting the campaign.")
CAMPAIGN_NOT_IN_REVIEW = _("Only a campaign in review can be approved.")
CAMPAIGN_NOT_APPROVED = _("Only an approved campaign can be sent.")
CAMPAIGN_BLOCKED = _(
    "This campaign has blocking findings: what the law or an objection forbids cannot be "
    "approved or sent. Remove those cases or fix the data, then check again."
)
CAMPAIGN_WARNINGS_OPEN = _(
    "A team lead must acknowledge or dismiss every warning before the campaign is approved."
)
CAMPAIGN_ALREADY_SENT = _("This campaign has been sent already.")
CASE_OTHER_TEAM = _("Choose cases of your own team.")
CASE_NOT_OPEN = _("Closed cases cannot be added to a campaign.")
FLAG_BLOCK_STAYS = _(
    "A blocking finding cannot be acknowledged or dismissed: fix its cause (consent, "
    "objection, refusal) and it goes away when the rules are checked again."
)
FLAG_NOTE_REQUIRED = _("Say why, in a few words.")
FLAG_NOT_OPEN = _("This flag has been dealt with already.")
OVERRIDE_REASON_REQUIRED = _("Give a reason for going ahead despite the warnings.")

# Placeholders of a campaign's common text.
_PLACEHOLDER = re.compile(r"\{(company|contact|city)\}")
# Contact roles in the order a letter to the company is best addressed.
_ROLE_ORDER = ("owner", "hr", "equality", "works_council", "assistant", "other")


class OutreachChecked(Exception):
    """The targeting rules found something: blocks refuse, warnings need a reason."""

    def __init__(self, findings: Iterable[quality.Finding]) -> None:
        self.findings = list(findings)
        self.blocked = any(finding.blocks for finding in self.findings)
        super().__init__(", ".join(finding.rule_id for finding in self.findings))

    @property
    def warnings(self) -> list[quality.Finding]:
        return [finding for finding in self.findings if not finding.blocks]

    @property
    def blocks(self) -> list[quality.Finding]:
        return [finding for finding in self.findings if finding.blocks]


# --- Flags ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlagRow:
    """A finding together with the rows it concerns, ready to be stored as a flag."""

    key: str
    finding: quality.Finding
    touchpoint_id: int | None = None
    campaign_item_id: int | None = None
    campaign_id: int | None = None
    company_id: int | None = None
    user_id: int | None = None
    override_reason: str = ""


def flag_key(
    finding: quality.Finding,
    *,
    touchpoint_id: int | None = None,
    campaign_item_id: int | None = None,
) -> str:
    """What a finding is about: the same finding on a re-check updates the same flag."""
    if campaign_item_id is not None:
        return f"{finding.rule_id}:item:{campaign_item_id}"
    if touchpoint_id is not None:
        return f"{finding.rule_id}:tp:{touchpoint_id}"
    evidence = finding.evidence
    scope = evidence.get("scope", "campaign")
    subject = evidence.get("id", finding.campaign_id)
    return f"{finding.rule_id}:campaign:{finding.campaign_id}:{scope}:{subject}"


# Above this many findings, the flags to compare are found by scope alone: a list
# of keys that long would exceed the databases' limits on query parameters.
_KEYS_INLINE = 500
_FLAG_FIELDS = (
    "rule",
    "severity",
    "evidence",
    "touchpoint_id",
    "campaign_item_id",
    "campaign_id",
    "company_id",
    "user_id",
)


def _batches(items: list[Any], size: int) -> Iterable[list[Any]]:
    return (items[start : start + size] for start in range(0, len(items), size))


def flags_store(
    *, team: Team, rows: Iterable[FlagRow], scope: Q, batch_size: int = 1000
) -> tuple[int, int, int]:
    """Make the team's flags in `scope` match `rows`: add, update, drop what no longer fires.

    Flags a lead has acknowledged or dismissed keep their state and stay as a
    record even when their finding goes away; open ones that no longer fire are
    removed. Writes go in batches of `batch_size` rows, so a whole team's flags
    cost a few queries per batch; on PostgreSQL many rows are compared and
    written by the database in a fixed handful of statements instead
    (`_flags_store_copy`). Returns (created, updated, deleted).
    """
    by_key = {row.key: row for row in rows}
    if len(by_key) > _COPY_ABOVE and connection.vendor == "postgresql":
        return _flags_store_copy(team=team, by_key=by_key, scope=scope)
    flags = OutreachFlag.objects.filter(team=team)
    if len(by_key) <= _KEYS_INLINE:
        found = [flags.filter(scope | Q(key__in=list(by_key)))]
    else:
        # A flag outside the scope may carry one of the keys (rarely: a finding
        # that moved); only those few are looked up by key.
        outside = [
            key
            for key in flags.exclude(scope).values_list("key", flat=True).iterator(chunk_size=5000)
            if key in by_key
        ]
        found = [flags.filter(scope)]
        found += [flags.filter(key__in=keys) for keys in _batches(outside, batch_size)]
    existing: dict[str, tuple[int, str, tuple[Any, ...]]] = {}
    for queryset in found:
        for pk, key, state, *values in queryset.values_list(
            "pk", "key", "state", *_FLAG_FIELDS
        ).iterator(chunk_size=5000):
            existing[key] = (pk, state, tuple(values))
    new: list[OutreachFlag] = []
    # Changed flags, grouped by the fields that changed: usually the evidence alone.
    changed: dict[tuple[str, ...], list[OutreachFlag]] = {}
    now = timezone.now()
    for key, row in by_key.items():
        values = (
            row.finding.rule_id,
            str(row.finding.severity),
            row.finding.evidence,
            row.touchpoint_id,
            row.campaign_item_id,
            row.campaign_id,
            row.company_id,
            row.user_id,
        )
        stored = existing.get(key)
        if stored is None:
            new.append(
                OutreachFlag(
                    team=team,
                    key=key,
                    override_reason=row.override_reason,
                    **dict(zip(_FLAG_FIELDS, values, strict=True)),
                )
            )
            continue
        fields = tuple(
            name
            for name, old, value in zip(_FLAG_FIELDS, stored[2], values, strict=True)
            if old != value
        )
        if fields:
            flag = OutreachFlag(pk=stored[0], updated_at=now)
            for name in fields:
                setattr(flag, name, values[_FLAG_FIELDS.index(name)])
            changed.setdefault(fields, []).append(flag)
    stale = [
        pk
        for key, (pk, state, _values) in existing.items()
        if key not in by_key and state == OutreachFlag.State.OPEN
    ]
    OutreachFlag.objects.bulk_create(new, batch_size=batch_size)
    for fields, flags_changed in changed.items():
        names = [name.removesuffix("_id") for name in fields]
        OutreachFlag.objects.bulk_update(
            flags_changed, [*names, "updated_at"], batch_size=batch_size
        )
    deleted = 0
    for pks in _batches(stale, batch_size):
        deleted += OutreachFlag.objects.filter(pk__in=pks).delete()[0]
    return len(new), sum(map(len, changed.values())), deleted


# On PostgreSQL, more rows than this are compared and written by the database
# (COPY into a temporary table) rather than read into Python and batched: a
# team's re-evaluation, not a campaign's check (its fixed cost, ANALYZE of the
# flags, is about half a second).
_COPY_ABOVE = 5000
_FLAG_ROWS_TABLE = "tandem_flag_rows"
_FLAG_ROWS_COLUMNS = (
    ("key", "varchar(120) NOT NULL"),
    ("rule", "varchar(40) NOT NULL"),
    ("severity", "varchar(10) NOT NULL"),
    ("evidence", "jsonb NOT NULL"),
    ("touchpoint_id", "bigint"),
    ("campaign_item_id", "bigint"),
    ("campaign_id", "bigint"),
    ("company_id", "bigint"),
    ("user_id", "bigint"),
    ("override_reason", "text NOT NULL"),
)


def _flags_store_copy(*, team: Team, by_key: dict[str, FlagRow], scope: Q) -> tuple[int, int, int]:
    """flags_store for many rows on PostgreSQL: the database compares, Python only sends.

    The rows go with COPY into a temporary table; one DELETE drops the open flags
    of the scope that are not among them, one UPDATE rewrites only the flags whose
    values changed (state, note and the reason given when going ahead stay as
    they are), one INSERT adds the new ones: what the portable path does, joined
    by hashing in the database instead of compared row by row in Python.
    """
    table = OutreachFlag._meta.db_table
    rows_table = _FLAG_ROWS_TABLE
    columns = [name for name, _ in _FLAG_ROWS_COLUMNS]
    compared = [name for name in columns if name in _FLAG_FIELDS]
    stale_sql, stale_params = (
        OutreachFlag.objects.filter(team=team, state=OutreachFlag.State.OPEN)
        .filter(scope)
        .order_by()
        .values("pk")
        .query.sql_with_params()
    )
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{rows_table}")
        definition = ", ".join(f"{name} {kind}" for name, kind in _FLAG_ROWS_COLUMNS)
        cursor.execute(f"CREATE TEMPORARY TABLE {rows_table} ({definition}) ON COMMIT DROP")
        with cursor.copy(f"COPY {rows_table} ({', '.join(columns)}) FROM STDIN") as copy:
            for key, row in by_key.items():
                finding = row.finding
                copy.write_row(
                    (
                        key,
                        finding.rule_id,
                        str(finding.severity),
                        json.dumps(finding.evidence),
                        row.touchpoint_id,
                        row.campaign_item_id,
                        row.campaign_id,
                        row.company_id,
                        row.user_id,
                        row.override_reason,
                    )
                )
        # Statistics for both sides, so that the planner joins them by hashing: the
        # team's flags may have changed by hundreds of thousands since the last ANALYZE.
        cursor.execute(f"ANALYZE {rows_table}")
        cursor.execute(f"ANALYZE {table}")
        cursor.execute(
            f"DELETE FROM {table} AS flag WHERE flag.id IN ({stale_sql}) "  # noqa: S608
            f"AND NOT EXISTS (SELECT 1 FROM {rows_table} AS r WHERE r.key = flag.key)",
            stale_params,
        )
        deleted = cursor.rowcount
        assign = ", ".join(f"{name} = r.{name}" for name in compared)
        old_values = ", ".join(f"flag.{name}" for name in compared)
        new_values = ", ".join(f"r.{name}" for name in compared)
        cursor.execute(
            f"UPDATE {table} AS flag SET {assign}, updated_at = %s "  # noqa: S608
            f"FROM {rows_table} AS r WHERE flag.team_id = %s AND flag.key = r.key "
            f"AND ({old_values}) IS DISTINCT FROM ({new_values})",
            [now, team.pk],
        )
        updated = cursor.rowcount
        listed = ", ".join(columns)
        # ON CONFLICT: a flag the logging of a touchpoint added meanwhile stays.
        cursor.execute(
            f"INSERT INTO {table} (team_id, {listed}, state, note, created_at, updated_at) "  # noqa: S608
            f"SELECT %s, {listed}, %s, '', %s, %s FROM {rows_table} AS r WHERE NOT EXISTS "
            f"(SELECT 1 FROM {table} AS flag WHERE flag.team_id = %s AND flag.key = r.key) "
            "ON CONFLICT (team_id, key) DO NOTHING",
            [team.pk, OutreachFlag.State.OPEN.value, now, now, team.pk],
        )
        created = cursor.rowcount
        cursor.execute(f"DROP TABLE {rows_table}")
    return created, updated, deleted


def _touchpoint_rows(
    touchpoint: Touchpoint, findings: Iterable[quality.Finding], override_reason: str = ""
) -> list[FlagRow]:
    return [
        FlagRow(
            key=flag_key(
                finding,
                touchpoint_id=touchpoint.pk,
                campaign_item_id=touchpoint.campaign_item_id,
            ),
            finding=finding,
            touchpoint_id=touchpoint.pk,
            campaign_item_id=touchpoint.campaign_item_id,
            campaign_id=touchpoint.campaign_id,
            company_id=touchpoint.company_id,
            user_id=touchpoint.by_id,
            override_reason="" if finding.blocks else override_reason,
        )
        for finding in findings
    ]


def _touchpoint_scope(touchpoint: Touchpoint) -> Q:
    scope = Q(touchpoint=touchpoint)
    if touchpoint.campaign_item_id is not None:
        scope |= Q(campaign_item_id=touchpoint.campaign_item_id)
    return scope


@transaction.atomic
def flag_acknowledge(*, flag: OutreachFlag, by: AbstractBaseUser, note: str) -> OutreachFlag:
    """A lead has seen the warning and accepts it, with a note (e.g. "agreed in the meeting")."""
    return _flag_resolve(flag=flag, by=by, note=note, state=OutreachFlag.State.ACKNOWLEDGED)


@transaction.atomic
def flag_dismiss(*, flag: OutreachFlag, by: AbstractBaseUser, reason: str) -> OutreachFlag:
    """A lead judges the warning wrong (the letter was tailored after all), with the reason."""
    return _flag_resolve(flag=flag, by=by, note=reason, state=OutreachFlag.State.DISMISSED)


def _flag_resolve(
    *, flag: OutreachFlag, by: AbstractBaseUser, note: str, state: str
) -> OutreachFlag:
    require_lead(team=flag.team, user=by)
    flag = OutreachFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.blocks:
        raise ValidationError(FLAG_BLOCK_STAYS, code="block")
    if flag.state != OutreachFlag.State.OPEN:
        raise ValidationError(FLAG_NOT_OPEN, code="not_open")
    if not note.strip():
        raise ValidationError({"note": FLAG_NOTE_REQUIRED}, code="required")
    flag.state = state
    flag.note = note.strip()
    flag.resolved_by_id = by.pk
    flag.resolved_at = timezone.now()
    flag.save(update_fields=["state", "note", "resolved_by", "resolved_at", "updated_at"])
    return flag


# --- Touchpoints -----------------------------------------------------------------


def _touchpoint_check_input(
    *,
    team: Team,
    company: Company,
    case: AcquisitionCase | None,
    contact: Contact | None,
    channel: str,
    direction: str,
    occurred_on: date | None,
    outcome: str,
    introduction: Introduction | None,
    campaign: Campaign | None,
    template: LetterTemplate | None,
) -> None:
    errors: dict[str, Any] = {}
    if company.team_id != team.pk:
        errors["company"] = ValidationError(COMPANY_OTHER_TEAM, code="other_team")
    if case is not None and (case.team_id != team.pk or case.company_id != company.pk):
        errors["case"] = ValidationError(CASE_OTHER_COMPANY, code="other_company")
    if contact is not None and contact.company_id != company.pk:
        errors["contact"] = ValidationError(CONTACT_OTHER_COMPANY, code="other_company")
    if channel not in Channel.values:
        errors["channel"] = ValidationError(UNKNOWN_CHANNEL, code="invalid_choice")
    if direction not in Touchpoint.Direction.values:
        errors["direction"] = ValidationError(UNKNOWN_DIRECTION, code="invalid_choice")
    if outcome not in Touchpoint.Outcome.values:
        errors["outcome"] = ValidationError(UNKNOWN_OUTCOME, code="invalid_choice")
    if occurred_on is not None and occurred_on > timezone.localdate():
        errors["occurred_on"] = ValidationError(TOUCHPOINT_IN_FUTURE, code="future")
    if introduction is not None and introduction.case.company_id != company.pk:
        errors["introduction"] = ValidationError(INTRODUCTION_OTHER_COMPANY, code="other_company")
    if campaign is not None and campaign.team_id != team.pk:
        errors["campaign"] = ValidationError(CAMPAIGN_OTHER_TEAM, code="other_team")
    if template is not None and template.team_id != team.pk:
        errors["template"] = ValidationError(TEMPLATE_OTHER_TEAM, code="other_team")
    if errors:
        raise ValidationError(errors)


def outreach_item(
    touchpoint: Touchpoint, *, is_first_outbound: bool | None = None
) -> quality.Outreach:
    """A touchpoint (saved or not) as the rules see it."""
    return quality.Outreach(
        id=touchpoint.pk,
        company_id=touchpoint.company_id,
        channel=touchpoint.channel,
        occurred_on=touchpoint.occurred_on,
        by_user_id=touchpoint.by_id,
        contact_id=touchpoint.contact_id,
        direction=touchpoint.direction,
        campaign_id=touchpoint.campaign_id,
        template_id=touchpoint.template_id,
        warm=touchpoint.warm,
        is_first_outbound=(
            touchpoint.is_first_outbound if is_first_outbound is None else is_first_outbound
        ),
        solicited=touchpoint.solicited,
        text=touchpoint.text,
        merge_values=tuple(touchpoint.merge_values or ()),
    )


def _findings_for(
    touchpoint: Touchpoint, *, is_first_outbound: bool, today: date
) -> list[quality.Finding]:
    item = outreach_item(touchpoint, is_first_outbound=is_first_outbound)
    if not item.outbound:
        return []
    pipeline = touchpoint.case.pipeline if touchpoint.case is not None else None
    inputs = facts.rule_inputs(
        team=touchpoint.team,
        items=[item],
        pipelines={touchpoint.company_id: pipeline},
        today=today,
    )
    return quality.check_outreach(
        item,
        company=inputs.companies[touchpoint.company_id],
        contact=inputs.contacts.get(touchpoint.contact_id) if touchpoint.contact_id else None,
        criteria=inputs.criteria.get(touchpoint.company_id),
        recent_texts=inputs.recent_texts,
        recent_counts=inputs.recent_counts,
        thresholds=inputs.thresholds,
        today=today,
    )


def _first_outbound_refresh(company_id: int) -> int | None:
    """Mark the company's earliest outbound touchpoint as its first; return the one demoted."""
    outbound = Touchpoint.objects.filter(company_id=company_id, direction=Touchpoint.Direction.OUT)
    first = outbound.order_by("occurred_on", "pk").values_list("pk", flat=True).first()
    if first is None:
        return None
    demoted = list(
        outbound.filter(is_first_outbound=True).exclude(pk=first).values_list("pk", flat=True)
    )
    if demoted:
        outbound.filter(pk__in=demoted).update(is_first_outbound=False)
    outbound.filter(pk=first, is_first_outbound=False).update(is_first_outbound=True)
    return demoted[0] if demoted else None


def touchpoint_recheck(*, touchpoint: Touchpoint, today: date | None = None) -> list[OutreachFlag]:
    """Run the rules again on a logged touchpoint and bring its flags up to date."""
    touchpoint = Touchpoint.objects.select_related("team", "case__pipeline").get(pk=touchpoint.pk)
    findings = _findings_for(
        touchpoint,
        is_first_outbound=touchpoint.is_first_outbound,
        today=today or timezone.localdate(),
    )
    flags_store(
        team=touchpoint.team,
        rows=_touchpoint_rows(touchpoint, findings, touchpoint.override_reason),
        scope=_touchpoint_scope(touchpoint),
    )
    return list(touchpoint.flags.all())


@transaction.atomic
def touchpoint_log(
    *,
    team: Team,
    company: Company,
    by: AbstractBaseUser | None,
    channel: str,
    occurred_on: date,
    direction: str = Touchpoint.Direction.OUT,
    case: AcquisitionCase | None = None,
    contact: Contact | None = None,
    subject: str = "",
    text: str = "",
    template: LetterTemplate | None = None,
    campaign: Campaign | None = None,
    campaign_item: CampaignItem | None = None,
    introduction: Introduction | None = None,
    warm: bool | None = None,
    solicited: bool = False,
    outcome: str = "",
    merge_values: Iterable[str] = (),
    override_reason: str = "",
    checked: bool = True,
) -> Touchpoint:
    """Log a contact with a company, after the targeting rules have had their say.

    A blocking finding refuses it; warnings refuse it unless `override_reason`
    says why to go ahead (the reason is kept with the flags). `warm` defaults to
    whether the case came in warm or had an introduction by then. `checked=False`
    is for campaign items: the campaign check judged them (as a set, just before
    sending: see `campaign_item_touchpoint`), so the rules do not run again here.
    """
    _touchpoint_check_input(
        team=team,
        company=company,
        case=case,
        contact=contact,
        channel=channel,
        direction=direction,
        occurred_on=occurred_on,
        outcome=outcome,
        introduction=introduction,
        campaign=campaign,
        template=template,
    )
    outbound = direction == Touchpoint.Direction.OUT
    if warm is None:
        warm = introduction is not None or (
            case is not None and case.pk in facts.warm_cases(case_ids=[case.pk], as_of=occurred_on)
        )
    values = tuple(merge_values) or facts.merge_values_for(company=company, contact=contact)
    touchpoint = Touchpoint(
        team=team,
        company=company,
        case=case,
        channel=channel,
        direction=direction,
        occurred_on=occurred_on,
        by_id=by.pk if by else None,
        contact=contact,
        subject=subject.strip(),
        text=text.strip(),
        template=template,
        campaign=campaign,
        campaign_item=campaign_item,
        introduction=introduction,
        warm=warm,
        solicited=solicited,
        outcome=outcome,
        merge_values=list(values),
        override_reason=override_reason.strip(),
        created_by_id=by.pk if by else None,
    )
    is_first = outbound and not facts.companies_contacted(
        company_ids=[company.pk], before=occurred_on
    )
    findings = (
        _findings_for(touchpoint, is_first_outbound=is_first, today=timezone.localdate())
        if checked
        else []
    )
    if findings:
        refusal = OutreachChecked(findings)
        if refusal.blocked or not touchpoint.override_reason:
            raise refusal
    if outbound and channel in facts.WRITTEN and touchpoint.text:
        touchpoint.fingerprint = quality.text_fingerprint(touchpoint.text, values)
    touchpoint.full_clean(
        exclude=[
            "team",
            "company",
            "case",
            "contact",
            "template",
            "campaign",
            "campaign_item",
            "introduction",
            "by",
            "created_by",
        ]
    )
    touchpoint.save()
    demoted = _first_outbound_refresh(company.pk) if outbound else None
    touchpoint.is_first_outbound = is_first
    if checked:
        flags_store(
            team=team,
            rows=_touchpoint_rows(touchpoint, findings, touchpoint.override_reason),
            scope=_touchpoint_scope(touchpoint),
        )
    if demoted is not None:
        # A back-dated contact came before the one that was first: that one is judged anew.
        touchpoint_recheck(touchpoint=Touchpoint(pk=demoted))
    if outcome == Touchpoint.Outcome.OBJECTION and contact is not None and not contact.objected_at:
        companies_services.contact_update(contact=contact, by=by, objected_at=occurred_on)
    return touchpoint


@transaction.atomic
def touchpoint_outcome_set(
    *, touchpoint: Touchpoint, by: AbstractBaseUser | None, outcome: str
) -> Touchpoint:
    """Record what came of a contact (a reply, a meeting, a refusal) once it is known."""
    touchpoint = (
        Touchpoint.objects.select_for_update(of=("self",))
        .select_related("contact")
        .get(pk=touchpoint.pk)
    )
    if outcome not in Touchpoint.Outcome.values:
        raise ValidationError({"outcome": UNKNOWN_OUTCOME}, code="invalid_choice")
    touchpoint.outcome = outcome
    touchpoint.save(update_fields=["outcome"])
    contact = touchpoint.contact
    if outcome == Touchpoint.Outcome.OBJECTION and contact is not None and not contact.objected_at:
        companies_services.contact_update(contact=contact, by=by, objected_at=timezone.localdate())
    return touchpoint


# --- Settings ------------------------------------------------------------------------


def _enqueue_reevaluation(team: Team) -> None:
    from outreach import tasks

    transaction.on_commit(lambda: tasks.flags_reevaluate.delay(team.pk))


@transaction.atomic
def outreach_settings_update(
    *, team: Team, by: AbstractBaseUser, **fields: Any
) -> OutreachSettings:
    """Change a team's thresholds (leads only); the team's flags are then re-evaluated."""
    require_lead(team=team, user=by)
    settings, _created = OutreachSettings.objects.select_for_update().get_or_create(team=team)
    names = quality.Thresholds.__dataclass_fields__
    unknown = set(fields) - set(names)
    if unknown:
        raise ValueError(f"unknown thresholds: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(settings, name, value)
    try:
        facts.thresholds_for(settings).validate()
    except quality.ThresholdError as error:
        raise ValidationError(
            {
                name: ValidationError(gettext(message), code="invalid")
                for name, message in error.errors.items()
            }
        ) from error
    settings.updated_by_id = by.pk
    settings.save()
    _enqueue_reevaluation(team)
    return settings


def flags_reevaluate(*, team: Team, today: date | None = None) -> dict[str, int]:
    """Judge all of a team's outreach again (thresholds changed): set-based, see reevaluation."""
    from outreach import reevaluation

    return reevaluation.team_reevaluate(team=team, today=today or timezone.localdate())


# --- Campaigns -------------------------------------------------------------------


def _campaign_check_editable(campaign: Campaign) -> None:
    if campaign.status != Campaign.Status.DRAFT:
        raise ValidationError(CAMPAIGN_NOT_DRAFT, code="not_draft")


def _campaign_validate(campaign: Campaign) -> None:
    errors: dict[str, Any] = {}
    if campaign.template is not None and campaign.template.team_id != campaign.team_id:
        errors["template"] = ValidationError(TEMPLATE_OTHER_TEAM, code="other_team")
    if (
        Campaign.objects.filter(team_id=campaign.team_id, name__iexact=campaign.name.strip())
        .exclude(pk=campaign.pk)
        .exists()
    ):
        errors["name"] = ValidationError(CAMPAIGN_NAME_TAKEN, code="unique")
    if errors:
        raise ValidationError(errors)
    campaign.name = campaign.name.strip()
    campaign.full_clean(exclude=["team", "template", "created_by", "approved_by"])


@transaction.atomic
def campaign_create(*, team: Team, by: AbstractBaseUser, **fields: Any) -> Campaign:
    """Start a campaign as a draft: name, purpose, channel, template, common text."""
    campaign = Campaign(team=team, created_by_id=by.pk, **fields)
    _campaign_validate(campaign)
    campaign.save()
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, by: AbstractBaseUser, **fields: Any) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _campaign_check_editable(campaign)
    for name, value in fields.items():
        setattr(campaign, name, value)
    _campaign_validate(campaign)
    campaign.save()
    return campaign


def _fill(text: str, *, company: Company, contact: Contact | None) -> str:
    person = " ".join(p for p in (contact.first_name, contact.last_name) if p) if contact else ""
    values = {"company": company.legal_name, "contact": person, "city": company.city}
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def _best_contacts(company_ids: Iterable[int]) -> dict[int, Contact]:
    """Per company, the person a letter is best addressed to (no one who objected)."""
    best: dict[int, Contact] = {}
    rank = {role: i for i, role in enumerate(_ROLE_ORDER)}
    contacts = Contact.objects.filter(
        company_id__in=list(company_ids), do_not_contact=False, objected_at__isnull=True
    ).order_by("pk")
    for contact in contacts:
        current = best.get(contact.company_id)
        if current is None or rank.get(contact.role, 99) < rank.get(current.role, 99):
            best[contact.company_id] = contact
    return best


@transaction.atomic
def campaign_cases_add(
    *, campaign: Campaign, cases: Iterable[AcquisitionCase], by: AbstractBaseUser
) -> list[CampaignItem]:
    """Add cases to a draft campaign, each with its best contact and its own text.

    A case's text is its company's benefit statement (approved, else the latest);
    without one, the campaign's common text with the placeholders filled in.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _campaign_check_editable(campaign)
    cases = list(cases)
    if any(case.team_id != campaign.team_id for case in cases):
        raise ValidationError({"cases": CASE_OTHER_TEAM}, code="other_team")
    if any(case.closed_at is not None for case in cases):
        raise ValidationError({"cases": CASE_NOT_OPEN}, code="closed")
    present = set(campaign.items.values_list("case_id", flat=True))
    cases = [case for case in cases if case.pk not in present]
    company_ids = {case.company_id for case in cases}
    contacts = _best_contacts(company_ids)
    statements = benefits_selectors.statements_to_send(company_ids=company_ids)
    companies = Company.objects.in_bulk(company_ids)
    items = []
    for case in cases:
        company = companies[case.company_id]
        contact = contacts.get(case.company_id)
        statement = statements.get(case.company_id)
        text = (
            statement.text if statement else _fill(campaign.text, company=company, contact=contact)
        )
        items.append(
            CampaignItem(
                campaign=campaign, case=case, contact=contact, statement=statement, text=text
            )
        )
    return CampaignItem.objects.bulk_create(items)


@transaction.atomic
def campaign_item_update(
    *, item: CampaignItem, by: AbstractBaseUser, contact: Contact | None, text: str
) -> CampaignItem:
    item = CampaignItem.objects.select_related("campaign", "case").get(pk=item.pk)
    _campaign_check_editable(item.campaign)
    if contact is not None and contact.company_id != item.case.company_id:
        raise ValidationError({"contact": CONTACT_OTHER_COMPANY}, code="other_company")
    item.contact = contact
    item.text = text.strip()
    item.save(update_fields=["contact", "text"])
    return item


@transaction.atomic
def campaign_item_remove(*, item: CampaignItem, by: AbstractBaseUser) -> None:
    item = CampaignItem.objects.select_related("campaign").get(pk=item.pk)
    _campaign_check_editable(item.campaign)
    item.delete()


def _campaign_outreach(
    campaign: Campaign, items: list[CampaignItem], today: date
) -> list[quality.Outreach]:
    company_ids = {item.case.company_id for item in items}
    contacted = facts.companies_contacted(company_ids=company_ids)
    warm = facts.warm_cases(case_ids=[item.case_id for item in items], as_of=today)
    outreach = []
    for item in items:
        company = item.case.company
        outreach.append(
            quality.Outreach(
                id=None,
                company_id=company.pk,
                channel=campaign.channel,
                occurred_on=today,
                by_user_id=campaign.created_by_id,
                contact_id=item.contact_id,
                campaign_id=campaign.pk,
                template_id=campaign.template_id,
                warm=item.case_id in warm,
                is_first_outbound=company.pk not in contacted,
                planned=True,
                text=item.text,
                merge_values=facts.merge_values_for(company=company, contact=item.contact),
            )
        )
    return outreach


@transaction.atomic
def campaign_check(*, campaign: Campaign, today: date | None = None) -> quality.CampaignResult:
    """Run every rule over the campaign's unsent items and store the findings as its flags.

    Items already sent are touchpoints now, judged as such (their flags went with
    them); the score is kept from the check before anything was sent.
    """
    today = today or timezone.localdate()
    items = list(
        CampaignItem.objects.filter(campaign=campaign, touchpoint__isnull=True)
        .select_related("case__company", "case__pipeline", "contact")
        .order_by("pk")
    )
    partly_sent = Touchpoint.objects.filter(campaign_item__campaign=campaign).exists()
    outreach = _campaign_outreach(campaign, items, today)
    inputs = facts.rule_inputs(
        team=campaign.team,
        items=outreach,
        pipelines={item.case.company_id: item.case.pipeline for item in items},
        today=today,
    )
    result = quality.check_campaign(
        outreach,
        companies=inputs.companies,
        contacts=inputs.contacts,
        criteria=inputs.criteria,
        recent_texts=inputs.recent_texts,
        recent_counts=inputs.recent_counts,
        thresholds=inputs.thresholds,
        today=today,
    )
    rows = [
        FlagRow(
            key=flag_key(finding, campaign_item_id=item.pk),
            finding=finding,
            campaign_item_id=item.pk,
            campaign_id=campaign.pk,
            company_id=item.case.company_id,
            user_id=campaign.created_by_id,
        )
        for item, found in zip(items, result.item_findings, strict=True)
        for finding in found
    ]
    rows += [
        FlagRow(
            key=flag_key(finding),
            finding=finding,
            campaign_id=campaign.pk,
            user_id=finding.user_id or campaign.created_by_id,
        )
        for finding in result.campaign_findings
    ]
    flags_store(team=campaign.team, rows=rows, scope=Q(campaign=campaign, touchpoint__isnull=True))
    campaign.checked_at = timezone.now()
    if partly_sent:
        Campaign.objects.filter(pk=campaign.pk).update(checked_at=campaign.checked_at)
        return result
    score = result.score()
    campaign.score = score.score
    campaign.score_details = {
        "first_contacts": score.first_contacts,
        "prepared": score.prepared,
        "warm": score.warm,
        "tailored": score.tailored,
        "targeted": score.targeted,
    }
    Campaign.objects.filter(pk=campaign.pk).update(
        score=campaign.score, score_details=campaign.score_details, checked_at=campaign.checked_at
    )
    return result


def _open_flags(campaign: Campaign) -> tuple[bool, bool]:
    """(any open block, any open warning) among the campaign's flags."""
    states = set(
        OutreachFlag.objects.filter(campaign=campaign, state=OutreachFlag.State.OPEN)
        .values_list("severity", flat=True)
        .distinct()
    )
    return OutreachFlag.Severity.BLOCK in states, OutreachFlag.Severity.WARNING in states


@transaction.atomic
def campaign_submit(*, campaign: Campaign, by: AbstractBaseUser) -> Campaign:
    """Hand a draft to the leads for review; the rules run over it now."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _campaign_check_editable(campaign)
    if not campaign.items.exists():
        raise ValidationError(CAMPAIGN_EMPTY, code="empty")
    campaign_check(campaign=campaign)
    campaign.status = Campaign.Status.IN_REVIEW
    campaign.submitted_at = timezone.now()
    campaign.save(update_fields=["status", "submitted_at"])
    return campaign


@transaction.atomic
def campaign_return(*, campaign: Campaign, by: AbstractBaseUser) -> Campaign:
    """Back to draft (to change cases or texts); approval must then be given again."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == Campaign.Status.SENT:
        raise ValidationError(CAMPAIGN_ALREADY_SENT, code="sent")
    if campaign.created_by_id != by.pk:
        require_lead(team=campaign.team, user=by)
    campaign.status = Campaign.Status.DRAFT
    campaign.approved_by = None
    campaign.approved_at = None
    campaign.save(update_fields=["status", "approved_by", "approved_at"])
    return campaign


@transaction.atomic
def campaign_approve(*, campaign: Campaign, by: AbstractBaseUser) -> Campaign:
    """A lead approves a reviewed campaign: nothing may block, every warning dealt with."""
    require_lead(team=campaign.team, user=by)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != Campaign.Status.IN_REVIEW:
        raise ValidationError(CAMPAIGN_NOT_IN_REVIEW, code="not_in_review")
    # The data may have changed since it was submitted.
    campaign_check(campaign=campaign)
    blocked, warned = _open_flags(campaign)
    if blocked:
        raise ValidationError(CAMPAIGN_BLOCKED, code="blocked")
    if warned:
        raise ValidationError(CAMPAIGN_WARNINGS_OPEN, code="warnings")
    campaign.status = Campaign.Status.APPROVED
    campaign.approved_by_id = by.pk
    campaign.approved_at = timezone.now()
    campaign.save(update_fields=["status", "approved_by", "approved_at"])
    return campaign


def _campaign_check_sendable(campaign: Campaign) -> None:
    if campaign.status not in (Campaign.Status.APPROVED, Campaign.Status.SENT):
        raise ValidationError(CAMPAIGN_NOT_APPROVED, code="not_approved")
    blocked, _warned = _open_flags(campaign)
    if blocked:
        raise ValidationError(CAMPAIGN_BLOCKED, code="blocked")


@transaction.atomic
def campaign_item_touchpoint(
    *,
    item: CampaignItem,
    by: AbstractBaseUser | None,
    text: str | None = None,
    subject: str | None = None,
    merge_values: Iterable[str] = (),
) -> Touchpoint:
    """Log the outreach of one campaign item, once: a rerun returns the touchpoint it made.

    The campaign's flags move onto the touchpoint, so the record of what a lead
    acknowledged stays with what was sent.
    """
    item = (
        CampaignItem.objects.select_for_update(of=("self",))
        .select_related("campaign__team", "campaign__template", "case__company", "contact")
        .get(pk=item.pk)
    )
    existing = Touchpoint.objects.filter(campaign_item=item).first()
    if existing is not None:
        return existing
    campaign = item.campaign
    _campaign_check_sendable(campaign)
    touchpoint = touchpoint_log(
        team=campaign.team,
        company=item.case.company,
        by=by,
        channel=campaign.channel,
        occurred_on=timezone.localdate(),
        case=item.case,
        contact=item.contact,
        subject=campaign.subject if subject is None else subject,
        text=item.text if text is None else text,
        template=campaign.template,
        campaign=campaign,
        campaign_item=item,
        merge_values=merge_values,
        checked=False,
    )
    OutreachFlag.objects.filter(campaign_item=item, touchpoint__isnull=True).update(
        touchpoint=touchpoint
    )
    return touchpoint


@transaction.atomic
def campaign_send(
    *,
    campaign: Campaign,
    by: AbstractBaseUser | None,
    items: Iterable[CampaignItem] | None = None,
) -> Campaign:
    """Log the outreach of the campaign's items (all, or those given) and mark it sent.

    The rules run once more over what is still unsent, as a set: what changed
    since the approval (an objection, a withdrawn consent) still stops it.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    chosen = list(campaign.items.all() if items is None else items)
    if any(item.campaign_id != campaign.pk for item in chosen):
        raise ValueError("an item belongs to another campaign")
    if chosen:
        campaign_check(campaign=campaign)
    _campaign_check_sendable(campaign)
    for item in chosen:
        campaign_item_touchpoint(item=item, by=by)
    if campaign.status != Campaign.Status.SENT:
        campaign.status = Campaign.Status.SENT
        campaign.sent_at = timezone.now()
        campaign.save(update_fields=["status", "sent_at"])
    return campaign
