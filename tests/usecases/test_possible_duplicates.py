"""Duplicates found for the facilitator (a page and the API, one list) and for a participant typing an idea."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UseCaseFactory
from usecases.models import UseCase, Vote

pytestmark = pytest.mark.django_db

CHURN = ("Churn prediction", "We learn a customer leaves only when they cancel their contract.")
CHURN_AGAIN = ("Predict which customers will cancel", "Customers at risk of churn are found too late.")
CASH = ("Cash flow forecasting", "Treasury builds its 13-week cash position by hand in a spreadsheet.")


@pytest.fixture
def ideas(workshop, bob):
    made = [UseCaseFactory(workshop=workshop, title=t, problem=p) for t, p in (CHURN, CASH, CHURN_AGAIN)]
    return made


def test_the_facilitator_sees_the_pair_side_by_side_and_merges_it_in_one_click(alice_client, workshop, bob, ideas):
    churn, _cash, churn_again = ideas
    Vote.objects.create(participant=bob, use_case=churn_again, dots=2)
    url = reverse("usecases:duplicates", args=[workshop.pk])

    page = alice_client.get(url).content.decode()
    assert page.count('data-testid="duplicate-pair"') == 1
    assert CHURN[1] in page
    assert CHURN_AGAIN[1] in page
    assert CASH[0] not in page
    assert f'name="into" value="{churn.pk}"' in page

    response = alice_client.post(reverse("usecases:merge", args=[churn_again.pk]), {"into": churn.pk, "next": url})

    assert response.status_code == 302
    assert response["Location"] == url
    churn_again.refresh_from_db()
    assert (churn_again.status, churn_again.merged_into_id) == ("merged", churn.pk)
    assert Vote.objects.get(participant=bob).use_case_id == churn.pk
    assert 'data-testid="no-duplicates"' in alice_client.get(url).content.decode()


def test_the_api_gives_the_pages_pairs_most_similar_first(alice_api, alice_client, workshop, ideas):
    churn, _cash, churn_again = ideas
    UseCaseFactory(workshop=workshop, title="Churn forecast for customers", problem=CHURN[1], status="rejected")

    body = alice_api.get(reverse("api:workshop-duplicates", args=[workshop.pk])).json()

    assert [(p["a"], p["b"]) for p in body] == [(churn.pk, churn_again.pk)]  # the rejected one is not in the running
    assert 0.34 <= body[0]["similarity"] <= 1
    page = alice_client.get(reverse("usecases:duplicates", args=[workshop.pk])).content.decode()
    assert f'data-similarity="{body[0]["similarity"]}"' in page


def test_only_the_facilitator_reads_the_duplicates(bob_api, bob_client, victor_api, workshop, ideas):
    assert bob_api.get(reverse("api:workshop-duplicates", args=[workshop.pk])).status_code == 403
    assert bob_client.get(reverse("usecases:duplicates", args=[workshop.pk])).status_code == 403
    assert victor_api.get(reverse("api:workshop-duplicates", args=[workshop.pk])).status_code == 403


def test_a_participant_typing_an_idea_is_shown_the_close_ones_in_french(bob_client, workshop, ideas):
    workshop.language = "fr"
    workshop.save()
    url = reverse("usecases:close-ideas", args=[workshop.pk])

    close = bob_client.get(
        url, {"title": "Predict customer churn", "problem": "Which customers will cancel?"}, HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    far = bob_client.get(url, {"title": "Meeting room booking", "problem": "Rooms are double-booked."}).content

    assert "Quelqu’un a proposé quelque chose de proche" in close
    assert CHURN[0] in close
    assert CASH[0] not in close
    assert far.strip() == b""
    board = bob_client.get(reverse("usecases:board", args=[workshop.pk])).content.decode()
    assert f'hx-get="{url}"' in board


def test_a_manager_and_a_participant_outside_collect_get_no_hint(victor_client, bob_client, workshop, ideas):
    url = reverse("usecases:close-ideas", args=[workshop.pk])
    assert victor_client.get(url, {"title": CHURN[0]}).status_code == 403
    workshop.phase = "score"
    workshop.save()
    assert bob_client.get(url, {"title": CHURN[0]}).status_code == 403
    assert UseCase.objects.count() == 3
