"""The ROI page recomputes as the facilitator types, and keeps bad input on screen with its error."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import logged_in_context
from tests.factories import RoiEstimateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_figures_follow_typing_and_bad_input_stays_with_its_error(live_server, new_context, alice, workshop):
    estimate = RoiEstimateFactory(use_case__workshop=workshop, use_case__title="Invoice matching")
    page = logged_in_context(new_context, live_server, alice).new_page()
    url = f"{live_server.url}/use-cases/{estimate.use_case_id}/roi/"
    page.goto(url)
    figures = page.locator("#roi-figures")
    before = figures.inner_text()

    page.get_by_label("Build effort (person-days)").fill("40")
    page.wait_for_function("before => document.querySelector('#roi-figures').innerText !== before", arg=before)
    assert page.url == url  # no navigation: only the figures were swapped
    assert "€" in figures.inner_text()

    page.get_by_label("Daily rate").fill("-5")
    page.get_by_text("Must be zero or more.").first.wait_for()
    assert page.get_by_label("Daily rate").input_value() == "-5"
    assert page.get_by_label("Build effort (person-days)").input_value() == "40"
    estimate.refresh_from_db()
    assert str(estimate.effort_days) == "20.00"  # the preview saves nothing


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_decimal_comma_in_an_roi_field_is_never_a_factor_of_ten(live_server, new_context, alice, workshop, language):
    """French reads 45,5 as 45.5; English refuses it on the field. Either way, never 455."""
    estimate = RoiEstimateFactory(use_case__workshop=workshop, use_case__title="Invoice matching")
    context = logged_in_context(new_context, live_server, alice)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/use-cases/{estimate.use_case_id}/roi/")
    field = page.get_by_label("Coût horaire chargé" if language == "fr" else "Loaded hourly cost")
    field.fill("")
    field.press_sequentially("45,5")
    assert field.input_value() == "45,5"  # the browser keeps what was typed
    if language == "en":
        # The preview says so beside the field before anything is saved.
        expect(page.locator("#roi-error-hourly_cost")).to_contain_text("Write decimals with a point")
    page.get_by_role("button", name="Enregistrer" if language == "fr" else "Save").click()
    page.wait_for_load_state("networkidle")
    estimate.refresh_from_db()
    if language == "fr":
        assert estimate.hourly_cost == Decimal("45.5")
        expect(page.get_by_label("Coût horaire chargé")).to_have_value("45,5")  # shown back as a French reader types it
    else:
        assert estimate.hourly_cost == Decimal("55")
        expect(page.locator("#roi-error-hourly_cost")).to_contain_text("Write decimals with a point")
        expect(page.get_by_label("Loaded hourly cost")).to_have_value("45,5")
