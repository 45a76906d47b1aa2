from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopConfig(AppConfig):
    name = "workshop"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        # Register the Celery tasks in the web process too, so they can be queued by name.
        from workshop import portability, tasks  # noqa: F401  (portability registers its sections)
