"""Texts typed before the length limits existed are cut to them, so that the next migration's
constraints hold. Its own migration: PostgreSQL refuses to alter a table with pending row updates."""

from django.db import migrations

def truncate_long_texts(apps, schema_editor):
    for model, field, limit in [
        ("Client", "name", 200),
        ("Workshop", "title", 200),
        ("Workshop", "objective", 2000),
        ("Participant", "display_name", 60),
    ]:
        Model = apps.get_model("workshop", model)
        for row in Model.objects.iterator():
            if len(getattr(row, field)) > limit:
                setattr(row, field, getattr(row, field)[:limit])
                row.save(update_fields=[field])


class Migration(migrations.Migration):
    dependencies = [("workshop", "0003_cache_table")]

    operations = [migrations.RunPython(truncate_long_texts, migrations.RunPython.noop)]
