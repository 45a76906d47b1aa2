"""Managers (viewers of a client): granted and removed by facilitators, read everything, change nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from roi.models import RoiEstimate
from summaries.models import Summary
from tests.factories import ParticipantFactory, UseCaseFactory, UserFactory
from usecases.models import Criterion, Score, UseCase, Vote
from workshop.models import Client, Workshop
from workshop.selectors import user_can_facilitate

pytestmark = pytest.mark.django_db


@pytest.fixture
def use_case(workshop):
    return UseCaseFactory(workshop=workshop, title="Invoice matching", status="shortlisted")


# Granting and removing read access -------------------------------------------


def test_facilitator_grants_read_access_by_username(alice_client, workshop):
    UserFactory(username="Hélène")

    response = alice_client.post(f"/clients/{workshop.client.pk}/viewers/", {"username": " hélène "})

    assert response.status_code == 302
    assert response["Location"] == f"/clients/{workshop.client.pk}/"
    assert list(workshop.client.viewers.values_list("username", flat=True)) == ["Hélène"]


def test_facilitator_grants_read_access_by_email(alice_client, workshop):
    UserFactory(username="hd", email="helene@example.com")

    alice_client.post(f"/clients/{workshop.client.pk}/viewers/", {"username": "Helene@Example.com"})

    assert workshop.client.viewers.filter(username="hd").exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("nobody", "Nobody has this username or email."),
        ("", "This field is required."),
        ("alice", "already facilitates this client"),
    ],
)
def test_granting_to_unknown_user_or_facilitator_shows_the_error_on_the_field(alice_client, workshop, typed, message):
    response = alice_client.post(f"/clients/{workshop.client.pk}/viewers/", {"username": typed})

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'value="{typed}"' in page or not typed  # the form keeps what was typed
    assert not workshop.client.viewers.exists()


def test_email_shared_by_two_users_asks_for_the_username(alice_client, workshop):
    UserFactory(username="a1", email="team@example.com")
    UserFactory(username="a2", email="team@example.com")

    response = alice_client.post(f"/clients/{workshop.client.pk}/viewers/", {"username": "team@example.com"})

    assert "enter their username" in response.content.decode()
    assert not workshop.client.viewers.exists()


def test_facilitator_removes_a_viewer(alice_client, workshop, victor):
    response = alice_client.post(f"/clients/{workshop.client.pk}/viewers/{victor.pk}/remove/")

    assert response.status_code == 302
    assert not workshop.client.viewers.exists()


def test_removed_viewer_loses_access(alice_client, victor_client, workshop, victor):
    assert victor_client.get(f"/workshops/{workshop.pk}/").status_code == 200
    alice_client.post(f"/clients/{workshop.client.pk}/viewers/{victor.pk}/remove/")
    assert victor_client.get(f"/workshops/{workshop.pk}/").status_code == 404


def test_viewer_pages_are_post_only(alice_client, workshop, victor):
    assert alice_client.get(f"/clients/{workshop.client.pk}/viewers/").status_code == 405
    assert alice_client.get(f"/clients/{workshop.client.pk}/viewers/{victor.pk}/remove/").status_code == 405


def test_outsider_cannot_grant_or_remove(charlie_client, workshop, victor):
    UserFactory(username="spy")
    client_pk = workshop.client.pk
    assert charlie_client.post(f"/clients/{client_pk}/viewers/", {"username": "spy"}).status_code == 404
    assert charlie_client.post(f"/clients/{client_pk}/viewers/{victor.pk}/remove/").status_code == 404
    assert list(workshop.client.viewers.all()) == [victor]


def test_client_page_lists_viewers_and_grant_form_to_facilitators(alice_client, victor_client, workshop, victor):
    page = alice_client.get(f"/clients/{workshop.client.pk}/").content.decode()
    assert "victor" in page
    assert "Grant read access" in page
    assert "Remove" in page
    assert '<label for="id_username">' in page

    manager_page = victor_client.get(f"/clients/{workshop.client.pk}/")
    assert manager_page.status_code == 200
    assert "Grant read access" not in manager_page.content.decode()
    assert "Export plan" in manager_page.content.decode()


# API -------------------------------------------------------------------------


def test_api_lists_grants_and_removes_viewers(alice_api, workshop, victor):
    url = f"/api/v1/clients/{workshop.client.pk}/viewers/"
    UserFactory(username="hugo", first_name="Hugo")

    assert [v["username"] for v in alice_api.get(url).json()] == ["victor"]
    created = alice_api.post(url, {"username": "hugo"}, format="json")
    assert created.status_code == 201
    assert created.json()["username"] == "hugo"
    assert set(workshop.client.viewers.values_list("username", flat=True)) == {"hugo", "victor"}

    assert alice_api.delete(f"{url}{victor.pk}/").status_code == 204
    assert list(workshop.client.viewers.values_list("username", flat=True)) == ["hugo"]


def test_api_grant_errors_are_field_errors(alice_api, workshop):
    url = f"/api/v1/clients/{workshop.client.pk}/viewers/"
    unknown = alice_api.post(url, {"username": "nobody"}, format="json")
    assert unknown.status_code == 400
    assert "username" in unknown.json()
    assert alice_api.post(url, {}, format="json").status_code == 400


def test_api_removing_someone_who_is_not_a_viewer_is_404(alice_api, workshop, alice):
    assert alice_api.delete(f"/api/v1/clients/{workshop.client.pk}/viewers/{alice.pk}/").status_code == 404


def test_api_viewers_are_for_facilitators_of_the_client(victor_api, charlie_api, workshop, victor):
    url = f"/api/v1/clients/{workshop.client.pk}/viewers/"
    assert victor_api.get(url).status_code == 403
    assert victor_api.post(url, {"username": "victor"}, format="json").status_code == 403
    assert victor_api.delete(f"{url}{victor.pk}/").status_code == 403
    assert charlie_api.get(url).status_code == 404
    assert charlie_api.delete(f"{url}{victor.pk}/").status_code == 404
    assert list(workshop.client.viewers.all()) == [victor]


# A viewer reads everything of their client ---------------------------------


def test_viewer_reads_board_dashboard_and_client(victor_client, workshop):
    board = victor_client.get(f"/workshops/{workshop.pk}/")
    assert board.status_code == 200
    assert "Read-only view" in board.content.decode()
    assert "Next phase" not in board.content.decode()
    assert workshop.title in victor_client.get("/dashboard/").content.decode()
    assert victor_client.get(f"/clients/{workshop.client.pk}/").status_code == 200


def test_viewer_reads_results_and_portfolio_before_reveal(victor_client, victor_api, workshop, use_case):
    assert not workshop.results_revealed
    assert victor_client.get(f"/workshops/{workshop.pk}/results/").status_code == 200
    assert victor_client.get(f"/workshops/{workshop.pk}/portfolio/").status_code == 200
    assert victor_api.get(f"/api/v1/workshops/{workshop.pk}/").status_code == 200
    assert victor_api.get(f"/api/v1/workshops/{workshop.pk}/ranking/").status_code == 200
    assert victor_api.get(f"/api/v1/workshops/{workshop.pk}/portfolio/").status_code == 200
    assert victor_api.get(f"/api/v1/clients/{workshop.client.pk}/").status_code == 200


def test_viewer_of_client_a_gets_404_on_client_b(victor_client, victor_api, other_workshop):
    pk, client_pk = other_workshop.pk, other_workshop.client.pk
    for url in (
        f"/workshops/{pk}/",
        f"/workshops/{pk}/results/",
        f"/workshops/{pk}/portfolio/",
        f"/workshops/{pk}/plan.csv",
        f"/workshops/{pk}/plan.pdf",
        f"/clients/{client_pk}/",
        f"/clients/{client_pk}/plan.xlsx",
    ):
        assert victor_client.get(url).status_code == 404, url
    for url in (
        f"/api/v1/workshops/{pk}/",
        f"/api/v1/workshops/{pk}/plan.md",
        f"/api/v1/clients/{client_pk}/",
        f"/api/v1/clients/{client_pk}/plan.csv",
    ):
        assert victor_api.get(url).status_code == 404, url
    assert victor_client.post(f"/workshops/{pk}/phase/", {"direction": "next"}).status_code == 404
    assert victor_api.post(f"/api/v1/workshops/{pk}/phase/", {"phase": "score"}, format="json").status_code == 404
    assert victor_api.patch(f"/api/v1/workshops/{pk}/", {"title": "X"}, format="json").status_code == 404
    assert other_workshop.title not in victor_client.get("/dashboard/").content.decode()


# A viewer changes nothing --------------------------------------------------


def _state(workshop: Workshop) -> tuple:
    workshop.refresh_from_db()
    client = Client.objects.get(pk=workshop.client_id)
    return (
        workshop.version,
        workshop.phase,
        workshop.title,
        workshop.join_code,
        workshop.results_revealed,
        workshop.phase_ends_at,
        client.name,
        client.llm_allowed,
        sorted(client.viewers.values_list("pk", flat=True)),
        list(UseCase.objects.values_list("pk", "title", "status", "merged_into_id")),
        list(Criterion.objects.values_list("pk", "name", "weight")),
        Score.objects.count(),
        Vote.objects.count(),
        Summary.objects.count(),
        [(e.use_case_id, e.effort_days) for e in RoiEstimate.objects.all()],
    )


# A complete, valid use-case form: a viewer is refused for who they are, not for what they typed.
USE_CASE_FORM = {
    "title": "New idea",
    "category": "other",
    "ai_act_tier": "minimal",
    "client_role": "deployer",
    "personal_data": "no",
    "data_location": "eu_cloud",
    "model_location": "eu_cloud",
}


def _workshop_page_writes(workshop: Workshop, use_case: UseCase) -> list[tuple[str, dict]]:
    pk, uc = workshop.pk, use_case.pk
    criterion = workshop.criteria.first()
    c, w = f"c{criterion.pk}-name", f"c{criterion.pk}-weight"
    other = UseCaseFactory(workshop=workshop, title="Duplicate")
    return [
        (f"/workshops/{pk}/phase/", {"direction": "next"}),
        (f"/workshops/{pk}/phase/", {"phase": "closed"}),
        (f"/workshops/{pk}/reveal/", {"revealed": "1"}),
        (f"/workshops/{pk}/code/", {}),
        (f"/workshops/{pk}/timebox/", {"minutes": "5"}),
        (f"/workshops/{pk}/edit/", {"title": "Hacked", "language": "en", "currency": "EUR"}),
        (f"/clients/{workshop.client_id}/edit/", {"name": "Hacked"}),
        (f"/clients/{workshop.client_id}/viewers/", {"username": "victor"}),
        (f"/workshops/{pk}/summaries/", {}),
        (f"/workshops/{pk}/use-cases/new/", USE_CASE_FORM),
        (f"/workshops/{pk}/criteria/", {"new-name": "New", "new-axis": "impact", "new-weight": "2"}),
        (f"/workshops/{pk}/criteria/{criterion.pk}/", {c: "Renamed", f"c{criterion.pk}-axis": "impact", w: "5"}),
        (f"/workshops/{pk}/criteria/{criterion.pk}/", {"action": "delete"}),
        (f"/use-cases/{uc}/edit/", {**USE_CASE_FORM, "title": "Hacked"}),
        (f"/use-cases/{uc}/delete/", {}),
        (f"/use-cases/{uc}/status/", {"status": "rejected"}),
        (f"/use-cases/{uc}/merge/", {"into": other.pk}),
        (f"/use-cases/{uc}/scores/", {f"criterion-{criterion.pk}": "5"}),
        (f"/use-cases/{uc}/vote/", {"action": "add"}),
        (f"/use-cases/{uc}/roi/", {"effort_days": "99"}),
    ]


def test_viewer_gets_403_on_every_page_write(victor_client, workshop, use_case, victor):
    ParticipantFactory(workshop=workshop)
    writes = _workshop_page_writes(workshop, use_case)
    before = _state(workshop)

    for url, data in writes:
        response = victor_client.post(url, data)
        assert response.status_code == 403, (url, response.status_code)

    assert victor_client.get(f"/workshops/{workshop.pk}/edit/").status_code == 403
    assert victor_client.get(f"/clients/{workshop.client_id}/edit/").status_code == 403
    assert _state(workshop) == before


def test_viewer_gets_403_on_every_api_write(victor_api, workshop, use_case, victor):
    pk, uc = workshop.pk, use_case.pk
    criterion = workshop.criteria.first()
    before = _state(workshop)
    calls = [
        ("patch", f"/api/v1/workshops/{pk}/", {"title": "Hacked"}),
        ("post", f"/api/v1/workshops/{pk}/phase/", {"phase": "score"}),
        ("post", f"/api/v1/workshops/{pk}/reveal/", {"revealed": True}),
        ("post", f"/api/v1/workshops/{pk}/regenerate-code/", {}),
        ("patch", f"/api/v1/clients/{workshop.client_id}/", {"name": "Hacked"}),
        ("put", f"/api/v1/clients/{workshop.client_id}/", {"name": "Hacked", "llm_allowed": False}),
        ("post", f"/api/v1/clients/{workshop.client_id}/viewers/", {"username": "alice"}),
        ("delete", f"/api/v1/clients/{workshop.client_id}/viewers/{victor.pk}/", {}),
        ("post", f"/api/v1/workshops/{pk}/summaries/", {}),
        ("post", f"/api/v1/workshops/{pk}/use-cases/", {"title": "New idea"}),
        ("post", f"/api/v1/workshops/{pk}/criteria/", {"name": "New", "axis": "impact", "weight": 2}),
        ("patch", f"/api/v1/criteria/{criterion.pk}/", {"weight": 5}),
        ("patch", f"/api/v1/use-cases/{uc}/", {"title": "Hacked"}),
        ("delete", f"/api/v1/use-cases/{uc}/", {}),
        ("post", f"/api/v1/use-cases/{uc}/merge/", {"into": uc}),
        ("put", f"/api/v1/use-cases/{uc}/scores/", {"scores": {str(criterion.pk): 5}}),
        ("post", f"/api/v1/use-cases/{uc}/vote/", {"dots": 1}),
        ("put", f"/api/v1/use-cases/{uc}/roi/", {"effort_days": "99"}),
    ]
    for method, url, data in calls:
        response = getattr(victor_api, method)(url, data, format="json")
        assert response.status_code == 403, (method, url, response.status_code)

    assert _state(workshop) == before


def test_a_viewer_is_not_a_facilitator(victor_client, victor):
    assert not user_can_facilitate(victor)
    assert victor_client.post("/workshops/new/", {"title": "Mine"}).status_code == 403
    assert victor_client.post("/clients/new/", {"name": "Mine"}).status_code == 403
    assert not Client.objects.filter(name="Mine").exists()


# Demo ------------------------------------------------------------------------


def test_seed_demo_creates_a_manager_viewer_once_and_prints_the_login():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=io.StringIO())

    manager = get_user_model().objects.get(username="manager")
    assert manager.check_password("atelier-demo")
    assert not user_can_facilitate(manager)
    assert list(manager.clients_viewed.values_list("name", flat=True)) == ["Maison Durand Logistics"]
    assert "Manager login:     manager / atelier-demo" in out.getvalue()
    assert Workshop.objects.filter(client__viewers=manager).exists()


def test_outsider_facilitator_cannot_grant_himself_a_foreign_client(charlie_api, workshop):
    url = f"/api/v1/clients/{workshop.client.pk}/viewers/"
    assert charlie_api.post(url, {"username": "charlie"}, format="json").status_code == 404
    assert not workshop.client.viewers.exists()


def test_viewer_is_refused_before_any_form_is_read(victor_client, workshop, use_case):
    for url in (
        f"/workshops/{workshop.pk}/use-cases/new/",
        f"/workshops/{workshop.pk}/criteria/",
        f"/use-cases/{use_case.pk}/edit/",
        f"/use-cases/{use_case.pk}/roi/",
    ):
        assert victor_client.post(url, {}).status_code == 403, url
    use_case.refresh_from_db()
    assert use_case.title == "Invoice matching"


def test_removing_a_non_viewer_is_404_and_names_nobody(alice_client, workshop):
    stranger = UserFactory(username="secret_admin_name")
    response = alice_client.post(f"/clients/{workshop.client_id}/viewers/{stranger.pk}/remove/", follow=True)
    assert response.status_code == 404
    assert "secret_admin_name" not in response.content.decode()
