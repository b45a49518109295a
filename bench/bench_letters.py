"""DIN 5008 letters: one rendered to DOCX, and a campaign of 1,000 letters to a ZIP.

The single letter needs no database (`outreach.letters.din5008` is pure); its floor is
a bare python-docx document with the same paragraphs (open, fill, save). The issue's
target is >= 50 letters/s in one process, i.e. a figure of at most 20 ms.

The batch runs `outreach.letters.services.letter_batch_run` (what the Celery task
calls) over an approved campaign of 1,000 cases on SQLite: each letter rendered, logged
as a touchpoint through the outreach service, stored, and all of them zipped. It runs
in a fresh process so that the peak memory printed is the batch's own. Its floor, in
the same process: 1,000 bare python-docx documents, each opened, filled with one
paragraph, saved and added to a ZIP. Targets: < 60 s on 2 cores, < 500 MB peak.
"""

import datetime as dt
import io
import json
import os
import subprocess
import sys

from bench.common import Result, median_ms

BATCH_SIZE = 1000

_BATCH_SCRIPT = """
import io, json, resource, tempfile, time, zipfile
from bench.common import setup_django
setup_django()
import docx
from django.conf import settings
from bench.bench_letters import seed_campaign
from outreach.letters import services as letter_services
from outreach.models import Letter

settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="tandem-bench-media-")
batch = seed_campaign({size})
start = time.perf_counter()
batch = letter_services.letter_batch_run(batch_id=batch.pk)
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
assert batch.status == "done", batch.error
assert Letter.objects.count() == {size}

start = time.perf_counter()
with tempfile.TemporaryFile() as handle, zipfile.ZipFile(handle, "w") as archive:
    for number in range({size}):
        document = docx.Document()
        document.add_paragraph("Sehr geehrte Damen und Herren, ein Brief für Firma %d." % number)
        out = io.BytesIO()
        document.save(out)
        archive.writestr("%04d.docx" % number, out.getvalue())
floor = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "floor": floor, "peak_mb": peak_mb,
                   "zip_mb": batch.archive.size / 1e6}}))
"""


def seed_campaign(size: int):  # type: ignore[no-untyped-def]
    """An approved letter campaign of `size` cases with addresses, people and own texts."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from companies.matching import normalize_name
    from companies.models import Company, Contact
    from crm import services as crm_services
    from crm.models import AcquisitionCase, Membership, Stage
    from outreach.models import Campaign, CampaignItem, LetterBatch, LetterSettings

    user = get_user_model().objects.create_user(
        "lea-letters", password="bench-password-1", first_name="Lea", last_name="Becker"
    )
    team = crm_services.team_create(name="Bench letters", slug="bench-letters")
    Membership.objects.create(team=team, user=user, role=Membership.Role.LEAD)
    LetterSettings.objects.create(
        team=team,
        sender_name="Kompetenzzentrum Frau & Beruf Westsachsen",
        street="Markt 1",
        postal_code="08056",
        city="Zwickau",
        footer="Sparkasse Zwickau · IBAN DE12 8705 5000 0000 1234 56",
    )
    companies = Company.objects.bulk_create(
        [
            Company(
                team=team,
                legal_name=f"Metallbau Müller {i}",
                name_normalized=normalize_name(f"Metallbau Müller {i}"),
                legal_form="GmbH",
                street=f"Industriestraße {i % 90 + 1}",
                postal_code="04109",
                city="Leipzig",
                district="Leipzig",
                sector_section="C",
                size_class="small",
            )
            for i in range(size)
        ]
    )
    contacts = Contact.objects.bulk_create(
        [
            Contact(
                company=company,
                salutation="frau" if i % 2 else "herr",
                first_name="Petra" if i % 2 else "Jörg",
                last_name=f"Schulz{i}",
            )
            for i, company in enumerate(companies)
        ]
    )
    stage = Stage.objects.filter(pipeline__team=team, kind="open").order_by("position").first()
    now = timezone.now()
    cases = AcquisitionCase.objects.bulk_create(
        [
            AcquisitionCase(
                team=team,
                company=company,
                pipeline=stage.pipeline,
                stage=stage,
                furthest_stage=stage,
                owner=user,
                opened_at=now,
                stage_entered_at=now,
            )
            for company in companies
        ]
    )
    campaign = Campaign.objects.create(
        team=team,
        name="Herbstbriefe",
        subject="Fachkräfte halten mit familienfreundlichen Arbeitszeiten",
        status=Campaign.Status.APPROVED,
        created_by=user,
    )
    CampaignItem.objects.bulk_create(
        [
            CampaignItem(
                campaign=campaign,
                case=case,
                contact=contact,
                text=(
                    f"wie Sie im Gespräch mit der IHK erwähnten, suchen Sie {i % 7 + 2} "
                    "Fachkräfte für Ihre Schichtbetriebe in Leipzig.\n\n"
                    "Familienfreundliche Arbeitszeiten helfen dabei, und wir zeigen Ihnen, "
                    f"wie andere Betriebe mit {i % 40 + 10} Beschäftigten das gelöst haben."
                ),
            )
            for i, (case, contact) in enumerate(zip(cases, contacts, strict=True))
        ]
    )
    return LetterBatch.objects.create(team=team, campaign=campaign, total=size, created_by=user)


def _batch_in_subprocess(size: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _BATCH_SCRIPT.format(size=size)],
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _single() -> Result:
    import docx

    from outreach.letters.din5008 import (
        InfoBlock,
        Letter,
        Letterhead,
        Recipient,
        Sender,
        letter_text,
        render_docx,
    )

    letter = Letter(
        sender=Sender(
            name="Kompetenzzentrum Frau & Beruf Westsachsen",
            street="Markt 1",
            postal_code="08056",
            city="Zwickau",
            phone="0375 123456-0",
            email="info@kz-westsachsen.de",
            website="www.kz-westsachsen.de",
        ),
        recipient=Recipient(
            company="Metallbau Müller GmbH",
            salutation="frau",
            title="Dr.",
            first_name="Petra",
            last_name="Schulz",
            street="Industriestraße 12",
            postal_code="04109",
            city="Leipzig",
        ),
        info=InfoBlock(
            date=dt.date(2026, 8, 25),
            our_reference="KZ-0815",
            name="Anna Becker",
            phone="0375 123456-12",
            email="a.becker@kz-westsachsen.de",
        ),
        subject="Fachkräfte halten mit familienfreundlichen Arbeitszeiten",
        body=[
            "wie Sie im Gespräch mit der IHK erwähnten, suchen Sie Fachkräfte für Ihre "
            "Schichtbetriebe in Leipzig. Familienfreundliche Arbeitszeiten helfen dabei."
        ]
        * 5,
        signature_name="Anna Becker",
        signature_role="Projektmitarbeiterin",
        enclosures=["Nutzenübersicht"],
        privacy_notice="Ihre Daten stammen aus dem Handelsregister (Art. 14 DSGVO).\n"
        "Sie können jederzeit widersprechen (Art. 21 Abs. 2 DSGVO).",
        letterhead=Letterhead(
            footer_lines=["Sparkasse Zwickau · IBAN DE12 8705 5000 0000 1234 56"]
        ),
    )
    paragraphs = letter_text(letter).split("\n")

    def render() -> None:
        render_docx(letter)

    def floor() -> None:
        # Open, fill the same paragraphs, save: what any python-docx letter costs.
        document = docx.Document()
        for text in paragraphs:
            document.add_paragraph(text)
        document.save(io.BytesIO())

    figure = median_ms(render, repeat=30)
    return Result(
        "letter DOCX render (DIN 5008)",
        1,
        figure,
        median_ms(floor, repeat=30),
        "bare python-docx doc",
        note=f"{1000 / figure:.0f} letters/s",
    )


def run() -> list[Result]:
    batch = _batch_in_subprocess(BATCH_SIZE)
    return [
        _single(),
        Result(
            "campaign letters to ZIP (batch)",
            BATCH_SIZE,
            batch["seconds"] * 1000,
            batch["floor"] * 1000,
            "bare python-docx docs to ZIP",
            note=f"peak RSS {batch['peak_mb']:.0f} MB, ZIP {batch['zip_mb']:.1f} MB",
        ),
    ]
