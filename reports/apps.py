from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The read side across apps: ranked items, compliance flags, the plan, the portfolio, the exports."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"

    def ready(self) -> None:
        from reports.plan import register_summary_reader
        from workshop.models import Summary, SummaryStatus, Workshop

        def latest_summary(workshop: Workshop) -> str:
            summary = (
                Summary.objects.filter(workshop=workshop, status=SummaryStatus.SUCCEEDED)
                .order_by("-finished_at", "-created_at", "-id")
                .only("markdown")
                .first()
            )
            return summary.markdown if summary else ""

        register_summary_reader(latest_summary)
