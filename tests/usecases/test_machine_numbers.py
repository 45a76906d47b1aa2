"""Numbers a machine reads (SVG geometry, data- attributes, input values) never take the reader's decimal comma."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.factories import RoiEstimateFactory, UseCaseFactory, VoteFactory, score_on_axes
from tests.usecases.conftest import set_phase

pytestmark = pytest.mark.django_db

# Attributes whose value is read by the browser as numbers.
NUMERIC_ATTRIBUTES = ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "dy", "width", "height", "points", "viewBox")
ATTRIBUTE = re.compile(r"\s(" + "|".join(NUMERIC_ATTRIBUTES) + r'|transform|data-[\w-]+|value|max|min)="([^"]*)"')


def _localised_numbers(page: str) -> list[str]:
    """Attribute values that hold a number written with a decimal comma (or a non-breaking space)."""
    bad = []
    for name, value in ATTRIBUTE.findall(page):
        if name == "points":
            # "x,y x,y …": one comma per pair is the syntax; a decimal comma adds more.
            if not all(re.fullmatch(r"-?[\d.]+,-?[\d.]+", pair) for pair in value.split()):
                bad.append(f'{name}="{value[:40]}…"')
        elif re.search(r"\d,\d|\d[\u00a0\u202f]\d", value):
            bad.append(f'{name}="{value}"')
    return bad


@pytest.fixture
def scored(workshop, bob, dana):
    set_phase(workshop, "vote", revealed=True)
    quick = UseCaseFactory(workshop=workshop, title="Parcel ETA prediction", status="shortlisted")
    bet = UseCaseFactory(workshop=workshop, title="Autonomous claims decisions")
    score_on_axes(bob, quick, impact=5, feasibility=4)
    score_on_axes(dana, quick, impact=4, feasibility=3)
    score_on_axes(bob, bet, impact=5, feasibility=1)
    score_on_axes(dana, bet, impact=2, feasibility=2)
    VoteFactory(participant=bob, use_case=quick, dots=3)
    VoteFactory(participant=dana, use_case=bet, dots=1)
    return {"quick": quick, "bet": bet}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_results_matrix_geometry_is_never_written_with_a_decimal_comma(alice_client, workshop, scored, language):
    alice_client.cookies["django_language"] = language
    page = alice_client.get(reverse("reports:results", args=[workshop.pk])).content.decode()
    assert "<circle" in page
    assert _localised_numbers(page) == []
    # Fractions are kept, with a point: 1 vote of at most 3 is a radius of 7 + 13/3.
    assert 'r="11.3"' in page


# A number a person types: a text input the server reads in the reader's language (core.forms.NumberField).
PERSON_INPUT = re.compile(r'<input type="text"[^>]*inputmode="(?:decimal|numeric)"[^>]*>')


def test_roi_chart_is_never_written_with_a_decimal_comma_and_inputs_in_the_readers_language(alice_client, workshop):
    estimate = RoiEstimateFactory(use_case__workshop=workshop, hourly_cost=Decimal("45.50"))
    alice_client.cookies["django_language"] = "fr"
    page = alice_client.get(reverse("roi:edit", args=[estimate.use_case_id])).content.decode()
    assert "<polyline" in page
    inputs = PERSON_INPUT.findall(page)
    assert any('name="hourly_cost" value="45,5"' in tag for tag in inputs)  # as a French reader types it
    assert 'type="number"' not in page  # a browser would drop the comma
    assert _localised_numbers(PERSON_INPUT.sub("", page)) == []  # SVG, data- and every other value: machine


def test_machine_filter_writes_a_point_whatever_the_language():
    template = Template("{% load atelier_numbers %}{{ a|machine }} {{ b|machine }} {{ c|machine }} {{ d|machine }}")
    with translation.override("fr"):
        out = template.render(Context({"a": 200.0, "b": Decimal("1234.50"), "c": 12, "d": 0.1 + 0.2}))
    assert out == "200 1234.5 12 0.3"
