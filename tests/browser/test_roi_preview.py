"""The ROI page recomputes as the facilitator types, and keeps bad input on screen with its error."""

from __future__ import annotations

import pytest

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
