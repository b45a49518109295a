"""Recompute normalised names and matching keys with the issue-16 rules.

Names now leave out group roles (Holding, Verwaltungs …), "Fa." and titles, and
repair mojibake; the keys follow. Stored values from before would keep related
companies and repaired spellings from being found, so they are rewritten once.
"""

from django.db import migrations

BATCH = 2000


def renormalise(apps, schema_editor):
    from companies import matching  # pure Python: the rules in force when this runs

    Company = apps.get_model("companies", "Company")
    MatchKey = apps.get_model("companies", "MatchKey")
    changed = []
    keys = []
    for company in Company.objects.all().iterator(chunk_size=BATCH):
        prepared = matching.prepare(
            matching.CompanyRecord(
                id=company.pk,
                name=company.legal_name,
                street=company.street,
                postal_code=company.postal_code,
                city=company.city,
                website=company.website,
                phone=company.phone,
                legal_form=company.legal_form,
            )
        )
        name = matching.normalize_name(company.legal_name)
        if name != company.name_normalized:
            company.name_normalized = name
            changed.append(company)
        keys.extend(
            MatchKey(team_id=company.team_id, company_id=company.pk, key=key)
            for key in sorted(prepared.keys)
        )
    Company.objects.bulk_update(changed, ["name_normalized"], batch_size=BATCH)
    MatchKey.objects.all().delete()
    MatchKey.objects.bulk_create(keys, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("companies", "0005_company_groups")]

    operations = [migrations.RunPython(renormalise, migrations.RunPython.noop, elidable=True)]
