"""Find duplicate companies in a CSV file or in a team's records.

manage.py find_duplicates --csv IN.csv --out OUT.csv
    reads id,name,street,postal_code,city,website,phone (header row; website
    and phone may be empty) and writes id,cluster_id for every input row; the
    cluster id is the id of the cluster's first row. The database is not used.

manage.py find_duplicates --team NAME [--out OUT.csv]
    reports the clusters of likely duplicates among a team's companies, and
    the related companies (other legal entities of one group) beside them.

Clusters hold the same company only: related companies are never clustered.
"""

import csv
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from companies import matching, selectors, tabular

REQUIRED_COLUMNS = ("id", "name")
OPTIONAL_COLUMNS = ("street", "postal_code", "city", "website", "phone")


class Command(BaseCommand):
    help = "Cluster likely duplicate companies from a CSV file or a team's records."
    requires_system_checks: list[str] = []  # the CSV mode must not need a database

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--csv", type=Path, help="input CSV: id,name,street,postal_code,...")
        source.add_argument("--team", help="a team's name or short name")
        parser.add_argument("--out", type=Path, help="output CSV: id,cluster_id")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["csv"]:
            if not options["out"]:
                raise CommandError("--csv needs --out for the id,cluster_id file.")
            self.from_csv(options["csv"], options["out"])
        else:
            self.from_team(options["team"], options["out"])

    def from_csv(self, source: Path, out: Path) -> None:
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {source}: {exc.strerror}") from exc
        try:
            table = tabular.read_table(data, source.name)
        except tabular.TableError as exc:
            raise CommandError(f"{source}: {exc.message}") from exc
        header = [title.strip().lower() for title in table.header]
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            raise CommandError(f"{source}: missing column(s) {', '.join(missing)}.")
        position = {
            name: header.index(name)
            for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
            if name in header
        }

        def cell(cells: list[str], name: str) -> str:
            index = position.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        records = []
        seen: set[str] = set()
        for line, cells in table.rows:
            record_id = cell(cells, "id")
            if not record_id:
                raise CommandError(f"{source}, line {line}: the id is empty.")
            if record_id in seen:
                raise CommandError(f"{source}, line {line}: the id {record_id} appears twice.")
            seen.add(record_id)
            records.append(
                matching.CompanyRecord(
                    id=record_id,
                    name=cell(cells, "name"),
                    street=cell(cells, "street"),
                    postal_code=cell(cells, "postal_code"),
                    city=cell(cells, "city"),
                    website=cell(cells, "website"),
                    phone=cell(cells, "phone"),
                )
            )
        started = time.perf_counter()
        clustering = matching.find_clusters(records)
        elapsed = time.perf_counter() - started
        cluster_of = clustering.cluster_ids()
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "cluster_id"])
            for record in records:
                writer.writerow([record.id, cluster_of[record.id]])
        duplicates = clustering.duplicate_clusters
        self.stderr.write(
            f"{len(records)} rows, {len(duplicates)} clusters of duplicates "
            f"({sum(map(len, duplicates))} rows) in {elapsed:.1f} s → {out}"
        )

    def from_team(self, name: str, out: Path | None) -> None:
        from crm.models import Team

        teams = list(Team.objects.filter(Q(name__iexact=name) | Q(slug__iexact=name))[:2])
        if len(teams) != 1:
            raise CommandError(f"No single team is called “{name}”.")
        team = teams[0]
        review = selectors.duplicate_review(team=team, limit=sys.maxsize)
        clusters, total = review.clusters, review.total
        self.stdout.write(f"{team.name}: {total} clusters of likely duplicates")
        for number, cluster in enumerate(clusters, start=1):
            self.stdout.write(f"\n#{number}  score {cluster.best.score}")
            for company in cluster.companies:
                self.stdout.write(
                    f"  {company.pk:>7}  {company.full_name}  ·  "
                    f"{company.street}, {company.postal_code} {company.city}".rstrip(" ,·")
                )
            for pair in cluster.pairs:
                self.stdout.write(f"    {pair.a.pk} ~ {pair.b.pk}: {pair.match.explain()}")
        if review.related:
            # Other legal entities of one group: reported, never clustered.
            self.stdout.write(f"\n{review.related_total} pairs of related companies")
            for pair in review.related:
                self.stdout.write(
                    f"  {pair.a.pk:>7}  {pair.a.full_name}  belongs with  "
                    f"{pair.b.pk}  {pair.b.full_name}"
                )
        if out is not None:
            cluster_of = {
                c.pk: cluster.companies[0].pk for cluster in clusters for c in cluster.companies
            }
            with out.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["id", "cluster_id"])
                for pk in team.companies.order_by("pk").values_list("pk", flat=True):
                    writer.writerow([pk, cluster_of.get(pk, pk)])
