"""Assessments remember the edition of the law they were answered under, instead of a rules date.

Every assessment saved so far was answered under the rules of 12 July 2024: Regulation (EU) 2024/1689
as published.
"""

from django.db import migrations, models


def forwards(apps, schema_editor):
    Assessment = apps.get_model("compliance", "Assessment")
    Assessment.objects.all().update(edition="2024/1689")


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_assessment")]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="edition",
            field=models.CharField(default="2024/1689", max_length=40, verbose_name="edition of the law"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="assessment", name="rules_date"),
    ]
