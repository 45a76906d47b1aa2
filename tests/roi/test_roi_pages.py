import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from roi.models import RoiEstimate
from tests.conftest import assert_sent_to_join
from tests.factories import RoiEstimateFactory, UseCaseFactory
from tests.roi.conftest import VALID_INPUTS, set_phase

pytestmark = pytest.mark.django_db


def test_page_shows_grouped_inputs_figures_chart_and_help(alice_client, use_case):
    RoiEstimateFactory(use_case=use_case)  # estimated: a never-estimated use case has no figures (below)
    response = alice_client.get(reverse("roi:edit", args=[use_case.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    for heading in ("Cost of the POC", "Cost to run", "Benefits", "Assumptions"):
        assert heading in page
    assert f'hx-post="{reverse("roi:preview", args=[use_case.pk])}"' in page
    assert 'hx-trigger="input changed delay:400ms"' in page
    assert "<svg" in page
    assert page.count('class="series series-') == 3
    assert "How these figures are computed" in page
    assert reverse("workshop:board", args=[use_case.workshop_id]) in page
    assert reverse("reports:portfolio", args=[use_case.workshop_id]) in page
    assert "Save" in page


@pytest.mark.parametrize("language", ["en", "fr"])
def test_never_estimated_page_says_not_estimated_and_shows_no_figures(alice_client, use_case, language):
    alice_client.cookies["django_language"] = language
    page = alice_client.get(reverse("roi:edit", args=[use_case.pk])).content.decode()
    assert ("Non estimé" if language == "fr" else "Not estimated") in page
    assert 'data-testid="roi-not-estimated"' in page
    assert 'class="series series-' not in page  # no chart of the defaults
    assert "0,00\xa0€" not in page
    assert "€0.00" not in page
    assert "0 month" not in page
    assert "0 mois" not in page
    # Typing shows the figures (the preview), and a saved estimate has them on the page.
    preview = alice_client.post(_preview(use_case), VALID_INPUTS, HTTP_HX_REQUEST="true").content.decode()
    assert preview.count('class="series series-') == 3


def _edit(use_case) -> str:
    return reverse("roi:edit", args=[use_case.pk])


def _preview(use_case) -> str:
    return reverse("roi:preview", args=[use_case.pk])


def test_preview_recomputes_as_a_fragment_without_saving(alice_client, use_case):
    response = alice_client.post(_preview(use_case), VALID_INPUTS, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert 'id="roi-figures"' in fragment
    assert "€20,000.00" in fragment  # base POC cost: 20 × 800 + 4,000
    assert "€25,000.00" in fragment  # low: × 1.25
    assert "<input" not in fragment  # what the user typed stays on screen, outside the swap
    assert not RoiEstimate.objects.filter(use_case=use_case).exists()


def test_preview_follows_what_is_typed(alice_client, use_case):
    response = alice_client.post(_preview(use_case), {**VALID_INPUTS, "effort_days": "30"}, HTTP_HX_REQUEST="true")
    assert "€28,000.00" in response.content.decode()


def test_preview_of_bad_input_shows_the_error_on_the_field_and_no_figures(alice_client, use_case):
    response = alice_client.post(_preview(use_case), {**VALID_INPUTS, "effort_days": "-5"}, HTTP_HX_REQUEST="true")

    # 200, so that htmx swaps the errors in.
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert "Build effort (person-days): Must be zero or more." in fragment
    # Beside the field, out of band, while the other fields' error slots are cleared.
    assert (
        '<div id="roi-error-effort_days" class="field-errors" aria-live="polite" hx-swap-oob="true">'
        '<p class="error">Must be zero or more.</p></div>'
    ) in fragment
    assert (
        '<div id="roi-error-daily_rate" class="field-errors" aria-live="polite" hx-swap-oob="true"></div>' in fragment
    )
    assert "<svg" not in fragment
    assert not RoiEstimate.objects.filter(use_case=use_case).exists()


def test_save_stores_the_inputs_and_returns_to_the_page(alice_client, use_case, workshop):
    version = workshop.version

    response = alice_client.post(_edit(use_case), VALID_INPUTS)

    assert response.status_code == 302
    assert response["Location"] == _edit(use_case)
    estimate = RoiEstimate.objects.get(use_case=use_case)
    assert estimate.effort_days == Decimal("20")
    assert estimate.inference_cost_per_1k == Decimal("2.5")
    workshop.refresh_from_db()
    assert workshop.version > version
    page = alice_client.get(_edit(use_case)).content.decode()
    assert 'name="inference_cost_per_1k" value="2.5"' in page


def test_save_with_bad_input_keeps_everything_typed_and_shows_the_error(alice_client, use_case):
    RoiEstimateFactory(use_case=use_case, effort_days=Decimal("10"))

    response = alice_client.post(_edit(use_case), {**VALID_INPUTS, "effort_days": "-5", "daily_rate": "975"})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="effort_days" value="-5"' in page
    assert 'name="daily_rate" value="975"' in page
    assert 'name="monthly_requests" value="20000"' in page
    error_slot = '<div id="roi-error-effort_days" class="field-errors" aria-live="polite">'
    assert f'{error_slot}<p class="error">Must be zero or more.</p>' in page
    estimate = RoiEstimate.objects.get(use_case=use_case)
    assert estimate.effort_days == Decimal("10")
    assert estimate.daily_rate == Decimal("800")


def test_participant_saves_in_the_roi_phase(bob_client, workshop, use_case):
    set_phase(workshop, "roi")
    response = bob_client.post(_edit(use_case), VALID_INPUTS)
    assert response.status_code == 302
    assert RoiEstimate.objects.filter(use_case=use_case).exists()


def test_participant_cannot_save_before_the_roi_phase(bob_client, workshop, use_case):
    page = bob_client.get(_edit(use_case))
    assert page.status_code == 200
    assert "Participants fill ROI inputs in the ROI phase only." in page.content.decode()
    assert "hx-post" not in page.content.decode()

    response = bob_client.post(_edit(use_case), VALID_INPUTS)

    assert response.status_code == 409
    assert 'name="daily_rate" value="800"' in response.content.decode()
    assert not RoiEstimate.objects.filter(use_case=use_case).exists()


def test_viewer_reads_the_page_but_cannot_save(victor_client, workshop, use_case):
    set_phase(workshop, "roi")
    page = victor_client.get(_edit(use_case))
    assert page.status_code == 200
    content = page.content.decode()
    assert '<fieldset class="roi-group" disabled>' in content
    assert ">Save</button>" not in content

    assert victor_client.post(_edit(use_case), VALID_INPUTS).status_code == 403
    assert not RoiEstimate.objects.filter(use_case=use_case).exists()


def test_outsiders_get_404_and_a_browser_not_in_the_workshop_the_join_page(client, charlie_client, use_case):
    assert charlie_client.get(_edit(use_case)).status_code == 404
    assert charlie_client.post(_edit(use_case), VALID_INPUTS).status_code == 404
    assert charlie_client.post(_preview(use_case), VALID_INPUTS).status_code == 404
    assert charlie_client.get(reverse("reports:portfolio", args=[use_case.workshop_id])).status_code == 404
    assert_sent_to_join(client.get(_edit(use_case)), use_case.workshop_id)
    assert_sent_to_join(client.post(_edit(use_case), VALID_INPUTS), use_case.workshop_id)
    assert_sent_to_join(client.post(_preview(use_case), VALID_INPUTS), use_case.workshop_id)
    assert_sent_to_join(client.get(reverse("reports:portfolio", args=[use_case.workshop_id])), use_case.workshop_id)
    assert not RoiEstimate.objects.filter(use_case=use_case).exists()
    assert charlie_client.get(reverse("roi:edit", args=[999999])).status_code == 404
    assert client.get(reverse("roi:edit", args=[999999])).status_code == 404


def test_participant_of_another_workshop_gets_404(bob_client, other_workshop):
    foreign = UseCaseFactory(workshop=other_workshop, status="shortlisted")
    assert_sent_to_join(bob_client.get(_edit(foreign)), other_workshop.pk)


def test_wrong_methods_are_405(alice_client, use_case):
    assert alice_client.put(_edit(use_case)).status_code == 405
    assert alice_client.delete(_edit(use_case)).status_code == 405
    assert alice_client.get(_preview(use_case)).status_code == 405
    assert alice_client.post(reverse("reports:portfolio", args=[use_case.workshop_id])).status_code == 405


def test_amounts_follow_the_readers_language_and_the_workshops_currency(alice_client, workshop, use_case):
    RoiEstimateFactory(use_case=use_case)
    alice_client.cookies["django_language"] = "fr"

    page = alice_client.get(_edit(use_case)).content.decode()

    assert "20\u202f000,00\xa0€" in page  # base POC cost
    assert "25\u202f000,00\xa0€" in page  # low

    workshop.currency = "USD"
    workshop.save()
    alice_client.cookies["django_language"] = "en"
    assert "$20,000.00" in alice_client.get(_edit(use_case)).content.decode()


def test_chart_marks_payback_on_lines_that_pay_back(alice_client, use_case):
    # Benefits too small to recover the cost in the low scenario only.
    RoiEstimateFactory(
        use_case=use_case,
        hours_saved_per_month=Decimal("40"),
        monthly_run_cost=Decimal("0"),
        inference_cost_per_1k=Decimal("0"),
        horizon_years=1,
        ramp_months=0,
    )

    page = alice_client.get(_edit(use_case)).content.decode()

    assert 'class="payback payback-low"' not in page
    assert 'class="payback payback-base"' in page
    assert 'class="payback payback-high"' in page
    assert "no payback within the horizon" in page
    assert 'class="zero-line"' in page
    assert ">Months<" in page


def test_chart_coordinates_are_not_localised(alice_client, use_case):
    RoiEstimateFactory(use_case=use_case)
    # override() puts the test's language back after the request switched to French.
    with translation.override("en"):
        page = alice_client.get(_edit(use_case), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr">' in page
    for value in re.findall(r' (?:x1|y1|x2|y2|cx|cy|x|y)="([^"]*)"', page):
        assert "," not in value
