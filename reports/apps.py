from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The read side across apps: ranked items, compliance flags, the plan, the portfolio, the exports."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
