import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def recorded_at_backfill(apps, schema_editor):
    # What is known of a touchpoint logged so far is when its row was created.
    Touchpoint = apps.get_model("outreach", "Touchpoint")
    Touchpoint.objects.update(recorded_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0003_letters"),
    ]

    operations = [
        migrations.AddField(
            model_name="touchpoint",
            name="recorded_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="recorded at"
            ),
        ),
        migrations.RunPython(recorded_at_backfill, migrations.RunPython.noop, elidable=True),
    ]
