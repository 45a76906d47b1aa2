from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoiConfig(AppConfig):
    name = "roi"
    verbose_name = _("ROI")

    def ready(self) -> None:
        from roi import portability

        portability.register()
