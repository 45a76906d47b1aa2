"""A decimal comma typed on the ROI page is read in the reader's language, or refused on its field.

Never a silent factor of ten: browsers' number inputs turn "45,5" into 455,
so the inputs are text with a decimal keyboard and the server reads them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from core.number_input import NumberInputError, parse_decimal, parse_integer
from roi.models import RoiEstimate
from tests.roi.conftest import VALID_INPUTS

pytestmark = pytest.mark.django_db


def _save(client, use_case, language: str, **typed: str):
    client.cookies["django_language"] = language
    return client.post(reverse("roi:edit", args=[use_case.pk]), {**VALID_INPUTS, **typed})


def test_french_reader_types_a_decimal_comma_and_it_is_stored_as_a_decimal(alice_client, use_case):
    response = _save(alice_client, use_case, "fr", hourly_cost="45,5", low_benefit_factor="0,8")

    assert response.status_code == 302
    estimate = RoiEstimate.objects.get(use_case=use_case)
    assert estimate.hourly_cost == Decimal("45.5")
    assert estimate.low_benefit_factor == Decimal("0.8")


def test_french_reader_may_group_thousands_with_spaces_and_still_type_a_point(alice_client, use_case):
    response = _save(alice_client, use_case, "fr", daily_rate="1\u202f000,5", setup_cost="4 000", hourly_cost="45.5")

    assert response.status_code == 302
    estimate = RoiEstimate.objects.get(use_case=use_case)
    assert (estimate.daily_rate, estimate.setup_cost, estimate.hourly_cost) == (
        Decimal("1000.5"),
        Decimal("4000"),
        Decimal("45.5"),
    )


def test_english_reader_typing_a_decimal_comma_is_refused_on_the_field_and_nothing_is_saved(alice_client, use_case):
    response = _save(alice_client, use_case, "en", hourly_cost="45,5", daily_rate="975")

    assert response.status_code == 200  # the page again, as for any bad input
    page = response.content.decode()
    assert 'name="hourly_cost" value="45,5"' in page  # kept as typed
    assert 'name="daily_rate" value="975"' in page
    slot = '<div id="roi-error-hourly_cost" class="field-errors" aria-live="polite"><p class="error">'
    assert f"{slot}Write decimals with a point" in page
    assert not RoiEstimate.objects.filter(use_case=use_case).exists()


def test_french_reader_typing_both_separators_is_refused_in_french(alice_client, use_case):
    response = _save(alice_client, use_case, "fr", hourly_cost="1.000,5")

    assert response.status_code == 200
    assert "Écrivez les décimales avec une virgule" in response.content.decode()
    assert not RoiEstimate.objects.filter(use_case=use_case).exists()


def test_preview_reads_the_french_decimal_comma(alice_client, use_case):
    alice_client.cookies["django_language"] = "fr"
    url = reverse("roi:preview", args=[use_case.pk])
    response = alice_client.post(url, {**VALID_INPUTS, "effort_days": "20,5"}, HTTP_HX_REQUEST="true")

    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in fragment
    assert "20\u202f400,00\xa0€" in fragment  # 20.5 × 800 + 4,000, in the reader's (French) format


def test_preview_refuses_an_english_decimal_comma_on_the_field(alice_client, use_case):
    url = reverse("roi:preview", args=[use_case.pk])
    response = alice_client.post(url, {**VALID_INPUTS, "hourly_cost": "45,5"}, HTTP_HX_REQUEST="true")

    fragment = response.content.decode()
    assert response.status_code == 200  # htmx swaps the errors in
    assert "<svg" not in fragment
    assert '<div id="roi-error-hourly_cost" class="field-errors" aria-live="polite" hx-swap-oob="true">' in fragment
    assert "Write decimals with a point" in fragment


def test_roi_inputs_are_text_with_a_decimal_keyboard_so_the_browser_never_drops_a_comma(alice_client, use_case):
    page = alice_client.get(reverse("roi:edit", args=[use_case.pk])).content.decode()
    assert 'type="number"' not in page
    assert '<input type="text" name="hourly_cost"' in page
    assert 'inputmode="decimal"' in page


@pytest.mark.parametrize(
    ("typed", "language", "expected"),
    [
        ("45,5", "fr", "45.5"),
        ("45.5", "fr", "45.5"),
        ("45.5", "en", "45.5"),
        ("-0,25", "fr", "-0.25"),
        ("\u22120,25", "fr", "-0.25"),
        ("1 500", "en", "1500"),
        ("1\u00a0500,75", "fr", "1500.75"),
        ("  12  ", "en", "12"),
        ("", "en", ""),
    ],
)
def test_parse_decimal_reads_the_readers_separator(typed, language, expected):
    assert parse_decimal(typed, language=language) == expected


@pytest.mark.parametrize(
    ("typed", "language"),
    [("45,5", "en"), ("0,8", "en"), ("1,000", "en"), ("1.000,5", "fr"), ("1,000.5", "fr"), ("4 5", "fr"), ("x", "en")],
)
def test_parse_decimal_refuses_what_it_cannot_read_for_sure(typed, language):
    with pytest.raises(NumberInputError):
        parse_decimal(typed, language=language)


def test_parse_integer_refuses_decimals_whatever_the_separator():
    assert parse_integer("1 200", language="fr") == 1200
    for typed in ("1,5", "1.5", "15 minutes"):
        with pytest.raises(NumberInputError):
            parse_integer(typed, language="en")
