"""Blind scoring in the Score phase: page grid, API, progress and who has finished."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UseCaseFactory
from tests.usecases.conftest import set_phase
from usecases.models import Score

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoring(workshop):
    return set_phase(workshop, "score")


@pytest.fixture
def idea(scoring):
    return UseCaseFactory(workshop=scoring, title="Parcel ETA prediction")


def test_grid_has_a_labelled_radio_group_per_criterion(bob_client, scoring, idea):
    page = bob_client.get(reverse("usecases:board", args=[scoring.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert '<legend>Business value<span class="sr-only"> — Parcel ETA prediction</span></legend>' in page
    assert page.count('type="radio"') == 5 * scoring.criteria.count()
    assert "Scored 0 of 7" in page


def test_a_click_saves_at_once_and_updates_progress(bob_client, bob, scoring, idea):
    criterion = scoring.criteria.first()
    response = bob_client.post(
        reverse("usecases:score", args=[idea.pk]), {f"criterion-{criterion.pk}": "4"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Scored 1 of 7" in response.content.decode()
    assert Score.objects.get(participant=bob, use_case=idea, criterion=criterion).value == 4


@pytest.mark.parametrize("value", ["0", "6", "x"])
def test_score_outside_1_to_5_is_refused_on_the_page_and_nothing_saved(bob_client, bob, scoring, idea, value):
    first, second = scoring.criteria.all()[:2]
    Score.objects.create(participant=bob, use_case=idea, criterion=first, value=2)
    response = bob_client.post(
        reverse("usecases:score", args=[idea.pk]),
        {f"criterion-{first.pk}": "5", f"criterion-{second.pk}": value},
        HTTP_HX_REQUEST="true",
    )
    assert "a score is a whole number from 1 to 5" in response.content.decode()
    assert Score.objects.get(participant=bob, use_case=idea, criterion=first).value == 2
    assert not Score.objects.filter(criterion=second).exists()


@pytest.mark.parametrize("value", [0, 6])
def test_score_outside_1_to_5_over_api_is_400_with_field_errors(bob_api, bob, scoring, idea, value):
    first, second = scoring.criteria.all()[:2]
    response = bob_api.put(
        f"/api/v1/use-cases/{idea.pk}/scores/",
        {"scores": {str(first.pk): 3, str(second.pk): value}},
        format="json",
    )
    assert response.status_code == 400
    assert str(second.pk) in response.json()["scores"]
    assert not Score.objects.filter(participant=bob).exists()


def test_api_put_and_get_own_scores(bob_api, scoring, idea):
    criterion = scoring.criteria.first()
    response = bob_api.put(f"/api/v1/use-cases/{idea.pk}/scores/", {"scores": {str(criterion.pk): 5}}, format="json")
    assert response.status_code == 200
    assert bob_api.get(f"/api/v1/use-cases/{idea.pk}/scores/").json() == {"scores": {str(criterion.pk): 5}}


@pytest.mark.parametrize("phase", ["collect", "vote", "closed"])
def test_scoring_outside_score_phase_is_refused(bob_client, bob_api, workshop, phase):
    idea = UseCaseFactory(workshop=workshop)
    set_phase(workshop, phase)
    criterion = workshop.criteria.first()
    api = bob_api.put(f"/api/v1/use-cases/{idea.pk}/scores/", {"scores": {str(criterion.pk): 3}}, format="json")
    page = bob_client.post(reverse("usecases:score", args=[idea.pk]), {f"criterion-{criterion.pk}": "3"}, follow=True)
    assert api.status_code == 409
    assert "Score phase" in page.content.decode() or "closed" in page.content.decode()
    assert not Score.objects.exists()


def test_a_score_put_on_another_workshops_or_an_unknown_use_case_is_a_404(bob_api, scoring, other_workshop):
    set_phase(other_workshop, "score")
    theirs = UseCaseFactory(workshop=other_workshop)
    criterion = other_workshop.criteria.first()
    for pk in (theirs.pk, 999_999, "x"):
        response = bob_api.put(f"/api/v1/use-cases/{pk}/scores/", {"scores": {str(criterion.pk): 3}}, format="json")
        assert response.status_code == 404
    assert not Score.objects.exists()


def test_a_merged_use_case_is_no_longer_scored(bob_api, scoring, idea):
    other = UseCaseFactory(workshop=scoring)
    idea.status, idea.merged_into = "merged", other
    idea.save()
    criterion = scoring.criteria.first()
    response = bob_api.put(f"/api/v1/use-cases/{idea.pk}/scores/", {"scores": {str(criterion.pk): 3}}, format="json")
    assert response.status_code == 409
    assert not Score.objects.exists()


def test_facilitator_does_not_score(alice_api, scoring, idea):
    criterion = scoring.criteria.first()
    response = alice_api.put(f"/api/v1/use-cases/{idea.pk}/scores/", {"scores": {str(criterion.pk): 3}}, format="json")
    assert response.status_code == 403


def test_scores_are_blind_before_reveal_on_every_page_and_endpoint(bob_client, bob_api, dana, scoring, idea):
    criterion = scoring.criteria.first()
    Score.objects.create(participant=dana, use_case=idea, criterion=criterion, value=5)

    board = bob_client.get(reverse("usecases:board", args=[scoring.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "checked" not in board
    assert "Dana" not in board
    assert bob_api.get(f"/api/v1/use-cases/{idea.pk}/scores/").json() == {"scores": {}}
    assert bob_api.get(f"/api/v1/workshops/{scoring.pk}/ranking/").status_code == 403
    results = bob_client.get(reverse("reports:results", args=[scoring.pk])).content.decode()
    assert "not revealed yet" in results
    assert "Parcel ETA prediction" not in results
    poll = bob_client.get(reverse("usecases:board-poll", args=[scoring.pk])).content.decode()
    assert "Dana" not in poll


def test_own_scores_are_checked_in_the_grid(bob_client, bob, scoring, idea):
    criterion = scoring.criteria.first()
    Score.objects.create(participant=bob, use_case=idea, criterion=criterion, value=3)
    page = bob_client.get(reverse("usecases:board", args=[scoring.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert f'name="criterion-{criterion.pk}" value="3" checked' in page


def test_facilitator_sees_who_has_finished_scoring(alice_client, bob, dana, scoring, idea):
    for criterion in scoring.criteria.all():
        Score.objects.create(participant=bob, use_case=idea, criterion=criterion, value=3)
    page = alice_client.get(reverse("usecases:board-poll", args=[scoring.pk])).content.decode()
    assert "Who has finished scoring" in page
    assert "Bob:" in page
    assert "finished" in page
    assert "0 of 7 scored" in page


def test_facilitator_previews_the_participant_grid_read_only(alice_client, scoring, idea):
    url = reverse("usecases:board", args=[scoring.pk]) + "?preview=participant"
    page = alice_client.get(url).content.decode()
    assert "<html" in page
    assert "Preview of the participants" in page
    assert "Business value" in page
    assert 'class="score-group" disabled' in page
    assert "Who has finished scoring" not in page
