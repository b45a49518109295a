"""`manage.py retention_run [--dry-run]`: apply every team's retention periods now."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from crm.models import Team
from privacy import services


class Command(BaseCommand):
    help = "Erase what each team's retention periods make due today, and print it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="only print what would be erased"
        )
        parser.add_argument("--team", help="slug of one team (default: every team)")

    def handle(self, *args: Any, dry_run: bool, team: str | None, **options: Any) -> None:
        teams = Team.objects.order_by("pk")
        if team:
            teams = teams.filter(slug=team)
        for each in teams:
            report = services.retention_run(team=each, dry_run=dry_run)
            verb = "would erase" if dry_run else "erased"
            self.stdout.write(f"{each.slug}: {verb} {len(report.items)} records")
            for item in report.items:
                self.stdout.write(f"  {item.kind} #{item.object_id} (due {item.due_on:%Y-%m-%d})")
            for label, count in report.history.items():
                if count:
                    self.stdout.write(f"  {label}: {count} history entries")
