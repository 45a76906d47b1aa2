import pytest
from django.urls import reverse

from tests.factories import ClientFactory, UserFactory
from usecases.models import Criterion
from workshop.models import Client, Workshop

pytestmark = pytest.mark.django_db


def test_facilitator_creates_client_then_workshop_with_default_criteria(alice_client, alice):
    alice_client.post(reverse("workshop:client-create"), {"name": "Acme", "llm_allowed": "on"})
    client = Client.objects.get(name="Acme")

    response = alice_client.post(
        reverse("workshop:workshop-create"),
        {
            "client": client.pk,
            "title": "Claims AI",
            "language": "fr",
            "currency": "eur",
            "votes_per_participant": 5,
            "max_votes_per_use_case": 3,
        },
    )
    workshop = Workshop.objects.get(title="Claims AI")
    assert response.status_code == 302
    assert workshop.phase == "draft"
    assert workshop.currency == "EUR"
    assert list(workshop.facilitators.all()) == [alice]
    assert len(workshop.join_code) == 8
    criteria = Criterion.objects.filter(workshop=workshop)
    assert criteria.filter(axis="impact").count() == 3
    assert criteria.filter(axis="feasibility").count() == 4
    # A French workshop gets French criterion names once translations exist; the count holds either way.
    page = alice_client.get(response.url).content.decode()
    assert workshop.join_code in page


def test_bad_workshop_input_rerenders_with_errors_and_data(alice_client, alice):
    client = ClientFactory(created_by=alice)
    response = alice_client.post(
        reverse("workshop:workshop-create"),
        {
            "client": client.pk,
            "title": "Kept title",
            "language": "en",
            "currency": "EUR",
            "votes_per_participant": 2,
            "max_votes_per_use_case": 3,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Cannot be more than the votes per participant" in page
    assert 'value="Kept title"' in page
    assert not Workshop.objects.exists()


def test_a_currency_the_form_let_through_is_refused_by_the_service(alice_client, alice, workshop):
    client = ClientFactory(created_by=alice)
    data = {
        "client": client.pk,
        "title": "Kept title",
        "language": "fr",
        "votes_per_participant": 5,
        "max_votes_per_use_case": 3,
    }
    for currency in ("€", "E1"):
        response = alice_client.post(reverse("workshop:workshop-create"), {**data, "currency": currency})
        assert "Give a three-letter currency code, such as EUR." in response.content.decode()
        assert 'value="Kept title"' in response.content.decode()
    assert not Workshop.objects.filter(title="Kept title").exists()
    created = alice_client.post(reverse("workshop:workshop-create"), {**data, "currency": " chf "})
    assert created.status_code == 302
    assert Workshop.objects.get(title="Kept title").currency == "CHF"


def test_cannot_create_workshop_for_someone_elses_client(alice_client):
    foreign = ClientFactory(created_by=UserFactory(username="zed", facilitator=True))
    response = alice_client.post(
        reverse("workshop:workshop-create"),
        {
            "client": foreign.pk,
            "title": "Sneaky",
            "language": "en",
            "currency": "EUR",
            "votes_per_participant": 5,
            "max_votes_per_use_case": 3,
        },
    )
    assert response.status_code == 200
    assert not Workshop.objects.exists()


def test_user_without_facilitator_role_cannot_create(client):
    manager = UserFactory(username="manager")
    client.force_login(manager)
    assert client.get(reverse("workshop:workshop-create")).status_code == 403
    assert client.post(reverse("workshop:client-create"), {"name": "X"}).status_code == 403
    assert not Client.objects.exists()


def test_edit_settings_in_draft(alice_client, workshop):
    response = alice_client.post(
        reverse("workshop:workshop-edit", args=[workshop.pk]),
        {
            "title": "Renamed",
            "objective": "",
            "language": "en",
            "currency": "USD",
            "votes_per_participant": 7,
            "max_votes_per_use_case": 2,
        },
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.title, workshop.votes_per_participant, workshop.currency) == ("Renamed", 7, "USD")


def _settings(votes, cap):
    return {
        "title": "T",
        "language": "en",
        "currency": "EUR",
        "votes_per_participant": votes,
        "max_votes_per_use_case": cap,
    }


def test_vote_budget_never_drops_below_votes_already_cast(alice_client, workshop, bob):
    from tests.factories import UseCaseFactory
    from usecases.models import Vote

    workshop.phase = "score"  # moved back from Vote after votes were cast
    workshop.save()
    Vote.objects.create(participant=bob, use_case=UseCaseFactory(workshop=workshop), dots=3)
    Vote.objects.create(participant=bob, use_case=UseCaseFactory(workshop=workshop), dots=1)
    url = reverse("workshop:workshop-edit", args=[workshop.pk])

    response = alice_client.post(url, _settings(votes=2, cap=2))
    page = response.content.decode()
    assert response.status_code == 200
    assert "already cast 4 votes" in page
    assert "already has 3 votes on one use case" in page
    workshop.refresh_from_db()
    assert (workshop.votes_per_participant, workshop.max_votes_per_use_case) == (5, 3)


def test_vote_budget_can_rise_during_voting(alice_client, workshop):
    workshop.phase = "vote"
    workshop.save()
    response = alice_client.post(reverse("workshop:workshop-edit", args=[workshop.pk]), _settings(votes=8, cap=4))
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.votes_per_participant, workshop.max_votes_per_use_case) == (8, 4)


def test_participant_and_outsider_cannot_edit(bob_client, charlie_client, workshop):
    url = reverse("workshop:workshop-edit", args=[workshop.pk])
    assert bob_client.get(url).status_code == 403
    assert charlie_client.get(url).status_code == 404


def test_seed_demo_is_idempotent(django_user_model):
    from django.core.management import call_command

    call_command("seed_demo", "--quiet")
    call_command("seed_demo", "--quiet")
    assert Workshop.objects.filter(join_code="DEMXAT26").count() == 1
    assert django_user_model.objects.filter(username="facilitator").count() == 1


def test_seed_demo_prints_links_to_the_port_it_is_served_on(settings):
    """`make run PORT=8710` passes its port: the links printed lead to that server, not to 8000."""
    from io import StringIO

    from django.core.management import call_command

    settings.PUBLIC_URL = ""
    out = StringIO()
    call_command("seed_demo", "--port", "8710", stdout=out)

    assert "http://127.0.0.1:8710/join/" in out.getvalue()
    assert ":8000" not in out.getvalue()
