from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    name = "summaries"
    verbose_name = _("Summaries")

    def ready(self) -> None:
        # Register the Celery tasks in the web process too, so they can be queued by name.
        from summaries import receivers, tasks  # noqa: F401
        from workshop.models import Workshop
        from workshop.signals import phase_changed

        phase_changed.connect(
            receivers.summarise_ended_phase, sender=Workshop, dispatch_uid="summaries.summarise_ended_phase"
        )
