"""`manage.py person_erase --contact ID [--dry-run]`: erase a contact person (Art. 17 GDPR)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from companies.models import Contact
from privacy import selectors, services


class Command(BaseCommand):
    help = "Erase a contact person everywhere in the team's data, keeping every count."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--contact", type=int, required=True, help="id of the contact")
        parser.add_argument(
            "--dry-run", action="store_true", help="only print what the erasure would change"
        )
        parser.add_argument(
            "--block",
            action="store_true",
            help="keep a hash of email and phone on the do-not-contact list "
            "(done anyway when the person objected)",
        )

    def handle(self, *args: Any, contact: int, dry_run: bool, block: bool, **options: Any) -> None:
        person = Contact.objects.select_related("company__team").filter(pk=contact).first()
        if person is None:
            raise CommandError(f"There is no contact with id {contact}.")
        if dry_run:
            plan = selectors.erasure_plan(contact=person)
            for label, count in sorted(plan.counts.items()):
                self.stdout.write(f"{label}: {count}")
            self.stdout.write(f"Dry run: contact {contact} was not changed.")
            return
        result = services.person_erase(contact=person, actor=None, block=block or None)
        for label, count in sorted(result.counts.items()):
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(f"Contact {contact} erased (log entry {result.request_id}).")
