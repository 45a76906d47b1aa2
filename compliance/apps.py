from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("EU AI Act and GDPR pre-assessment")

    def ready(self) -> None:
        from compliance.demo import on_demo_seeded
        from workshop.signals import demo_seeded

        demo_seeded.connect(on_demo_seeded, dispatch_uid="compliance-demo")
