"""The record of processing activities (Art. 30 DSGVO) as Tandem performs them.

What Tandem does with personal data is fixed by its code, so the activities are
stated here once; a team adds its own answers (controller, DPO, processors) in
`ProcessingRecord`. An aid for the data-protection officer, not legal advice.
"""

import io
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from history.models import ProcessingRecord
from history.retention_defaults import RETENTION_DEFAULTS, RetentionDefault

NOT_LEGAL_ADVICE = gettext_lazy(
    "This page is an aid for your data-protection officer when keeping the record of "
    "processing activities (Art. 30 DSGVO). It describes what Tandem does; it is not "
    "legal advice. Check it and complete it before you adopt it."
)
NO_RECIPIENTS = gettext_lazy(
    "None by default: Tandem sends personal data to no one. Letters go out by post "
    "from your office."
)


@dataclass(frozen=True, slots=True)
class Activity:
    key: str
    title: Promise
    purpose: Promise
    legal_basis: Promise
    data: tuple[Promise, ...]
    persons: tuple[Promise, ...]
    retention: tuple[str, ...]
    # Records of the team that fall under this activity: (model label, filter on team).
    counted: tuple[tuple[str, str], ...] = ()


CONTACT_DATA = gettext_lazy("contact master data (name, salutation, role, email, phone)")
COMMUNICATION = gettext_lazy("communication (touchpoints: date, channel, text, outcome)")
NOTES = gettext_lazy("notes and needs profiles of the company")
LETTERS = gettext_lazy("letters and benefit statements")
OBJECTIONS = gettext_lazy("legal basis for contact, objections and do-not-contact dates")
HISTORY = gettext_lazy("history of changes (who changed what, when)")
COMPANY_CONTACTS = gettext_lazy("contact persons at companies")
PARTNER_PEOPLE = gettext_lazy("people at network partners")
STAFF = gettext_lazy("staff users of the team")

ACTIVITIES = (
    Activity(
        key="acquisition",
        title=gettext_lazy("Acquisition of partner companies"),
        purpose=gettext_lazy(
            "Finding and winning small and medium companies as partners of the "
            "network: preparing each approach, recording introductions and meetings."
        ),
        legal_basis=gettext_lazy(
            "Usually Art. 6(1)(f) DSGVO (legitimate interest), for publicly funded "
            "projects possibly Art. 6(1)(e); to be decided by the controller."
        ),
        data=(CONTACT_DATA, NOTES, OBJECTIONS, HISTORY),
        persons=(COMPANY_CONTACTS,),
        retention=("contacts_inactive", "cases_closed", "import_files"),
        counted=(("companies.Contact", "company__team"), ("crm.AcquisitionCase", "team")),
    ),
    Activity(
        key="outreach",
        title=gettext_lazy("Outreach letters and contacts"),
        purpose=gettext_lazy(
            "Writing tailored letters and benefit statements, logging every contact, "
            "honouring objections (Art. 21 DSGVO)."
        ),
        legal_basis=gettext_lazy(
            "Art. 6(1)(f) DSGVO; for emails to companies § 7 UWG applies as well."
        ),
        data=(CONTACT_DATA, COMMUNICATION, LETTERS, OBJECTIONS),
        persons=(COMPANY_CONTACTS,),
        retention=("letters", "contacts_inactive"),
        counted=(("outreach.Touchpoint", "team"), ("outreach.Letter", "team")),
    ),
    Activity(
        key="network",
        title=gettext_lazy("Network and partner care"),
        purpose=gettext_lazy(
            "Keeping the network's partners, their ties to companies and the "
            "introductions and referrals they make."
        ),
        legal_basis=gettext_lazy("Art. 6(1)(f) DSGVO (legitimate interest)."),
        data=(CONTACT_DATA, COMMUNICATION, NOTES),
        persons=(PARTNER_PEOPLE,),
        retention=("contacts_inactive",),
        counted=(("companies.NetworkPartner", "team"), ("outreach.Introduction", "case__team")),
    ),
    Activity(
        key="reporting",
        title=gettext_lazy("Reporting to funders"),
        purpose=gettext_lazy(
            "Funnel figures per stage, source, region and person for the funders' reports."
        ),
        legal_basis=gettext_lazy(
            "Art. 6(1)(c) or (e) DSGVO with the funding decision; reports carry "
            "figures, not contact persons."
        ),
        data=(gettext_lazy("counts and durations; names of staff in per-person figures"),),
        persons=(STAFF,),
        retention=("cases_closed",),
    ),
    Activity(
        key="accounts",
        title=gettext_lazy("User accounts and accountability"),
        purpose=gettext_lazy(
            "Access for the team's staff by role, and the history of every change "
            "(Art. 5(2) DSGVO)."
        ),
        legal_basis=gettext_lazy(
            "Art. 6(1)(b) and (c) DSGVO, § 26 BDSG (employment); Art. 5(2) and 32 DSGVO."
        ),
        data=(gettext_lazy("name, user name, email, role"), HISTORY),
        persons=(STAFF,),
        retention=("history",),
        counted=(("crm.Membership", "team"), ("history.LogEntry", "team")),
    ),
)

MEASURES = (
    gettext_lazy(
        "Team isolation: every page and action is bound to the user's team; another "
        "team's record answers as if it did not exist."
    ),
    gettext_lazy("Roles: staff, team lead and administrator; settings and reviews need a lead."),
    gettext_lazy(
        "History of every change with the person, the time, the action, old and new "
        "values; passwords and secrets are never recorded, IP addresses not stored."
    ),
    gettext_lazy("Passwords stored only as salted hashes; password rules enforced."),
    gettext_lazy("No third-party requests: scripts, styles and fonts are served by Tandem itself."),
    gettext_lazy(
        "Objections are enforced: a contact who objected cannot be written to, "
        "alone or in a campaign."
    ),
    gettext_lazy("Uploaded import files are deleted once the import has run."),
    gettext_lazy(
        "Encrypted transport (HTTPS) and secure cookies in production; database "
        "and files with the hosting provider."
    ),
)


@dataclass(frozen=True, slots=True)
class RetentionLine:
    what: str
    period: str
    reason: str


@dataclass(frozen=True, slots=True)
class ActivityView:
    activity: Activity
    retention: list[RetentionLine]
    counts: list[tuple[str, int]]


def _retention(keys: tuple[str, ...]) -> list[RetentionLine]:
    by_key = {rule.key: rule for rule in RETENTION_DEFAULTS}
    return [
        RetentionLine(
            what=str(by_key[key].what),
            period=retention_text(by_key[key]),
            reason=str(by_key[key].reason),
        )
        for key in keys
    ]


def retention_text(rule: RetentionDefault) -> str:
    if rule.months == 0:
        return _("immediately")
    if rule.months % 12 == 0:
        years = rule.months // 12
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d month", "%(count)d months", rule.months) % {"count": rule.months}


def activities_for(*, team: Any) -> list[ActivityView]:
    """The activities with their retention and how many of the team's records each holds."""
    views = []
    for activity in ACTIVITIES:
        counts = []
        for label, path in activity.counted:
            model = apps.get_model(label)
            counts.append(
                (str(model._meta.verbose_name_plural), model.objects.filter(**{path: team}).count())
            )
        views.append(
            ActivityView(activity=activity, retention=_retention(activity.retention), counts=counts)
        )
    return views


def processing_docx(
    *, team: Any, record: ProcessingRecord, activities: list[ActivityView]
) -> bytes:
    """The record of processing activities as a Word document."""
    from docx import Document

    document = Document()
    document.add_heading(_("Record of processing activities (Art. 30 DSGVO)"), level=0)
    document.add_paragraph(str(team))
    document.add_paragraph(
        _("As of %(day)s") % {"day": formats.date_format(timezone.localdate(), "DATE_FORMAT")}
    )
    document.add_paragraph().add_run(str(NOT_LEGAL_ADVICE)).italic = True
    document.add_heading(_("Controller and data protection officer"), level=1)
    for label, text in (
        (_("Controller"), record.controller),
        (_("Data protection officer"), record.dpo_contact),
        (_("Recipients and processors"), record.processors or str(NO_RECIPIENTS)),
        (_("Further notes"), record.notes),
    ):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(text or "—")
    for view in activities:
        activity = view.activity
        document.add_heading(str(activity.title), level=1)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        rows = (
            (_("Purpose"), str(activity.purpose)),
            (_("Legal basis"), str(activity.legal_basis)),
            (_("Categories of data"), "; ".join(map(str, activity.data))),
            (_("Categories of persons"), "; ".join(map(str, activity.persons))),
            (_("Recipients"), record.processors or str(NO_RECIPIENTS)),
            (
                _("Retention"),
                "; ".join(f"{rule.what}: {rule.period} ({rule.reason})" for rule in view.retention),
            ),
        )
        for label, text in rows:
            cells = table.add_row().cells
            cells[0].text = label
            cells[1].text = text
    document.add_heading(_("Technical and organisational measures (Art. 32 DSGVO)"), level=1)
    for measure in MEASURES:
        document.add_paragraph(str(measure), style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
