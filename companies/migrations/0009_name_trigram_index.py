from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TRIGRAM_INDEX = "company_name_trgm_idx"


class TrigramExtensionOnPostgres(TrigramExtension):
    """Django's CreateExtension skips other databases going forward, not going back."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class TrigramIndexOnPostgres(migrations.operations.base.Operation):
    """A GIN trigram index on the normalised company name, on PostgreSQL only.

    It serves the duplicate check's look-up of similar names (pg_trgm's `%`,
    see companies.selectors). SQLite has no such index and keeps the key
    look-up alone. Not part of the model state: no model field or index changes.
    """

    reversible = True

    def state_forwards(self, app_label, state):  # type: ignore[no-untyped-def]
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} "
                "ON companies_company USING gin (name_normalized gin_trgm_ops)"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")

    def describe(self) -> str:
        return "Create a trigram index on the normalised company name (PostgreSQL only)"


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0008_private_import_file_names"),
    ]

    operations = [
        TrigramExtensionOnPostgres(),
        TrigramIndexOnPostgres(),
    ]
