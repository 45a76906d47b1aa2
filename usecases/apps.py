from django.apps import AppConfig
from django.db.models.signals import pre_delete
from django.utils.translation import gettext_lazy as _


class UsecasesConfig(AppConfig):
    name = "usecases"
    verbose_name = _("Use cases")

    def ready(self) -> None:
        from usecases.receivers import credit_removed_author
        from workshop.models import Participant

        pre_delete.connect(credit_removed_author, sender=Participant, dispatch_uid="usecases.credit_removed_author")
