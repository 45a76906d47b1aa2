"""A French facilitator types French decimals into every number field of the app and gets the same numbers back.

ROI inputs, the POC's start targets, the metric targets, a check-in and its metric value, the workshop's
votes, a criterion's weight and a 0,5-minute timebox: typed in a real browser as a French person types
them ("12,5", "1 250,5" with a narrow no-break space, "20 000" with a no-break space), shown back in the
page in French and answered by the API as the same machine numbers — never a factor of ten or a thousand.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import in_language, logged_in_context
from tests.pocs.conftest import use_case  # noqa: F401  (the shortlisted use case with its estimate)
from workshop.models import Phase, Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW, NBSP = "\u202f", "\u00a0"

# Typed in French -> shown back in the field -> the machine number.
ROI = {
    "effort_days": ("12,5", "12,5", "12.5"),
    "daily_rate": (f"1{NARROW}250,5", "1250,5", "1250.5"),
    "setup_cost": ("4 000", "4000", "4000"),
    "monthly_run_cost": ("310,25", "310,25", "310.25"),
    "inference_cost_per_1k": ("2,125", "2,125", "2.125"),
    "monthly_requests": (f"20{NBSP}000", "20000", "20000"),
    "hours_saved_per_month": ("60,5", "60,5", "60.5"),
    "hourly_cost": ("55,75", "55,75", "55.75"),
    "other_annual_gains": ("1 500,5", "1500,5", "1500.5"),
    "ramp_months": ("2", "2", "2"),
    "horizon_years": ("3", "3", "3"),
    "discount_rate": ("7,5", "7,5", "7.5"),
    "success_probability": ("72,5", "72,5", "72.5"),
    "low_benefit_factor": ("0,6", "0,6", "0.6"),
    "low_cost_factor": ("1,25", "1,25", "1.25"),
    "high_benefit_factor": ("1,3", "1,3", "1.3"),
    "high_cost_factor": ("0,9", "0,9", "0.9"),
}
TARGETS = {
    "error_rate_target": ("2,5", "2,5", "2.5"),
    "cost_per_1k_target": ("0,75", "0,75", "0.75"),
    "p95_latency_target": ("1 200", "1200", "1200"),
}
CHECK_IN = {
    "period_months": ("2", "2"),
    "effort_days": ("3,5", "3.5"),
    "run_cost": ("410,75", "410.75"),
    "inference_cost": ("12,5", "12.5"),
    "requests_served": (f"1{NARROW}500", "1500"),
    "hours_saved": ("7,5", "7.5"),
    "other_gains": ("1 000,5", "1000.5"),
}


def _spaces(text: str) -> str:
    return text.replace(NARROW, " ").replace(NBSP, " ")


def test_french_decimals_typed_everywhere_come_back_the_same(live_server, new_context, alice, workshop, use_case):  # noqa: F811
    context = in_language(
        logged_in_context(new_context, live_server, alice, viewport={"width": 1366, "height": 900}), live_server, "fr"
    )
    page = context.new_page()
    api = context.request

    # The ROI page: every input.
    page.goto(f"{live_server.url}/use-cases/{use_case.pk}/roi/")
    for name, (typed, _shown, _machine) in ROI.items():
        page.locator(f'input[name="{name}"]').fill(typed)
    page.locator("form:has(input[name='effort_days']) button[type=submit]").click()
    page.get_by_text("Estimation du ROI enregistrée.").wait_for()
    for name, (_typed, shown, _machine) in ROI.items():
        assert page.locator(f'input[name="{name}"]').input_value() == shown, name
    answered = api.get(f"{live_server.url}/api/v1/use-cases/{use_case.pk}/roi/").json()
    for name, (_typed, _shown, machine) in ROI.items():
        assert Decimal(str(answered[name])) == Decimal(machine), name

    # Starting the POC: the built-in targets and a metric of the team's own.
    page.goto(f"{live_server.url}/use-cases/{use_case.pk}/poc/start/")
    for name, (typed, _shown, _machine) in TARGETS.items():
        page.locator(f'input[name="{name}"]').fill(typed)
    page.locator('input[name="metric_name"]').fill("Factures rapprochées")
    page.locator('input[name="metric_target"]').fill("87,5")
    page.locator("form:has(input[name='metric_target']) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/pocs/\d+/"))
    poc_id = int(re.search(r"/pocs/(\d+)/", page.url).group(1))  # type: ignore[union-attr]
    poc_url = f"{live_server.url}/api/v1/pocs/{poc_id}/"
    metrics = {m["builtin"] or m["name"]: m for m in api.get(poc_url).json()["metrics"]}
    expected = {"error_rate": "2.5", "cost_per_1k": "0.75", "p95_latency": "1200", "Factures rapprochées": "87.5"}
    for key, machine in expected.items():
        assert Decimal(metrics[key]["target"]) == Decimal(machine), key
    shown = {"error_rate": "2,5", "cost_per_1k": "0,75", "p95_latency": "1200", "Factures rapprochées": "87,5"}
    for key, text in shown.items():
        assert page.locator(f"#metric-{metrics[key]['id']}-target").input_value() == text, key

    # A metric target changed in place, and a metric added.
    error_rate = metrics["error_rate"]["id"]
    page.locator(f"#metric-{error_rate}-target").fill("3,25")
    page.locator(f"form:has(#metric-{error_rate}-target) button[type=submit]").click()
    page.get_by_text("Cible enregistrée.").wait_for()
    assert page.locator(f"#metric-{error_rate}-target").input_value() == "3,25"
    page.locator("details.add-metric summary").click()
    page.locator("#id_name").fill("Satisfaction")
    page.locator("#id_target").fill("4,5")
    page.locator("details.add-metric button[type=submit]").click()
    page.get_by_text("Indicateur ajouté.").wait_for()
    metrics = {m["builtin"] or m["name"]: m for m in api.get(poc_url).json()["metrics"]}
    assert Decimal(metrics["error_rate"]["target"]) == Decimal("3.25")
    assert Decimal(metrics["Satisfaction"]["target"]) == Decimal("4.5")
    assert page.locator(f"#metric-{metrics['Satisfaction']['id']}-target").input_value() == "4,5"

    # A check-in, with a value for the error rate.
    form = page.locator("form[action$='/check-ins/']")
    if not form.is_visible():
        page.locator("details.check-in-form summary").click()
    form.locator('input[name="date"]').fill(date.today().isoformat())
    for name, (typed, _machine) in CHECK_IN.items():
        form.locator(f'input[name="{name}"]').fill(typed)
    form.locator(f'input[name="metric_{error_rate}"]').fill("2,75")
    form.locator("button[type=submit]").click()
    page.get_by_text("Point d'étape enregistré.").wait_for()
    row = _spaces(page.locator("table.poc-check-ins tbody tr").first.inner_text())
    for text in ("3,5", "410,75 €", "12,50 €", "1 500", "7,5", "1 000,50 €"):
        assert text in row, (text, row)
    answered = api.get(poc_url).json()
    check_in = answered["check_ins"][0]
    for name, (_typed, machine) in CHECK_IN.items():
        assert Decimal(str(check_in[name])) == Decimal(machine), name
    metrics = {m["builtin"] or m["name"]: m for m in answered["metrics"]}
    assert Decimal(metrics["error_rate"]["latest"]) == Decimal("2.75")
    latest = page.locator(f'tr[data-metric="{error_rate}"] td').nth(1)
    assert latest.inner_text().strip() == "2,75"

    # The workshop's votes and a criterion's weight: whole numbers, read the same way.
    page.goto(f"{live_server.url}/workshops/{workshop.pk}/edit/")
    page.locator('input[name="votes_per_participant"]').fill("7")
    page.locator('input[name="max_votes_per_use_case"]').fill("2")
    page.locator("form:has(input[name='votes_per_participant']) button[type=submit]").click()
    page.get_by_text("Atelier enregistré.").wait_for()
    settings = api.get(f"{live_server.url}/api/v1/workshops/{workshop.pk}/").json()
    assert (settings["votes_per_participant"], settings["max_votes_per_use_case"]) == (7, 2)
    Workshop.objects.filter(pk=workshop.pk).update(phase=Phase.DRAFT)  # criteria are set up in Draft
    page.goto(f"{live_server.url}/workshops/{workshop.pk}/criteria/")
    page.locator("#id_new-name").fill("Données disponibles")
    page.locator("#id_new-weight").fill("4")
    page.locator("form:has(#id_new-weight) button[type=submit]").click()
    page.get_by_text("Données disponibles").first.wait_for()
    criteria = api.get(f"{live_server.url}/api/v1/workshops/{workshop.pk}/criteria/").json()
    assert {c["name"]: c["weight"] for c in criteria}["Données disponibles"] == 4

    # A half-minute timebox: 30 seconds on the countdown, and over the API.
    page.goto(f"{live_server.url}/workshops/{workshop.pk}/")
    page.locator('input[name="duration"]').fill("0,5")
    page.locator('select[name="unit"]').select_option("min")
    page.locator("form.timebox button[type=submit]").click()
    expect(page.locator(".countdown .countdown-value").first).to_have_text(re.compile(r"^0:(2\d|30)$"))
    # Not "ending" (red) from its first second: that is for its last ten.
    expect(page.locator(".countdown").first).not_to_have_class(re.compile(r"\bending\b"))
    ends = api.get(f"{live_server.url}/api/v1/workshops/{workshop.pk}/").json()["phase_ends_at"]
    left = (datetime.fromisoformat(ends) - datetime.now(tz=datetime.fromisoformat(ends).tzinfo)).total_seconds()
    assert 15 < left <= 30
