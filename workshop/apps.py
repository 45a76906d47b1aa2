from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopConfig(AppConfig):
    name = "workshop"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        from workshop import portability  # noqa: F401  (registers the workshop's sections)
