from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoiConfig(AppConfig):
    name = "roi"
    verbose_name = _("ROI")

    def ready(self) -> None:
        from roi import receivers
        from workshop.models import Workshop
        from workshop.signals import demo_workshop_seeded

        demo_workshop_seeded.connect(receivers.seed_demo_roi, sender=Workshop, dispatch_uid="roi.seed_demo_roi")
        from roi import portability

        portability.register()
