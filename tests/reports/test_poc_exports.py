"""The client plan's exports carry the POC portfolio, with the same figures as the POC API."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client as BrowserClient
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from core.formatting import format_money
from pocs.models import Poc

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_poc():
    call_command("seed_demo", "--quiet")
    poc = Poc.objects.select_related("use_case__workshop__client").get()
    manager = get_user_model().objects.get(username="manager")
    browser, api = BrowserClient(), APIClient()
    browser.force_login(manager)
    api.force_authenticate(manager)
    figures = api.get(f"/api/v1/pocs/{poc.pk}/").json()
    return poc, browser, figures


def test_all_four_client_plan_formats_carry_the_pocs_with_the_apis_figures(demo_poc):
    poc, browser, figures = demo_poc
    client = poc.use_case.workshop.client
    url = lambda fmt: reverse("reports:client-plan", args=[client.pk, fmt])  # noqa: E731
    baseline, reprojected = Decimal(figures["baseline"]["npv"]), Decimal(figures["reprojected"]["npv"])

    rows = list(csv.reader(io.StringIO(browser.get(url("csv")).content.decode("utf-8-sig"))))
    start = next(index for index, row in enumerate(rows) if row[:2] == ["Workshop", "Use case"])
    header, row = rows[start], rows[start + 1]
    assert row[header.index("Use case")] == poc.use_case.title
    assert Decimal(row[header.index("Baseline NPV")]) == baseline
    assert Decimal(row[header.index("Re-projected NPV")]) == reprojected

    book = load_workbook(io.BytesIO(browser.get(url("xlsx")).content))
    sheet = list(book["POCs"].iter_rows(values_only=True))
    assert sheet[1][sheet[0].index("Re-projected NPV")] == pytest.approx(float(reprojected))  # a number, the API's

    money = format_money(reprojected, currency=poc.use_case.workshop.currency)
    markdown = browser.get(url("md")).content.decode()
    assert "## POCs" in markdown
    assert money in markdown
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(browser.get(url("pdf")).content)).pages)
    assert " ".join(money.split()) in " ".join(pdf.split())
