"""Every text people type has a length limit held by the service, the forms, the API and the database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from tests.factories import ClientFactory, CriterionFactory, ParticipantFactory, UseCaseFactory
from usecases import services as usecase_services
from usecases.models import TEXT_MAX_LENGTHS, UseCase
from workshop import services as workshop_services
from workshop.models import OBJECTIVE_MAX_LENGTH, Workshop
from workshop.selectors import Actor, Role, workshop_access

pytestmark = pytest.mark.django_db

CONTENT_LIMITS = {field: limit for field, limit in TEXT_MAX_LENGTHS.items() if field != "title"}


@pytest.mark.parametrize(("field", "limit"), TEXT_MAX_LENGTHS.items())
def test_the_api_refuses_a_use_case_text_past_its_limit_with_a_field_error(alice_api, workshop, field, limit):
    body = {"title": "Long one", field: "x" * (limit + 1)}

    response = alice_api.post(f"/api/v1/workshops/{workshop.pk}/use-cases/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not workshop.use_cases.exists()


@pytest.mark.parametrize(("field", "limit"), TEXT_MAX_LENGTHS.items())
def test_a_use_case_text_at_its_limit_is_saved(alice_api, workshop, field, limit):
    body = {"title": "Long one", field: "é" * limit}

    response = alice_api.post(f"/api/v1/workshops/{workshop.pk}/use-cases/", body, format="json")

    assert response.status_code == 201
    assert getattr(UseCase.objects.get(), field) == "é" * limit


@pytest.mark.parametrize(("field", "limit"), CONTENT_LIMITS.items())
def test_the_service_refuses_a_use_case_text_past_its_limit(alice, workshop, field, limit):
    access = workshop_access(actor=Actor(user=alice), pk=workshop.pk)
    assert access.role == Role.FACILITATOR

    with pytest.raises(ValidationError) as caught:
        usecase_services.use_case_create(access=access, data={"title": "Long", field: "y" * (limit + 1)})

    assert field in caught.value.message_dict
    assert str(limit) in caught.value.message_dict[field][0]


@pytest.mark.parametrize(("field", "limit"), TEXT_MAX_LENGTHS.items())
def test_the_database_refuses_a_use_case_text_past_its_limit(workshop, field, limit):
    use_case = UseCaseFactory(workshop=workshop)
    setattr(use_case, field, "z" * (limit + 1))

    # SQLite: the check constraint; PostgreSQL: the varchar length (DataError) or the constraint.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        use_case.save()


def test_the_page_form_keeps_the_text_and_says_what_is_too_long(bob_client, bob, workshop):
    long_problem = "p" * (TEXT_MAX_LENGTHS["problem"] + 1)

    response = bob_client.post(f"/workshops/{workshop.pk}/use-cases/new/", {"title": "Mine", "problem": long_problem})

    assert response.status_code == 400
    page = response.content.decode()
    assert long_problem in page
    assert "at most 2000 characters" in page
    assert not workshop.use_cases.exists()


def test_the_use_case_form_tells_the_browser_each_limit(bob_client, bob, workshop):
    page = bob_client.get(f"/workshops/{workshop.pk}/board/").content.decode()

    for limit in CONTENT_LIMITS.values():
        assert f'maxlength="{limit}"' in page


@pytest.mark.parametrize(
    ("model", "field", "limit"),
    [
        ("client", "name", 200),
        ("workshop", "title", 200),
        ("workshop", "objective", OBJECTIVE_MAX_LENGTH),
        ("participant", "display_name", 60),
        ("criterion", "name", 100),
    ],
)
def test_the_database_refuses_other_texts_past_their_limits(workshop, model, field, limit):
    row = {
        "client": workshop.client,
        "workshop": workshop,
        "participant": ParticipantFactory(workshop=workshop),
        "criterion": CriterionFactory(workshop=workshop),
    }[model]
    setattr(row, field, "w" * (limit + 1))

    # SQLite: the check constraint; PostgreSQL: the varchar length (DataError) or the constraint.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        row.save()


def test_a_workshop_objective_past_its_limit_is_a_field_error_on_page_and_api(alice_client, alice_api, workshop):
    long_objective = "o" * (OBJECTIVE_MAX_LENGTH + 1)

    page = alice_client.post(
        f"/workshops/{workshop.pk}/edit/",
        {
            "title": "Renamed",
            "objective": long_objective,
            "language": "en",
            "currency": "EUR",
            "votes_per_participant": 5,
            "max_votes_per_use_case": 3,
        },
    )
    api = alice_api.patch(f"/api/v1/workshops/{workshop.pk}/", {"objective": long_objective}, format="json")

    assert page.status_code == 200
    assert long_objective in page.content.decode()
    assert api.status_code == 400
    assert "objective" in api.json()
    workshop.refresh_from_db()
    assert workshop.title == "Claims triage"


def test_the_workshop_service_refuses_a_long_objective(alice):
    client = ClientFactory(created_by=alice)

    with pytest.raises(ValidationError) as caught:
        workshop_services.workshop_create(
            user=alice, client=client, title="T", objective="o" * (OBJECTIVE_MAX_LENGTH + 1)
        )

    assert "objective" in caught.value.message_dict
    assert not Workshop.objects.filter(client=client).exists()


def test_a_client_name_past_its_limit_is_a_400_on_the_api(alice_api):
    response = alice_api.post("/api/v1/clients/", {"name": "c" * 201}, format="json")

    assert response.status_code == 400
    assert "name" in response.json()


def test_the_client_service_refuses_a_long_name(alice):
    with pytest.raises(ValidationError):
        workshop_services.client_create(user=alice, name="c" * 201)


def test_a_display_name_that_grows_past_the_limit_when_normalised_is_refused(workshop):
    # U+FDFA is one character that NFKC spells out in 18.
    with pytest.raises(ValidationError) as caught:
        workshop_services.participant_join(join_code=workshop.join_code, display_name="\ufdfa" * 4)

    assert "display_name" in caught.value.message_dict
