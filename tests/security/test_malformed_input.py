"""Malformed input is a 400 (or a 404), never a 500: deep JSON, lone surrogates, format suffixes, huge orders."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from config.parsers import MAX_JSON_DEPTH, json_depth
from tests.factories import CriterionFactory, UseCaseFactory
from usecases.models import Criterion
from usecases.services import MAX_CRITERIA, ORDER_MAX

pytestmark = pytest.mark.django_db

DEEP = "[" * 5000 + "]" * 5000
DEEP_OBJECT = '{"a":' * 3000 + "1" + "}" * 3000


def test_json_depth_counts_nesting_and_ignores_brackets_in_strings():
    assert json_depth('{"a": [1, {"b": "[[[["}]}') == 3
    assert json_depth('"\\"[[["') == 0
    assert json_depth(DEEP) == 5000


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT])
@pytest.mark.parametrize("url", ["/api/v1/join/", "/api/v1/auth/token/"])
def test_deeply_nested_json_on_unauthenticated_endpoints_is_a_400(url, body):
    response = APIClient().post(url, data=body, content_type="application/json")

    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_deeply_nested_json_on_a_write_is_a_400_and_saves_nothing(alice_api, workshop):
    response = alice_api.post(f"/api/v1/workshops/{workshop.pk}/use-cases/", data=DEEP, content_type="application/json")

    assert response.status_code == 400
    assert not workshop.use_cases.exists()


def test_json_at_the_depth_limit_still_parses(alice_api, workshop):
    body = (
        '{"title": "Nested", "problem": "x", "extra": ' + "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1) + "}"
    )

    response = alice_api.post(f"/api/v1/workshops/{workshop.pk}/use-cases/", data=body, content_type="application/json")

    assert response.status_code == 201


@pytest.mark.parametrize(
    "field", ["category", "ai_act_tier", "client_role", "personal_data", "data_location", "model_location", "status"]
)
def test_a_lone_surrogate_in_a_choice_field_is_a_400(alice_api, workshop, field):
    body = '{"title": "Surrogate", "' + field + '": "\\ud800"}'

    response = alice_api.post(f"/api/v1/workshops/{workshop.pk}/use-cases/", data=body, content_type="application/json")

    assert response.status_code == 400
    assert "surrogate" in response.json()["detail"]
    assert not workshop.use_cases.exists()


def test_a_lone_surrogate_as_a_score_key_is_a_400(bob_api, workshop, bob):
    workshop.phase = "score"
    workshop.save()
    use_case = UseCaseFactory(workshop=workshop)

    response = bob_api.put(
        f"/api/v1/use-cases/{use_case.pk}/scores/", data='{"scores": {"\\udfff": 3}}', content_type="application/json"
    )

    assert response.status_code == 400
    assert not use_case.scores.exists()


def test_a_lone_surrogate_in_the_join_name_is_a_400():
    response = APIClient().post(
        "/api/v1/join/", data='{"join_code": "ACDEFGHJ", "display_name": "\\ud83d"}', content_type="application/json"
    )

    assert response.status_code == 400


def test_a_proper_surrogate_pair_is_an_ordinary_character(alice_api, workshop):
    response = alice_api.post(
        f"/api/v1/workshops/{workshop.pk}/use-cases/",
        data='{"title": "Rocket \\ud83d\\ude80"}',
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["title"] == "Rocket 🚀"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/workshops.json", "/api/v1/workshops/{pk}.json", "/api/v1/clients.json", "/api/v1/clients/{client}.json"],
)
def test_format_suffix_urls_are_404_not_500(alice_api, workshop, path):
    response = alice_api.get(path.format(pk=workshop.pk, client=workshop.client_id))

    assert response.status_code == 404


def test_an_oversized_body_is_a_400(alice_api, workshop, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"title": "Big", "problem": "%s"}' % ("x" * 2000)

    response = alice_api.post(f"/api/v1/workshops/{workshop.pk}/use-cases/", data=body, content_type="application/json")

    assert response.status_code == 400


def test_a_criterion_order_past_the_bound_is_refused_and_adding_criteria_keeps_working(alice_api, alice):
    from tests.factories import WorkshopFactory

    draft = WorkshopFactory(facilitators=[alice], phase="draft")
    criterion = draft.criteria.first()

    response = alice_api.patch(f"/api/v1/criteria/{criterion.pk}/", {"order": 32767}, format="json")
    assert response.status_code == 400

    response = alice_api.patch(f"/api/v1/criteria/{criterion.pk}/", {"order": ORDER_MAX}, format="json")
    assert response.status_code == 200
    response = alice_api.post(
        f"/api/v1/workshops/{draft.pk}/criteria/", {"name": "After the last", "axis": "impact"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["order"] == ORDER_MAX + 1


def test_a_workshop_holds_a_bounded_number_of_criteria(alice_api, alice):
    from tests.factories import WorkshopFactory

    draft = WorkshopFactory(facilitators=[alice], phase="draft", criteria=False)
    for _ in range(MAX_CRITERIA):
        CriterionFactory(workshop=draft, order=ORDER_MAX)

    response = alice_api.post(
        f"/api/v1/workshops/{draft.pk}/criteria/", {"name": "One more", "axis": "impact"}, format="json"
    )

    assert response.status_code == 409
    assert Criterion.objects.filter(workshop=draft).count() == MAX_CRITERIA


@pytest.mark.parametrize("path", ["/api/v1/workshops/abc/", "/api/v1/use-cases/0.5/vote/", "/api/v1/nothing-here/"])
def test_an_api_path_no_route_matches_is_a_json_404(alice_api, path):
    response = alice_api.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_a_page_no_route_matches_is_still_the_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]
