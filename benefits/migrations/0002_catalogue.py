"""Give every existing team the shipped catalogue (24 measures, 28 arguments) and settings.

Reads the frozen catalogue file ``benefits/data/catalogue_v1.json`` with the
historical models, so later changes to the models or to the living services do
not change what this migration does. Teams created later get the catalogue from
``benefits.services.catalogue_install`` (called by a post_save receiver).
"""

import json
from pathlib import Path

from django.db import migrations

CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "catalogue_v1.json"


def install(apps, schema_editor):
    Team = apps.get_model("crm", "Team")
    Measure = apps.get_model("benefits", "Measure")
    BenefitArgument = apps.get_model("benefits", "BenefitArgument")
    BenefitSettings = apps.get_model("benefits", "BenefitSettings")
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    for team in Team.objects.all():
        have = set(Measure.objects.filter(team=team).values_list("code", flat=True))
        for entry in data["measures"]:
            if entry["code"] not in have:
                Measure.objects.create(team=team, **entry)
        by_code = dict(Measure.objects.filter(team=team).values_list("code", "id"))
        have = set(BenefitArgument.objects.filter(team=team).values_list("code", flat=True))
        for entry in data["arguments"]:
            if entry["code"] in have:
                continue
            fields = {k: v for k, v in entry.items() if k != "measures"}
            argument = BenefitArgument.objects.create(team=team, **fields)
            argument.measures.set([by_code[c] for c in entry["measures"] if c in by_code])
        BenefitSettings.objects.get_or_create(team=team)


class Migration(migrations.Migration):
    dependencies = [("benefits", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
