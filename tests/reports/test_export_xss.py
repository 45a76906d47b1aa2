"""Hostile text typed by a participant stays inert in every export: no script, no link, no formula."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from tests.factories import RoiEstimateFactory, UseCaseFactory

pytestmark = pytest.mark.django_db

HOSTILE = {
    "title": '<script>alert(1)</script><img src=x onerror="alert(2)">',
    "problem": "[phish](javascript:alert(3)) ![pixel](https://evil.example/p.png) <a href=javascript:alert(4)>x</a>",
    "benefits": '=HYPERLINK("https://evil.example","click")',
}


def test_markdown_xlsx_csv_and_pdf_keep_hostile_text_as_text(alice_client, workshop):
    use_case = UseCaseFactory(workshop=workshop, status="shortlisted", **HOSTILE)
    RoiEstimateFactory(use_case=use_case)
    url = lambda fmt: reverse("reports:workshop-plan", args=[workshop.pk, fmt])  # noqa: E731

    html = MarkdownIt("commonmark").enable("table").render(alice_client.get(url("md")).content.decode())
    assert "<script" not in html
    assert "<img" not in html
    assert "<a " not in html  # no link at all, javascript: or remote
    assert "onerror" not in html.replace("onerror=&quot;", "")  # only as escaped text

    book = load_workbook(io.BytesIO(alice_client.get(url("xlsx")).content))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert HOSTILE["benefits"] in [cell.value for cell in cells]  # exactly the text, as a string cell

    csv_text = alice_client.get(url("csv")).content.decode("utf-8-sig")
    assert "'" + HOSTILE["benefits"].replace('"', '""') in csv_text  # neutralised: shown, never run

    pdf = alice_client.get(url("pdf")).content
    assert pdf.startswith(b"%PDF-")
    assert b"/JavaScript" not in pdf
    assert b"/URI" not in pdf  # no link annotation
