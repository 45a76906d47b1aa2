from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Infrastructure every app uses (caching, conditional GET, throttling, page errors, numbers); no domain."""

    name = "core"
