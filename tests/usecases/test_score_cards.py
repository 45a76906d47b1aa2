"""Scoring one use case at a time, and the criteria behind it: descriptions and templates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ScoreFactory, UseCaseFactory, score_on_axes
from tests.usecases.conftest import set_phase
from usecases.models import Criterion, Score
from workshop.models import Event, EventKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_ideas(workshop):
    return [
        UseCaseFactory(workshop=workshop, title=title, problem=f"{title} is slow.", solution="An LLM.", benefits="Time")
        for title in ("Invoice matching", "Email triage", "Parcel ETA")
    ]


def _region(client, workshop) -> str:
    return client.get(reverse("usecases:board", args=[workshop.pk]), HTTP_HX_REQUEST="true").content.decode()


def test_each_card_has_its_text_criteria_meanings_and_position(bob_client, workshop, three_ideas):
    set_phase(workshop, "score")
    page = _region(bob_client, workshop)
    first, second, third = three_ideas
    assert "Use case 1 of 3" in page
    assert "Use case 3 of 3" in page
    assert "Invoice matching is slow." in page
    assert "An LLM." in page
    criterion = workshop.criteria.order_by("order").first()
    assert criterion.description == "1: hardly noticed · 5: a clear gain in revenue, cost or quality"
    help_id = f"crit-{criterion.pk}-on-{first.pk}"
    assert f'aria-describedby="{help_id}"' in page
    assert f'id="{help_id}">{criterion.description}<' in page
    # The accessible name of each radio group stays "<criterion> — <use case title>".
    assert f'<legend>{criterion.name}<span class="sr-only"> — {first.title}</span></legend>' in page
    card = page[page.index(f'id="score-{second.pk}"') :].split("</form>")[0]
    assert f'href="#score-{first.pk}"' in card
    assert f'href="#score-{third.pk}"' in card
    assert 'aria-label="Next: Parcel ETA"' in card
    assert 'aria-label="Previous: Invoice matching"' in card


def test_the_card_shown_first_is_the_first_not_fully_scored(bob_client, workshop, bob, three_ideas):
    score_on_axes(bob, three_ideas[0], impact=3, feasibility=3)
    set_phase(workshop, "score")
    page = _region(bob_client, workshop)
    assert f'class="score-card current" id="score-{three_ideas[1].pk}"' in page
    assert f'class="score-card" id="score-{three_ideas[0].pk}"' in page


def test_the_grid_keeps_every_use_case_on_one_page_for_a_laptop(bob_client, workshop, three_ideas):
    set_phase(workshop, "score")
    page = _region(bob_client, workshop)
    assert page.count('class="score-card') == 3
    assert page.count('type="radio"') == 3 * 7 * 5


def test_a_card_in_french(bob_client, workshop, three_ideas):
    workshop.language = "fr"
    set_phase(workshop, "score")
    bob_client.cookies["django_language"] = "fr"
    page = _region(bob_client, workshop)
    assert "Cas d’usage 1 sur 3" in page or "Cas d'usage 1 sur 3" in page
    assert ">Suivant</a>" in page
    assert ">Précédent</a>" in page


# --- Criterion descriptions ---------------------------------------------------------------


def test_description_is_editable_outside_draft_until_the_first_score(alice_client, alice_api, workshop, three_ideas):
    set_phase(workshop, "score")
    criterion = workshop.criteria.order_by("order").first()
    url = reverse("usecases:criterion-edit", args=[workshop.pk, criterion.pk])
    response = alice_client.post(url, {"action": "describe", f"d{criterion.pk}-description": "1: none · 5: huge"})
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.description == "1: none · 5: huge"

    # Renaming is still a Draft-only change.
    assert alice_api.patch(f"/api/v1/criteria/{criterion.pk}/", {"name": "Value"}, format="json").status_code == 409

    ScoreFactory(use_case=three_ideas[0], criterion=criterion)
    refused = alice_client.post(url, {"action": "describe", f"d{criterion.pk}-description": "changed"})
    assert refused.status_code == 409
    assert "can no longer change" in refused.content.decode()
    api = alice_api.patch(f"/api/v1/criteria/{criterion.pk}/", {"description": "changed"}, format="json")
    assert api.status_code == 409
    criterion.refresh_from_db()
    assert criterion.description == "1: none · 5: huge"


def test_description_over_the_api_and_its_limits(alice_api, bob_api, workshop):
    set_phase(workshop, "collect")
    criterion = workshop.criteria.order_by("order").last()
    ok = alice_api.patch(f"/api/v1/criteria/{criterion.pk}/", {"description": "1: blocked · 5: clear"}, format="json")
    assert ok.status_code == 200
    assert ok.json()["description"] == "1: blocked · 5: clear"
    assert (
        alice_api.patch(f"/api/v1/criteria/{criterion.pk}/", {"description": "x" * 301}, format="json").status_code
        == 400
    )
    assert bob_api.patch(f"/api/v1/criteria/{criterion.pk}/", {"description": "mine"}, format="json").status_code == 403
    set_phase(workshop, "closed")
    assert (
        alice_api.patch(f"/api/v1/criteria/{criterion.pk}/", {"description": "late"}, format="json").status_code == 409
    )


def test_criteria_page_offers_the_description_form_only_for_unscored_criteria(alice_client, workshop, three_ideas):
    set_phase(workshop, "score")
    scored = workshop.criteria.order_by("order").first()
    ScoreFactory(use_case=three_ideas[0], criterion=scored)
    page = alice_client.get(reverse("usecases:criteria", args=[workshop.pk])).content.decode()
    assert f'name="d{scored.pk}-description"' not in page
    other = workshop.criteria.order_by("order").last()
    assert f'name="d{other.pk}-description"' in page


# --- Criteria templates -------------------------------------------------------------------


def test_a_template_replaces_the_criteria_in_draft(alice_client, workshop):
    set_phase(workshop, "draft")
    response = alice_client.post(reverse("usecases:criteria-template", args=[workshop.pk]), {"template": "rice"})
    assert response.status_code == 302
    rows = list(workshop.criteria.order_by("order").values_list("name", "axis", "weight"))
    assert rows == [
        ("Reach", "impact", 1),
        ("Impact on each person", "impact", 1),
        ("Confidence", "feasibility", 1),
        ("Low effort", "feasibility", 1),
    ]
    assert all(workshop.criteria.values_list("description", flat=True))
    assert Event.objects.filter(workshop=workshop, kind=EventKind.CRITERIA_TEMPLATE_APPLIED).exists()
    # Editable afterwards like any criterion.
    reach = workshop.criteria.get(name="Reach")
    prefix = f"c{reach.pk}"
    alice_client.post(
        reverse("usecases:criterion-edit", args=[workshop.pk, reach.pk]),
        {f"{prefix}-name": "Reach (people)", f"{prefix}-axis": "impact", f"{prefix}-weight": 3, "action": "save"},
    )
    reach.refresh_from_db()
    assert (reach.name, reach.weight) == ("Reach (people)", 3)


def test_templates_follow_the_workshops_language(alice_api, workshop):
    workshop.language = "fr"
    set_phase(workshop, "draft")
    response = alice_api.post(f"/api/v1/workshops/{workshop.pk}/criteria/template/", {"template": "value_effort"})
    assert response.status_code == 201
    assert [c["name"] for c in response.json()] == ["Valeur", "Effort réduit"]


def test_template_is_refused_outside_draft_after_scores_and_to_others(
    alice_client, alice_api, bob_api, workshop, three_ideas
):
    url = f"/api/v1/workshops/{workshop.pk}/criteria/template/"
    assert alice_api.post(url, {"template": "rice"}).status_code == 409  # collect phase
    set_phase(workshop, "draft")
    assert alice_api.post(url, {"template": "nope"}).status_code == 400
    assert bob_api.post(url, {"template": "rice"}).status_code == 403
    ScoreFactory(use_case=three_ideas[0])
    assert alice_api.post(url, {"template": "rice"}).status_code == 409
    assert Score.objects.count() == 1
    assert Criterion.objects.filter(workshop=workshop).count() == 7
    page = alice_client.get(reverse("usecases:criteria", args=[workshop.pk])).content.decode()
    assert "Apply template" not in page
    assert alice_client.get(reverse("usecases:criteria-template", args=[workshop.pk])).status_code == 405
