"""The POC pages: start, planned against actual (the same numbers as the API), check-ins, verdict, definition
of done (htmx), metrics, the workshop's POCs and a client's portfolio."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from core.formatting import format_money
from pocs.models import CheckIn, DodState, Metric, Poc, PocStatus
from tests.factories import UseCaseFactory
from tests.pocs.test_api import CHECK_INS
from workshop.models import Event, EventKind

pytestmark = pytest.mark.django_db

START_FORM = {
    "owner": "Ines",
    "started_on": "2026-01-05",
    "planned_end_on": "2026-04-05",
    "success_criteria": "Match 90% of invoices.",
    "error_rate_target": "5",
    "metric_name": "Invoices matched",
    "metric_unit": "%",
    "metric_target": "90",
    "metric_direction": "higher",
}


def _record(client, poc, body):
    data = {k: v for k, v in body.items() if k != "requests_served"}
    data.setdefault("period_months", 1)
    return client.post(f"/pocs/{poc.pk}/check-ins/", data)


def test_start_page_starts_the_poc_and_opens_it(alice_client, use_case):
    page = alice_client.get(f"/use-cases/{use_case.pk}/poc/start/")
    assert page.status_code == 200
    assert "€20,000.00" in page.content.decode()  # the baseline about to be frozen
    response = alice_client.post(f"/use-cases/{use_case.pk}/poc/start/", START_FORM)
    poc = Poc.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/pocs/{poc.pk}/"
    assert poc.metrics.get(name="Invoices matched").target == Decimal(90)
    assert alice_client.get(f"/use-cases/{use_case.pk}/poc/start/")["Location"] == f"/pocs/{poc.pk}/"


def test_start_page_keeps_what_was_typed_with_the_errors(alice_client, use_case):
    body = {**START_FORM, "planned_end_on": "2025-12-01", "metric_target": ""}
    response = alice_client.post(f"/use-cases/{use_case.pk}/poc/start/", body)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Give the metric a target." in text
    assert 'value="Invoices matched"' in text
    assert not Poc.objects.exists()
    response = alice_client.post(f"/use-cases/{use_case.pk}/poc/start/", {**START_FORM, "planned_end_on": "2025-12-01"})
    assert "The planned end cannot be before the start." in response.content.decode()
    assert 'value="Ines"' in response.content.decode()


def test_start_page_without_an_estimate_says_so_and_refuses(alice_client, workshop):
    use_case = UseCaseFactory(workshop=workshop, status="shortlisted")
    assert "Estimate the ROI first" in alice_client.get(f"/use-cases/{use_case.pk}/poc/start/").content.decode()
    assert alice_client.post(f"/use-cases/{use_case.pk}/poc/start/", START_FORM).status_code == 409
    assert not Poc.objects.exists()


def test_start_page_refuses_other_methods(alice_client, use_case):
    assert alice_client.put(f"/use-cases/{use_case.pk}/poc/start/").status_code == 405


def _cells(html: str) -> dict[str, tuple[str, str]]:
    """{"reprojected.npv": (data-amount, text)} from the planned-against-actual table."""
    cells = {}
    for figure, amount, text in re.findall(
        r'data-figure="([\w.]+)" data-(?:amount|months)="([^"]*)">(.*?)</td>', html, flags=re.S
    ):
        # Only the template's own whitespace: the formatter's non-breaking spaces are part of the text.
        cells[figure] = (amount, re.sub(r"[ \t\n]+", " ", text).strip())
    return cells


def test_page_shows_the_same_numbers_as_the_api(alice_client, alice_api, poc):
    for body in CHECK_INS:
        assert _record(alice_client, poc, body).status_code == 302
    api = alice_api.get(f"/api/v1/pocs/{poc.pk}/").json()
    cells = _cells(alice_client.get(f"/pocs/{poc.pk}/").content.decode())
    for block in ("baseline", "actual", "reprojected"):
        for name in ("poc_cost", "npv", "risk_adjusted_npv"):
            amount, text = cells[f"{block}.{name}"]
            assert amount == api[block][name], (block, name)
            assert text == format_money(Decimal(amount), currency="EUR", language="en"), (block, name)
        months, text = cells[f"{block}.payback_months"]
        assert months == ("" if api[block]["payback_months"] is None else str(api[block]["payback_months"]))
    assert cells["reprojected.npv"][1] == "€25,550.71"
    assert cells["reprojected.payback_months"][1] == "14 months"
    assert cells["actual.payback_months"][1] == "Not yet"


def test_french_page_localises_amounts_for_people_never_for_machines(alice_client, poc, workshop):
    workshop.language = "fr"
    workshop.save()
    for body in CHECK_INS:
        _record(alice_client, poc, body)
    alice_client.cookies["django_language"] = "fr"
    html = alice_client.get(f"/pocs/{poc.pk}/").content.decode()
    assert "Prévu et réel" in html
    amount, text = _cells(html)["reprojected.npv"]
    assert amount == "25550.71"
    assert text == format_money(Decimal("25550.71"), currency="EUR", language="fr")
    assert "," in text
    points = re.search(r'class="series series-reprojected" points="([^"]+)"', html).group(1)
    for pair in points.split():
        x, y = pair.split(",")
        assert float(x) >= 0
        assert float(y) >= 0


def test_recording_a_check_in_redirects_to_the_figures(alice_client, poc):
    response = _record(alice_client, poc, CHECK_INS[0])
    assert response.status_code == 302
    assert response["Location"].endswith("#planned-vs-actual")
    check_in = CheckIn.objects.get()
    assert (check_in.effort_days, check_in.recorded_by_user_id) == (Decimal(12), poc.started_by_id)


def test_a_bad_check_in_re_renders_with_the_data_and_the_errors(alice_client, poc):
    error_rate = poc.metrics.get(builtin="error_rate")
    body = {"date": "2025-01-01", "period_months": "1", "hours_saved": "17", f"metric_{error_rate.pk}": "4.5"}
    response = alice_client.post(f"/pocs/{poc.pk}/check-ins/", body)
    assert response.status_code == 200
    text = response.content.decode()
    assert "cannot be dated before the POC started" in text
    assert 'value="17"' in text
    assert 'value="4.5"' in text
    assert not CheckIn.objects.exists()


def test_check_in_url_answers_post_only(alice_client, poc):
    assert alice_client.get(f"/pocs/{poc.pk}/check-ins/").status_code == 405
    assert alice_client.post(f"/pocs/{poc.pk}/").status_code == 405


def test_go_with_open_items_asks_then_records_the_confirmation(alice_client, poc):
    body = {"verdict": "go", "reason": "Targets met."}
    asked = alice_client.post(f"/pocs/{poc.pk}/verdict/", body)
    assert asked.status_code == 200
    text = asked.content.decode()
    assert "Confirm to record go anyway" in text
    assert 'name="confirm_open_items"' in text
    assert "Targets met." in text  # the reason typed is kept
    poc.refresh_from_db()
    assert poc.status == PocStatus.RUNNING

    confirmed = alice_client.post(f"/pocs/{poc.pk}/verdict/", {**body, "confirm_open_items": "on"})
    assert confirmed.status_code == 302
    poc.refresh_from_db()
    assert poc.status == PocStatus.GO
    assert Event.objects.filter(kind=EventKind.POC_VERDICT, data__new="go").exists()
    page = alice_client.get(f"/pocs/{poc.pk}/").content.decode()
    assert "Recorded with these definition-of-done items open" in page
    assert "Record verdict" not in page


def test_a_final_verdict_refuses_more_check_ins_with_a_409(alice_client, poc):
    alice_client.post(f"/pocs/{poc.pk}/verdict/", {"verdict": "no_go", "reason": "Too slow."})
    response = _record(alice_client, poc, CHECK_INS[0])
    assert response.status_code == 409
    assert "nothing more can be recorded" in response.content.decode()


def test_definition_of_done_item_saves_in_place_with_htmx(alice_client, poc):
    item = poc.dod_items.get(code="robustness")
    url = f"/pocs/{poc.pk}/definition-of-done/{item.pk}/"
    response = alice_client.post(url, {"state": "done", "note": "Held-out set"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<html" not in text
    assert f'id="dod-{item.pk}"' in text
    assert "Saved" in text
    item.refresh_from_db()
    assert (item.state, item.note) == (DodState.DONE, "Held-out set")

    bad = alice_client.post(url, {"state": "perhaps"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400
    item.refresh_from_db()
    assert item.state == DodState.DONE

    plain = alice_client.post(url, {"state": "not_applicable"})
    assert plain.status_code == 302
    assert plain["Location"].endswith("#definition-of-done")
    assert alice_client.get(url).status_code == 405


def test_metrics_are_added_and_their_targets_changed_on_the_page(alice_client, poc):
    response = alice_client.post(
        f"/pocs/{poc.pk}/metrics/", {"name": "Recall", "unit": "%", "target": "80", "direction": "higher"}
    )
    assert response.status_code == 302
    metric = Metric.objects.get(poc=poc, name="Recall")
    duplicate = alice_client.post(f"/pocs/{poc.pk}/metrics/", {"name": "recall", "target": "1", "direction": "higher"})
    assert duplicate.status_code == 200
    assert "already has a metric with this name" in duplicate.content.decode()
    alice_client.post(f"/pocs/{poc.pk}/metrics/{metric.pk}/target/", {"target": "85"})
    metric.refresh_from_db()
    assert metric.target == Decimal(85)


def test_workshop_pocs_page_offers_start_and_the_backlog_to_facilitators(alice_client, workshop, use_case):
    text = alice_client.get(f"/workshops/{workshop.pk}/pocs/").content.decode()
    assert f"/use-cases/{use_case.pk}/poc/start/" in text
    assert f"/workshops/{workshop.pk}/backlog.csv" in text
    assert f"/workshops/{workshop.pk}/backlog.md" in text


def test_workshop_pocs_page_shows_participants_the_status_only(bob_client, workshop, poc):
    UseCaseFactory(workshop=workshop, status="shortlisted", title="Not started yet")
    text = bob_client.get(f"/workshops/{workshop.pk}/pocs/").content.decode()
    assert "Running" in text
    assert "Not started yet" not in text
    assert "backlog.csv" not in text
    assert "/poc/start/" not in text


def test_client_portfolio_page_lists_the_pocs(victor_client, alice_client, workshop, poc):
    for body in CHECK_INS:
        _record(alice_client, poc, body)
    response = victor_client.get(f"/clients/{workshop.client_id}/pocs/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Invoice matching" in text
    assert 'data-amount="68034.56"' in text
    assert 'data-amount="25550.71"' in text
    assert "0 of 6" in text  # definition of done: 4 items, AI literacy, cost


def test_board_and_client_page_link_to_the_pocs(alice_client, workshop):
    assert f"/workshops/{workshop.pk}/pocs/" in alice_client.get(f"/workshops/{workshop.pk}/").content.decode()
    assert (
        f"/clients/{workshop.client_id}/pocs/" in alice_client.get(f"/clients/{workshop.client_id}/").content.decode()
    )


def test_chart_draws_the_baseline_actual_and_reprojection_with_both_paybacks(alice_client, poc):
    for body in CHECK_INS:
        _record(alice_client, poc, body)
    html = alice_client.get(f"/pocs/{poc.pk}/").content.decode()
    for series in ("baseline", "actual", "reprojected"):
        assert f"series series-{series}" in html
    assert re.search(r'class="payback payback-baseline"[^>]*data-months="7"', html)
    assert re.search(r'class="payback payback-reprojected"[^>]*data-months="14"', html)


def test_an_out_of_range_request_count_on_the_page_is_a_field_error(alice_client, poc):
    body = {"date": "2026-02-01", "period_months": "1", "requests_served": str(10**30)}
    response = alice_client.post(f"/pocs/{poc.pk}/check-ins/", body)
    assert response.status_code == 200
    assert 'id="id_requests_served-error"' in response.content.decode()
    assert not CheckIn.objects.exists()
