"""Write actions: needs profiles, regional facts, settings, the catalogue, statements.

Each action validates, changes its rows in one transaction and writes its own
history (statement versions and events). Error messages are module constants
that views show and tests assert on.
"""

import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from benefits import drafting, scoring, selectors, vocabulary
from benefits.models import (
    BenefitArgument,
    BenefitSettings,
    BenefitStatement,
    Measure,
    NeedsProfile,
    RegionalFact,
    StatementEvent,
    StatementVersion,
)
from companies.models import Company
from crm.access import require_lead
from crm.models import Membership, Team
from crm.records import fields_assign
from history import recording
from history.recording import recorded

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue_v1.json"

PROFILE_EMPTY = _("Tick the challenges the company faces now, or “No current challenges known”.")
PROFILE_CONTRADICTORY = _(
    "“No current challenges known” contradicts the challenges you ticked: choose one or the other."
)
PROFILE_OTHER_UNSPECIFIED = _("Say in a few words what the other challenge is.")
PROFILE_OTHER_NOT_TICKED = _("Tick “Other” for the challenge you described, or clear it.")
PROFILE_PART_TIME_CONTRADICTION = _("“Many part-time staff” contradicts a part-time share of 0 %.")
PROFILE_UNKNOWN_CHALLENGE = _("Unknown challenge: %(codes)s.")
PROFILE_OTHER_TEAM_MEASURE = _("Choose measures from your own team's catalogue.")
DRAFT_NO_PROFILE = _(
    "Capture a needs profile first: a statement is built from the company's current "
    "challenges and what it already offers. A generic statement is what Tandem exists to "
    "prevent."
)
DRAFT_NO_NEEDS = _(
    "The needs profile names no challenge the catalogue speaks to. Add the company's current "
    "challenges to the profile before drafting."
)
DRAFT_NOTHING_FITS = _(
    "No argument of the catalogue fits this company's needs, sector, size and region. Check "
    "the profile and the company's sector and size, or ask an administrator to extend the "
    "catalogue."
)
DRAFT_LANGUAGE = _("Statements are drafted in German or English.")
STATEMENT_SENT_LOCKED = _("This statement has been sent; draft a new one instead of editing it.")
STATEMENT_UNCHANGED = _("The text is unchanged, so no new version was saved.")
STATEMENT_EMPTY = _("A statement cannot be empty.")
APPROVE_NOT_DRAFT = _("Only a draft can be approved.")
APPROVE_NEEDS_LEAD = _("Your team requires a team lead to approve statements.")
APPROVE_OWN = _(
    "Your team requires a second person to approve a statement: you wrote this one (or its "
    "latest version), so another team lead has to approve it."
)
SEND_NOT_APPROVED = _("Approve the statement before marking it as sent.")
NOT_A_MEMBER = _("You are not a member of this team.")
FACT_UNKNOWN_NEEDS = _("Unknown needs: %(codes)s.")

_DRAFT_REFUSALS = {
    drafting.ProfileMissing.code: DRAFT_NO_PROFILE,
    drafting.NoNeeds.code: DRAFT_NO_NEEDS,
    drafting.NothingFits.code: DRAFT_NOTHING_FITS,
    drafting.UnknownLanguage.code: DRAFT_LANGUAGE,
}


def _membership(team: Team, user: AbstractBaseUser) -> Membership:
    membership = Membership.objects.filter(team=team, user_id=user.pk).first()
    if membership is None:
        raise PermissionDenied(NOT_A_MEMBER)
    return membership


# ------------------------------------------------------------------------------
# Catalogue
# ------------------------------------------------------------------------------
def catalogue_data() -> dict[str, Any]:
    """The shipped catalogue (measures and arguments, German and English) as plain data."""
    with CATALOGUE_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@transaction.atomic
@recorded("catalogue_install")
def catalogue_install(*, team: Team) -> tuple[int, int]:
    """Give the team the shipped catalogue entries it lacks; returns (measures, arguments) added.

    Idempotent: entries are matched by code, and entries the team already has
    (perhaps edited by an administrator) are left alone.
    """
    data = catalogue_data()
    existing = set(Measure.objects.filter(team=team).values_list("code", flat=True))
    new_measures = [
        Measure(team=team, **entry) for entry in data["measures"] if entry["code"] not in existing
    ]
    # The shipped entries are checked field by field; their uniqueness per team
    # follows from the code filter above.
    for measure in new_measures:
        measure.full_clean(exclude=["team"], validate_unique=False, validate_constraints=False)
    Measure.objects.bulk_create(new_measures)
    recording.tally(Measure, created=len(new_measures))

    by_code = dict(Measure.objects.filter(team=team).values_list("code", "id"))
    existing = set(BenefitArgument.objects.filter(team=team).values_list("code", flat=True))
    new_arguments = []
    links = []
    for entry in data["arguments"]:
        if entry["code"] in existing:
            continue
        fields = {k: v for k, v in entry.items() if k != "measures"}
        argument = BenefitArgument(team=team, **fields)
        argument.full_clean(
            exclude=["team", "measures"], validate_unique=False, validate_constraints=False
        )
        new_arguments.append(argument)
        links.append([by_code[code] for code in entry["measures"] if code in by_code])
    BenefitArgument.objects.bulk_create(new_arguments)
    recording.tally(BenefitArgument, created=len(new_arguments))
    Through = BenefitArgument.measures.through
    Through.objects.bulk_create(
        [
            Through(benefitargument_id=argument.pk, measure_id=measure_id)
            for argument, measure_ids in zip(new_arguments, links, strict=True)
            for measure_id in measure_ids
        ]
    )
    BenefitSettings.objects.get_or_create(team=team)
    return len(new_measures), len(new_arguments)


# ------------------------------------------------------------------------------
# Needs profiles
# ------------------------------------------------------------------------------
def _profile_check(profile: NeedsProfile, measures: list[Measure] | None) -> None:
    """Refuse an empty or self-contradicting profile, field by field."""
    challenges = list(profile.challenges or [])
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, message: Any, code: str, params: dict[str, str] | None = None) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code, params=params))

    unknown = [c for c in challenges if c not in vocabulary.NEEDS]
    if unknown:
        add("challenges", PROFILE_UNKNOWN_CHALLENGE, "unknown", {"codes": ", ".join(unknown)})
    if profile.no_challenges and challenges:
        add("no_challenges", PROFILE_CONTRADICTORY, "contradictory")
    elif not profile.no_challenges and not challenges:
        add("challenges", PROFILE_EMPTY, "empty")
    if vocabulary.OTHER in challenges and not profile.other_challenge.strip():
        add("other_challenge", PROFILE_OTHER_UNSPECIFIED, "other_unspecified")
    if profile.other_challenge.strip() and vocabulary.OTHER not in challenges:
        add("other_challenge", PROFILE_OTHER_NOT_TICKED, "other_not_ticked")
    if vocabulary.PART_TIME in challenges and profile.share_part_time == 0:
        add("share_part_time", PROFILE_PART_TIME_CONTRADICTION, "part_time_contradiction")
    if measures and any(m.team_id != profile.team_id for m in measures):
        add("measures_offered", PROFILE_OTHER_TEAM_MEASURE, "other_team")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
@recorded("profile_save")
def profile_save(
    *,
    company: Company,
    by: AbstractBaseUser,
    measures_offered: list[Measure] | None = None,
    at: datetime | None = None,
    **fields: Any,
) -> NeedsProfile:
    """Capture or update the company's needs profile, signed and dated by `by`.

    `at` back-dates the capture (imports, demo data); it cannot lie in the future.
    """
    _membership(company.team, by)
    profile = NeedsProfile.objects.filter(company=company).first() or NeedsProfile(
        company=company, team=company.team
    )
    fields_assign(profile, fields)
    profile.challenges = list(dict.fromkeys(profile.challenges or []))
    profile.captured_by = by  # type: ignore[assignment]
    profile.captured_at = min(at, timezone.now()) if at else timezone.now()
    profile.full_clean()
    _profile_check(profile, measures_offered)
    profile.save()
    if measures_offered is not None:
        profile.measures_offered.set(measures_offered)
    return profile


# ------------------------------------------------------------------------------
# Regional facts and settings (team leads)
# ------------------------------------------------------------------------------
def _fact_check(fact: RegionalFact) -> None:
    unknown = [n for n in fact.needs or [] if n not in vocabulary.CATALOGUE_NEEDS]
    if unknown:
        raise ValidationError(
            {
                "needs": ValidationError(
                    FACT_UNKNOWN_NEEDS, code="unknown", params={"codes": ", ".join(unknown)}
                )
            }
        )


@transaction.atomic
@recorded("fact_create")
def fact_create(*, team: Team, by: AbstractBaseUser, **fields: Any) -> RegionalFact:
    """Add a sourced regional fact (team leads)."""
    require_lead(team=team, user=by)
    fact = RegionalFact(team=team, created_by_id=by.pk)
    fields_assign(fact, fields)
    fact.full_clean()
    _fact_check(fact)
    fact.save()
    return fact


@transaction.atomic
@recorded("fact_update")
def fact_update(*, fact: RegionalFact, by: AbstractBaseUser, **fields: Any) -> RegionalFact:
    """Change a regional fact (team leads)."""
    require_lead(team=fact.team, user=by)
    fields_assign(fact, fields)
    fact.full_clean()
    _fact_check(fact)
    fact.save()
    return fact


@transaction.atomic
@recorded("fact_delete")
def fact_delete(*, fact: RegionalFact, by: AbstractBaseUser) -> None:
    """Delete a regional fact (team leads); statements keep their provenance snapshot."""
    require_lead(team=fact.team, user=by)
    fact.delete()


CATALOGUE_CODE_TAKEN = _("Your team's catalogue already has an entry with this code.")
CATALOGUE_OTHER_TEAM_MEASURE = _("Choose measures from your own team's catalogue.")


def _catalogue_code_check(entry: Measure | BenefitArgument) -> None:
    others = type(entry).objects.filter(team_id=entry.team_id, code=entry.code)
    if others.exclude(pk=entry.pk).exists():
        raise ValidationError({"code": ValidationError(CATALOGUE_CODE_TAKEN, code="unique")})


@transaction.atomic
@recorded("measure_save")
def measure_save(
    *, team: Team, by: AbstractBaseUser, measure: Measure | None = None, **fields: Any
) -> Measure:
    """Add a measure to the team's catalogue, or change one (team leads).

    Statements drafted earlier keep the snapshot of the measures they used.
    """
    require_lead(team=team, user=by)
    if measure is not None and measure.team_id != team.pk:
        raise PermissionDenied(NOT_A_MEMBER)
    measure = measure or Measure(team=team)
    fields_assign(measure, fields)
    measure.full_clean(exclude=["team"], validate_unique=False, validate_constraints=False)
    _catalogue_code_check(measure)
    measure.save()
    return measure


@transaction.atomic
@recorded("argument_save")
def argument_save(
    *,
    team: Team,
    by: AbstractBaseUser,
    argument: BenefitArgument | None = None,
    measures: Any = (),
    **fields: Any,
) -> BenefitArgument:
    """Add a sourced argument to the team's catalogue, or change one (team leads).

    An argument without its source and year is refused: the drafting engine
    prints the source next to every figure.
    """
    require_lead(team=team, user=by)
    if argument is not None and argument.team_id != team.pk:
        raise PermissionDenied(NOT_A_MEMBER)
    measures = list(measures)
    if any(measure.team_id != team.pk for measure in measures):
        raise ValidationError(
            {"measures": ValidationError(CATALOGUE_OTHER_TEAM_MEASURE, code="other_team")}
        )
    argument = argument or BenefitArgument(team=team)
    fields_assign(argument, fields)
    argument.full_clean(
        exclude=["team", "measures"], validate_unique=False, validate_constraints=False
    )
    _catalogue_code_check(argument)
    argument.save()
    argument.measures.set(measures)
    return argument


@transaction.atomic
@recorded("settings_update")
def settings_update(*, team: Team, by: AbstractBaseUser, **fields: Any) -> BenefitSettings:
    """Change how the team works with statements (team leads)."""
    require_lead(team=team, user=by)
    settings, _created = BenefitSettings.objects.get_or_create(team=team)
    fields_assign(settings, fields)
    settings.full_clean()
    settings.save()
    return settings


# ------------------------------------------------------------------------------
# Statements
# ------------------------------------------------------------------------------
def _json(value: Any) -> Any:
    """`value` as it reads back from a JSON field (tuples become lists)."""
    return json.loads(json.dumps(value))


def _provenance(draft: drafting.Draft, data: drafting.DraftInput) -> dict[str, Any]:
    arguments = {a.id: a for a in data.arguments}
    measures = {m.id: m for m in data.measures}
    facts = {f.id: f for f in data.facts}
    return _json(
        {
            "language": draft.language,
            "needs": list(draft.needs_addressed),
            "arguments": [
                {
                    **asdict(choice),
                    "source": arguments[choice.id].source,
                    "year": arguments[choice.id].year,
                    "claim_de": arguments[choice.id].claim_de,
                    "claim_en": arguments[choice.id].claim_en,
                }
                for choice in draft.arguments
            ],
            "measures": [
                {
                    **asdict(choice),
                    "name_de": measures[choice.id].name_de,
                    "name_en": measures[choice.id].name_en,
                }
                for choice in draft.measures
            ],
            "facts": [
                {
                    **asdict(choice),
                    "text_de": facts[choice.id].text_de,
                    "source": facts[choice.id].source,
                    "as_of": facts[choice.id].as_of.isoformat(),
                }
                for choice in draft.facts
            ],
        }
    )


def _score(statement: BenefitStatement, profile: NeedsProfile | None) -> None:
    """Mask, fingerprint and score the statement against the team's other ones (no save)."""
    subject = selectors.score_subject(company=statement.company, profile=profile)
    catalogue = selectors.draft_input(
        company=statement.company, profile=None, language=statement.language
    )
    # Statements are told apart by what they say besides the team's shared passages.
    stock = scoring.stock_pattern(
        drafting.stock_phrases(
            arguments=catalogue.arguments,
            measures=catalogue.measures,
            facts=catalogue.facts,
            network=catalogue.network,
        )
    )
    statement.masked_text = scoring.mask(statement.text, subject.mask_terms)
    statement.fingerprint = scoring.fingerprint(statement.masked_text)
    corpus = selectors.statement_fingerprints(
        team=statement.team, exclude_company_id=statement.company_id
    )
    candidates = scoring.nearest(statement.fingerprint, corpus)
    neighbours = selectors.statement_masked_texts(team=statement.team, ids=candidates)
    result = scoring.score(subject, statement.text, statement.masked_text, neighbours, stock=stock)
    statement.score = result.total
    statement.score_details = _json(asdict(result))
    statement.copy_warning = result.copy_warning
    statement.most_similar_id = result.most_similar_id


def _event(statement: BenefitStatement, kind: str, by: AbstractBaseUser) -> None:
    StatementEvent.objects.create(
        statement=statement, kind=kind, version=statement.version, by_id=by.pk
    )


@transaction.atomic
@recorded("statement_draft")
def statement_draft(
    *, company: Company, by: AbstractBaseUser, language: str = drafting.GERMAN
) -> BenefitStatement:
    """Draft a tailored statement for the company from its needs profile and the catalogue."""
    _membership(company.team, by)
    profile = selectors.profile_for_company(company=company)
    data = selectors.draft_input(company=company, profile=profile, language=language)
    try:
        draft = drafting.draft(data)
    except drafting.DraftingRefused as refusal:
        raise ValidationError(_DRAFT_REFUSALS[refusal.code], code=refusal.code) from refusal
    statement = BenefitStatement(
        team=company.team,
        company=company,
        language=language,
        text=draft.text,
        provenance=_provenance(draft, data),
        created_by_id=by.pk,
    )
    _score(statement, profile)
    statement.save()
    StatementVersion.objects.create(
        statement=statement, number=1, text=statement.text, score=statement.score, author_id=by.pk
    )
    _event(statement, StatementEvent.Kind.DRAFTED, by)
    return statement


@transaction.atomic
@recorded("statement_edit")
def statement_edit(
    *, statement: BenefitStatement, by: AbstractBaseUser, text: str, note: str = ""
) -> BenefitStatement:
    """Save a new version of the text; an approved statement goes back to draft."""
    _membership(statement.team, by)
    statement = BenefitStatement.objects.select_for_update().get(pk=statement.pk)
    text = text.replace("\r\n", "\n").strip()
    if statement.status == BenefitStatement.Status.SENT:
        raise ValidationError(STATEMENT_SENT_LOCKED, code="sent")
    if not text:
        raise ValidationError({"text": ValidationError(STATEMENT_EMPTY, code="empty")})
    if text == statement.text:
        raise ValidationError({"text": ValidationError(STATEMENT_UNCHANGED, code="unchanged")})
    statement.text = text
    statement.version += 1
    _score(statement, selectors.profile_for_company(company=statement.company))
    reopened = statement.status == BenefitStatement.Status.APPROVED
    if reopened:
        # The approval was for the old text.
        statement.status = BenefitStatement.Status.DRAFT
        statement.approved_by = None
        statement.approved_at = None
    statement.save()
    StatementVersion.objects.create(
        statement=statement,
        number=statement.version,
        text=text,
        note=note.strip(),
        score=statement.score,
        author_id=by.pk,
    )
    _event(statement, StatementEvent.Kind.EDITED, by)
    if reopened:
        _event(statement, StatementEvent.Kind.REOPENED, by)
    return statement


def _authors(statement: BenefitStatement) -> set[int | None]:
    latest = statement.versions.order_by("-number").values_list("author_id", flat=True).first()
    return {statement.created_by_id, latest}


@transaction.atomic
@recorded("statement_approve")
def statement_approve(*, statement: BenefitStatement, by: AbstractBaseUser) -> BenefitStatement:
    """Approve a draft; where the team requires it, only a lead who did not write it may."""
    membership = _membership(statement.team, by)
    statement = BenefitStatement.objects.select_for_update().get(pk=statement.pk)
    if statement.status != BenefitStatement.Status.DRAFT:
        raise ValidationError(APPROVE_NOT_DRAFT, code="not_draft")
    if selectors.settings_for_team(team=statement.team).require_second_person_approval:
        if not membership.is_lead:
            raise ValidationError(APPROVE_NEEDS_LEAD, code="lead_required")
        if by.pk in _authors(statement):
            raise ValidationError(APPROVE_OWN, code="self_approval")
    statement.status = BenefitStatement.Status.APPROVED
    statement.approved_by = by  # type: ignore[assignment]
    statement.approved_at = timezone.now()
    statement.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    _event(statement, StatementEvent.Kind.APPROVED, by)
    return statement


@transaction.atomic
@recorded("statement_mark_sent")
def statement_mark_sent(*, statement: BenefitStatement, by: AbstractBaseUser) -> BenefitStatement:
    """Record that the approved statement went out (by letter or in person)."""
    _membership(statement.team, by)
    statement = BenefitStatement.objects.select_for_update().get(pk=statement.pk)
    if statement.status != BenefitStatement.Status.APPROVED:
        raise ValidationError(SEND_NOT_APPROVED, code="not_approved")
    statement.status = BenefitStatement.Status.SENT
    statement.sent_at = timezone.now()
    statement.save(update_fields=["status", "sent_at", "updated_at"])
    _event(statement, StatementEvent.Kind.SENT, by)
    return statement


@transaction.atomic
@recorded("statement_sent_with_letter")
def statement_sent_with_letter(
    *, statement_id: int, by: AbstractBaseUser | None
) -> BenefitStatement:
    """Record that an approved statement went out in a letter, now that the letter is made.

    Called by the letters service for every letter it makes (one by one or in a
    batch), inside the letter's transaction. A statement already sent stays as
    it was (a second letter or a batch run again changes nothing), and a draft
    stays a draft: a letter does not stand in for the approval it lacked.
    """
    statement = BenefitStatement.objects.select_for_update().get(pk=statement_id)
    if statement.status != BenefitStatement.Status.APPROVED:
        return statement
    statement.status = BenefitStatement.Status.SENT
    statement.sent_at = timezone.now()
    statement.save(update_fields=["status", "sent_at", "updated_at"])
    # The event puts it on the case timeline (benefits.apps.statement_timeline).
    StatementEvent.objects.create(
        statement=statement,
        kind=StatementEvent.Kind.SENT,
        version=statement.version,
        by_id=by.pk if by else None,
    )
    return statement


@transaction.atomic
@recorded("statement_rescore")
def statement_rescore(*, statement: BenefitStatement) -> BenefitStatement:
    """Score the statement again against the team's current statements (idempotent)."""
    _score(statement, selectors.profile_for_company(company=statement.company))
    statement.save(
        update_fields=[
            "masked_text",
            "fingerprint",
            "score",
            "score_details",
            "copy_warning",
            "most_similar",
        ]
    )
    return statement
