from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PocsConfig(AppConfig):
    name = "pocs"
    verbose_name = _("POCs")
