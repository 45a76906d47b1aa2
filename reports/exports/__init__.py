"""The POC plan as files: CSV, XLSX, Markdown and PDF, one module each, driven by reports.exports.columns.

``export_response(plan, fmt, ...)`` renders a Plan as a download. Nothing here
reads the database, and nothing here decides who may export (reports.views).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from importlib import import_module
from typing import cast

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from reports.plan import Plan

FORMATS = ("csv", "xlsx", "md", "pdf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
}
# Each writer is imported when its format is first asked for: the PDF library alone is about
# 27 MB of every web worker's memory, and most workers never write a PDF.
_WRITERS = {
    "csv": ("reports.exports.csvfile", "render_csv"),
    "xlsx": ("reports.exports.xlsx", "render_xlsx"),
    "md": ("reports.exports.markdown", "render_markdown"),
    "pdf": ("reports.exports.pdf", "render_pdf"),
}


class _Renderers(Mapping[str, Callable[[Plan], bytes]]):
    """``RENDERERS[fmt](plan)``: the writer of one format, imported on first use."""

    def __getitem__(self, fmt: str) -> Callable[[Plan], bytes]:
        module, function = _WRITERS[fmt]
        return cast(Callable[[Plan], bytes], getattr(import_module(module), function))

    def __iter__(self) -> Iterator[str]:
        return iter(_WRITERS)

    def __len__(self) -> int:
        return len(_WRITERS)


RENDERERS = _Renderers()


def export_filename(name: str, fallback: str, on: date, fmt: str, language: str) -> str:
    """`atelier-plan-claims-triage-fr-2026-11-26.xlsx`: the English and French files never share a name."""
    slug = slugify(name)[:60].strip("-") or slugify(fallback)
    return f"atelier-plan-{slug}-{language}-{on.isoformat()}.{fmt}"


def export_response(plan: Plan, fmt: str, *, name: str, fallback: str, language: str) -> HttpResponse:
    """The plan in `fmt` as a download (Content-Disposition: attachment), written in the active language."""
    response = HttpResponse(RENDERERS[fmt](plan), content_type=CONTENT_TYPES[fmt])
    filename = export_filename(name, fallback, plan.exported_on, fmt, language)
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    assert disposition is not None  # None only for an inline response without a filename
    response["Content-Disposition"] = disposition
    # Scores and money of a client: never kept by a shared cache.
    patch_cache_control(response, private=True, no_store=True)
    return response
