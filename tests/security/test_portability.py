"""Backups and moves: export_workshop writes a workshop, import_workshop restores it identically elsewhere."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from pocs import services as poc_services
from pocs.models import MetricValue, Poc
from pocs.selectors import poc_report, pocs_queryset
from pocs.serializers import poc_data
from summaries.models import Summary, SummaryStatus
from tests.factories import ParticipantFactory, RoiEstimateFactory, UseCaseFactory, UserFactory, VoteFactory
from usecases.models import Score, UseCase
from workshop.models import Event, EventKind, Participant, Workshop
from workshop.portability import SECTIONS, Section, register_section
from workshop.selectors import Access, Actor, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_workshop(workshop, alice, bob):
    """A workshop with something in every section, and times that are not "now"."""
    dana = ParticipantFactory(workshop=workshop, display_name="Dana")
    first = UseCaseFactory(workshop=workshop, author=bob, title="Triage claims", status="shortlisted")
    duplicate = UseCaseFactory(workshop=workshop, author=dana, title="Claims triage (dup)")
    duplicate.status, duplicate.merged_into = "merged", first
    duplicate.save()
    for criterion in workshop.criteria.all():
        Score.objects.create(participant=bob, use_case=first, criterion=criterion, value=4)
    VoteFactory(participant=bob, use_case=first, dots=2)
    RoiEstimateFactory(use_case=first)
    _poc(workshop, alice, first)
    # A pre-assessment, confirmed by the facilitator (credit scoring: high risk for a deployer).
    from compliance.demo import ASSESSMENTS
    from compliance.services import assessment_save
    from workshop.selectors import Access, Actor, Role

    assessment_save(
        access=Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=alice)),
        use_case=first,
        answers=ASSESSMENTS[0][1],
        confirmed_tier="high",
    )
    Summary.objects.create(
        workshop=workshop,
        trigger="manual",
        provider="builtin",
        status=SummaryStatus.SUCCEEDED,
        input_hash="abc",
        snapshot={"use_cases": [{"title": "Triage claims"}]},
        content={
            "key_themes": ["claims"],
            "top_use_cases": [{"title": "Triage claims", "why": "Most votes."}],
            "disagreements": [],
            "risks_and_compliance": ["High risk: credit scoring."],
            "proposed_pocs": [{"title": "Triage claims", "rationale": "Quick win."}],
            "next_steps": ["Start the POC."],
        },
        markdown="## Summary",
        requested_by=alice,
        finished_at=timezone.now(),
    )
    Event.record(workshop, EventKind.MERGED, "alice", use_case=duplicate.pk, into=first.pk)
    Event.record(workshop, EventKind.JOINED, participant=bob)
    workshop.phase, workshop.results_revealed = "roi", True
    workshop.phase_ends_at = timezone.now() + timedelta(minutes=10)
    workshop.save()
    Workshop.objects.filter(pk=workshop.pk).update(created_at=timezone.now() - timedelta(days=3))
    return Workshop.objects.get(pk=workshop.pk)


def _poc(workshop: Workshop, alice: object, use_case: UseCase) -> Poc:
    """A POC with targets, a metric of the team's own, two check-ins, a definition-of-done item done, extended."""
    access = Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=alice))
    poc = poc_services.poc_start(
        access=access,
        use_case=use_case,
        owner="Ines",
        started_on=date(2026, 1, 5),
        planned_end_on=date(2026, 4, 5),
        success_criteria="Half the claims triaged without an agent.",
        targets={"error_rate": Decimal(5)},
        metrics=[{"name": "Routing accuracy", "unit": "%", "target": Decimal(90), "direction": "higher"}],
    )
    accuracy = poc.metrics.get(name="Routing accuracy")
    error_rate = poc.metrics.get(builtin="error_rate")
    for day, hours, accuracy_value in ((5, 30, "81.5"), (6, 45, "88.25")):
        poc_services.poc_check_in_add(
            access=access,
            poc=poc,
            date=date(2026, 2, day),
            hours_saved=Decimal(hours),
            inference_cost=Decimal("12.40"),
            requests_served=4000,
            metric_values={accuracy.pk: Decimal(accuracy_value), error_rate.pk: Decimal("6.5")},
            notes=f"Sprint review {day}.",
        )
    item = poc.dod_items.order_by("order").first()
    poc_services.poc_dod_item_set(access=access, poc=poc, item=item, state="done", note="Evaluated on held-out claims.")
    return poc_services.poc_verdict_record(access=access, poc=poc, verdict="extend", reason="One more sprint.")


ROW_IDS = {"id", "use_case", "workshop", "check_in", "metric"}


def _poc_as_read(poc: Poc) -> object:
    """The POC as its API answers it, without the database ids (a new installation numbers rows anew)."""

    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ROW_IDS}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(poc_data(poc_report(pocs_queryset().get(pk=poc.pk))))


def _export(workshop_id: int) -> dict:
    out = io.StringIO()
    call_command("export_workshop", str(workshop_id), stdout=out)
    return json.loads(out.getvalue())


def test_the_export_holds_every_section_and_no_secret(full_workshop, bob_and_token):
    document = _export(full_workshop.pk)
    text = json.dumps(document)

    assert document["format"] == "atelier.workshop"
    assert set(document["sections"]) >= {
        "participants",
        "criteria",
        "use_cases",
        "scores",
        "votes",
        "roi",
        "assessments",
        "pocs",
        "summaries",
        "events",
    }
    (assessment,) = document["sections"]["assessments"]
    assert (assessment["use_case"], assessment["confirmed_tier"]) == ("u1", "high")
    assert assessment["answers"]["annex_iii_use"] == "credit_scoring"
    assert len(document["sections"]["participants"]) == 2
    assert len(document["sections"]["scores"]) == full_workshop.criteria.count()
    assert document["sections"]["use_cases"][1]["merged_into"] == "u1"
    assert document["sections"]["events"][-2]["data"] == {"use_case": "u2", "into": "u1"}
    (poc,) = document["sections"]["pocs"]
    assert (poc["ref"], poc["use_case"], poc["status"]) == ("poc1", "u1", "extend")
    assert [c["ref"] for c in poc["check_ins"]] == ["k1", "k2"]
    assert {"metric": "m4", "value": "81.5000"} in poc["check_ins"][0]["values"]
    check_in_event = next(e for e in document["sections"]["events"] if e["kind"] == EventKind.POC_CHECK_IN)
    assert (check_in_event["data"]["poc"], check_in_event["data"]["check_in"]) == ("poc1", "k1")
    # Participants' tokens (and their hashes) stay behind.
    assert bob_and_token[1] not in text
    assert Participant.objects.get(display_name="Bob").token_hash not in text
    assert "token" not in json.dumps(document["sections"]["participants"])


def test_a_workshop_round_trips_identically_into_a_new_installation(full_workshop, tmp_path):
    path = tmp_path / "workshop.json"
    call_command("export_workshop", str(full_workshop.pk), "--output", str(path))
    before = json.loads(path.read_text())
    before_poc = _poc_as_read(Poc.objects.get(use_case__workshop=full_workshop))

    # Another installation: an empty database with the same people's accounts.
    if connection.vendor == "postgresql":
        # Inside the test's transaction the deferred foreign-key checks must run before TRUNCATE.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", "--noinput", verbosity=0)
    UserFactory(username="alice", facilitator=True)
    out = io.StringIO()
    call_command("import_workshop", str(path), stdout=out)

    restored = Workshop.objects.get()
    assert "restored" in out.getvalue()
    assert _export(restored.pk) == before
    assert restored.facilitators.get().username == "alice"
    assert UseCase.objects.get(title="Claims triage (dup)").merged_into.title == "Triage claims"
    # Restored participants hold fresh tokens nobody knows: they join again.
    assert Participant.objects.filter(workshop=restored).count() == 2
    # The POC reads as it did: its baseline, its check-ins' values, the timeline pointing at it.
    poc = Poc.objects.get(use_case__workshop=restored)
    assert _poc_as_read(poc) == before_poc
    assert poc.started_by.username == "alice"
    assert MetricValue.objects.filter(check_in__poc=poc).count() == 6  # with the cost per 1,000 requests derived
    events = Event.objects.filter(workshop=restored, kind=EventKind.POC_CHECK_IN)
    assert {e.data["poc"] for e in events} == {poc.pk}
    assert {e.data["check_in"] for e in events} == set(poc.check_ins.values_list("pk", flat=True))


def test_an_import_beside_the_original_gets_its_own_join_code(full_workshop):
    document = _export(full_workshop.pk)
    from workshop.portability import workshop_import

    copy = workshop_import(document=document)

    assert copy.pk != full_workshop.pk
    assert copy.join_code != full_workshop.join_code
    assert copy.use_cases.count() == 2
    assert copy.client_id != full_workshop.client_id


def test_a_malformed_document_restores_nothing(tmp_path, full_workshop):
    document = _export(full_workshop.pk)
    document["sections"]["scores"][0]["criterion"] = "c999"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document))
    count = Workshop.objects.count()

    with pytest.raises(CommandError, match="c999"):
        call_command("import_workshop", str(path))

    assert Workshop.objects.count() == count


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "something.else"}, "not an Atelier workshop"),
        ({"version": 99}, "Unsupported document version"),
        ({"sections": {"timesheets": []}}, "cannot restore: timesheets"),
    ],
)
def test_documents_this_installation_cannot_read_are_refused(tmp_path, full_workshop, change, message):
    document = {**_export(full_workshop.pk), **change}
    path = tmp_path / "other.json"
    path.write_text(json.dumps(document))

    with pytest.raises(CommandError, match=message):
        call_command("import_workshop", str(path))


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda poc: poc["baseline_figures"].pop("npv"), "baseline is incomplete"),
        (lambda poc: poc.update(planned_end_on="2025-12-31"), r"pocs\[0\]\.planned_end_on: A POC ends"),
        (lambda poc: poc["check_ins"][0]["values"].append({"metric": "m99", "value": "1"}), "m99"),
        (lambda poc: poc.update(status="finished"), "finished"),
    ],
    ids=["baseline", "dates", "metric", "status"],
)
def test_a_malformed_poc_restores_nothing(tmp_path, full_workshop, breakage, message):
    document = _export(full_workshop.pk)
    breakage(document["sections"]["pocs"][0])
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document))
    counts = Workshop.objects.count(), Poc.objects.count()

    with pytest.raises(CommandError, match=message):
        call_command("import_workshop", str(path))

    assert (Workshop.objects.count(), Poc.objects.count()) == counts


def test_a_later_app_adds_its_section_in_one_place(full_workshop):
    seen = []
    register_section(
        Section(
            "extra",
            95,
            lambda workshop, refs: [{"use_case": refs.ref("use_case", workshop.use_cases.order_by("pk").first().pk)}],
            lambda workshop, rows, refs: seen.extend(refs.pk("use_case", r["use_case"]) for r in rows),
        )
    )
    try:
        document = _export(full_workshop.pk)
        from workshop.portability import workshop_import

        copy = workshop_import(document=document)
    finally:
        SECTIONS.pop("extra")

    assert document["sections"]["extra"] == [{"use_case": "u1"}]
    assert seen == [copy.use_cases.order_by("pk").first().pk]


def test_export_of_an_unknown_workshop_says_so():
    with pytest.raises(CommandError, match="No workshop"):
        call_command("export_workshop", "999999")


def test_what_the_rules_read_survives_the_round_trip(full_workshop, alice):
    """The flags of the room, a criterion's description, the tier in force, a removed author's mark."""
    from workshop.portability import workshop_import

    Workshop.objects.filter(pk=full_workshop.pk).update(anonymous_ideas=True, hide_vote_totals=True)
    criterion = full_workshop.criteria.first()
    criterion.description = "How much time it saves the claims team."
    criterion.save()
    UseCase.objects.filter(title="Claims triage (dup)").update(author=None, author_removed=True)

    copy = workshop_import(document=_export(full_workshop.pk))

    assert (copy.anonymous_ideas, copy.hide_vote_totals) == (True, True)
    assert copy.criteria.get(name=criterion.name).description == "How much time it saves the claims team."
    first = copy.use_cases.get(title="Triage claims")
    assert first.ai_act_tier == UseCase.objects.get(pk__lt=first.pk, title="Triage claims").ai_act_tier == "high"
    assert copy.use_cases.get(title="Claims triage (dup)").author_removed is True


def test_the_edition_of_the_law_an_assessment_was_answered_under_survives_the_round_trip(full_workshop):
    from compliance.models import Assessment
    from compliance.selectors import assessments_for
    from workshop.portability import workshop_import

    Assessment.objects.filter(use_case__workshop=full_workshop).update(edition="2024/1689")
    document = _export(full_workshop.pk)
    (row,) = document["sections"]["assessments"]
    assert row["edition"] == "2024/1689"
    assert "rules_date" not in row

    copy = workshop_import(document=document)

    restored = Assessment.objects.get(use_case__workshop=copy)
    assert restored.edition == "2024/1689"
    view = assessments_for([restored.use_case_id])[restored.use_case_id]
    assert view.reassess is True
    assert ("Art. 26", date(2026, 8, 2)) in [(o.article, o.applies_from) for o in view.obligations]


def test_a_document_from_before_editions_reads_as_the_text_of_2024(full_workshop):
    from compliance.models import Assessment
    from workshop.portability import workshop_import

    document = _export(full_workshop.pk)
    (row,) = document["sections"]["assessments"]
    del row["edition"]
    row["rules_date"] = "2024-07-12"

    copy = workshop_import(document=document)

    assert Assessment.objects.get(use_case__workshop=copy).edition == "2024/1689"


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda row: row.update(edition="2031/9999"), "unknown edition of the law"),
        (lambda row: row.pop("edition"), "neither an edition nor a rules_date"),
    ],
    ids=["unknown", "missing"],
)
def test_an_assessment_under_an_edition_this_installation_does_not_know_restores_nothing(
    tmp_path, full_workshop, breakage, message
):
    document = _export(full_workshop.pk)
    breakage(document["sections"]["assessments"][0])
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document))
    count = Workshop.objects.count()

    with pytest.raises(CommandError, match=message):
        call_command("import_workshop", str(path))

    assert Workshop.objects.count() == count
