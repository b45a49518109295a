from django.contrib.postgres.operations import CreateCollation
from django.db import migrations, models


class CreateCollationOnPostgres(CreateCollation):
    """Django's CreateCollation skips other databases going forward, not going back."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0006_renormalise_for_issue_16"),
    ]

    operations = [
        # ICU's German on PostgreSQL (a no-op elsewhere: SQLite registers "german"
        # on each connection, see crm.collation).
        CreateCollationOnPostgres("german", provider="icu", locale="de-DE"),
        migrations.AlterField(
            model_name="company",
            name="legal_name",
            field=models.CharField(
                db_collation="german",
                help_text="The company name without its legal form.",
                max_length=200,
                verbose_name="name",
            ),
        ),
        migrations.AlterField(
            model_name="networkpartner",
            name="name",
            field=models.CharField(
                db_collation="german", max_length=200, verbose_name="organisation"
            ),
        ),
    ]
