from datetime import date
from typing import Any

from django.apps import AppConfig
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _milestone_label(code: str) -> str:
    labels = {
        "six_months": gettext("in 6 months"),
        "three_months": gettext("in 3 months"),
        "four_weeks": gettext("in 4 weeks"),
    }
    return labels.get(code, code)


def recertification_notes(user_id: int, today: date) -> list[Any]:
    """The digest's lines for a lead: the re-certifications reaching a milestone today."""
    from certification import selectors
    from crm import digest_sections

    return [
        digest_sections.Note(
            team_id=application.team_id,
            heading=gettext("Re-certifications coming due"),
            text=gettext("%(company)s: re-certification due %(when)s (%(day)s)")
            % {
                "company": application.company.full_name,
                "when": _milestone_label(milestone),
                "day": date_format(application.recertification_due or today, "SHORT_DATE_FORMAT"),
            },
            url=application.get_absolute_url(),
        )
        for application, milestone in selectors.reminders_for_lead(user_id, today)
    ]


def recertification_recipients(today: date) -> set[int]:
    from certification import selectors

    return selectors.reminder_recipient_ids(today)


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification and mentoring")

    def ready(self) -> None:
        from crm import digest_sections, panels

        # The partner page shows what the company committed to, its certificates and tandems.
        panels.partner_panel_register(
            "certification/_partner_panel.html",
            lambda partnership: {"company": partnership.company},
        )

        digest_sections.register(
            "recertifications",
            recipients=recertification_recipients,
            notes=recertification_notes,
        )
