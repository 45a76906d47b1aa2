"""REST API for criteria, use cases, scores, votes and the ranking."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
