"""The backlog as a download, for the page and the API alike.

Who may export: facilitators and managers of the workshop. Participants get
403 (the backlog is for the team that builds the POCs), outsiders 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pocs.backlog import Link, backlog_items, shortlist
from pocs.backlog_files import render_jira_csv, render_markdown
from pocs.models import Poc
from usecases.models import UseCase
from workshop.selectors import Access

BACKLOG_CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "md": "text/markdown; charset=utf-8"}


def _link_builder(request: HttpRequest) -> Link:
    """Absolute Atelier URLs: the POC page when there is one, else the use case's ROI page."""

    def link(use_case: UseCase) -> str:
        try:
            return request.build_absolute_uri(reverse("pocs:detail", args=[use_case.poc.pk]))
        except Poc.DoesNotExist:
            return request.build_absolute_uri(reverse("roi:edit", args=[use_case.pk]))

    return link


def backlog_response(access: Access, fmt: str, request: HttpRequest) -> HttpResponse:
    """The workshop's backlog as a Jira CSV (`csv`) or Markdown issues (`md`)."""
    if not (access.is_facilitator or access.is_viewer):
        raise PermissionDenied(_("Only facilitators and managers can export the backlog."))
    workshop = access.workshop
    items = backlog_items(workshop, shortlist(workshop), link=_link_builder(request))
    body = render_jira_csv(items) if fmt == "csv" else render_markdown(items, title=workshop.title)
    response = HttpResponse(body, content_type=BACKLOG_CONTENT_TYPES[fmt])
    slug = slugify(workshop.title)[:60].strip("-") or f"workshop-{workshop.pk}"
    filename = f"atelier-backlog-{slug}-{timezone.localdate().isoformat()}.{fmt}"
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    assert disposition is not None  # None only for an inline response without a filename
    response["Content-Disposition"] = disposition
    patch_cache_control(response, private=True, no_store=True)
    return response
