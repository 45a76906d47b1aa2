"""The ROI page and the POC page draw the cumulative cash flow with one builder and one template."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tests.factories import RoiEstimateFactory, UseCaseFactory
from tests.pocs.conftest import ESTIMATE, start_poc

pytestmark = pytest.mark.django_db

# Every scenario factor 1: low, base and high are the same figures as the estimate itself.
FLAT_FACTORS = {
    "low_benefit_factor": Decimal(1),
    "high_benefit_factor": Decimal(1),
    "low_cost_factor": Decimal(1),
    "high_cost_factor": Decimal(1),
}


def _svg(html: str, name: str) -> str:
    match = re.search(rf'<figure class="roi-chart {name} cash-chart".*?</figure>', html, re.S)
    assert match, f"no {name} chart"
    return match.group(0)


def _points(svg: str, key: str) -> str:
    return re.search(rf'class="series series-{key}" points="([^"]+)"', svg).group(1)


def _payback(svg: str, key: str) -> tuple[str, str, str]:
    found = re.search(rf'class="payback payback-{key}" cx="([^"]+)" cy="([^"]+)" r="5" data-months="(\d+)"', svg)
    assert found, key
    return found.group(1), found.group(2), found.group(3)


def _ticks(svg: str) -> list[str]:
    return re.findall(r'<text class="tick"[^>]*>([^<]*)</text>', svg)


def test_the_roi_page_and_the_poc_page_draw_the_same_chart_from_the_same_figures(alice_client, workshop, alice):
    use_case = UseCaseFactory(workshop=workshop, title="Invoice matching", status="shortlisted", ai_act_tier="minimal")
    RoiEstimateFactory(use_case=use_case, **ESTIMATE, **FLAT_FACTORS)
    poc = start_poc(workshop, alice, use_case)  # no check-in yet: the POC chart draws its baseline only

    roi_page = alice_client.get(f"/use-cases/{use_case.pk}/roi/")
    poc_page = alice_client.get(f"/pocs/{poc.pk}/")
    for page in (roi_page, poc_page):
        assert "roi/_cash_chart.html" in [t.name for t in page.templates]
    roi_svg = _svg(roi_page.content.decode(), "roi-chart")
    poc_svg = _svg(poc_page.content.decode(), "poc-chart")

    # The baseline is the estimate's base scenario: the same line, scale, ticks and payback dot.
    base = _points(roi_svg, "base")
    assert base == _points(roi_svg, "low") == _points(roi_svg, "high")
    assert _points(poc_svg, "baseline") == base
    assert len(base.split()) == 37  # months 0..36 of the 3-year horizon
    assert _ticks(poc_svg) == _ticks(roi_svg)
    assert _payback(poc_svg, "baseline") == _payback(roi_svg, "base")
    # Hand-worked: POC 20,000 €, net 3,300 - 350 = 2,950 € a month from month 1: paid back in month 7.
    assert _payback(roi_svg, "base")[2] == "7"
    assert "Base — payback 7 months" in roi_svg
    assert "Baseline — payback 7 months" in poc_svg


def test_a_line_without_payback_says_so_on_both_pages(alice_client, workshop, alice):
    use_case = UseCaseFactory(workshop=workshop, title="Never pays", status="shortlisted", ai_act_tier="minimal")
    RoiEstimateFactory(use_case=use_case, **{**ESTIMATE, "hours_saved_per_month": Decimal(0)}, **FLAT_FACTORS)
    poc = start_poc(workshop, alice, use_case)

    roi_svg = _svg(alice_client.get(f"/use-cases/{use_case.pk}/roi/").content.decode(), "roi-chart")
    poc_svg = _svg(alice_client.get(f"/pocs/{poc.pk}/").content.decode(), "poc-chart")

    assert 'class="payback' not in roi_svg
    assert 'class="payback' not in poc_svg
    assert "Base — no payback within the horizon" in roi_svg
    assert "Baseline — no payback within the horizon" in poc_svg
    assert _points(poc_svg, "baseline") == _points(roi_svg, "base")
