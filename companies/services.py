"""Write actions on companies, contacts and network partners.

Each action validates the whole row (so the admin, commands and tasks obey the
same rules as the forms) and saves in one transaction.
"""

import logging
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import OperationalError, models, transaction
from django.db.models.functions import Now
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from companies import guards, importing, matching, sectors, tabular
from companies.matching import normalize_name
from companies.models import (
    Company,
    CompanyGroup,
    CompanyMerge,
    Contact,
    DistinctCompanies,
    ImportJob,
    MatchKey,
    NetworkPartner,
    SizeClass,
    Tie,
)
from companies.selectors import company_duplicate_candidates, company_record, company_relations
from companies.signals import company_merging
from crm import jobs
from crm.models import Team
from crm.records import fields_assign, unique_or_error
from history import recording
from history.recording import recorded

logger = logging.getLogger(__name__)

PARTNER_COMPANY_OTHER_TEAM = _("Choose a company of your own team.")
DISTINCT_OTHER_TEAM = _("Both companies must belong to your team.")
DISTINCT_SAME = _("A company cannot be different from itself.")
MERGE_SAME = _("A company cannot be merged into itself.")
MERGE_OTHER_TEAM = _("Only companies of the same team can be merged.")
MERGE_UNKNOWN_FIELD = _("“%(field)s” cannot be chosen in a merge.")
MERGE_GONE = _(
    "One of the two companies was merged or deleted meanwhile (by someone else?); "
    "nothing was changed."
)
COMPANY_DUPLICATE_APPEARED = _(
    "“%(name)s” was saved a moment ago (a second click, or a colleague): open it "
    "instead of creating it again."
)
MERGE_CONFLICT = _(
    "Both companies have a %(model)s for the same %(fields)s; resolve that first, then merge."
)
RELATE_OTHER_TEAM = _("Only companies of the same team can be related.")
RELATE_SAME = _("A company cannot be related to itself.")
TIE_OTHER_TEAM = _("The partner and the company must belong to the same team.")
TIE_EXISTS = _("This partner's tie to this company is recorded already; edit that one.")
IMPORT_NOT_READY = _("This import is not ready for that step.")
IMPORT_FAILED = _("The import failed unexpectedly; nothing was imported. Please try again.")


def _company_derive(company: Company) -> None:
    """Keep the fields that follow from others consistent."""
    company.name_normalized = normalize_name(company.legal_name)
    if company.employees is not None:
        company.size_class = SizeClass.for_headcount(company.employees)
    if company.sector_division:
        company.sector_section = sectors.section_of(company.sector_division)


def _match_keys(company: Company) -> list[MatchKey]:
    keys = matching.prepare(company_record(company)).keys
    return [MatchKey(team_id=company.team_id, company=company, key=key) for key in sorted(keys)]


@recorded("company_keys_refresh")
def company_keys_refresh(*, companies: Iterable[Company]) -> int:
    """Rewrite the matching keys of companies whose keys are out of date; returns how many."""
    changed = 0
    for company in companies:
        wanted = {key.key for key in _match_keys(company)}
        stored = set(company.match_keys.values_list("key", flat=True))
        if wanted == stored:
            continue
        company.match_keys.exclude(key__in=wanted).delete()
        MatchKey.objects.bulk_create(
            [MatchKey(team_id=company.team_id, company=company, key=key) for key in wanted - stored]
        )
        changed += 1
    return changed


_SAVED_FIELDS = [
    f.name
    for f in Company._meta.concrete_fields
    if not f.primary_key and not f.generated and f.name != "group"
]


@transaction.atomic
@recorded("company_save")
def company_save(
    *,
    company: Company,
    by: AbstractBaseUser | None,
    distinct_from: Iterable[Company] = (),
) -> Company:
    """Validate and store a new or changed company.

    `distinct_from` are the possible duplicates the user was shown and confirmed
    as different companies; they are not suggested for this one again.
    """
    _company_derive(company)
    if company.pk is None and by is not None:
        company.created_by = by  # type: ignore[assignment]
    company.full_clean()
    if company.pk is None:
        company.save()
    else:
        # The group is company_relate's to change: a form's copy may be older.
        company.save(update_fields=_SAVED_FIELDS)
    company_keys_refresh(companies=[company])
    for other in distinct_from:
        companies_mark_distinct(company=company, other=other, by=by)
    return company


@transaction.atomic
@recorded("company_create")
def company_create(
    *,
    team: Team,
    by: AbstractBaseUser | None,
    distinct_from: Iterable[Company] = (),
    recheck_duplicates: bool = False,
    **fields: Any,
) -> Company:
    """Create a company in the team.

    With `recheck_duplicates` (a form whose user was shown the likely duplicates)
    the check runs again under a lock on the team, and a duplicate saved since
    (a double-submitted form, a colleague) refuses the creation: without the
    lock both requests would pass the check and both would create.
    """
    company = Company(team=team)
    fields_assign(company, fields)
    distinct_from = list(distinct_from)
    if recheck_duplicates:
        list(Team.objects.select_for_update().filter(pk=team.pk).values_list("pk", flat=True))
        confirmed = {other.pk for other in distinct_from}
        for candidate in company_duplicate_candidates(team=team, company=company):
            if candidate.match.is_duplicate and candidate.company.pk not in confirmed:
                raise ValidationError(
                    COMPANY_DUPLICATE_APPEARED % {"name": candidate.company.full_name},
                    code="duplicate",
                )
    return company_save(company=company, by=by, distinct_from=distinct_from)


@recorded("company_update")
def company_update(
    *,
    company: Company,
    by: AbstractBaseUser | None,
    distinct_from: Iterable[Company] = (),
    **fields: Any,
) -> Company:
    """Change a company's fields."""
    fields_assign(company, fields)
    return company_save(company=company, by=by, distinct_from=distinct_from)


@transaction.atomic
@recorded("company_delete")
def company_delete(*, company: Company, by: AbstractBaseUser | None) -> None:
    """Delete a company with its contacts; partners that pointed at it keep their record."""
    company.delete()


def _contact_check(contact: Contact) -> None:
    # A person who objected and was erased stays unreachable (Art. 21 GDPR).
    (refusal,) = guards.contact_refusals(
        team_id=contact.company.team_id, people=[(contact.email, contact.phone)]
    )
    if refusal:
        raise ValidationError(refusal, code="do_not_contact")


@transaction.atomic
@recorded("contact_create")
def contact_create(*, company: Company, by: AbstractBaseUser | None, **fields: Any) -> Contact:
    """Add a contact person to a company."""
    contact = Contact(company=company)
    fields_assign(contact, fields)
    contact.full_clean()
    _contact_check(contact)
    contact.save()
    return contact


@transaction.atomic
@recorded("contact_update")
def contact_update(*, contact: Contact, by: AbstractBaseUser | None, **fields: Any) -> Contact:
    """Change a contact person."""
    before = (contact.email, contact.phone)
    fields_assign(contact, fields)
    contact.full_clean()
    if (contact.email, contact.phone) != before:
        _contact_check(contact)
    contact.save()
    return contact


@transaction.atomic
@recorded("contact_delete")
def contact_delete(*, contact: Contact, by: AbstractBaseUser | None) -> None:
    """Delete a contact person."""
    contact.delete()


def _partner_check_company(partner: NetworkPartner) -> None:
    # A partner may only point at a company record of its own team.
    if partner.company is not None and partner.company.team_id != partner.team_id:
        raise ValidationError({"company": PARTNER_COMPANY_OTHER_TEAM}, code="other_team")


@transaction.atomic
@recorded("partner_create")
def partner_create(*, team: Team, by: AbstractBaseUser | None, **fields: Any) -> NetworkPartner:
    """Create a network partner in the team."""
    partner = NetworkPartner(team=team)
    fields_assign(partner, fields)
    _partner_check_company(partner)
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
@recorded("partner_update")
def partner_update(
    *, partner: NetworkPartner, by: AbstractBaseUser | None, **fields: Any
) -> NetworkPartner:
    """Change a network partner."""
    fields_assign(partner, fields)
    _partner_check_company(partner)
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
@recorded("partner_delete")
def partner_delete(*, partner: NetworkPartner, by: AbstractBaseUser | None) -> None:
    """Delete a network partner."""
    partner.delete()


# ------------------------------------------------------------------------------
# Ties between partners and companies
# ------------------------------------------------------------------------------
def _tie_save(tie: Tie) -> Tie:
    # The one rule a form cannot see alone: both ends belong to one team.
    if tie.partner.team_id != tie.company.team_id:
        raise ValidationError({"company": TIE_OTHER_TEAM}, code="other_team")
    if Tie.objects.filter(partner=tie.partner, company=tie.company).exclude(pk=tie.pk).exists():
        raise ValidationError({"company": TIE_EXISTS}, code="exists")
    tie.full_clean(validate_unique=False)
    with unique_or_error("company", TIE_EXISTS):
        tie.save()
    return tie


@transaction.atomic
@recorded("tie_create")
def tie_create(
    *, partner: NetworkPartner, company: Company, by: AbstractBaseUser | None, **fields: Any
) -> Tie:
    """Record that a partner is linked to a company."""
    tie = Tie(partner=partner, company=company)
    fields_assign(tie, fields)
    return _tie_save(tie)


@transaction.atomic
@recorded("tie_update")
def tie_update(*, tie: Tie, by: AbstractBaseUser | None, **fields: Any) -> Tie:
    """Change a tie's kind, strength, source or last interaction."""
    fields_assign(tie, fields)
    return _tie_save(tie)


@transaction.atomic
@recorded("tie_delete")
def tie_delete(*, tie: Tie, by: AbstractBaseUser | None) -> None:
    """Forget a tie."""
    tie.delete()


@transaction.atomic
@recorded("tie_touch")
def tie_touch(*, partner: NetworkPartner, company: Company, on: date) -> Tie:
    """Note an interaction of a partner with a company; creates the tie if there is none.

    Ties grow from what actually happens (introductions, later events): a later
    date moves `last_interaction` forward, an earlier one leaves it alone.
    """
    if partner.team_id != company.team_id:
        raise ValidationError({"company": TIE_OTHER_TEAM}, code="other_team")
    tie, created = Tie.objects.select_for_update().get_or_create(
        partner=partner, company=company, defaults={"last_interaction": on}
    )
    if not created and (tie.last_interaction is None or tie.last_interaction < on):
        tie.last_interaction = on
        tie.save(update_fields=["last_interaction", "updated_at"])
    return tie


@transaction.atomic
@recorded("companies_renormalize")
def companies_renormalize(*, team_id: int) -> int:
    """Bring every normalised name and matching key of the team up to date.

    Run after the normalisation rules change; idempotent, so a retried task does
    no harm. Returns how many companies changed.
    """
    stale = []
    changed: set[int] = set()
    companies = list(Company.objects.filter(team_id=team_id).prefetch_related("match_keys"))
    for company in companies:
        fresh = normalize_name(company.legal_name)
        if fresh != company.name_normalized:
            company.name_normalized = fresh
            stale.append(company)
            changed.add(company.pk)
    Company.objects.bulk_update(stale, ["name_normalized"], batch_size=500)
    recording.tally(Company, renormalized=len(stale))
    stored: dict[int, set[str]] = {c.pk: {k.key for k in c.match_keys.all()} for c in companies}
    outdated = []
    for company in companies:
        wanted = {key.key for key in _match_keys(company)}
        if wanted != stored[company.pk]:
            outdated.append(company)
            changed.add(company.pk)
    MatchKey.objects.filter(company__in=outdated).delete()
    MatchKey.objects.bulk_create(
        [key for company in outdated for key in _match_keys(company)], batch_size=1000
    )
    return len(changed)


# ------------------------------------------------------------------------------
# Duplicates: confirmed differences and merges
# ------------------------------------------------------------------------------
@transaction.atomic
@recorded("companies_mark_distinct")
def companies_mark_distinct(
    *, company: Company, other: Company, by: AbstractBaseUser | None
) -> DistinctCompanies:
    """Record that two companies are different, so they are not suggested again."""
    if company.team_id != other.team_id:
        raise ValidationError(DISTINCT_OTHER_TEAM, code="other_team")
    if company.pk == other.pk:
        raise ValidationError(DISTINCT_SAME, code="same")
    low, high = sorted((company, other), key=lambda c: c.pk)
    pair, _created = DistinctCompanies.objects.get_or_create(  # type: ignore[misc]
        company_a=low,
        company_b=high,
        defaults={"team_id": company.team_id, "confirmed_by": by},
    )
    return pair


# Fields a person chooses between in a merge; derived ones follow from them.
MERGE_FIELDS = (
    "legal_name",
    "legal_form",
    "street",
    "postal_code",
    "city",
    "district",
    "sector_division",
    "sector_section",
    "employees",
    "size_class",
    "website",
    "phone",
    "email",
    "notes",
)
KEEP_SURVIVOR, KEEP_MERGED, KEEP_BOTH = "survivor", "merged", "both"
# Text fields whose two values can both be kept, one below the other.
MERGE_COMBINABLE = ("notes",)


@transaction.atomic
@recorded("company_relate")
def company_relate(
    *, company: Company, other: Company, by: AbstractBaseUser | None
) -> CompanyGroup:
    """Link two companies as related (one group, different legal entities).

    Their groups become one; the pair is also recorded as different companies,
    so it is not suggested as a duplicate again.
    """
    if company.team_id != other.team_id:
        raise ValidationError(RELATE_OTHER_TEAM, code="other_team")
    if company.pk == other.pk:
        raise ValidationError(RELATE_SAME, code="same")
    locked = {
        c.pk: c
        for c in Company.objects.select_for_update()
        .filter(pk__in=[company.pk, other.pk])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise ValidationError(MERGE_GONE, code="gone")
    company, other = locked[company.pk], locked[other.pk]
    group = company.group or other.group
    if group is None:
        group = CompanyGroup.objects.create(team_id=company.team_id, created_by=by)  # type: ignore[misc]
    for member in (company, other):
        if member.group_id not in (None, group.pk):
            # Two groups become one: the other group's members move over.
            old = member.group_id
            moved = Company.objects.filter(group_id=old).update(group=group)
            recording.tally(Company, regrouped=moved)
            CompanyGroup.objects.filter(pk=old).delete()
    recording.tally(
        Company, related=Company.objects.filter(pk__in=[company.pk, other.pk]).update(group=group)
    )
    companies_mark_distinct(company=company, other=other, by=by)
    return group


@transaction.atomic
@recorded("company_unrelate")
def company_unrelate(*, company: Company, by: AbstractBaseUser | None) -> None:
    """Take a company out of its group; a group left with one company is dissolved."""
    group_id = (
        Company.objects.select_for_update()
        .filter(pk=company.pk)
        .values_list("group_id", flat=True)
        .first()
    )
    if group_id is None:
        return
    Company.objects.filter(pk=company.pk).update(group=None)
    company.group_id = None
    recording.tally(Company, unrelated=1)
    remaining = Company.objects.filter(group_id=group_id)
    if remaining.count() <= 1:
        recording.tally(Company, unrelated=remaining.update(group=None))
        CompanyGroup.objects.filter(pk=group_id).delete()


def _snapshot(company: Company) -> dict[str, Any]:
    data = model_to_dict(company)
    data.update(
        id=company.pk,
        created_at=company.created_at.isoformat() if company.created_at else None,
        updated_at=company.updated_at.isoformat() if company.updated_at else None,
    )
    return {key: value for key, value in data.items() if key != "match_keys"}


def _merge_fields(
    survivor: Company, merged: Company, field_choices: dict[str, str]
) -> dict[str, Any]:
    choices: dict[str, Any] = {}
    for name, choice in field_choices.items():
        combinable = name in MERGE_COMBINABLE
        if name not in MERGE_FIELDS or choice not in (
            KEEP_SURVIVOR,
            KEEP_MERGED,
            *((KEEP_BOTH,) if combinable else ()),
        ):
            raise ValidationError(MERGE_UNKNOWN_FIELD % {"field": name}, code="unknown_field")
        before = getattr(survivor, name)
        if choice == KEEP_MERGED:
            after = getattr(merged, name)
        elif choice == KEEP_BOTH:
            after = "\n\n".join(v for v in (before, getattr(merged, name)) if v)
        else:
            after = before
        setattr(survivor, name, after)
        choices[name] = {"kept": choice, "before": before, "after": after}
    return choices


def _unique_field_sets(model: type[models.Model]) -> list[tuple[tuple[str, ...], models.Q | None]]:
    """Field-name sets that must be unique together, each with its condition (if any)."""
    opts = model._meta
    sets: list[tuple[tuple[str, ...], models.Q | None]] = [
        (tuple(group), None) for group in opts.unique_together
    ]
    sets += [
        (tuple(constraint.fields), constraint.condition)  # type: ignore[misc]
        for constraint in opts.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields
    ]
    sets += [((f.name,), None) for f in opts.local_fields if f.unique and not f.primary_key]
    return sets


def _relink(relation: models.ForeignObjectRel, survivor: Company, merged: Company) -> int:
    """Point every row of one relation from `merged` to `survivor`; returns how many."""
    model = relation.related_model
    assert isinstance(model, type)  # noqa: S101 - reverse relations name a model class
    fk = relation.field.name
    manager = model._base_manager
    rows = manager.filter(**{fk: merged})
    count = rows.count()
    if not count:
        return 0
    for fields, condition in _unique_field_sets(model):
        if fk not in fields:
            continue
        others = [name for name in fields if name != fk] or ["pk"]
        moving, staying = rows, manager.filter(**{fk: survivor})
        if condition is not None:
            moving, staying = moving.filter(condition), staying.filter(condition)
        taken = set(staying.values_list(*others))
        clashing = [
            pk for pk, *values in moving.values_list("pk", *others) if tuple(values) in taken
        ]
        if fields == (fk,):
            clashing = list(moving.values_list("pk", flat=True)) if taken else []
        if not clashing:
            continue
        if model._meta.auto_created:
            # A many-to-many link the survivor has already: the duplicate link goes.
            manager.filter(pk__in=clashing).delete()
            count -= len(clashing)
            continue
        raise ValidationError(
            MERGE_CONFLICT
            % {
                "model": model._meta.verbose_name,
                "fields": ", ".join(
                    str(getattr(model._meta.get_field(name), "verbose_name", name))
                    for name in fields
                    if name != fk
                )
                or fk,
            },
            code="merge_conflict",
        )
    rows.update(**{fk: survivor})
    return count


def _relink_distinct(survivor: Company, merged: Company) -> int:
    """Confirmed-different pairs of the merged company now hold for the survivor."""
    moved = 0
    pairs = DistinctCompanies.objects.filter(
        models.Q(company_a=merged) | models.Q(company_b=merged)
    )
    for pair in pairs:
        other_id = pair.company_b_id if pair.company_a_id == merged.pk else pair.company_a_id
        if other_id != survivor.pk:
            low, high = sorted((survivor.pk, other_id))
            _, created = DistinctCompanies.objects.get_or_create(
                company_a_id=low,
                company_b_id=high,
                defaults={
                    "team_id": pair.team_id,
                    "confirmed_by_id": pair.confirmed_by_id,
                },
            )
            moved += created
        pair.delete()  # the pair with the merged company, or survivor ≠ merged itself
    return moved


def _ties_combine(survivor: Company, merged: Company) -> None:
    """A partner tied to both records keeps one tie: the stronger, with the later date."""
    kept = {tie.partner_id: tie for tie in Tie.objects.filter(company=survivor)}
    for tie in Tie.objects.filter(company=merged, partner_id__in=kept):
        other = kept[tie.partner_id]
        if tie.strength > other.strength:
            other.kind, other.strength = tie.kind, tie.strength
        dates = [d for d in (other.last_interaction, tie.last_interaction) if d]
        other.last_interaction = max(dates) if dates else None
        other.source = other.source or tie.source
        other.save(update_fields=["kind", "strength", "last_interaction", "source", "updated_at"])
        tie.delete()


@transaction.atomic
@recorded("company_merge")
def company_merge(
    *,
    survivor: Company,
    merged: Company,
    field_choices: dict[str, str],
    by: AbstractBaseUser | None,
) -> CompanyMerge:
    """Merge `merged` into `survivor`, keep the chosen values, and delete `merged`.

    Everything that pointed at the merged company (contacts, partners, and every
    model of any app with a foreign key to Company) points at the survivor
    afterwards; a unique rule that would break makes the whole merge fail with a
    message instead. The CompanyMerge row keeps who merged what, with a snapshot
    of the merged company.
    """
    if survivor.pk == merged.pk:
        raise ValidationError(MERGE_SAME, code="same")
    if survivor.team_id != merged.team_id:
        raise ValidationError(MERGE_OTHER_TEAM, code="other_team")
    # Lock both rows (in key order, so that two merges of one pair in opposite
    # directions wait for each other instead of deadlocking). Whoever comes
    # second finds a row gone and gets a message; the rows as locked are the
    # ones merged, not what the caller read before.
    locked = {
        c.pk: c
        for c in Company.objects.select_for_update()
        .filter(pk__in=[survivor.pk, merged.pk])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise ValidationError(MERGE_GONE, code="gone")
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    snapshot = _snapshot(merged)
    choices = _merge_fields(survivor, merged, field_choices)
    # The merged record's related companies are the survivor's.
    if merged.group_id is not None and merged.group_id != survivor.group_id:
        if survivor.group_id is None:
            survivor.group_id = merged.group_id
            Company.objects.filter(pk=survivor.pk).update(group_id=merged.group_id)
        else:
            Company.objects.filter(group_id=merged.group_id).update(group_id=survivor.group_id)
            CompanyGroup.objects.filter(pk=merged.group_id).delete()
    company_merging.send(sender=Company, survivor=survivor, merged=merged, by=by)
    _ties_combine(survivor, merged)

    relinked: dict[str, int] = {}
    for relation in company_relations():
        model = relation.related_model
        label = f"{model._meta.label}.{relation.field.name}"  # type: ignore[union-attr]
        if model is MatchKey:
            continue  # derived; rebuilt for the survivor below
        if model is DistinctCompanies:
            if relation.field.name == "company_a" and (moved := _relink_distinct(survivor, merged)):
                relinked["companies.DistinctCompanies"] = moved
            continue
        count = _relink(relation, survivor, merged)
        if count:
            relinked[label] = count

    audit = CompanyMerge.objects.create(
        team_id=survivor.team_id,
        survivor=survivor,
        merged_company_id=merged.pk,
        merged_name=merged.full_name[:250],
        merged_snapshot=snapshot,
        field_choices=choices,
        relinked=relinked,
        merged_by=by,  # type: ignore[misc]
    )
    # One entry on the survivor with what moved over: the moved rows are not
    # changed one by one through their own save.
    recording.bulk_entry(subject=survivor, counts=relinked)
    merged.delete()
    company_save(company=survivor, by=by)
    return audit


# ------------------------------------------------------------------------------
# Import
# ------------------------------------------------------------------------------
@recorded("import_job_create")
def import_job_create(
    *, team: Team, by: AbstractBaseUser | None, upload: UploadedFile
) -> ImportJob:
    """Store an uploaded file whose table can be read; guess the column mapping."""
    if upload.size is not None and upload.size > tabular.MAX_BYTES:
        raise ValidationError(
            tabular.TOO_LARGE
            % {
                "size": upload.size // (1024 * 1024),
                "limit": tabular.MAX_BYTES // (1024 * 1024),
            },
            code="too_large",
        )
    data = upload.read()
    try:
        table = tabular.read_table(data, upload.name or "")
    except tabular.TableError as exc:
        raise ValidationError(exc.message, code="unreadable") from exc
    job = ImportJob(
        team=team,
        created_by=by,  # type: ignore[misc]
        original_name=(upload.name or "import")[:255],
        file_format=table.file_format,
        encoding=table.encoding,
        delimiter=table.delimiter,
        columns=table.header,
        mapping=importing.guess_mapping(table.header),
    )
    job.file.save(f"import.{table.file_format}", ContentFile(data), save=False)
    with transaction.atomic():
        job.save()
    return job


# The task (companies.tasks) calls the service below; started by name, never imported here.
IMPORT_TASK = "companies.tasks.import_job_process"


def _enqueue(job: ImportJob, *, commit: bool) -> None:
    jobs.enqueue_on_commit(IMPORT_TASK, job.pk, commit)


@transaction.atomic
@recorded("import_job_check")
def import_job_check(
    *, job: ImportJob, mapping: dict[str, int], by: AbstractBaseUser | None
) -> ImportJob:
    """Save the column mapping and start the dry run (a task)."""
    if job.is_running or job.status == ImportJob.Status.DONE:
        raise ValidationError(IMPORT_NOT_READY, code="not_ready")
    job.mapping = importing.check_mapping(mapping, job.columns)
    job.status = ImportJob.Status.ANALYSING
    job.progress = 0
    job.error = ""
    job.save(update_fields=["mapping", "status", "progress", "error"])
    _enqueue(job, commit=False)
    return job


@transaction.atomic
@recorded("import_job_start")
def import_job_start(
    *, job: ImportJob, import_duplicates: bool, by: AbstractBaseUser | None
) -> ImportJob:
    """Import the checked rows (a task): all of them in one transaction."""
    if job.status != ImportJob.Status.ANALYSED:
        raise ValidationError(IMPORT_NOT_READY, code="not_ready")
    job.import_duplicates = import_duplicates
    job.status = ImportJob.Status.IMPORTING
    job.progress = 0
    job.save(update_fields=["import_duplicates", "status", "progress"])
    _enqueue(job, commit=True)
    return job


def _team_records(team_id: int) -> tuple[list[matching.CompanyRecord], dict[int, str]]:
    records, names = [], {}
    fields = ("pk", "legal_name", "street", "postal_code", "city", "website", "phone", "legal_form")
    for pk, name, street, postal_code, city, website, phone, form in Company.objects.filter(
        team_id=team_id
    ).values_list(*fields):
        records.append(
            matching.CompanyRecord(pk, name, street, postal_code, city, website, phone, form)
        )
        names[pk] = Company(legal_name=name, legal_form=form).full_name
    return records, names


def _import_write(job: ImportJob, analysis: importing.Analysis) -> dict[str, int]:
    chosen = analysis.to_import(with_duplicates=job.import_duplicates)
    companies = []
    for result in chosen:
        company = Company(
            team_id=job.team_id, created_by_id=job.created_by_id, **result.row.company
        )
        _company_derive(company)
        companies.append(company)
    Company.objects.bulk_create(companies, batch_size=500)
    MatchKey.objects.bulk_create(
        [key for company in companies for key in _match_keys(company)], batch_size=2000
    )
    contacts = [
        Contact(company=company, **result.row.contact)
        for company, result in zip(companies, chosen, strict=True)
        if result.row.contact
    ]
    refusals = guards.contact_refusals(
        team_id=job.team_id, people=[(contact.email, contact.phone) for contact in contacts]
    )
    refused = sum(1 for refusal in refusals if refusal)
    contacts = [contact for contact, refusal in zip(contacts, refusals, strict=True) if not refusal]
    Contact.objects.bulk_create(contacts, batch_size=500)
    distinct = []
    for company, result in zip(companies, chosen, strict=True):
        if result.match is not None:
            low, high = sorted((company.pk, int(result.match.b)))  # type: ignore[call-overload]
            distinct.append(
                DistinctCompanies(
                    team_id=job.team_id,
                    company_a_id=low,
                    company_b_id=high,
                    confirmed_by_id=job.created_by_id,
                )
            )
    DistinctCompanies.objects.bulk_create(distinct, ignore_conflicts=True)
    counts = {
        "companies_created": len(companies),
        "contacts_created": len(contacts),
        "contacts_refused": refused,
    }
    # One entry for the import, on the job: a row per imported company would double its cost.
    recording.bulk_entry(subject=job, counts=counts, actor=job.created_by)
    return counts


@recorded("import_job_process")
def import_job_process(*, job_id: int, commit: bool) -> ImportJob:
    """Run the dry run or the import of a job; called by the task, safe to repeat.

    The rows are read and checked outside any transaction, with progress saved as
    it goes; the import itself writes everything in one transaction, or nothing.
    """
    job = ImportJob.objects.get(pk=job_id)
    expected = ImportJob.Status.IMPORTING if commit else ImportJob.Status.ANALYSING
    if job.status != expected:
        return job  # done already (a retried or repeated task)
    # A task knows its user only from the job.
    with recording.action("import_job_process", actor=job.created_by, team_id=job.team_id):
        return _import_job_run(job, commit=commit)


def _import_job_run(job: ImportJob, *, commit: bool) -> ImportJob:

    def progress(share: float) -> None:
        scale = 90 if commit else 100
        ImportJob.objects.filter(pk=job.pk).update(progress=min(99, int(share * scale)))

    try:
        with job.file.open("rb") as handle:
            table = tabular.read_table(handle.read(), job.original_name)
        records, names = _team_records(job.team_id)
        analysis = importing.analyse(table, job.mapping, existing=records, progress=progress)
        counts = analysis.counts()
        if commit:
            with transaction.atomic():
                counts |= _import_write(job, analysis)
        job.counts = counts
        job.report = [result.as_report(names) for result in analysis.to_report()]
        job.preview = [
            result.as_report(names)
            for result in analysis.results
            if result.outcome == importing.Outcome.NEW
        ][:50]
        job.status = ImportJob.Status.DONE if commit else ImportJob.Status.ANALYSED
    except OperationalError:
        raise  # the database is away for a moment: the task retries
    except (tabular.TableError, ValidationError, OSError) as exc:
        job.status = ImportJob.Status.FAILED
        job.error = str(getattr(exc, "message", exc))
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        job.status = ImportJob.Status.FAILED
        job.error = str(IMPORT_FAILED)
    job.progress = 100
    if job.status in {ImportJob.Status.DONE, ImportJob.Status.FAILED}:
        # The upload holds personal data: keep it no longer than needed.
        job.file.delete(save=False)
    job.save(update_fields=["counts", "report", "preview", "status", "error", "progress", "file"])
    ImportJob.objects.filter(pk=job.pk).update(finished_at=Now())
    return job
