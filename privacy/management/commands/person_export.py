"""`manage.py person_export --contact ID --out FILE.zip`: the access package (Art. 15 GDPR)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from companies.models import Contact
from privacy import services


class Command(BaseCommand):
    help = "Write everything Tandem holds about a contact to a ZIP file (Art. 15 GDPR)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--contact", type=int, required=True, help="id of the contact")
        parser.add_argument("--out", type=Path, required=True, help="the ZIP file to write")

    def handle(self, *args: Any, contact: int, out: Path, **options: Any) -> None:
        person = Contact.objects.select_related("company__team").filter(pk=contact).first()
        if person is None:
            raise CommandError(f"There is no contact with id {contact}.")
        out.write_bytes(services.person_export(contact=person, actor=None))
        self.stdout.write(f"Access report of contact {contact} written to {out}.")
