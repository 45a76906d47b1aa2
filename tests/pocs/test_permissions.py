"""Who may do what with a POC: facilitators write, managers read (and record when the client lets them),
participants see the status only, outsiders nothing."""

from __future__ import annotations

import pytest

from pocs.models import CheckIn, Poc, PocStatus
from tests.conftest import assert_sent_to_join
from tests.pocs.test_api import START_BODY

pytestmark = pytest.mark.django_db

CHECK_IN = {"date": "2026-02-05", "hours_saved": "10"}
VERDICT = {"verdict": "extend", "reason": "One more sprint."}


def test_participant_reads_the_status_only(bob_api, poc):
    body = bob_api.get(f"/api/v1/pocs/{poc.pk}/").json()
    assert body == {"id": poc.pk, "use_case": poc.use_case_id, "title": "Invoice matching", "status": "running"}
    assert bob_api.get(f"/api/v1/use-cases/{poc.use_case_id}/poc/").json()["status"] == "running"
    assert bob_api.get(f"/api/v1/pocs/{poc.pk}/check-ins/").status_code == 403


def test_participant_page_shows_the_status_and_no_figures(bob_client, poc):
    response = bob_client.get(f"/pocs/{poc.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="poc-status"' in text
    assert "Running" in text
    assert "20,000" not in text
    assert "Planned against actual" not in text


def test_participant_writes_nothing(bob_api, bob_client, poc, use_case, workshop):
    assert bob_api.post(f"/api/v1/use-cases/{use_case.pk}/poc/", START_BODY, format="json").status_code == 403
    assert bob_api.post(f"/api/v1/pocs/{poc.pk}/check-ins/", CHECK_IN, format="json").status_code == 403
    assert bob_api.post(f"/api/v1/pocs/{poc.pk}/verdict/", VERDICT, format="json").status_code == 403
    item = poc.dod_items.first()
    assert bob_api.patch(f"/api/v1/pocs/{poc.pk}/definition-of-done/{item.pk}/", {"state": "done"}).status_code == 403
    assert bob_client.post(f"/pocs/{poc.pk}/check-ins/", CHECK_IN).status_code == 403
    assert bob_client.post(f"/pocs/{poc.pk}/verdict/", VERDICT).status_code == 403
    assert bob_client.get(f"/use-cases/{use_case.pk}/poc/start/").status_code == 403
    assert bob_api.get(f"/api/v1/workshops/{workshop.pk}/backlog.csv").status_code == 403
    assert bob_client.get(f"/workshops/{workshop.pk}/backlog.md").status_code == 403
    assert not CheckIn.objects.exists()


def test_manager_reads_everything_and_records_nothing_by_default(victor_api, victor_client, poc, use_case, workshop):
    body = victor_api.get(f"/api/v1/pocs/{poc.pk}/").json()
    assert body["baseline"]["npv"] == "68034.56"
    assert victor_client.get(f"/pocs/{poc.pk}/").status_code == 200
    assert victor_api.get(f"/api/v1/workshops/{workshop.pk}/backlog.csv").status_code == 200
    assert victor_api.post(f"/api/v1/pocs/{poc.pk}/check-ins/", CHECK_IN, format="json").status_code == 403
    assert victor_api.post(f"/api/v1/pocs/{poc.pk}/verdict/", VERDICT, format="json").status_code == 403
    assert victor_client.post(f"/pocs/{poc.pk}/check-ins/", CHECK_IN).status_code == 403
    assert victor_api.post(f"/api/v1/use-cases/{use_case.pk}/poc/", START_BODY, format="json").status_code == 403
    page = victor_client.get(f"/pocs/{poc.pk}/").content.decode()
    assert "Record a check-in" not in page
    assert "Record verdict" not in page
    assert not CheckIn.objects.exists()


def test_manager_records_check_ins_and_verdicts_once_the_client_grants_it(victor_api, victor_client, poc, workshop):
    workshop.client.managers_record_pocs = True
    workshop.client.save()
    assert victor_api.post(f"/api/v1/pocs/{poc.pk}/check-ins/", CHECK_IN, format="json").status_code == 201
    assert "Record a check-in" in victor_client.get(f"/pocs/{poc.pk}/").content.decode()
    assert victor_client.post(f"/pocs/{poc.pk}/verdict/", VERDICT).status_code == 302
    poc.refresh_from_db()
    assert poc.status == PocStatus.EXTEND
    item = poc.dod_items.first()
    assert (
        victor_api.patch(f"/api/v1/pocs/{poc.pk}/definition-of-done/{item.pk}/", {"state": "done"}).status_code == 403
    )
    assert victor_client.post(f"/pocs/{poc.pk}/definition-of-done/{item.pk}/", {"state": "done"}).status_code == 403


def test_outsider_gets_404_everywhere(charlie_api, charlie_client, poc, use_case, workshop):
    for url in (
        f"/api/v1/pocs/{poc.pk}/",
        f"/api/v1/pocs/{poc.pk}/check-ins/",
        f"/api/v1/use-cases/{use_case.pk}/poc/",
        f"/api/v1/workshops/{workshop.pk}/backlog.csv",
        f"/api/v1/workshops/{workshop.pk}/backlog.md",
        f"/api/v1/clients/{workshop.client_id}/pocs/",
    ):
        assert charlie_api.get(url).status_code == 404, url
    assert charlie_api.post(f"/api/v1/pocs/{poc.pk}/check-ins/", CHECK_IN, format="json").status_code == 404
    assert charlie_api.post(f"/api/v1/pocs/{poc.pk}/verdict/", VERDICT, format="json").status_code == 404
    assert charlie_api.post(f"/api/v1/use-cases/{use_case.pk}/poc/", START_BODY, format="json").status_code == 404
    for url in (
        f"/pocs/{poc.pk}/",
        f"/workshops/{workshop.pk}/pocs/",
        f"/workshops/{workshop.pk}/backlog.csv",
        f"/use-cases/{use_case.pk}/poc/start/",
        f"/clients/{workshop.client_id}/pocs/",
    ):
        assert charlie_client.get(url).status_code == 404, url
    assert charlie_client.post(f"/pocs/{poc.pk}/verdict/", VERDICT).status_code == 404
    assert Poc.objects.get().status == PocStatus.RUNNING


def test_anonymous_api_calls_are_401(client, poc):
    from rest_framework.test import APIClient

    assert APIClient().get(f"/api/v1/pocs/{poc.pk}/").status_code == 401
    assert_sent_to_join(client.get(f"/pocs/{poc.pk}/"), poc.use_case.workshop_id)


def test_only_a_facilitator_of_the_client_changes_the_managers_setting(
    alice_client, victor_client, charlie_client, workshop
):
    url = f"/clients/{workshop.client_id}/poc-recording/"
    assert victor_client.post(url, {"managers_record_pocs": "on"}).status_code == 403
    assert charlie_client.post(url, {"managers_record_pocs": "on"}).status_code == 404
    workshop.client.refresh_from_db()
    assert workshop.client.managers_record_pocs is False
    assert alice_client.get(url).status_code == 405
    response = alice_client.post(url, {"managers_record_pocs": "on"})
    assert response.status_code == 302
    workshop.client.refresh_from_db()
    assert workshop.client.managers_record_pocs is True
    alice_client.post(url, {})
    workshop.client.refresh_from_db()
    assert workshop.client.managers_record_pocs is False


def test_client_page_offers_the_setting_to_facilitators_only(alice_client, victor_client, workshop):
    assert "managers_record_pocs" in alice_client.get(f"/clients/{workshop.client_id}/").content.decode()
    page = victor_client.get(f"/clients/{workshop.client_id}/").content.decode()
    assert "managers_record_pocs" not in page
    assert f"/clients/{workshop.client_id}/pocs/" in page


def test_the_setting_is_part_of_the_client_api(alice_api, victor_api, workshop):
    url = f"/api/v1/clients/{workshop.client_id}/"
    assert alice_api.patch(url, {"managers_record_pocs": True}, format="json").json()["managers_record_pocs"] is True
    assert victor_api.patch(url, {"managers_record_pocs": False}, format="json").status_code == 403
    workshop.client.refresh_from_db()
    assert workshop.client.managers_record_pocs is True
