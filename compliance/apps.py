from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("EU AI Act and GDPR pre-assessment")

    def ready(self) -> None:
        from compliance import portability
        from compliance.demo import on_demo_seeded
        from workshop.models import Workshop
        from workshop.signals import demo_workshop_seeded

        # After the use cases (usecases) and the ROI (roi): receivers run in INSTALLED_APPS order.
        demo_workshop_seeded.connect(on_demo_seeded, sender=Workshop, dispatch_uid="compliance.seed_demo")
        portability.register()
