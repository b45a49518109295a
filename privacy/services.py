"""Access and erasure for a person, and the do-not-contact list.

Each action is one transaction and writes its `PrivacyRequest` row, which holds a
record id and counts and never a name. Rows are changed with `QuerySet.update()`
on purpose: a save would fire the change signals, and a history of changes would
then record the very values being erased.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from benefits.models import BenefitStatement, StatementVersion
from companies.matching import normalize_phone
from companies.models import Contact, ImportJob, NetworkPartner
from crm.access import require_lead
from crm.models import AcquisitionCase, StageChange, Team
from history import selectors as history_selectors
from history.recording import recorded
from outreach.models import Introduction, Letter, LetterBatch, Touchpoint
from privacy import exporting, retention, selectors
from privacy.identifiers import ERASED_NAME, Identifiers, scrub_json, scrub_text
from privacy.models import DoNotContact, PrivacyRequest, RetentionHold, RetentionPolicy
from privacy.scanner import Hit, person_scan

DO_NOT_CONTACT_MESSAGE = _("This person objected to being contacted and was erased.")
ERASURE_INCOMPLETE = "The erasure left rows that still name the person; nothing was changed."


@dataclass(frozen=True)
class ErasureResult:
    """What an erasure did: the log row, the anonymised record's id and the counts."""

    request_id: int
    record_id: int
    counts: dict[str, int]

    @property
    def contact_id(self) -> int:
        return self.record_id


class ErasureIncompleteError(RuntimeError):
    """The check after scrubbing still found the person; the transaction is rolled back."""


# ------------------------------------------------------------------------------
# Do-not-contact list
# ------------------------------------------------------------------------------
def _key() -> bytes:
    # Derived, not the secret itself, so that the digest reveals nothing about it.
    return hashlib.sha256(b"tandem.privacy.donotcontact:" + settings.SECRET_KEY.encode()).digest()


def contact_digests(*, email: str = "", phone: str = "") -> list[tuple[str, str]]:
    """(kind, keyed hash) of a normalised email and phone number; none for empty values."""
    found = []
    if email and email.strip():
        found.append((DoNotContact.Kind.EMAIL.value, email.strip().lower()))
    national = normalize_phone(phone or "")
    if national:
        found.append((DoNotContact.Kind.PHONE.value, national))
    return [
        (kind, hmac.new(_key(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest())
        for kind, value in found
    ]


@recorded("do_not_contact_add")
def do_not_contact_add(*, team: Team, email: str = "", phone: str = "") -> int:
    """Put the email and phone of a person on the team's list; returns the entries added."""
    entries = [
        DoNotContact(team=team, kind=kind, digest=digest)
        for kind, digest in contact_digests(email=email, phone=phone)
    ]
    before = DoNotContact.objects.filter(team=team).count()
    DoNotContact.objects.bulk_create(entries, ignore_conflicts=True)
    return DoNotContact.objects.filter(team=team).count() - before


def do_not_contact_blocked(*, team_id: int, people: Iterable[tuple[str, str]]) -> list[bool]:
    """For each (email, phone): whether it matches the team's do-not-contact list (one query)."""
    digests = [
        {digest for _kind, digest in contact_digests(email=email, phone=phone)}
        for email, phone in people
    ]
    wanted = set().union(*digests) if digests else set()
    if not wanted:
        return [False] * len(digests)
    listed = set(
        DoNotContact.objects.filter(team_id=team_id, digest__in=wanted).values_list(
            "digest", flat=True
        )
    )
    return [bool(person & listed) for person in digests]


# ------------------------------------------------------------------------------
# Erasure (Art. 17 GDPR)
# ------------------------------------------------------------------------------
def _scrubbed(model: type[models.Model], values: dict[str, Any], ids: Identifiers) -> dict:
    changed: dict[str, Any] = {}
    for name, value in values.items():
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.JSONField):
            changed[name] = scrub_json(value, ids)
            continue
        new = scrub_text(value, ids)
        max_length = getattr(model_field, "max_length", None)
        changed[name] = new[:max_length] if max_length else new
    return changed


def _hits_scrub(hits: list[Hit], ids: Identifiers) -> None:
    for hit in hits:
        hit.model._default_manager.filter(pk=hit.pk).update(**_scrubbed(hit.model, hit.values, ids))


def _files_delete_on_commit(storage: Storage, names: Iterable[str | None]) -> None:
    wanted = [name for name in names if name]

    def delete() -> None:
        for name in wanted:
            storage.delete(name)

    transaction.on_commit(delete)


def _letter_files_drop(letters: list[Letter]) -> int:
    """Empty the file fields now; delete the files (letters and their batch ZIPs) after commit."""
    with_file = [letter for letter in letters if letter.file]
    names = [letter.file.name for letter in with_file]
    batches = {letter.batch_id for letter in letters if letter.batch_id}
    archives = list(
        LetterBatch.objects.filter(pk__in=batches)
        .exclude(archive="")
        .values_list("archive", flat=True)
    )
    Letter.objects.filter(pk__in=[letter.pk for letter in with_file]).update(file="")
    LetterBatch.objects.filter(pk__in=batches).update(archive="")
    _files_delete_on_commit(Letter._meta.get_field("file").storage, names)  # type: ignore[attr-defined]
    _files_delete_on_commit(LetterBatch._meta.get_field("archive").storage, archives)  # type: ignore[attr-defined]
    return len(names) + len(archives)


def _contact_anonymise(contact: Contact) -> None:
    # The row stays, so introductions, touchpoints and cases keep their counts.
    Contact.objects.filter(pk=contact.pk).update(
        salutation=Contact.Salutation.NEUTRAL,
        title="",
        first_name="",
        last_name=ERASED_NAME,
        position="",
        email="",
        phone="",
        notes="",
        presumed_consent_reason="",
        email_consent_on=None,
        do_not_contact=True,
    )


def _check_actor(team: Team, actor: AbstractBaseUser | None) -> None:
    # No actor: a command run by whoever operates the server.
    if actor is not None:
        require_lead(team=team, user=actor)


def _partner_anonymise(partner: NetworkPartner) -> None:
    # The organisation stays with its ties and introductions; its person goes.
    identifiers = selectors.partner_identifiers(partner)
    NetworkPartner.objects.filter(pk=partner.pk).update(
        person_name=ERASED_NAME,
        position="",
        email="",
        phone="",
        notes=scrub_text(partner.notes, identifiers),
    )


_HISTORY_TEXT_FIELDS = ("object_repr", "changes_text")
_HISTORY_JSON_FIELDS = ("changes", "serialized_data", "additional_data")


def _own_history_scrub(plan: selectors.ErasurePlan) -> int:
    """Wipe the person's first and last name from the history of their own records.

    The scanner finds history entries that name the person as a whole; an entry of
    the contact row or of a row that points to it (a touchpoint, a letter, an
    introduction) may hold the first and last name apart ("last_name": ["", "Müller"],
    a mail merge's values). On these entries, and only these, each name is replaced
    on its own. Entries are changed with `update()`, so no new entry records it.
    """
    parts = plan.identifiers.parts
    if not parts:
        return 0
    words = [word for word in parts if word and len(word) >= 2]
    if not words:
        return 0
    pattern = re.compile(
        r"(?<![\w])(" + "|".join(re.escape(word) for word in words) + r")(?![\w])", re.IGNORECASE
    )
    record = plan.record
    owned: list[tuple[type[models.Model], list[int]]] = [(type(record), [record.pk])]
    for relation in type(record)._meta.related_objects:
        if relation.many_to_many or not relation.field.concrete:
            continue
        ids = list(
            relation.related_model._default_manager.filter(
                **{relation.field.name: record.pk}
            ).values_list("pk", flat=True)
        )
        if ids:
            owned.append((relation.related_model, ids))
    changed = 0
    for model, ids in owned:
        for entry in history_selectors.entries_for_objects(model, ids):
            updates: dict[str, Any] = {}
            for name in _HISTORY_TEXT_FIELDS:
                value = getattr(entry, name, None)
                if isinstance(value, str) and pattern.search(value):
                    updates[name] = pattern.sub(ERASED_NAME, value)
            for name in _HISTORY_JSON_FIELDS:
                value = getattr(entry, name, None)
                if value is None:
                    continue
                text = json.dumps(value, ensure_ascii=False)
                if pattern.search(text):
                    updates[name] = json.loads(pattern.sub(ERASED_NAME, text))
            if updates:
                type(entry)._default_manager.filter(pk=entry.pk).update(**updates)
                changed += 1
    return changed


def _erase(
    *,
    plan: selectors.ErasurePlan,
    subject: str,
    anonymise: Callable[[], None],
    actor: AbstractBaseUser | None,
    block: bool,
    email: str,
    phone: str,
) -> ErasureResult:
    _check_actor(plan.team, actor)
    blocked = do_not_contact_add(team=plan.team, email=email, phone=phone) if block else 0
    anonymise()
    _hits_scrub(plan.hits, plan.identifiers)
    _own_history_scrub(plan)
    files = _letter_files_drop(plan.letters)
    if person_scan(identifiers=plan.identifiers, team=plan.team):
        raise ErasureIncompleteError(ERASURE_INCOMPLETE)
    counts = {**plan.counts, "privacy.letter_files": files, "privacy.do_not_contact": blocked}
    request = PrivacyRequest.objects.create(
        team=plan.team,
        kind=PrivacyRequest.Kind.ERASURE,
        subject=subject,
        subject_id=plan.record.pk,
        actor_id=getattr(actor, "pk", None),
        counts={label: n for label, n in counts.items() if n},
    )
    plan.record.refresh_from_db()
    return ErasureResult(request_id=request.pk, record_id=plan.record.pk, counts=request.counts)


@transaction.atomic
@recorded("person_erase")
def person_erase(
    *, contact: Contact, actor: AbstractBaseUser | None, block: bool | None = None
) -> ErasureResult:
    """Erase a contact person everywhere in the team's data, keeping every count.

    The contact row is anonymised (not deleted), every row that names them is
    scrubbed, their letter files go after the commit. `block` puts their email
    and phone on the do-not-contact list; by default, when they objected.
    """
    _check_actor(contact.company.team, actor)
    return _erase(
        plan=selectors.erasure_plan(contact=contact),
        subject=PrivacyRequest.Subject.CONTACT,
        anonymise=lambda: _contact_anonymise(contact),
        actor=actor,
        block=bool(contact.objected_at) if block is None else block,
        email=contact.email,
        phone=contact.phone,
    )


@transaction.atomic
@recorded("partner_person_erase")
def partner_person_erase(
    *, partner: NetworkPartner, actor: AbstractBaseUser | None, block: bool = False
) -> ErasureResult:
    """Erase the person at a network partner; the organisation, its ties and the counts
    of its introductions stay, and show "gelöschte Person"."""
    _check_actor(partner.team, actor)
    return _erase(
        plan=selectors.partner_erasure_plan(partner=partner),
        subject=PrivacyRequest.Subject.PARTNER,
        anonymise=lambda: _partner_anonymise(partner),
        actor=actor,
        block=block,
        email=partner.email,
        phone=partner.phone,
    )


# ------------------------------------------------------------------------------
# Access (Art. 15 GDPR)
# ------------------------------------------------------------------------------
def _record(instance: models.Model) -> dict[str, Any]:
    """Every stored field of a row, choices spelled out, relations as ids."""
    row: dict[str, Any] = {}
    for model_field in instance._meta.concrete_fields:
        if isinstance(model_field, models.ForeignKey):
            row[model_field.attname] = getattr(instance, model_field.attname)
        elif isinstance(model_field, models.FileField):
            row[model_field.name] = getattr(instance, model_field.name).name or None
        elif model_field.choices:
            row[model_field.name] = str(getattr(instance, f"get_{model_field.name}_display")())
        else:
            row[model_field.name] = model_field.value_from_object(instance)
    return row


def _named(hits: list[Hit], model: type[models.Model]) -> set[Any]:
    return {hit.pk for hit in hits if hit.model is model}


def _letter_attachments(letters: list[Letter]) -> list[exporting.Attachment]:
    attachments = []
    for letter in letters:
        if not letter.file:
            continue
        try:
            with letter.file.open("rb") as handle:
                content = handle.read()
        except OSError:
            continue  # a file lost on disk: the row is still listed in the JSON
        attachments.append(exporting.Attachment(f"briefe/{letter.pk}-{letter.filename}", content))
    return attachments


def _sources(contact: Contact, hits: list[Hit], introductions: list[Introduction]) -> list[str]:
    sources = []
    cases = AcquisitionCase.objects.filter(company=contact.company).select_related("referred_by")
    for case in cases:
        line = f"Vorgang {case.pk}: {case.get_source_display()}"
        if case.referred_by is not None:
            line += f", empfohlen von {case.referred_by.name}"
        sources.append(line)
    sources += [
        f"Vorstellung durch {introduction.introducer.name} am {introduction.date:%d.%m.%Y}"
        for introduction in introductions
    ]
    imports = ImportJob.objects.filter(pk__in=_named(hits, ImportJob)).order_by("created_at")
    sources += [
        f"Import der Datei „{job.original_name}“ am {job.created_at:%d.%m.%Y}" for job in imports
    ]
    return sources


def _retention_lines(team: Team) -> list[str]:
    policy = selectors.retention_policy(team=team)
    return [
        f"Kontaktdaten bei nicht gewonnenen Unternehmen: {policy.contact_months} Monate nach "
        "dem letzten Kontakt.",
        f"Notizen abgeschlossener Vorgänge: {policy.case_years} Jahre nach dem Abschluss.",
        f"Briefdateien und Importdateien: {policy.file_months} Monate.",
        f"Änderungsprotokoll: {policy.history_years} Jahre.",
        "Nach einem Widerspruch bewahren wir nur einen verschlüsselten Abgleichswert "
        "(Hash) Ihrer E-Mail-Adresse und Telefonnummer auf, damit wir Sie nicht erneut ansprechen.",
    ]


def access_package(*, contact: Contact) -> exporting.AccessPackage:
    """Collect everything the team holds about a contact (scanner plus the known relations)."""
    team = contact.company.team
    identifiers = selectors.contact_identifiers(contact)
    hits = person_scan(identifiers=identifiers, team=team)
    others = [hit for hit in hits if not (hit.model is Contact and hit.pk == contact.pk)]
    with translation.override("de"):
        touchpoints = Touchpoint.objects.filter(
            models.Q(contact=contact) | models.Q(pk__in=_named(hits, Touchpoint)), team=team
        ).order_by("occurred_on", "pk")
        letters = list(selectors.contact_letters(contact=contact, hits=hits).order_by("pk"))
        statements = BenefitStatement.objects.filter(
            team=team, pk__in=_named(hits, BenefitStatement)
        ).order_by("pk")
        versions = StatementVersion.objects.filter(
            statement__team=team, pk__in=_named(hits, StatementVersion)
        ).order_by("pk")
        introductions = list(
            Introduction.objects.filter(
                models.Q(contact=contact) | models.Q(pk__in=_named(hits, Introduction)),
                case__team=team,
            )
            .select_related("introducer")
            .order_by("date", "pk")
        )
        listed = {Touchpoint, Letter, BenefitStatement, StatementVersion, Introduction}
        sections = {
            "stammdaten": {**_record(contact), "unternehmen": contact.company.full_name},
            "einwilligung_und_widerspruch": {
                "rechtsgrundlage": contact.get_legal_basis_display(),
                "einwilligung_werbe_email_am": contact.email_consent_on,
                "widerspruch_am": contact.objected_at,
                "nicht_kontaktieren": contact.do_not_contact,
                "grund_fuer_anruf": contact.presumed_consent_reason,
            },
            "kontakte": [_record(touchpoint) for touchpoint in touchpoints],
            "briefe": [_record(letter) for letter in letters],
            "nutzenargumentationen": [_record(statement) for statement in statements]
            + [_record(version) for version in versions],
            "vorstellungen": [
                {**_record(introduction), "vorgestellt_durch": introduction.introducer.name}
                for introduction in introductions
            ],
            "notizen": [contact.notes] if contact.notes else [],
            "weitere_fundstellen": _other_hits(others, listed),
        }
        counts = [
            ("Kontakte (Anrufe, E-Mails, Briefe, Treffen)", len(sections["kontakte"])),
            ("Schreiben", len(letters)),
            ("Nutzenargumentationen, die Sie nennen", len(sections["nutzenargumentationen"])),
            ("Vorstellungen", len(introductions)),
            ("Weitere Einträge, die Sie nennen", len(sections["weitere_fundstellen"])),
        ]
        return exporting.AccessPackage(
            controller=team.name,
            person=contact.full_name,
            created=timezone.localtime(),
            sections=sections,
            counts=counts,
            sources=_sources(contact, hits, introductions),
            retention=_retention_lines(team),
            attachments=_letter_attachments(letters),
        )


def _other_hits(hits: list[Hit], listed: set[type[models.Model]]) -> list[dict[str, Any]]:
    return [
        {
            "art": str(hit.model._meta.verbose_name),
            "tabelle": hit.label,
            "id": hit.pk,
            "felder": hit.values,
        }
        for hit in hits
        if hit.model not in listed
    ]


def partner_access_package(*, partner: NetworkPartner) -> exporting.AccessPackage:
    """Collect everything the team holds about the person at a network partner."""
    team = partner.team
    hits = person_scan(identifiers=selectors.partner_identifiers(partner), team=team)
    others = [hit for hit in hits if not (hit.model is NetworkPartner and hit.pk == partner.pk)]
    with translation.override("de"):
        introductions = list(
            Introduction.objects.filter(
                models.Q(introducer=partner) | models.Q(pk__in=_named(hits, Introduction)),
                case__team=team,
            )
            .select_related("case__company")
            .order_by("date", "pk")
        )
        touchpoints = Touchpoint.objects.filter(
            team=team, pk__in=_named(hits, Touchpoint)
        ).order_by("occurred_on", "pk")
        sections = {
            "stammdaten": {
                "name": partner.person_name,
                "funktion": partner.position,
                "email": partner.email,
                "telefon": partner.phone,
                "organisation": partner.name,
                "art": partner.get_kind_display(),
                "angelegt_am": partner.created_at,
            },
            "vorstellungen": [
                {**_record(introduction), "unternehmen": introduction.case.company.full_name}
                for introduction in introductions
            ],
            "verbindungen": [_record(tie) for tie in partner.ties.all()],
            "kontakte": [_record(touchpoint) for touchpoint in touchpoints],
            "notizen": [partner.notes] if partner.notes else [],
            "weitere_fundstellen": _other_hits(others, {Introduction, Touchpoint}),
        }
        counts = [
            ("Vorstellungen, die Sie vermittelt haben", len(introductions)),
            ("Verbindungen zu Unternehmen", len(sections["verbindungen"])),
            ("Weitere Einträge, die Sie nennen", len(sections["weitere_fundstellen"])),
        ]
        return exporting.AccessPackage(
            controller=team.name,
            person=partner.person_name,
            created=timezone.localtime(),
            sections=sections,
            counts=counts,
            sources=[
                f"Als Ansprechperson von {partner.name} erfasst am {partner.created_at:%d.%m.%Y}"
            ],
            retention=_retention_lines(team),
        )


def _export(
    *, team: Team, subject: str, subject_id: int, package: exporting.AccessPackage, actor: Any
) -> bytes:
    content = exporting.access_zip(package)
    sizes = {key: len(value) for key, value in package.sections.items() if isinstance(value, list)}
    PrivacyRequest.objects.create(
        team=team,
        kind=PrivacyRequest.Kind.EXPORT,
        subject=subject,
        subject_id=subject_id,
        actor_id=getattr(actor, "pk", None),
        counts={"files": len(package.attachments), **sizes},
    )
    return content


@transaction.atomic
@recorded("person_export")
def person_export(*, contact: Contact, actor: AbstractBaseUser | None) -> bytes:
    """The access package of a contact as ZIP bytes; the request is logged without data."""
    team = contact.company.team
    _check_actor(team, actor)
    return _export(
        team=team,
        subject=PrivacyRequest.Subject.CONTACT,
        subject_id=contact.pk,
        package=access_package(contact=contact),
        actor=actor,
    )


@transaction.atomic
@recorded("partner_person_export")
def partner_person_export(*, partner: NetworkPartner, actor: AbstractBaseUser | None) -> bytes:
    """The access package of a partner's person as ZIP bytes; logged without data."""
    _check_actor(partner.team, actor)
    return _export(
        team=partner.team,
        subject=PrivacyRequest.Subject.PARTNER,
        subject_id=partner.pk,
        package=partner_access_package(partner=partner),
        actor=actor,
    )


# ------------------------------------------------------------------------------
# Retention (Art. 5(1)(e) GDPR)
# ------------------------------------------------------------------------------
POLICY_FIELDS = ("contact_months", "case_years", "file_months", "history_years")
HOLD_EXISTS = _("This record is already kept.")


@dataclass(frozen=True)
class RetentionReport:
    """What a retention run erased (or, on a dry run, would erase) for one team."""

    team_id: int
    items: list[retention.Due]
    history: dict[str, int]
    dry_run: bool

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.kind] = counts.get(item.kind, 0) + 1
        return {**counts, **{label: n for label, n in self.history.items() if n}}


@transaction.atomic
@recorded("retention_policy_update")
def retention_policy_update(
    *, team: Team, actor: AbstractBaseUser, **fields: Any
) -> RetentionPolicy:
    """Set the team's retention periods (leads and admins)."""
    require_lead(team=team, user=actor)
    policy = selectors.retention_policy(team=team)
    for name in POLICY_FIELDS:
        if name in fields:
            setattr(policy, name, fields[name])
    policy.updated_by_id = actor.pk
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
@recorded("retention_hold_add")
def retention_hold_add(
    *, team: Team, actor: AbstractBaseUser, kind: str, object_id: int, reason: str
) -> RetentionHold:
    """Keep a record beyond its retention period, with the reason (legal hold)."""
    require_lead(team=team, user=actor)
    if RetentionHold.objects.filter(team=team, kind=kind, object_id=object_id).exists():
        raise ValidationError(HOLD_EXISTS, code="hold_exists")
    hold = RetentionHold(
        team=team, kind=kind, object_id=object_id, reason=reason.strip(), created_by_id=actor.pk
    )
    hold.full_clean()
    hold.save()
    return hold


@transaction.atomic
@recorded("retention_hold_release")
def retention_hold_release(*, hold: RetentionHold, actor: AbstractBaseUser) -> None:
    """Let a held record follow its retention period again."""
    require_lead(team=hold.team, user=actor)
    hold.delete()


def _cases_notes_clear(case_ids: list[int]) -> None:
    # The rows stay, so every count and the stage history do; only the words go.
    StageChange.objects.filter(case_id__in=case_ids).update(note="")
    Touchpoint.objects.filter(case_id__in=case_ids).update(text="")
    Introduction.objects.filter(case_id__in=case_ids).update(note="")
    AcquisitionCase.objects.filter(pk__in=case_ids).update(next_step="")


def _import_files_drop(job_ids: list[int]) -> None:
    jobs = ImportJob.objects.filter(pk__in=job_ids).exclude(file="")
    names = list(jobs.values_list("file", flat=True))
    jobs.update(file="")
    _files_delete_on_commit(ImportJob._meta.get_field("file").storage, names)  # type: ignore[attr-defined]


@transaction.atomic
@recorded("retention_run")
def retention_run(
    *, team: Team, today: date | None = None, dry_run: bool = False
) -> RetentionReport:
    """Erase what the team's retention policy makes due today; held records stay."""
    today = today or timezone.localdate()
    policy = selectors.retention_policy(team=team)
    items = retention.due(team=team, policy=policy, until=today)
    histories = retention.history_due(team=team, policy=policy, until=today)
    history = {label: queryset.count() for label, queryset in histories.items()}
    report = RetentionReport(team_id=team.pk, items=items, history=history, dry_run=dry_run)
    if dry_run or not (items or any(history.values())):
        return report
    by_kind: dict[str, list[int]] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item.object_id)
    for contact in Contact.objects.filter(pk__in=by_kind.get("contact", [])).select_related(
        "company__team"
    ):
        person_erase(contact=contact, actor=None)
    _cases_notes_clear(by_kind.get("case", []))
    _letter_files_drop(list(Letter.objects.filter(pk__in=by_kind.get("letter", []))))
    _import_files_drop(by_kind.get("import", []))
    for queryset in histories.values():
        queryset.delete()
    PrivacyRequest.objects.create(
        team=team,
        kind=PrivacyRequest.Kind.RETENTION,
        subject=PrivacyRequest.Subject.TEAM,
        subject_id=team.pk,
        counts=report.counts,
    )
    return report
