"""REST API for ROI estimates and the POC plan."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
