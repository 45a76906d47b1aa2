"""POC check-ins count once (issue 24, defect 7): one per date, dated within the POC's life, one value per metric."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from pocs.models import CheckIn
from pocs.selectors import poc_report

pytestmark = pytest.mark.django_db

BODY = {"date": "2026-02-05", "period_months": 4, "effort_days": "12", "run_cost": "300", "hours_saved": "30"}


@pytest.mark.django_db(transaction=True)
def test_sixty_identical_check_ins_at_once_land_once(alice, poc):
    barrier = threading.Barrier(60)
    statuses: list[int] = []

    def post() -> None:
        client = APIClient()
        client.force_authenticate(alice)
        barrier.wait(timeout=30)
        try:
            statuses.append(client.post(f"/api/v1/pocs/{poc.pk}/check-ins/", BODY, format="json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(set(statuses)) == [201, 400]
    assert statuses.count(201) == 1
    assert CheckIn.objects.filter(poc=poc).count() == 1
    assert poc_report(poc).months_covered == 4


def test_a_second_check_in_for_the_same_date_is_refused_with_a_message(alice_api, poc):
    url = f"/api/v1/pocs/{poc.pk}/check-ins/"
    assert alice_api.post(url, BODY, format="json").status_code == 201

    again = alice_api.post(url, {**BODY, "hours_saved": "99"}, format="json")

    assert again.status_code == 400
    assert again.json()["date"] == ["This POC already has a check-in dated 2026-02-05: one check-in per date."]
    assert CheckIn.objects.get(poc=poc).hours_saved == 30


def test_a_check_in_dated_after_today_is_refused(alice_api, poc):
    for day in ("9999-12-31", (timezone.localdate() + timedelta(days=1)).isoformat()):
        response = alice_api.post(f"/api/v1/pocs/{poc.pk}/check-ins/", {**BODY, "date": day}, format="json")
        assert response.status_code == 400
        assert response.json()["date"] == ["A check-in records what was measured: it cannot be dated after today."]
    assert not CheckIn.objects.exists()
    body = {**BODY, "date": timezone.localdate().isoformat()}
    today = alice_api.post(f"/api/v1/pocs/{poc.pk}/check-ins/", body, format="json")
    assert today.status_code == 201


def test_a_metric_given_twice_in_one_check_in_is_refused(alice_api, poc):
    metric = poc.metrics.first()
    body = {**BODY, "metrics": [{"metric": metric.pk, "value": "4"}, {"metric": metric.pk, "value": "6"}]}

    response = alice_api.post(f"/api/v1/pocs/{poc.pk}/check-ins/", body, format="json")

    assert response.status_code == 400
    assert response.json()["metrics"] == [f"Metric {metric.pk} is given twice: give each metric one value."]
    assert not CheckIn.objects.exists()


def test_the_check_in_page_shows_the_same_refusal_and_keeps_what_was_typed(alice_client, poc):
    url = f"/pocs/{poc.pk}/check-ins/"
    first = alice_client.post(url, {"date": "2026-02-05", "period_months": "1", "hours_saved": "30"})
    assert first.status_code in {200, 302}
    page = alice_client.post(url, {"date": "2026-02-05", "period_months": "1", "hours_saved": "31"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "one check-in per date" in text
    assert 'value="31"' in text
