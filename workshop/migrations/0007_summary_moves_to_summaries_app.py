# The Summary model moves to the summaries app. Its table (workshop_summary) and its
# rows stay where they are: only Django's picture of the models changes here, and
# summaries 0001 takes the model over.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('workshop', '0006_participant_erasure_and_event_links'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Summary',
                ),
            ],
            database_operations=[],
        ),
    ]
