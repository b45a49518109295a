"""Give every existing team the default pipeline, stages and lost reasons.

New teams get them from `crm.services.team_defaults_ensure`; this migration
catches the teams created before the pipeline existed. It keeps a frozen copy
of the defaults (a later change to crm/defaults.py must not alter what this
migration did), skips teams that already have a pipeline or lost reasons, and
does nothing on an empty database, so it is safe to run at any time.
"""

from django.db import migrations

PIPELINE_NAME = "Netzwerk-Partnerschaft"

# name_de, name_en, kind, rotting_days, requirements
STAGES = [
    ("Hinweis/Empfehlung", "Lead/referral", "open", 14, []),
    ("Vorbereitet", "Prepared", "open", 21, ["needs_profile"]),
    ("Vorgestellt", "Introduced", "open", 21, ["introduction"]),
    ("Im Gespräch", "In talks", "open", 30, []),
    ("Angebot", "Offer", "open", 30, ["benefit_statement"]),
    ("Partnerschaft", "Partnership", "won", None, []),
    ("Abgesagt", "Declined", "lost", None, []),
    ("Zurückgestellt", "On hold", "paused", None, []),
]

LOST_REASONS = [
    ("Keine Kapazität", "No capacity"),
    ("Gerade nicht der richtige Zeitpunkt", "Not the right time"),
    ("Bereits in einem anderen Netzwerk", "Already in another network"),
    ("Kein Bedarf gesehen", "No need seen"),
    ("Keine Entscheidungsperson erreicht", "No decision maker reached"),
    ("Aufwand erscheint zu hoch", "Effort seems too high"),
    ("Betrieb aufgegeben oder verkauft", "Business closed or sold"),
    ("Sonstiges", "Other"),
]


def create_defaults(apps, schema_editor):
    Team = apps.get_model("crm", "Team")
    Pipeline = apps.get_model("crm", "Pipeline")
    Stage = apps.get_model("crm", "Stage")
    LostReason = apps.get_model("crm", "LostReason")
    db = schema_editor.connection.alias

    for team in Team.objects.using(db).all():
        if not Pipeline.objects.using(db).filter(team=team).exists():
            pipeline = Pipeline.objects.using(db).create(
                team=team, name=PIPELINE_NAME, position=1, is_default=True
            )
            Stage.objects.using(db).bulk_create(
                Stage(
                    pipeline=pipeline,
                    position=index * 10,
                    name_de=name_de,
                    name_en=name_en,
                    kind=kind,
                    rotting_days=rotting_days,
                    requirements=requirements,
                )
                for index, (name_de, name_en, kind, rotting_days, requirements) in enumerate(
                    STAGES, start=1
                )
            )
        if not LostReason.objects.using(db).filter(team=team).exists():
            LostReason.objects.using(db).bulk_create(
                LostReason(team=team, position=index * 10, name_de=de, name_en=en)
                for index, (de, en) in enumerate(LOST_REASONS, start=1)
            )


class Migration(migrations.Migration):
    dependencies = [("crm", "0002_pipeline")]

    # Reversing leaves the rows: 0002's reversal drops the tables anyway.
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
