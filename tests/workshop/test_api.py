import pytest

from tests.factories import ClientFactory
from workshop.models import Participant, Workshop

pytestmark = pytest.mark.django_db


def test_facilitator_creates_client_and_workshop_over_api(alice_api):
    client_id = alice_api.post("/api/v1/clients/", {"name": "Acme"}, format="json").json()["id"]
    response = alice_api.post("/api/v1/workshops/", {"title": "Claims", "client": client_id}, format="json")

    assert response.status_code == 201
    body = response.json()
    for key in ("id", "join_code", "phase", "votes_per_participant", "max_votes_per_use_case"):
        assert key in body
    assert body["phase"] == "draft"
    assert Workshop.objects.get(pk=body["id"]).criteria.count() == 7


def test_api_create_workshop_bad_input_gives_field_errors(alice_api):
    response = alice_api.post("/api/v1/workshops/", {"title": "", "client": 999}, format="json")
    assert response.status_code == 400
    assert set(response.json()) >= {"title", "client"}


def test_api_create_workshop_for_foreign_client_is_400(alice_api, charlie):
    foreign = ClientFactory(created_by=charlie)
    response = alice_api.post("/api/v1/workshops/", {"title": "X", "client": foreign.pk}, format="json")
    assert response.status_code == 400
    assert "client" in response.json()


def test_token_auth_works_for_users(alice, client):
    response = client.post("/api/v1/auth/token/", {"username": "alice", "password": "pass-word-123"})
    key = response.json()["token"]
    listing = client.get("/api/v1/workshops/", HTTP_AUTHORIZATION=f"Token {key}")
    assert listing.status_code == 200


def test_join_over_api_returns_a_token_that_authenticates(client, workshop):
    response = client.post(
        "/api/v1/join/", {"join_code": workshop.join_code, "display_name": "Dana"}, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) >= {"participant_id", "workshop_id", "token"}
    assert body["workshop_id"] == workshop.pk

    me = client.get(f"/api/v1/workshops/{workshop.pk}/", HTTP_AUTHORIZATION=f"Participant {body['token']}")
    assert me.status_code == 200
    assert me.json()["phase"] == "collect"


def test_api_join_errors_are_field_errors(client, workshop):
    Participant.objects.create(workshop=workshop, display_name="Dana", token_hash="x" * 64)
    wrong = client.post(
        "/api/v1/join/", {"join_code": "ZZZZZZZZ", "display_name": "Eve"}, content_type="application/json"
    )
    assert wrong.status_code == 400
    assert "join_code" in wrong.json()
    dup = client.post(
        "/api/v1/join/", {"join_code": workshop.join_code, "display_name": "DANA"}, content_type="application/json"
    )
    assert dup.status_code == 400
    assert "display_name" in dup.json()


def test_facilitator_changes_phase_over_api(alice_api, workshop):
    response = alice_api.post(f"/api/v1/workshops/{workshop.pk}/phase/", {"phase": "score"}, format="json")
    assert response.status_code == 200
    workshop.refresh_from_db()
    assert workshop.phase == "score"


def test_bad_phase_is_400(alice_api, workshop):
    response = alice_api.post(f"/api/v1/workshops/{workshop.pk}/phase/", {"phase": "party"}, format="json")
    assert response.status_code == 400
    assert "phase" in response.json()


def test_participant_cannot_change_phase_over_api(bob_api, workshop):
    response = bob_api.post(f"/api/v1/workshops/{workshop.pk}/phase/", {"phase": "score"}, format="json")
    assert response.status_code == 403
    workshop.refresh_from_db()
    assert workshop.phase == "collect"


def test_other_facilitator_gets_404_over_api(charlie_api, workshop):
    assert charlie_api.get(f"/api/v1/workshops/{workshop.pk}/").status_code == 404
    response = charlie_api.post(f"/api/v1/workshops/{workshop.pk}/phase/", {"phase": "score"}, format="json")
    assert response.status_code == 404


def test_participant_of_a_gets_404_on_b_over_api(bob_api, other_workshop, workshop):
    assert bob_api.get(f"/api/v1/workshops/{other_workshop.pk}/").status_code == 404
    listing = bob_api.get("/api/v1/workshops/").json()
    assert [w["id"] for w in listing] == [workshop.pk]


def test_anonymous_api_is_refused(client, workshop):
    assert client.get(f"/api/v1/workshops/{workshop.pk}/").status_code in {401, 403}


def test_bad_participant_token_is_401(client, workshop):
    response = client.get(f"/api/v1/workshops/{workshop.pk}/", HTTP_AUTHORIZATION="Participant nope")
    assert response.status_code == 401


def test_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


def test_api_patch_workshop_with_a_list_body_is_400_and_changes_nothing(alice_api, workshop):
    response = alice_api.patch(f"/api/v1/workshops/{workshop.pk}/", [None, None], format="json")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    title = workshop.title
    workshop.refresh_from_db()
    assert workshop.title == title


def test_api_patch_workshop_accepts_a_form_encoded_body(alice_api, workshop):
    response = alice_api.patch(f"/api/v1/workshops/{workshop.pk}/", {"title": "Renamed"}, format="multipart")

    assert response.status_code == 200
    workshop.refresh_from_db()
    assert workshop.title == "Renamed"


def test_api_answers_alike_for_a_missing_client_and_someone_elses(alice_api, charlie):
    foreign = ClientFactory(created_by=charlie)
    missing = alice_api.post("/api/v1/workshops/", {"title": "X", "client": 987654}, format="json")
    theirs = alice_api.post("/api/v1/workshops/", {"title": "X", "client": foreign.pk}, format="json")
    assert missing.status_code == theirs.status_code == 400
    assert missing.json()["client"][0].replace("987654", "N") == theirs.json()["client"][0].replace(
        str(foreign.pk), "N"
    )
