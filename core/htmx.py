"""The request type of views that read ``request.htmx``, which django-htmx's middleware sets."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
