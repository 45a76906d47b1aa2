"""The Celery app. Settings come from Django's settings, `CELERY_` prefixed."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("atelier")
# The default in every thread too (runserver and test live servers serve from threads),
# so that current_app is always this app, never Celery's unconfigured fallback.
app.set_default()
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
