from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PocsConfig(AppConfig):
    name = "pocs"
    verbose_name = _("POCs")

    def ready(self) -> None:
        from pocs.demo import on_demo_seeded
        from workshop.models import Workshop
        from workshop.signals import demo_workshop_seeded

        # One POC with three check-ins and a verdict, so the loop after the workshop shows too: after the
        # use cases, their ROI and their pre-assessment (receivers run in INSTALLED_APPS order).
        demo_workshop_seeded.connect(on_demo_seeded, sender=Workshop, dispatch_uid="pocs.seed_demo")
        from pocs import portability

        portability.register()
