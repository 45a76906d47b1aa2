"""The one number field: what a person types is read in their language, or refused on the field — never guessed.

Pages (core.forms.NumberField) and the API's form-encoded bodies (core.api_fields) read "3,5", "1 500" and
"1 500,50" in French; JSON carries machine numbers only. Stored values are shown back as the reader types them.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from core.forms import NumberField
from pocs.models import CheckIn, Metric, Poc
from tests.pocs.test_pages import START_FORM
from workshop.models import Event, EventKind

NARROW, NBSP = "\u202f", "\u00a0"


class Sample(forms.Form):
    amount = NumberField(required=False, min_value=Decimal(0), max_digits=14, decimal_places=4)
    count = NumberField(whole=True, required=False, min_value=0)


def _clean(language: str, **typed: str) -> Sample:
    with translation.override(language):
        form = Sample(typed)
        form.is_valid()
        return form


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3,5", Decimal("3.5")),
        ("1 500", Decimal(1500)),
        ("1 500,50", Decimal("1500.50")),
        (f"1{NBSP}500", Decimal(1500)),
        (f"1{NARROW}500,5", Decimal("1500.5")),
        ("410,75", Decimal("410.75")),
        ("0,6", Decimal("0.6")),
        ("45.5", Decimal("45.5")),  # a point is still a decimal point when nothing else is possible
        ("0.125", Decimal("0.125")),  # no thousand starts with 0
        (" 12 ", Decimal(12)),
    ],
)
def test_french_reader_is_read(typed, expected):
    form = _clean("fr", amount=typed)
    assert form.errors == {}
    assert form.cleaned_data["amount"] == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3.5", Decimal("3.5")),
        ("1 500", Decimal(1500)),
        (f"1{NARROW}500.25", Decimal("1500.25")),
        ("0.6", Decimal("0.6")),
    ],
)
def test_english_reader_is_read(typed, expected):
    form = _clean("en", amount=typed)
    assert form.errors == {}
    assert form.cleaned_data["amount"] == expected


@pytest.mark.parametrize(
    ("typed", "language", "message"),
    [
        ("1.500", "fr", "peut vouloir dire 1500 ou 1,5"),  # a thousand, or one and a half?
        ("12.000", "fr", "peut vouloir dire 12000 ou 12"),
        ("1.000,5", "fr", "avec une virgule ou un point"),
        ("1,000.5", "fr", "avec une virgule ou un point"),
        ("3,5,1", "fr", "avec une virgule ou un point"),
        ("12 34", "fr", "avec une virgule ou un point"),
        ("1e3", "fr", "Saisissez un nombre."),
        ("deux", "fr", "Saisissez un nombre."),
        ("3,5", "en", "with a point"),
        ("1,500", "en", "with a point"),
        ("1,500.50", "en", "with a point"),
        ("0x10", "en", "Enter a number."),
    ],
)
def test_what_cannot_be_read_for_sure_is_refused_on_the_field(typed, language, message):
    with translation.override(language):  # the reason in the reader's language
        form = Sample({"amount": typed})
        assert not form.is_valid()
        errors = " ".join(str(e) for e in form.errors["amount"])
    assert message in errors


def test_a_refused_number_is_explained_in_french():
    form = _clean("fr", amount="1.500")
    with translation.override("fr"):
        error = str(form.errors["amount"][0])
    assert error.startswith(f"«{NBSP}1.500{NBSP}» peut vouloir dire 1500 ou 1,5")


def test_whole_numbers_group_thousands_and_refuse_decimals():
    assert _clean("fr", count="1 200").cleaned_data["count"] == 1200
    assert _clean("fr", count="3,0").errors["count"]
    assert _clean("en", count="2.5").errors["count"]
    assert _clean("fr", count="-1").errors["count"]  # below min_value


def test_digits_and_bounds_are_checked_after_reading():
    assert _clean("fr", amount="1,23456").errors["amount"]  # five decimals where four are kept
    assert _clean("fr", amount="-0,5").errors["amount"]  # below 0


def test_stored_values_are_shown_as_the_reader_types_them():
    initial = {"amount": Decimal("12.50"), "count": 3}
    with translation.override("fr"):
        french = str(Sample(initial={"amount": Decimal("12.50")})["amount"])
        factor = str(Sample(initial={"amount": Decimal("0.60")})["amount"])
        big = str(Sample(initial={"amount": Decimal("1500.00")})["amount"])
    with translation.override("en"):
        english = str(Sample(initial=initial)["amount"])
    assert 'value="12,5"' in french
    assert 'value="0,6"' in factor
    assert 'value="1500"' in big  # no grouping in an input: what is shown reads back the same
    assert 'value="12.5"' in english


def test_the_input_is_text_with_a_numeric_keyboard_never_type_number():
    with translation.override("fr"):
        html = str(Sample()["amount"]) + str(Sample()["count"])
    assert 'type="number"' not in html
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert 'inputmode="numeric"' in html


def test_what_was_typed_comes_back_as_typed_beside_its_error():
    with translation.override("fr"):
        form = Sample({"amount": "1.500"})
        assert not form.is_valid()
        assert 'value="1.500"' in str(form["amount"])


# Pages -------------------------------------------------------------------------


@pytest.mark.django_db
def test_french_poc_start_reads_a_decimal_comma_target(alice_client, use_case):
    alice_client.cookies["django_language"] = "fr"
    body = {**START_FORM, "error_rate_target": "2,5", "p95_latency_target": "1 200", "metric_target": "87,5"}
    response = alice_client.post(f"/use-cases/{use_case.pk}/poc/start/", body)
    assert response.status_code == 302
    started = Poc.objects.get()
    assert started.metrics.get(builtin="error_rate").target == Decimal("2.5")  # never 25
    assert started.metrics.get(builtin="p95_latency").target == Decimal(1200)
    assert started.metrics.get(name="Invoices matched").target == Decimal("87.5")


@pytest.mark.django_db
def test_french_check_in_reads_decimals_and_a_refusal_keeps_the_page(alice_client, poc):
    alice_client.cookies["django_language"] = "fr"
    url = f"/pocs/{poc.pk}/check-ins/"
    body = {"date": "2026-02-02", "period_months": "1", "effort_days": "3,5", "run_cost": "410,75"}
    refused = alice_client.post(url, {**body, "requests_served": "1.500"})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert 'name="requests_served" value="1.500"' in page
    assert "peut vouloir dire 1500 ou 1,5" in page
    assert not CheckIn.objects.exists()

    assert alice_client.post(url, {**body, "requests_served": "1 500"}).status_code == 302
    check_in = CheckIn.objects.get()
    assert check_in.effort_days == Decimal("3.5")
    assert check_in.run_cost == Decimal("410.75")
    assert check_in.requests_served == 1500


@pytest.mark.django_db
def test_french_metric_target_is_read_shown_back_and_refused_on_its_field(alice_client, poc):
    alice_client.cookies["django_language"] = "fr"
    metric = poc.metrics.get(builtin="error_rate")
    url = f"/pocs/{poc.pk}/metrics/{metric.pk}/target/"
    assert alice_client.post(url, {"target": "2,5"}).status_code == 302
    assert Metric.objects.get(pk=metric.pk).target == Decimal("2.5")
    page = alice_client.get(f"/pocs/{poc.pk}/").content.decode()
    target_input = re.search(rf'<input[^>]*id="metric-{metric.pk}-target"[^>]*>', page)
    assert target_input is not None
    assert 'value="2,5"' in target_input.group(0)
    assert 'type="text"' in target_input.group(0)
    refused = alice_client.post(url, {"target": "2.500"})
    assert refused.status_code == 200
    text = refused.content.decode()
    assert 'value="2.500"' in text
    assert "peut vouloir dire" in text
    assert Metric.objects.get(pk=metric.pk).target == Decimal("2.5")


# The API -----------------------------------------------------------------------


@pytest.mark.django_db
def test_api_form_body_is_read_in_the_readers_language(alice_api, poc):
    url = f"/api/v1/pocs/{poc.pk}/check-ins/"
    body = {"date": "2026-02-02", "effort_days": "3,5", "run_cost": "1 410,75", "requests_served": "1 500"}
    response = alice_api.post(url, body, HTTP_ACCEPT_LANGUAGE="fr")  # form-encoded, as curl -d sends
    assert response.status_code == 201, response.content
    check_in = CheckIn.objects.get()
    assert (check_in.effort_days, check_in.run_cost, check_in.requests_served) == (
        Decimal("3.5"),
        Decimal("1410.75"),
        1500,
    )
    refused = alice_api.post(url, {**body, "effort_days": "3,5"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    assert "effort_days" in refused.json()


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["2,5", "1 500", "1\u202f500", "2.5e1", ""])
def test_api_json_refuses_a_number_written_for_people(alice_api, poc, typed):
    url = f"/api/v1/pocs/{poc.pk}/check-ins/"
    body = {"date": "2026-02-02", "effort_days": typed}
    response = alice_api.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert list(response.json()) == ["effort_days"]
    assert not CheckIn.objects.exists()


@pytest.mark.django_db
def test_api_json_takes_machine_numbers_and_machine_strings(alice_api, poc):
    url = f"/api/v1/pocs/{poc.pk}/check-ins/"
    ok = alice_api.post(url, {"date": "2026-02-02", "effort_days": 2.5, "run_cost": "410.75"}, format="json")
    assert ok.status_code == 201, ok.content
    check_in = CheckIn.objects.get()
    assert (check_in.effort_days, check_in.run_cost) == (Decimal("2.5"), Decimal("410.75"))


# Timeboxes ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "seconds"),
    [
        ({"duration": "30", "unit": "s"}, 30),
        ({"duration": "0,5", "unit": "min"}, 30),
        ({"duration": "1,5", "unit": "min"}, 90),
        ({"minutes": "10"}, 600),  # a body written before seconds
    ],
)
def test_a_timebox_of_seconds_or_a_fraction_of_a_minute(alice_client, workshop, body, seconds):
    alice_client.cookies["django_language"] = "fr"
    response = alice_client.post(f"/workshops/{workshop.pk}/timebox/", body)
    assert response.status_code == 302
    workshop.refresh_from_db()
    left = (workshop.phase_ends_at - workshop.updated_at).total_seconds()
    assert seconds - 2 < left <= seconds
    assert Event.objects.filter(kind=EventKind.TIMEBOX_SET).latest("pk").data["seconds"] == seconds


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"duration": "0,33", "unit": "min"}, "secondes entières"),
        ({"duration": "5", "unit": "s"}, "de 10\u00a0s à 240\u00a0min"),
        ({"duration": "241", "unit": "min"}, "de 10\u00a0s à 240\u00a0min"),
        ({"duration": "1.500", "unit": "min"}, "peut vouloir dire"),
    ],
)
def test_a_timebox_that_cannot_be_is_refused_beside_what_was_typed(alice_client, workshop, body, message):
    alice_client.cookies["django_language"] = "fr"
    response = alice_client.post(f"/workshops/{workshop.pk}/timebox/", body)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert f'name="duration" value="{body["duration"]}"' in page
    workshop.refresh_from_db()
    assert workshop.phase_ends_at is None


@pytest.mark.django_db
def test_timebox_bounds_come_from_the_settings(alice_client, workshop, settings):
    settings.TIMEBOX_MIN_SECONDS = 1
    assert alice_client.post(f"/workshops/{workshop.pk}/timebox/", {"duration": "5", "unit": "s"}).status_code == 302


@pytest.mark.django_db
def test_api_timebox_in_seconds_or_minutes(alice_api, workshop):
    url = f"/api/v1/workshops/{workshop.pk}/timebox/"
    assert alice_api.post(url, {"seconds": 30}, format="json").status_code == 200
    assert alice_api.post(url, {"minutes": 0.5}, format="json").status_code == 200
    assert Event.objects.filter(kind=EventKind.TIMEBOX_SET).latest("pk").data["seconds"] == 30
    assert alice_api.post(url, {"minutes": "0,5"}, HTTP_ACCEPT_LANGUAGE="fr").status_code == 200  # form body
    both = alice_api.post(url, {"seconds": 30, "minutes": 1}, format="json")
    assert both.status_code == 400
    assert "minutes" in both.json()
    short = alice_api.post(url, {"seconds": 3}, format="json")
    assert short.status_code == 400
    assert "seconds" in short.json()
    phase = alice_api.post(f"/api/v1/workshops/{workshop.pk}/phase/", {"phase": "score", "seconds": 45}, format="json")
    assert phase.status_code == 200
    workshop.refresh_from_db()
    assert workshop.phase_ends_at is not None
    assert alice_api.post(url, {}, format="json").json()["phase_ends_at"] is None
