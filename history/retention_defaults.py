"""The default retention periods Tandem states, until a team sets its own.

One module, so the record of processing shows them and the retention job can
apply them later. Periods in months; each with the reason a DPO can check.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True, slots=True)
class RetentionDefault:
    key: str
    months: int
    what: Promise
    reason: Promise


RETENTION_DEFAULTS = (
    RetentionDefault(
        key="contacts_inactive",
        months=36,
        what=_("Contacts of companies never won or lost, with no activity"),
        reason=_(
            "Three years cover a funding period and a second approach; after that the "
            "purpose of winning the company has lapsed (Art. 5(1)(e) DSGVO)."
        ),
    ),
    RetentionDefault(
        key="cases_closed",
        months=60,
        what=_("Closed acquisition cases with their notes"),
        reason=_(
            "Funders (ESF, Land) may audit the reported figures for several years after a "
            "project ends; the stage history without names keeps the figures."
        ),
    ),
    RetentionDefault(
        key="letters",
        months=24,
        what=_("Letters (DOCX files) and their texts"),
        reason=_("Long enough to answer questions about a letter; the touchpoint stays."),
    ),
    RetentionDefault(
        key="import_files",
        months=0,
        what=_("Uploaded import files"),
        reason=_("Deleted as soon as the import is done or has failed."),
    ),
    RetentionDefault(
        key="history",
        months=36,
        what=_("History entries (who changed what)"),
        reason=_(
            "Accountability (Art. 5(2) DSGVO) for the period in which questions about "
            "a change can reasonably arise."
        ),
    ),
)
