"""Texts typed before the length limits existed are cut to them, so that the next migration's
constraints hold. Its own migration: PostgreSQL refuses to alter a table with pending row updates."""

from django.db import migrations

LIMITS = {
    "title": 200,
    "problem": 2000,
    "solution": 2000,
    "benefits": 2000,
    "data_sources": 1000,
    "affected_users": 200,
    "compliance_note": 2000,
}


def truncate_long_texts(apps, schema_editor):
    UseCase = apps.get_model("usecases", "UseCase")
    Criterion = apps.get_model("usecases", "Criterion")
    for use_case in UseCase.objects.iterator():
        changed = [f for f, limit in LIMITS.items() if len(getattr(use_case, f)) > limit]
        for field in changed:
            setattr(use_case, field, getattr(use_case, field)[: LIMITS[field]])
        if changed:
            use_case.save(update_fields=changed)
    for criterion in Criterion.objects.iterator():
        if len(criterion.name) > 100:
            criterion.name = criterion.name[:100]
            criterion.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("usecases", "0001_initial")]

    operations = [migrations.RunPython(truncate_long_texts, migrations.RunPython.noop)]
