"""The default expert topics for the teams that exist already (new teams: network.receivers)."""

from django.db import migrations

# Frozen here: later changes to network.topics must not rewrite this migration's past.
TOPICS = (
    ("care_counselling", "Pflegeberatung", "Care counselling", ["caregivers", "ageing"]),
    ("kita_places", "Kita-Plätze", "Kita places", ["young_parents", "returners"]),
    ("holiday_care", "Ferienbetreuung", "Holiday care", ["young_parents", "shift_work"]),
    (
        "flexible_hours",
        "Flexible Arbeitszeiten",
        "Flexible hours",
        ["part_time", "shift_work", "caregivers", "skilled_staff"],
    ),
    (
        "parental_leave_return",
        "Wiedereinstieg nach der Elternzeit",
        "Return from parental leave",
        ["returners", "young_parents"],
    ),
    ("agg", "AGG (Gleichbehandlung)", "AGG (equal treatment)", ["growth"]),
    ("works_agreements", "Betriebsvereinbarungen", "Works agreements", ["shift_work", "growth"]),
)


def topics_seed(apps, schema_editor):
    Team = apps.get_model("crm", "Team")
    Topic = apps.get_model("network", "Topic")
    for team in Team.objects.all():
        have = set(Topic.objects.filter(team=team).values_list("code", flat=True))
        Topic.objects.bulk_create(
            Topic(team=team, code=code, name_de=de, name_en=en, needs=needs, position=position)
            for position, (code, de, en, needs) in enumerate(TOPICS)
            if code not in have
        )


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial"), ("crm", "0008_partnership_membership")]

    operations = [migrations.RunPython(topics_seed, migrations.RunPython.noop)]
