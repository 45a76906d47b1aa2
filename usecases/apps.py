from django.apps import AppConfig
from django.db.models.signals import pre_delete
from django.utils.translation import gettext_lazy as _


class UsecasesConfig(AppConfig):
    name = "usecases"
    verbose_name = _("Use cases")

    def ready(self) -> None:
        from usecases import receivers
        from workshop.models import Workshop
        from workshop.signals import demo_workshop_seeded, workshop_created

        workshop_created.connect(
            receivers.copy_default_criteria, sender=Workshop, dispatch_uid="usecases.copy_default_criteria"
        )
        demo_workshop_seeded.connect(
            receivers.seed_demo_use_cases, sender=Workshop, dispatch_uid="usecases.seed_demo_use_cases"
        )
        from usecases import portability
        from workshop.signals import participant_erased

        portability.register()
        participant_erased.connect(_on_participant_erased, dispatch_uid="usecases.participant_erased")
        from usecases.receivers import credit_removed_author
        from workshop.models import Participant

        pre_delete.connect(credit_removed_author, sender=Participant, dispatch_uid="usecases.credit_removed_author")


def _on_participant_erased(sender: object, participant: object, keep_contributions: bool, **kwargs: object) -> None:
    from usecases.services import participant_contributions_remove

    if not keep_contributions:
        participant_contributions_remove(participant=participant)  # type: ignore[arg-type]
