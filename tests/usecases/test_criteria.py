"""Criteria: the facilitator edits them in Draft only; weights 1..5."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.usecases.conftest import set_phase
from usecases.models import Criterion

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(workshop):
    return set_phase(workshop, "draft")


def test_default_criteria_are_listed_over_api(bob_api, workshop):
    response = bob_api.get(f"/api/v1/workshops/{workshop.pk}/criteria/")
    assert response.status_code == 200
    rows = response.json()
    assert [r["name"] for r in rows][:2] == ["Business value", "User pain relieved"]
    assert set(rows[0]) == {"id", "name", "axis", "weight", "order", "description"}


def test_facilitator_adds_renames_reweights_and_removes_in_draft(alice_client, draft):
    url = reverse("usecases:criteria", args=[draft.pk])
    assert (
        alice_client.post(url, {"new-name": "Customer trust", "new-axis": "impact", "new-weight": 4}).status_code == 302
    )
    added = Criterion.objects.get(workshop=draft, name="Customer trust")
    assert added.weight == 4
    assert added.order == 7

    edit = reverse("usecases:criterion-edit", args=[draft.pk, added.pk])
    prefix = f"c{added.pk}"
    response = alice_client.post(
        edit, {f"{prefix}-name": "Client trust", f"{prefix}-axis": "impact", f"{prefix}-weight": 5, "action": "save"}
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.name, added.weight) == ("Client trust", 5)

    alice_client.post(edit, {"action": "up"})
    added.refresh_from_db()
    assert added.order == 6

    alice_client.post(edit, {"action": "delete"})
    assert not Criterion.objects.filter(pk=added.pk).exists()


@pytest.mark.parametrize("weight", [0, 6])
def test_weight_outside_1_to_5_is_refused_on_page_and_api(alice_client, alice_api, draft, weight):
    criterion = draft.criteria.first()
    prefix = f"c{criterion.pk}"
    page = alice_client.post(
        reverse("usecases:criterion-edit", args=[draft.pk, criterion.pk]),
        {f"{prefix}-name": criterion.name, f"{prefix}-axis": criterion.axis, f"{prefix}-weight": weight},
    )
    api = alice_api.patch(f"/api/v1/criteria/{criterion.pk}/", {"weight": weight}, format="json")
    created = alice_api.post(
        f"/api/v1/workshops/{draft.pk}/criteria/", {"name": "X", "axis": "impact", "weight": weight}, format="json"
    )

    assert page.status_code == 400
    assert "A weight is a whole number from 1 to 5." in page.content.decode()
    assert api.status_code == 400
    assert "weight" in api.json()
    assert created.status_code == 400
    criterion.refresh_from_db()
    assert criterion.weight == 1
    assert not Criterion.objects.filter(name="X").exists()


@pytest.mark.parametrize("phase", ["collect", "score", "vote", "closed"])
def test_criteria_cannot_change_after_draft(alice_client, alice_api, workshop, phase):
    set_phase(workshop, phase)
    criterion = workshop.criteria.first()
    api = alice_api.patch(f"/api/v1/criteria/{criterion.pk}/", {"weight": 3}, format="json")
    deleted = alice_api.delete(f"/api/v1/criteria/{criterion.pk}/")
    page = alice_client.post(reverse("usecases:criterion-edit", args=[workshop.pk, criterion.pk]), {"action": "delete"})

    assert api.status_code == 409
    assert deleted.status_code == 409
    assert page.status_code == 409
    assert "Draft" in page.content.decode()
    criterion.refresh_from_db()
    assert criterion.weight == 1


def test_participant_cannot_edit_criteria(bob_api, draft):
    criterion = draft.criteria.first()
    assert bob_api.patch(f"/api/v1/criteria/{criterion.pk}/", {"weight": 3}, format="json").status_code == 403
    assert bob_api.post(f"/api/v1/workshops/{draft.pk}/criteria/", {"name": "X", "axis": "impact"}).status_code == 403


def test_outsider_gets_404_on_criteria(charlie_api, charlie_client, workshop):
    criterion = workshop.criteria.first()
    assert charlie_api.get(f"/api/v1/workshops/{workshop.pk}/criteria/").status_code == 404
    assert charlie_api.patch(f"/api/v1/criteria/{criterion.pk}/", {"weight": 3}, format="json").status_code == 404
    assert charlie_client.get(reverse("usecases:criteria", args=[workshop.pk])).status_code == 404


def test_criteria_api_reorders_and_deletes(alice_api, draft):
    criterion = draft.criteria.last()
    response = alice_api.patch(f"/api/v1/criteria/{criterion.pk}/", {"order": 0, "name": "Renamed"}, format="json")
    assert response.status_code == 200
    assert response.json()["order"] == 0
    assert alice_api.delete(f"/api/v1/criteria/{criterion.pk}/").status_code == 204
    assert not Criterion.objects.filter(pk=criterion.pk).exists()


def test_a_scored_criterion_cannot_be_removed_even_back_in_draft(alice_api, draft, bob):
    from tests.factories import UseCaseFactory
    from usecases.models import Score

    criterion = draft.criteria.first()
    Score.objects.create(participant=bob, use_case=UseCaseFactory(workshop=draft), criterion=criterion, value=4)

    response = alice_api.delete(f"/api/v1/criteria/{criterion.pk}/")
    assert response.status_code == 409
    assert "delete their scores" in response.json()["detail"]
    assert Score.objects.filter(criterion=criterion).count() == 1


def test_criteria_api_rejects_an_order_too_large_to_store_with_400(alice_api, draft):
    criterion = draft.criteria.last()
    huge = 10**20

    response = alice_api.patch(f"/api/v1/criteria/{criterion.pk}/", {"order": huge}, format="json")
    assert response.status_code == 400
    assert "order" in response.json()
    created = alice_api.post(
        f"/api/v1/workshops/{draft.pk}/criteria/", {"name": "Cost", "axis": "impact", "order": huge}, format="json"
    )
    assert created.status_code == 400
    assert "order" in created.json()
    order = criterion.order
    criterion.refresh_from_db()
    assert criterion.order == order
