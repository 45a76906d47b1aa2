from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    name = "summaries"
    verbose_name = _("Summaries")

    def ready(self) -> None:
        # Register the Celery tasks in the web process too, so they can be queued by name.
        from django.db.models.signals import post_delete

        from reports.plan import register_summary_reader
        from summaries import portability, receivers, tasks  # noqa: F401
        from summaries.selectors import latest_summary_markdown
        from usecases.models import UseCase
        from workshop.models import Workshop
        from workshop.signals import phase_changed

        phase_changed.connect(
            receivers.summarise_ended_phase, sender=Workshop, dispatch_uid="summaries.summarise_ended_phase"
        )
        # The plan (reports, below this app) carries the latest summary: this app says how to read it.
        register_summary_reader(latest_summary_markdown)
        post_delete.connect(
            receivers.forget_deleted_use_case, sender=UseCase, dispatch_uid="summaries.forget_deleted_use_case"
        )
        portability.register()
