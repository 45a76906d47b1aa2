"""What a summary stores of the workshop: bounded whatever participants type, and nothing of a deleted idea."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from roi.models import RoiEstimate
from summaries.models import Summary
from summaries.snapshot import summary_snapshot
from tests.factories import UseCaseFactory
from tests.summaries.support import request_summary
from usecases.models import TEXT_MAX_LENGTHS, UseCase, Vote
from usecases.services import use_case_delete
from workshop.models import OBJECTIVE_MAX_LENGTH
from workshop.selectors import Actor, workshop_access

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

TEXT_FIELDS = ("problem", "solution", "benefits", "data_sources", "compliance_note")
BIG = 20_000


def test_a_snapshot_of_150_long_use_cases_stays_small(
    builtin, settings, workshop, alice, django_capture_on_commit_callbacks
):
    cap = settings.SUMMARY_SNAPSHOT_FIELD_CHARS
    UseCase.objects.bulk_create(
        UseCase(
            workshop=workshop,
            title=f"Idea {n:03d} " + "t" * 190,
            affected_users="u" * 200,
            # As long as the database lets any text be (usecases.models.TEXT_MAX_LENGTHS).
            **{field: (f"{field} {n} " + "x" * BIG)[: TEXT_MAX_LENGTHS[field]] for field in TEXT_FIELDS},
        )
        for n in range(150)
    )
    workshop.objective = "o" * OBJECTIVE_MAX_LENGTH
    workshop.save()

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    stored = Summary.objects.get(pk=summary.pk).snapshot
    rows = stored["use_cases"]
    assert len(rows) == 150
    for row in rows:
        for field in (*TEXT_FIELDS, "title", "affected_users"):
            assert len(row[field]) <= cap, field
        assert row["problem"].endswith("…")
    assert len(stored["workshop"]["objective"]) <= cap
    # 150 use cases at the longest texts the database takes (1.3 MB typed) are stored in well under 1 MB.
    size = len(json.dumps(stored, ensure_ascii=False))
    assert size < 150 * (7 * cap + 1_000) < 1_000_000
    assert summary.status == "succeeded"


def test_the_snapshot_cap_comes_from_the_settings(settings, workshop):
    settings.SUMMARY_SNAPSHOT_FIELD_CHARS = 40
    UseCaseFactory(workshop=workshop, title="Short", problem="p" * 100)

    (row,) = summary_snapshot(workshop)["use_cases"]

    assert row["title"] == "Short"
    assert row["problem"] == "p" * 39 + "…"


def _delete_as_author(workshop, use_case, author) -> None:
    use_case_delete(access=workshop_access(actor=Actor(participant=author), pk=workshop.pk), use_case=use_case)


def test_a_deleted_use_case_leaves_every_stored_snapshot_of_its_workshop(
    builtin, alice_client, workshop, alice, bob, django_capture_on_commit_callbacks
):
    secret = UseCaseFactory(
        workshop=workshop, author=bob, title="Layoffs forecast", problem="Confidential", status="shortlisted"
    )
    kept = UseCaseFactory(workshop=workshop, title="Invoice extraction", status="shortlisted")
    RoiEstimate.objects.create(use_case=secret, effort_days=Decimal(10), daily_rate=Decimal(1000))
    RoiEstimate.objects.create(use_case=kept, effort_days=Decimal(5), daily_rate=Decimal(1000))
    Vote.objects.create(participant=bob, use_case=secret, dots=2)
    first = request_summary(workshop, alice, django_capture_on_commit_callbacks)
    UseCaseFactory(workshop=workshop, title="Demand forecast")
    second = request_summary(workshop, alice, django_capture_on_commit_callbacks)
    assert first.pk != second.pk
    assert first.snapshot["totals"]["poc_budget"] == "15000.00"
    Summary.objects.filter(pk=first.pk).update(status="failed")  # any status: every snapshot is cleaned

    _delete_as_author(workshop, secret, bob)

    for summary in Summary.objects.filter(workshop=workshop):
        text = json.dumps(summary.snapshot)
        assert "Layoffs forecast" not in text
        assert "Confidential" not in text
        titles = [row["title"] for row in summary.snapshot["use_cases"]]
        assert "Invoice extraction" in titles
        totals = summary.snapshot["totals"]
        assert totals["use_cases"] == len(titles)
        assert totals["votes"] == 0
        assert totals["poc_budget"] == "5000.00"
    assert not UseCase.objects.filter(pk=secret.pk).exists()
    detail = alice_client.get(reverse("summaries:detail", args=[second.pk]))
    assert detail.status_code == 200


def test_a_snapshot_stored_before_ids_were_kept_loses_the_deleted_use_case_by_title(builtin, workshop, bob):
    gone = UseCaseFactory(workshop=workshop, author=bob, title="Gone idea")
    other = UseCaseFactory(workshop=workshop, title="Other idea")
    snapshot = summary_snapshot(workshop)
    for row in snapshot["use_cases"]:
        del row["id"]
    Summary.objects.create(
        workshop=workshop, trigger="manual", provider="builtin", input_hash="x" * 64, snapshot=snapshot
    )

    _delete_as_author(workshop, gone, bob)

    (summary,) = Summary.objects.all()
    assert [row["title"] for row in summary.snapshot["use_cases"]] == [other.title]
    assert summary.snapshot["totals"]["use_cases"] == 1


def test_deleting_a_workshop_deletes_its_summaries_with_its_use_cases(builtin, workshop, alice):
    for n in range(3):
        UseCaseFactory(workshop=workshop, title=f"Idea {n}")
    Summary.objects.create(
        workshop=workshop,
        trigger="manual",
        provider="builtin",
        input_hash="x" * 64,
        snapshot=summary_snapshot(workshop),
    )

    workshop.delete()

    assert not Summary.objects.exists()
    assert not UseCase.objects.exists()
