"""One stored file of every kind for a team: a letter, a batch archive, a letter
template, the letterhead logo and an import file (used by the file and isolation tests)."""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.urls import reverse

from companies.models import ImportJob
from crm.models import Team
from outreach.models import Campaign, Letter, LetterBatch, LetterSettings, LetterTemplate
from tests.factories import AcquisitionCaseFactory

# A tiny but real PNG (1×1 pixel).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@dataclass
class StoredFiles:
    letter: Letter
    batch: LetterBatch
    template: LetterTemplate
    settings: LetterSettings
    job: ImportJob

    def downloads(self) -> dict[str, tuple[str, bytes]]:
        """Each file's download URL and its stored bytes."""
        return {
            "letter": (
                reverse("outreach:letter_download", args=[self.letter.pk]),
                b"letter-" + self.letter.team.slug.encode(),
            ),
            "batch archive": (
                reverse("outreach:letter_batch_zip", args=[self.batch.pk]),
                b"zip-" + self.batch.team.slug.encode(),
            ),
            "template": (
                reverse("outreach:letter_template_download", args=[self.template.pk]),
                b"template-" + self.template.team.slug.encode(),
            ),
            "logo": (reverse("outreach:letterhead_logo"), PNG),
            "import file": (
                reverse("companies:import_file", args=[self.job.pk]),
                b"name;city\n" + self.job.team.slug.encode() + b";Zwickau\n",
            ),
        }


def stored_files(team: Team, owner) -> StoredFiles:
    slug = team.slug.encode()
    case = AcquisitionCaseFactory(team=team, owner=owner, company__team=team)
    campaign = Campaign.objects.create(
        team=team, name=f"Briefe {team.slug}", channel="letter", created_by=case.owner
    )
    batch = LetterBatch(team=team, campaign=campaign, status=LetterBatch.Status.DONE)
    batch.archive.save("letters.zip", ContentFile(b"zip-" + slug), save=False)
    batch.save()
    letter = Letter(team=team, case=case, company=case.company, version=1, batch=batch)
    letter.file.save("Brief-v1.docx", ContentFile(b"letter-" + slug), save=False)
    letter.save()
    template = LetterTemplate(team=team, name="Vorlage")
    template.file.save("Vorlage.docx", ContentFile(b"template-" + slug), save=False)
    template.save()
    settings = LetterSettings(team=team, sender_name=team.name)
    settings.logo.save("logo.png", ContentFile(PNG), save=False)
    settings.save()
    job = ImportJob(team=team, original_name="firmen.csv", file_format="csv", columns=["name"])
    job.file.save("import.csv", ContentFile(b"name;city\n" + slug + b";Zwickau\n"), save=False)
    job.save()
    return StoredFiles(letter=letter, batch=batch, template=template, settings=settings, job=job)
