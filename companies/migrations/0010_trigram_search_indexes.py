"""Trigram indexes for the company search on PostgreSQL (issue 21).

The search matches `icontains` (PostgreSQL: `UPPER(column::text) LIKE UPPER('%term%')`)
on the name, town and district and on the contacts' last names, and `startswith` on
the postal code. GIN indexes over the same expressions with `gin_trgm_ops` let the
database find the rows from the index. PostgreSQL only, like Django's
TrigramExtension (a no-op on SQLite, which scans a team's rows).
"""

from django.db import migrations

_INDEXES = {
    "company_legal_name_trgm_idx": ("companies_company", 'UPPER(("legal_name")::text)'),
    "company_city_trgm_idx": ("companies_company", 'UPPER(("city")::text)'),
    "company_district_trgm_idx": ("companies_company", 'UPPER(("district")::text)'),
    "company_postcode_trgm_idx": ("companies_company", '("postal_code")::text'),
    "contact_last_name_trgm_idx": ("companies_contact", 'UPPER(("last_name")::text)'),
}


def _create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, expression) in _INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}) gin_trgm_ops)"
        )


def _drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in _INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0009_name_trigram_index"),
    ]

    operations = [migrations.RunPython(_create, _drop, elidable=False)]
