"""Create a demo network office with realistic German companies, contacts and partners.

What it creates and how is in ``crm/demo/`` (the package docstring); the command
parses the options, runs ``crm.demo.seed.demo_seed`` and prints the summary.

Demo logins: the users ``anna`` and ``ben`` (staff) and ``lea`` (team lead) with the
password ``tandem-demo``. These logins exist only because this command creates them;
they are never part of migrations or of production settings. Never run this command
against a production database.

Running it again is harmless: when the demo team already exists, the command only
reports that and prints the logins (a demo team from before the pipeline gets its
cases once).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crm.demo.seed import DEFAULT_COMPANIES, DEFAULT_SEED, demo_seed
from crm.demo.team import DEMO_PASSWORD, DEMO_URL, DEMO_USERS, TEAM_NAME, TEAM_REGION


class Command(BaseCommand):
    help = (
        "Create a demo network office (Leipzig-Westsachsen) with companies, contacts, "
        "network partners and the demo logins anna/ben/lea (password tandem-demo). "
        "For development and demos only, never on production data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--companies",
            type=int,
            default=DEFAULT_COMPANIES,
            help=f"How many companies to create (default {DEFAULT_COMPANIES}).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the random data (default {DEFAULT_SEED}); equal seeds, equal data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["companies"]
        if count < 0:
            raise CommandError("--companies must not be negative.")

        started = time.monotonic()
        seeded = demo_seed(companies=count, seed=options["seed"])
        elapsed = time.monotonic() - started

        team, stats = seeded.team, seeded.counts
        if seeded.outcome == "cases_added":
            self.stdout.write(
                f'Added {stats["cases"]} acquisition cases to the demo team "{team.name}".'
            )
        elif seeded.outcome == "present":
            self.stdout.write(
                f'The demo data is already present (team "{team.name}"); nothing to do.'
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f'Created the demo team "{TEAM_NAME}" ({TEAM_REGION}): '
                    f"{stats['companies']} companies, {stats['contacts']} contacts, "
                    f"{stats['partners']} network partners, {stats['cases']} acquisition cases "
                    f"in {elapsed:.1f} s."
                )
            )
        self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write(f"\nOpen {DEMO_URL} and sign in with a demo login:")
        self.stdout.write(f"  {'username':<10}{'password':<14}role")
        for username, _first, _last, role in DEMO_USERS:
            self.stdout.write(f"  {username:<10}{DEMO_PASSWORD:<14}{role}")
        self.stdout.write(
            "These logins exist only because seed_demo created them. "
            "Never run seed_demo against production data."
        )
