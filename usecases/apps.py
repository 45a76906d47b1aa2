from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsecasesConfig(AppConfig):
    name = "usecases"
    verbose_name = _("Use cases")
