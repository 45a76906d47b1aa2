"""A spotlight: one use case on the projector, every board shows which, clearing returns the stage."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UseCaseFactory
from tests.usecases.conftest import set_phase
from usecases.models import UseCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(workshop):
    return UseCaseFactory(
        workshop=workshop, title="Parcel ETA prediction", problem="Customers call to ask where parcels are."
    )


def _stage(client, workshop, **headers):
    return client.get(reverse("usecases:present-live", args=[workshop.pk]), **headers)


def test_the_presenter_follows_the_spotlight_and_returns_to_the_phase_when_cleared(alice_client, workshop, idea):
    first = _stage(alice_client, workshop)
    assert 'data-testid="present-spotlight"' not in first.content.decode()

    alice_client.post(reverse("usecases:spotlight", args=[workshop.pk]), {"use_case": idea.pk})

    # The stage's ETag moved: the projector reloads at its next poll and shows the idea large.
    stage = _stage(alice_client, workshop, HTTP_IF_NONE_MATCH=first["ETag"])
    assert stage.status_code == 200
    html = stage.content.decode()
    assert f'data-testid="present-spotlight" data-use-case="{idea.pk}"' in html
    assert idea.problem in html
    assert 'data-testid="present-spotlight-scores"' not in html  # results hidden: no score on the screen

    alice_client.post(reverse("usecases:spotlight", args=[workshop.pk]), {"use_case": ""})
    assert 'data-testid="present-spotlight"' not in _stage(alice_client, workshop).content.decode()
    assert 'data-testid="present-counts"' in _stage(alice_client, workshop).content.decode()


def test_every_board_shows_what_is_on_the_screen(alice_client, bob_client, workshop, idea):
    alice_client.post(reverse("usecases:spotlight", args=[workshop.pk]), {"use_case": idea.pk})

    for client in (alice_client, bob_client):
        poll = client.get(reverse("usecases:board-poll", args=[workshop.pk])).content.decode()
        assert f'data-testid="spotlight" data-use-case="{idea.pk}"' in poll
        assert "spotlit" in poll
    assert (
        "Take it off the screen"
        in alice_client.get(reverse("usecases:board-poll", args=[workshop.pk])).content.decode()
    )
    assert (
        "Take it off the screen"
        not in bob_client.get(reverse("usecases:board-poll", args=[workshop.pk])).content.decode()
    )


def test_the_api_sets_and_clears_it_and_every_reader_of_the_workshop_sees_it(
    alice_api, bob_api, victor_api, workshop, idea
):
    url = reverse("api:workshop-spotlight", args=[workshop.pk])
    assert alice_api.post(url, {"use_case": idea.pk}, format="json").json() == {"spotlight": idea.pk}
    for api in (alice_api, bob_api, victor_api):
        assert api.get(reverse("api:workshop-detail", args=[workshop.pk])).json()["spotlight"] == idea.pk

    other = UseCaseFactory(workshop=workshop, title="Invoice matching")
    alice_api.post(url, {"use_case": other.pk}, format="json")
    assert list(UseCase.objects.filter(spotlight=True).values_list("pk", flat=True)) == [other.pk]  # one at a time

    assert alice_api.post(url, {"use_case": None}, format="json").json() == {"spotlight": None}
    assert bob_api.get(reverse("api:workshop-detail", args=[workshop.pk])).json()["spotlight"] is None


def test_only_a_facilitator_sets_it_and_only_on_a_use_case_in_the_running(
    alice_api, bob_api, victor_api, charlie_api, workshop, other_workshop, idea
):
    url = reverse("api:workshop-spotlight", args=[workshop.pk])
    assert bob_api.post(url, {"use_case": idea.pk}, format="json").status_code == 403
    assert victor_api.post(url, {"use_case": idea.pk}, format="json").status_code == 403
    assert charlie_api.post(url, {"use_case": idea.pk}, format="json").status_code == 404

    elsewhere = UseCaseFactory(workshop=other_workshop)
    refused = alice_api.post(url, {"use_case": elsewhere.pk}, format="json")
    assert refused.status_code == 400
    assert "use_case" in refused.json()
    idea.status = "rejected"
    idea.save()
    assert alice_api.post(url, {"use_case": idea.pk}, format="json").status_code == 400
    assert alice_api.post(url, {"use_case": "x"}, format="json").status_code == 400
    assert not UseCase.objects.filter(spotlight=True).exists()


def test_rejecting_or_merging_takes_it_off_the_screen(alice_client, alice_api, workshop, idea):
    url = reverse("api:workshop-spotlight", args=[workshop.pk])
    alice_api.post(url, {"use_case": idea.pk}, format="json")
    alice_client.post(reverse("usecases:status", args=[idea.pk]), {"status": "rejected"})
    assert alice_api.get(reverse("api:workshop-detail", args=[workshop.pk])).json()["spotlight"] is None


def test_once_revealed_the_screen_shows_its_scores(alice_client, workshop, idea):
    set_phase(workshop, "roi", revealed=True)
    alice_client.post(reverse("usecases:spotlight", args=[workshop.pk]), {"use_case": idea.pk})
    html = _stage(alice_client, workshop).content.decode()
    assert 'data-testid="present-spotlight-scores"' in html


def test_a_closed_workshop_keeps_its_screen(alice_api, workshop, idea):
    set_phase(workshop, "closed")
    response = alice_api.post(
        reverse("api:workshop-spotlight", args=[workshop.pk]), {"use_case": idea.pk}, format="json"
    )
    assert response.status_code == 409
