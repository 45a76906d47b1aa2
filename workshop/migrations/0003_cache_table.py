"""The database cache table: rate-limit counters and sign-in failures when no Redis is configured.

`createcachetable` creates it only when settings use the database cache, and only once; with
CACHE_URL pointing at Redis this does nothing (run `manage.py createcachetable` after switching back).
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("workshop", "0002_facilitators_group")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
