"""The case timeline: one chronological order for timed and date-only entries."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from benefits.models import BenefitStatement
from crm import selectors, services, timeline
from crm.models import StageChange
from outreach import services as outreach_services
from outreach.letters import services as letter_services
from outreach.models import Channel, Touchpoint
from tests.factories import AcquisitionCaseFactory, ContactFactory, NeedsProfileFactory

DAY = date(2026, 3, 10)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# -- Entry.dated (no database) -------------------------------------------------------------
def test_a_date_only_entry_recorded_that_day_sits_where_it_was_recorded():
    entry = timeline.Entry.dated(on=DAY, recorded_at=_at(DAY, 11), icon="envelope", title="Brief")
    assert entry.at == _at(DAY, 11)
    assert not entry.has_time


def test_a_date_only_entry_logged_afterwards_closes_its_day():
    entry = timeline.Entry.dated(
        on=DAY, recorded_at=_at(DAY + timedelta(days=2), 9), icon="x", title=""
    )
    assert timezone.localtime(entry.at).date() == DAY
    assert entry.at > _at(DAY, 23, 59)


def test_a_date_only_entry_recorded_ahead_opens_its_day():
    entry = timeline.Entry.dated(
        on=DAY, recorded_at=_at(DAY - timedelta(days=1), 17), icon="x", title=""
    )
    assert entry.at == _at(DAY, 0)


def test_timed_and_date_only_entries_share_one_order(monkeypatch):
    morning = timeline.Entry(at=_at(DAY, 8), icon="flag", title="Eröffnet")
    afternoon = timeline.Entry(at=_at(DAY, 15), icon="trophy", title="Gewonnen")
    letter = timeline.Entry.dated(on=DAY, recorded_at=_at(DAY, 10), icon="envelope", title="Brief")
    earlier_call = timeline.Entry.dated(
        on=DAY - timedelta(days=1), recorded_at=_at(DAY, 16), icon="telephone", title="Anruf"
    )
    # Only this source: the apps' sources would read the database.
    monkeypatch.setattr(
        timeline, "_SOURCES", {"test": lambda case: [earlier_call, morning, letter, afternoon]}
    )
    entries = timeline.entries(None)
    assert [e.title for e in entries] == ["Gewonnen", "Brief", "Eröffnet", "Anruf"]


# -- through the services --------------------------------------------------------------------
@pytest.fixture
def ready_case(team, staff):
    """A case opened this morning whose company can be written to."""
    case = AcquisitionCaseFactory(team=team, owner=staff.user, company__legal_name="Bäckerei Kern")
    StageChange.objects.filter(case=case).update(changed_at=_at(timezone.localdate(), 0))
    NeedsProfileFactory(company=case.company)
    BenefitStatement.objects.create(
        team=team,
        company=case.company,
        text="Familienfreundliche Schichtpläne helfen Ihnen dabei.",
        status=BenefitStatement.Status.APPROVED,
    )
    contact = ContactFactory(
        company=case.company, salutation="frau", first_name="Petra", last_name="Kern"
    )
    return case, contact


@pytest.mark.django_db
def test_contacts_and_letters_of_today_come_above_the_opening(ready_case, staff):
    case, contact = ready_case
    outreach_services.touchpoint_log(
        team=case.team,
        company=case.company,
        case=case,
        by=staff.user,
        channel=Channel.PHONE,
        direction=Touchpoint.Direction.IN,
        occurred_on=timezone.localdate(),
        contact=contact,
        subject="Rückruf",
    )
    letter = letter_services.letter_generate(case=case, by=staff.user, contact=contact)

    timeline = selectors.case_timeline(case=case)
    # The letter also marks the company's statement as sent (its own, timed entry).
    sent = [entry for entry in timeline if entry.title.startswith("Nutzenargumentation")]
    assert len(sent) == 1
    assert timeline.index(sent[0]) < len(timeline) - 1
    entries = [entry for entry in timeline if entry not in sent]

    titles = [entry.title for entry in entries]
    assert titles[0].startswith("Brief an")
    assert titles[0].endswith(letter.touchpoint.subject)
    assert titles[1].endswith("Rückruf")
    assert titles[-1] == "Eröffnet in „Hinweis/Empfehlung“"
    assert [entry.has_time for entry in entries] == [False, False, True]


@pytest.mark.django_db
def test_a_contact_of_today_follows_a_stage_change_only_if_recorded_later(ready_case, staff, stage):
    case, contact = ready_case
    touchpoint = outreach_services.touchpoint_log(
        team=case.team,
        company=case.company,
        case=case,
        by=staff.user,
        channel=Channel.PHONE,
        direction=Touchpoint.Direction.IN,
        occurred_on=timezone.localdate(),
        contact=contact,
    )
    assert timezone.now() - touchpoint.recorded_at < timedelta(minutes=1)
    services.case_advance(case=case, to=stage("Vorbereitet"), by=staff.user, version=case.version)
    today = timezone.localdate()
    moved = StageChange.objects.filter(case=case, from_stage__isnull=False)

    # The call logged at 00:01, the case moved at 00:02: the move is the newer entry.
    Touchpoint.objects.filter(pk=touchpoint.pk).update(recorded_at=_at(today, 0, 1))
    moved.update(changed_at=_at(today, 0, 2))
    assert [e.icon for e in selectors.case_timeline(case=case)] == [
        "arrow-right-circle",
        "telephone",
        "flag",
    ]

    # Logged at 00:03, after the move: the call comes first.
    Touchpoint.objects.filter(pk=touchpoint.pk).update(recorded_at=_at(today, 0, 3))
    assert [e.icon for e in selectors.case_timeline(case=case)] == [
        "telephone",
        "arrow-right-circle",
        "flag",
    ]


@pytest.mark.django_db
def test_the_case_page_shows_a_date_only_entry_without_a_time(ready_case, staff, staff_client):
    case, contact = ready_case
    outreach_services.touchpoint_log(
        team=case.team,
        company=case.company,
        case=case,
        by=staff.user,
        channel=Channel.PHONE,
        direction=Touchpoint.Direction.IN,
        occurred_on=timezone.localdate(),
        contact=contact,
    )
    html = staff_client.get(case.get_absolute_url()).content.decode()
    today = timezone.localdate()
    assert f'datetime="{today.isoformat()}">{today:%d.%m.%Y}</time>' in html
    assert "12:00" not in html


def test_the_written_timeline_reads_as_the_template_loop_it_replaced():
    """The case page writes its timeline items in Python (`timeline.entries_html`);
    `timeline_reference.html` is the template loop they replaced."""
    import re
    from pathlib import Path

    from django.template import Context, Template
    from django.utils import translation

    loop = (Path(__file__).parent / "timeline_reference.html").read_text(encoding="utf-8")
    at = datetime(2026, 3, 2, 23, 30, tzinfo=timezone.get_fixed_timezone(0))
    entries = [
        timeline.Entry(at=at, icon="arrow-right-circle", title="Phase <Vorgestellt>"),
        timeline.Entry(
            at=at,
            icon="envelope",
            title="Brief an Frau Müller & Co",
            detail="ausgehend · kalt",
            by="Anna Richter",
            url="/pipeline/cases/7/?a=1&b=2",
            note="Erste Zeile\nZweite <Zeile>\r\nDritte",
            has_time=False,
        ),
        timeline.Entry(at=at, icon="people", title="Vorstellung", by="Ben"),
        timeline.Entry(
            at=at,
            icon="people",
            title="Vorstellung erbeten",
            detail="E-Mail",
            action="Ergebnis erfassen",
            action_url="/outreach/introductions/3/outcome/",
        ),
    ]

    def normal(html: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()

    for language in ("de", "en"):
        with translation.override(language), timezone.override("Europe/Berlin"):
            reference = Template(loop).render(Context({"timeline": entries}))
            written = timeline.entries_html(entries)
        assert normal(written) == normal(
            reference[reference.index("<ol>") + 4 : reference.rindex("</ol>")]
        )
        assert "Zweite &lt;Zeile&gt;<br>Dritte" in written
        assert 'datetime="2026-03-03"' in written  # the day in Berlin, not in UTC
