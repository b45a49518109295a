"""Company import: column mapping, row conversion and validation, the dry run.

`analyse` turns a table into one outcome per row — new, duplicate of an existing
company, duplicate of an earlier row, or invalid with its reasons — without
writing anything. The service writes the new rows in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from companies import matching, sectors
from companies.models import Company, Contact, LegalForm, SizeClass
from companies.person_names import split_person_name
from companies.tabular import Table, is_formula


@dataclass(frozen=True)
class Target:
    """A field the import can fill, with the column titles that usually hold it."""

    key: str
    label: Any
    synonyms: tuple[str, ...]
    contact: bool = False


TARGETS: tuple[Target, ...] = (
    Target(
        "legal_name",
        _("Company name"),
        (
            "name",
            "firma",
            "firmenname",
            "firmierung",
            "unternehmen",
            "unternehmensname",
            "betrieb",
            "company",
            "companyname",
            "organisation",
        ),
    ),
    Target("legal_form", _("Legal form"), ("rechtsform", "legalform", "gesellschaftsform")),
    Target(
        "street",
        _("Street and number"),
        (
            "strasse",
            "str",
            "strassehausnummer",
            "strasseundhausnummer",
            "strassenr",
            "adresse",
            "anschrift",
            "street",
            "address",
        ),
    ),
    Target(
        "postal_code", _("Postal code"), ("plz", "postleitzahl", "postalcode", "zip", "zipcode")
    ),
    Target("city", _("City"), ("ort", "stadt", "city", "town", "gemeinde", "sitz")),
    Target("district", _("District"), ("landkreis", "kreis", "district", "county")),
    Target(
        "sector_division",
        _("Sector (WZ division)"),
        ("wz", "wzcode", "wz2008", "wz2025", "nace", "branchenschluessel", "sector", "branche"),
    ),
    Target(
        "employees",
        _("Employees"),
        (
            "mitarbeiter",
            "mitarbeitende",
            "beschaeftigte",
            "anzahlmitarbeiter",
            "mitarbeiterzahl",
            "employees",
            "staff",
        ),
    ),
    Target("website", _("Website"), ("website", "webseite", "homepage", "internet", "url", "www")),
    Target("phone", _("Phone"), ("telefon", "tel", "telefonnummer", "phone", "fon")),
    Target("email", _("Email"), ("email", "mail", "emailadresse")),
    Target(
        "notes", _("Notes"), ("notiz", "notizen", "bemerkung", "bemerkungen", "notes", "hinweis")
    ),
    # "Ansprechpartner" columns hold whole names: "Frau Dr. Petra Meißner".
    Target(
        "contact_full_name",
        _("Contact: full name"),
        (
            "ansprechpartner",
            "ansprechpartnerin",
            "ansprechperson",
            "kontaktperson",
            "kontakt",
            "nameansprechpartner",
            "contact",
            "contactname",
            "contactperson",
        ),
        True,
    ),
    Target("contact_salutation", _("Contact: salutation"), ("anrede", "salutation"), True),
    Target("contact_title", _("Contact: title"), ("titel", "title", "akademischergrad"), True),
    Target(
        "contact_first_name",
        _("Contact: first name"),
        ("vorname", "firstname", "ansprechpartnervorname"),
        True,
    ),
    Target(
        "contact_last_name",
        _("Contact: last name"),
        (
            "nachname",
            "lastname",
            "familienname",
            "surname",
            "ansprechpartnernachname",
        ),
        True,
    ),
    Target("contact_role", _("Contact: role"), ("rolle", "role", "funktion"), True),
    Target("contact_position", _("Contact: position"), ("position", "stellung", "jobtitle"), True),
    Target(
        "contact_email",
        _("Contact: email"),
        ("emailansprechpartner", "ansprechpartneremail", "kontaktemail", "contactemail"),
        True,
    ),
    Target(
        "contact_phone",
        _("Contact: phone"),
        ("telefonansprechpartner", "ansprechpartnertelefon", "kontakttelefon", "durchwahl"),
        True,
    ),
)
TARGET_KEYS = frozenset(target.key for target in TARGETS)
REQUIRED = ("legal_name",)

NAME_REQUIRED = _("Choose the column that holds the company name.")
COLUMN_TWICE = _("The column “%(column)s” is assigned twice.")
FORMULA_CELL = _("“%(column)s” holds a formula (%(value)s); formulas are not imported.")
NAME_MISSING = _("The company name is empty.")
BAD_EMPLOYEES = _("“%(value)s” is not a number of employees.")
NEUTRAL_NEEDS_FIRST_NAME = _("The contact needs a first name or a salutation (Frau/Herr).")
NO_LAST_NAME = _("The contact has no last name.")
# The contact is a welcome extra: what is wrong with it leaves it out, never the company.
CONTACT_LEFT_OUT = _("Contact left out: %(reason)s")

_SALUTATIONS = {
    "frau": Contact.Salutation.FRAU,
    "fr": Contact.Salutation.FRAU,
    "ms": Contact.Salutation.FRAU,
    "mrs": Contact.Salutation.FRAU,
    "herr": Contact.Salutation.HERR,
    "hr": Contact.Salutation.HERR,
    "hrn": Contact.Salutation.HERR,
    "mr": Contact.Salutation.HERR,
}
_ROLES = {
    Contact.Role.OWNER: ("geschaeftsfuehr", "inhaber", "owner", "ceo", "vorstand", "gf"),
    Contact.Role.HR: ("personal", "hr", "human"),
    Contact.Role.WORKS_COUNCIL: ("betriebsrat", "workscouncil"),
    Contact.Role.EQUALITY: ("gleichstellung", "equal"),
    Contact.Role.ASSISTANT: ("assistenz", "sekretariat", "office", "empfang"),
}


_CONTACT_NAME_KEYS = ("contact_full_name", "contact_last_name", "contact_first_name")


def _header_key(title: str) -> str:
    return re.sub(r"[^a-z0-9]", "", matching.fold(title))


def guess_mapping(header: Sequence[str]) -> dict[str, int]:
    """Target field → column index, for the columns whose titles are well known."""
    mapping: dict[str, int] = {}
    for index, title in enumerate(header):
        key = _header_key(title)
        for target in TARGETS:
            if target.key not in mapping and key in target.synonyms:
                mapping[target.key] = index
                break
    return mapping


def check_mapping(mapping: dict[str, int], header: Sequence[str]) -> dict[str, int]:
    """The mapping restricted to known fields and existing columns, or ValidationError."""
    clean = {
        key: index
        for key, index in mapping.items()
        if key in TARGET_KEYS and isinstance(index, int) and 0 <= index < len(header)
    }
    if "legal_name" not in clean:
        raise ValidationError(NAME_REQUIRED, code="name_required")
    used: dict[int, str] = {}
    for key, index in clean.items():
        if index in used:
            raise ValidationError(COLUMN_TWICE % {"column": header[index]}, code="column_twice")
        used[index] = key
    return clean


# ------------------------------------------------------------------------------
# One row
# ------------------------------------------------------------------------------
@dataclass
class Row:
    """One data row: the fields it would create and what is wrong with it."""

    line: int
    company: dict[str, Any] = field(default_factory=dict)
    contact: dict[str, Any] | None = None
    errors: list[str] = field(default_factory=list)  # the row cannot be imported
    warnings: list[str] = field(default_factory=list)  # imported, with something left out
    cells: list[str] = field(default_factory=list, repr=False)  # as read, for the rejected rows

    @property
    def name(self) -> str:
        return self.company.get("legal_name", "")

    def record(self) -> matching.CompanyRecord:
        return matching.CompanyRecord(
            id=self.line,
            name=self.company.get("legal_name", ""),
            street=self.company.get("street", ""),
            postal_code=self.company.get("postal_code", ""),
            city=self.company.get("city", ""),
            website=self.company.get("website", ""),
            phone=self.company.get("phone", ""),
            legal_form=self.company.get("legal_form", ""),
        )


def _employees(value: str) -> int | None:
    # "1.200" is German for twelve hundred; "12,0" an Excel leftover.
    text = value.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    text = re.sub(r"[.,]0+$", "", text)
    return int(text) if text.isdigit() else None


def _role(value: str) -> tuple[str, str]:
    key = _header_key(value)
    for role, stems in _ROLES.items():
        if any(key.startswith(stem) for stem in stems):
            return role, ""
    return Contact.Role.OTHER, value


def _messages(exc: ValidationError, labels: dict[str, Any]) -> list[str]:
    out = []
    for name, errors in exc.message_dict.items():
        label = labels.get(name)
        for message in errors:
            out.append(f"{label}: {message}" if label else message)
    return out


def _company_labels() -> dict[str, Any]:
    return {f.name: capfirst(str(f.verbose_name)) for f in Company._meta.fields if not f.generated}


def convert_row(line: int, cells: list[str], mapping: dict[str, int], header: list[str]) -> Row:
    """Build the company (and contact) of one row and validate them like the forms do."""
    row = Row(line, cells=cells)
    values: dict[str, str] = {}
    for key, index in mapping.items():
        value = cells[index].strip() if index < len(cells) else ""
        if value in {"-", "—", "–"}:  # placeholders for "nothing"
            value = ""
        if value and is_formula(value):
            row.errors.append(str(FORMULA_CELL) % {"column": header[index], "value": value[:40]})
            value = ""
        values[key] = value

    company: dict[str, Any] = {}
    name, form_in_name = matching.split_legal_form(values.get("legal_name", ""))
    company["legal_name"] = name
    written_form = values.get("legal_form", "")
    form = matching.legal_form_of(written_form) if written_form else form_in_name
    if written_form and not form:
        form = LegalForm.OTHER
    company["legal_form"] = form
    for key in ("street", "city", "district", "phone", "email", "notes"):
        company[key] = values.get(key, "")
    company["postal_code"] = (
        matching.normalize_postal_code(values["postal_code"])
        if re.fullmatch(r"[\d\s]{4,6}", values.get("postal_code", "") or "x")
        else values.get("postal_code", "")
    )
    website = values.get("website", "")
    if website and not re.match(r"^[a-z][a-z0-9+.-]*://", website, re.IGNORECASE):
        website = "https://" + website
    company["website"] = website
    division = re.sub(r"\D", "", values.get("sector_division", ""))[:2]
    company["sector_division"] = division if values.get("sector_division") else ""
    employees_text = values.get("employees", "")
    company["employees"] = None
    if employees_text:
        employees = _employees(employees_text)
        if employees is None:
            row.errors.append(str(BAD_EMPLOYEES) % {"value": employees_text[:40]})
        company["employees"] = employees
    if company["employees"] is not None:
        company["size_class"] = SizeClass.for_headcount(company["employees"])
    if company["sector_division"] in {d.code for d in sectors.DIVISIONS}:
        company["sector_section"] = sectors.section_of(company["sector_division"])
    row.company = company
    if not name:
        row.errors.append(str(NAME_MISSING))
    else:
        instance = Company(**company, name_normalized=matching.normalize_name(name))
        try:
            instance.full_clean(exclude=["team", "created_by", "name_normalized"])
        except ValidationError as exc:
            row.errors.extend(_messages(exc, _company_labels()))

    if any(values.get(key) for key in _CONTACT_NAME_KEYS):
        row.contact, problems = _contact(values)
        row.warnings.extend(str(CONTACT_LEFT_OUT) % {"reason": problem} for problem in problems)
    return row


def _contact(values: dict[str, str]) -> tuple[dict[str, Any] | None, list[str]]:
    """The contact of a row, or None and why it is left out.

    Columns of their own (salutation, title, first and last name) win over what the
    full name is split into.
    """
    full = split_person_name(values.get("contact_full_name", ""))
    salutation_text = values.get("contact_salutation", "")
    salutation = _SALUTATIONS.get(_header_key(salutation_text)) if salutation_text else None
    if salutation is None and full.salutation:
        salutation = _SALUTATIONS[full.salutation]
    first_name = values.get("contact_first_name", "") or full.first_name
    last_name = values.get("contact_last_name", "") or full.last_name
    if not last_name:
        return None, [str(NO_LAST_NAME)]
    if salutation is None:
        salutation = Contact.Salutation.NEUTRAL
        if not first_name:
            return None, [str(NEUTRAL_NEEDS_FIRST_NAME)]
    role, position = _role(values.get("contact_role", ""))
    contact = {
        "salutation": salutation,
        "title": values.get("contact_title", "") or full.title,
        "first_name": first_name,
        "last_name": last_name,
        "role": role,
        "position": values.get("contact_position", "") or position,
        "email": values.get("contact_email", ""),
        "phone": values.get("contact_phone", ""),
    }
    try:
        Contact(**contact).full_clean(exclude=["company"])
    except ValidationError as exc:
        labels = {f.name: capfirst(str(f.verbose_name)) for f in Contact._meta.fields}
        return None, _messages(exc, labels)
    return contact, []


# ------------------------------------------------------------------------------
# The dry run
# ------------------------------------------------------------------------------
class Outcome:
    NEW = "new"
    DUPLICATE = "duplicate"  # of a company the team has already
    DUPLICATE_IN_FILE = "duplicate_in_file"
    INVALID = "invalid"


@dataclass
class RowResult:
    row: Row
    outcome: str
    match: matching.Match | None = None  # with an existing company
    same_as_line: int | None = None

    def as_report(self, names: dict[Any, str]) -> dict[str, Any]:
        """The JSON kept on the import job for people to read."""
        entry: dict[str, Any] = {
            "line": self.row.line,
            "outcome": self.outcome,
            "name": self.row.name,
            "city": self.row.company.get("city", ""),
            "errors": self.row.errors,
            "warnings": self.row.warnings,
        }
        if self.outcome == Outcome.INVALID:
            entry["cells"] = self.row.cells  # to give the row back, with its reason
        if self.match is not None:
            entry["match"] = {
                "id": self.match.b,
                "name": names.get(self.match.b, ""),
                "score": self.match.score,
                "evidence": [
                    [e.field, e.verdict, e.similarity] for e in self.match.evidence if e.weight
                ],
            }
        if self.same_as_line is not None:
            entry["same_as_line"] = self.same_as_line
        return entry


@dataclass
class Analysis:
    results: list[RowResult]

    def counts(self) -> dict[str, int]:
        counts = {
            "rows": len(self.results),
            Outcome.NEW: 0,
            Outcome.DUPLICATE: 0,
            Outcome.DUPLICATE_IN_FILE: 0,
            Outcome.INVALID: 0,
            "contacts": 0,
        }
        for result in self.results:
            counts[result.outcome] += 1
            if result.outcome == Outcome.NEW and result.row.contact:
                counts["contacts"] += 1
        return counts

    def to_report(self) -> list[RowResult]:
        """The rows people should look at: left out, or imported with a warning."""
        return [r for r in self.results if r.outcome != Outcome.NEW or r.row.warnings]

    def to_import(self, *, with_duplicates: bool) -> list[RowResult]:
        wanted = {Outcome.NEW, Outcome.DUPLICATE} if with_duplicates else {Outcome.NEW}
        return [result for result in self.results if result.outcome in wanted]


def analyse(
    table: Table,
    mapping: dict[str, int],
    *,
    existing: Iterable[matching.CompanyRecord],
    progress: Callable[[float], None] | None = None,
) -> Analysis:
    """Convert, validate and match every row; write nothing."""

    def report(share: float) -> None:
        if progress is not None:
            progress(share)

    index = matching.MatchIndex(existing)
    report(0.1)
    results: list[RowResult] = []
    total = len(table.rows)
    step = max(1, total // 40)
    for number, (line, cells) in enumerate(table.rows):
        if number % step == 0:
            report(0.1 + 0.6 * number / total)
        row = convert_row(line, cells, mapping, table.header)
        if row.errors:
            results.append(RowResult(row, Outcome.INVALID))
            continue
        # A related company (another legal entity of the group) is imported as new.
        found = [
            m
            for m in index.matches(row.record(), threshold=matching.DUPLICATE_WEIGHT)
            if m.is_duplicate
        ]
        if found:
            results.append(RowResult(row, Outcome.DUPLICATE, match=found[0]))
        else:
            results.append(RowResult(row, Outcome.NEW))

    # Within the file: the first row of each cluster counts, the others repeat it.
    candidates = [r for r in results if r.outcome in {Outcome.NEW, Outcome.DUPLICATE}]
    report(0.75)
    clustering = matching.find_clusters(
        [r.row.record() for r in candidates],
        progress=lambda share: report(0.75 + 0.2 * share),
    )
    first_of = clustering.cluster_ids()
    for result in candidates:
        first = first_of[result.row.line]
        if first != result.row.line:
            result.outcome = Outcome.DUPLICATE_IN_FILE
            result.same_as_line = int(first)  # type: ignore[call-overload]
    report(1.0)
    return Analysis(results)


# ------------------------------------------------------------------------------
# The rejected rows, given back
# ------------------------------------------------------------------------------
REASON_COLUMN = _("Reason rejected")


def rejected_rows(report: Iterable[dict[str, Any]], *, width: int) -> list[list[str]]:
    """The rows of a dry run that cannot be imported, as read, their reasons last.

    Each row is padded to `width` columns (the header's), so that the reasons stand
    in one column however short a row was.
    """
    rows = []
    for entry in report:
        if entry.get("outcome") != Outcome.INVALID:
            continue
        cells = list(entry.get("cells", []))
        cells += [""] * (width - len(cells))
        rows.append([*cells, " · ".join(entry.get("errors", []))])
    return rows
