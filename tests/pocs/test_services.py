"""POC rules: the frozen baseline, the definition of done by tier and role, check-ins, the verdict."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.exceptions import Refused
from pocs import services
from pocs.dod import dod_templates, obligation_items
from pocs.models import CheckIn, DodState, Metric, Poc, PocStatus
from pocs.selectors import poc_for, poc_report
from roi.models import RoiEstimate
from tests.factories import UseCaseFactory
from tests.pocs.conftest import START, facilitator_access, start_poc, viewer_access
from workshop.models import Event, EventKind, Phase, Workshop

pytestmark = pytest.mark.django_db


def test_start_freezes_the_estimate_so_later_edits_do_not_move_the_baseline(workshop, alice, use_case):
    poc = start_poc(workshop, alice, use_case)
    RoiEstimate.objects.filter(use_case=use_case).update(daily_rate=Decimal(2000), hourly_cost=Decimal(1))

    report = poc_report(poc_for(facilitator_access(workshop, alice), poc.pk))
    assert report.baseline.outcome.poc_cost == Decimal("20000.00")
    assert report.baseline.outcome.npv == Decimal("68034.56")
    assert report.baseline.daily_rate == Decimal(800)
    assert poc.baseline_inputs["daily_rate"] == "800.00"


def test_start_creates_the_built_in_metrics_with_their_targets(workshop, alice, use_case):
    poc = start_poc(
        workshop,
        alice,
        use_case,
        metrics=[{"name": "Invoices matched", "unit": "%", "target": 90, "direction": "higher"}],
    )
    metrics = {m.builtin or m.name: m for m in poc.metrics.all()}
    assert set(metrics) == {"error_rate", "cost_per_1k", "p95_latency", "Invoices matched"}
    assert (metrics["error_rate"].unit, metrics["error_rate"].target, metrics["error_rate"].direction) == (
        "%",
        Decimal(5),
        "lower",
    )
    assert metrics["cost_per_1k"].unit == "EUR"
    assert metrics["Invoices matched"].direction == "higher"


def test_start_records_an_event_on_the_workshops_timeline(workshop, alice, use_case):
    poc = start_poc(workshop, alice, use_case)
    event = Event.objects.get(workshop=workshop, kind=EventKind.POC_STARTED)
    assert event.data["poc"] == poc.pk
    assert event.data["new"] == "running"


def test_an_estimate_never_filled_in_is_no_baseline(workshop, alice):
    """The portfolio says "not estimated" and counts it in no budget: a POC cannot start from it either."""
    blank = UseCaseFactory(workshop=workshop, status="shortlisted")
    RoiEstimate.objects.create(use_case=blank)
    with pytest.raises(Refused) as refused:
        start_poc(workshop, alice, blank)
    assert refused.value.code == "no_estimate"
    assert not Poc.objects.exists()


def test_only_a_shortlisted_use_case_with_an_estimate_starts_a_poc_and_only_once(workshop, alice, use_case):
    proposed = UseCaseFactory(workshop=workshop, status="proposed")
    with pytest.raises(Refused) as refused:
        start_poc(workshop, alice, proposed)
    assert refused.value.code == "not_shortlisted"

    unestimated = UseCaseFactory(workshop=workshop, status="shortlisted")
    with pytest.raises(Refused) as refused:
        start_poc(workshop, alice, unestimated)
    assert refused.value.code == "no_estimate"

    start_poc(workshop, alice, use_case)
    with pytest.raises(Refused) as refused:
        start_poc(workshop, alice, use_case)
    assert refused.value.code == "poc_exists"
    assert Poc.objects.count() == 1


def test_start_checks_owner_dates_and_metrics_per_field(workshop, alice, use_case):
    with pytest.raises(ValidationError) as error:
        start_poc(
            workshop,
            alice,
            use_case,
            owner="  ",
            planned_end_on=date(2025, 12, 1),
            metrics=[{"name": "", "target": None}],
        )
    fields = error.value.message_dict
    assert {"owner", "planned_end_on", "metrics[0]"} <= set(fields)
    assert not Poc.objects.exists()


def test_a_poc_follows_after_the_workshop_closed(workshop, alice, use_case):
    Workshop.objects.filter(pk=workshop.pk).update(phase=Phase.CLOSED)
    workshop.refresh_from_db()
    poc = start_poc(workshop, alice, use_case)
    check_in = services.poc_check_in_add(access=facilitator_access(workshop, alice), poc=poc, date=START)
    assert check_in.pk


def test_definition_of_done_lists_the_high_risk_obligations_of_a_provider(workshop):
    use_case = UseCaseFactory(workshop=workshop, ai_act_tier="high", client_role="provider", personal_data="yes")
    codes = [t.code for t in dod_templates(use_case)]
    assert codes[:4] == ["robustness", "transparency", "human_oversight", "data_governance"]
    assert "gdpr_dpia" in codes
    for article in (4, 9, 10, 11, 12, 13, 14, 15, 17):
        assert f"ai_act_art_{article}" in codes
    assert "ai_act_art_26" not in codes
    assert codes[-1] == "cost_within_budget"


def test_obligations_follow_the_tier_and_the_clients_role(workshop):
    def codes(**fields: str) -> set[str]:
        return {t.code for t in obligation_items(UseCaseFactory.build(workshop=workshop, **fields))}

    assert codes(ai_act_tier="high", client_role="deployer") == {
        "ai_act_art_4",
        "ai_act_art_26",
        "ai_act_art_27",
        "ai_act_art_86",
    }
    assert {"ai_act_art_9", "ai_act_art_26"} <= codes(ai_act_tier="high", client_role="unknown")
    assert codes(ai_act_tier="limited", client_role="deployer") == {"ai_act_art_4", "ai_act_art_50_deployer"}
    assert codes(ai_act_tier="limited", client_role="provider") == {"ai_act_art_4", "ai_act_art_50_provider"}
    assert codes(ai_act_tier="minimal") == {"ai_act_art_4"}
    assert codes(ai_act_tier="unknown") == {"ai_act_art_4", "ai_act_tier"}


def test_each_obligation_is_its_own_item_of_the_poc(workshop, alice):
    use_case = UseCaseFactory(workshop=workshop, status="shortlisted", ai_act_tier="limited", client_role="deployer")
    from tests.factories import RoiEstimateFactory

    RoiEstimateFactory(use_case=use_case)
    poc = start_poc(workshop, alice, use_case)
    codes = list(poc.dod_items.values_list("code", flat=True))
    assert codes == [
        "robustness",
        "transparency",
        "human_oversight",
        "data_governance",
        "ai_act_art_4",
        "ai_act_art_50_deployer",
        "cost_within_budget",
    ]
    assert set(poc.dod_items.values_list("state", flat=True)) == {DodState.NOT_DONE}


def test_check_in_derives_the_cost_per_thousand_requests_when_left_empty(workshop, alice, poc):
    access = facilitator_access(workshop, alice)
    check_in = services.poc_check_in_add(
        access=access, poc=poc, date=START, inference_cost=Decimal(100), requests_served=20000
    )
    value = check_in.values.get(metric__builtin="cost_per_1k").value
    assert value == Decimal("5.0000")


def test_check_in_checks_its_fields_and_saves_nothing_on_error(workshop, alice, poc):
    access = facilitator_access(workshop, alice)
    error_rate = poc.metrics.get(builtin="error_rate")
    with pytest.raises(ValidationError) as error:
        services.poc_check_in_add(
            access=access,
            poc=poc,
            date=date(2025, 1, 1),
            period_months=0,
            run_cost=Decimal(-1),
            metric_values={error_rate.pk: Decimal("1e20"), 999999: Decimal(1)},
        )
    fields = error.value.message_dict
    assert {"date", "period_months", "run_cost", "metrics", f"metric_{error_rate.pk}"} <= set(fields)
    assert not CheckIn.objects.exists()


def test_go_with_open_items_asks_for_confirmation_then_records_them(workshop, alice, poc):
    access = facilitator_access(workshop, alice)
    with pytest.raises(Refused) as refused:
        services.poc_verdict_record(access=access, poc=poc, verdict="go", reason="Targets met.")
    assert refused.value.code == "open_dod_items"
    assert "Robustness" in refused.value.message
    poc.refresh_from_db()
    assert poc.status == PocStatus.RUNNING

    for item in poc.dod_items.exclude(code="cost_within_budget"):
        services.poc_dod_item_set(access=access, poc=poc, item=item, state=DodState.DONE)
    services.poc_verdict_record(access=access, poc=poc, verdict="go", reason="Targets met.", confirm_open_items=True)

    poc.refresh_from_db()
    assert poc.status == PocStatus.GO
    assert poc.open_items_at_verdict == ["Cost within budget: actual POC and run costs within the baseline"]
    event = Event.objects.get(kind=EventKind.POC_VERDICT)
    assert (event.data["old"], event.data["new"], event.data["reason"]) == ("running", "go", "Targets met.")
    assert event.data["open_items"] == poc.open_items_at_verdict


def test_go_with_every_item_done_or_not_applicable_needs_no_confirmation(workshop, alice, poc):
    access = facilitator_access(workshop, alice)
    for index, item in enumerate(poc.dod_items.all()):
        state = DodState.DONE if index % 2 else DodState.NOT_APPLICABLE
        services.poc_dod_item_set(access=access, poc=poc, item=item, state=state, note="checked")
    services.poc_verdict_record(access=access, poc=poc, verdict="go", reason="All done.")
    poc.refresh_from_db()
    assert poc.status == PocStatus.GO
    assert poc.open_items_at_verdict == []


def test_extend_keeps_the_poc_open_and_go_or_no_go_close_it(workshop, alice, poc):
    access = facilitator_access(workshop, alice)
    services.poc_verdict_record(access=access, poc=poc, verdict="extend", reason="One more sprint.")
    services.poc_check_in_add(access=access, poc=poc, date=START)
    services.poc_verdict_record(access=access, poc=poc, verdict="no_go", reason="Error rate stays at 20%.")
    with pytest.raises(Refused) as refused:
        services.poc_check_in_add(access=access, poc=poc, date=START)
    assert refused.value.code == "poc_decided"
    with pytest.raises(Refused):
        services.poc_verdict_record(access=access, poc=poc, verdict="go", reason="Changed our mind.")
    kinds = list(Event.objects.filter(kind=EventKind.POC_VERDICT).values_list("data__new", flat=True))
    assert sorted(kinds) == ["extend", "no_go"]


def test_verdict_needs_a_known_verdict_and_a_reason(workshop, alice, poc):
    with pytest.raises(ValidationError) as error:
        services.poc_verdict_record(access=facilitator_access(workshop, alice), poc=poc, verdict="running", reason=" ")
    assert set(error.value.message_dict) == {"verdict", "reason"}


def test_a_manager_records_check_ins_and_verdicts_only_when_the_client_lets_them(workshop, alice, victor, poc):
    access = viewer_access(workshop, victor)
    with pytest.raises(PermissionDenied):
        services.poc_check_in_add(access=access, poc=poc, date=START)
    workshop.client.managers_record_pocs = True
    workshop.client.save()
    services.poc_check_in_add(access=access, poc=poc, date=START, hours_saved=Decimal(10))
    assert CheckIn.objects.get().recorded_by_user == victor
    services.poc_verdict_record(access=access, poc=poc, verdict="extend", reason="Waiting for data.")
    # Still a reader for everything else.
    item = poc.dod_items.first()
    with pytest.raises(PermissionDenied):
        services.poc_dod_item_set(access=access, poc=poc, item=item, state=DodState.DONE)
    with pytest.raises(PermissionDenied):
        services.poc_metric_add(access=access, poc=poc, name="Recall", target=Decimal(1), direction="higher")


def test_metric_names_are_unique_per_poc_including_the_built_in_ones(workshop, alice, poc):
    access = facilitator_access(workshop, alice)
    services.poc_metric_add(access=access, poc=poc, name="Recall", unit="%", target=Decimal(80), direction="higher")
    for name in ("recall", "Error rate"):
        with pytest.raises(ValidationError) as error:
            services.poc_metric_add(access=access, poc=poc, name=name, target=Decimal(1), direction="higher")
        assert "name" in error.value.message_dict
    assert Metric.objects.filter(poc=poc).count() == 4


def test_metric_on_target_and_trend_follow_its_direction(workshop, alice, poc):
    access = facilitator_access(workshop, alice)
    error_rate = poc.metrics.get(builtin="error_rate")
    for day, value in ((5, "7"), (35, "4.5")):
        services.poc_check_in_add(
            access=access, poc=poc, date=date(2026, 1, day % 28 + 1), metric_values={error_rate.pk: Decimal(value)}
        )
    report = poc_report(poc_for(access, poc.pk))
    metric = next(m for m in report.metrics if m.metric.pk == error_rate.pk)
    assert metric.latest == Decimal("4.5")
    assert metric.on_target is True
    assert metric.trend == "improving"
    assert report.metrics_evaluated == 1


def test_a_managers_check_in_lands_on_the_timeline_under_their_name(workshop, victor, poc):
    workshop.client.managers_record_pocs = True
    workshop.client.save()

    check_in = services.poc_check_in_add(access=viewer_access(workshop, victor), poc=poc, date=START)

    event = Event.objects.get(workshop=workshop, kind=EventKind.POC_CHECK_IN)
    assert event.actor_label == (victor.get_full_name() or victor.get_username())
    assert (event.data["poc"], event.data["check_in"], event.data["title"]) == (poc.pk, check_in.pk, "Invoice matching")


def test_metric_and_definition_of_done_changes_are_on_the_timeline_unless_nothing_changed(workshop, alice, poc):
    access = facilitator_access(workshop, alice)
    item = poc.dod_items.order_by("order").first()
    error_rate = poc.metrics.get(builtin="error_rate")

    services.poc_metric_add(access=access, poc=poc, name="Recall", target=Decimal(80), direction="higher")
    services.poc_metric_set_target(access=access, poc=poc, metric=error_rate, target=Decimal(4))
    services.poc_metric_set_target(access=access, poc=poc, metric=error_rate, target=Decimal(4))
    services.poc_dod_item_set(access=access, poc=poc, item=item, state=DodState.DONE, note="Held-out set.")
    services.poc_dod_item_set(access=access, poc=poc, item=item, state=DodState.DONE, note="Held-out set.")

    metric_events = Event.objects.filter(kind=EventKind.POC_METRICS_CHANGED).order_by("id")
    assert [(e.data["action"], e.data["name"]) for e in metric_events] == [
        ("added", "Recall"),
        ("target", "Error rate"),
    ]
    assert metric_events.last().data["target"] == "4"
    (dod_event,) = Event.objects.filter(kind=EventKind.POC_DOD_CHANGED)
    assert (dod_event.data["item"], dod_event.data["old_state"], dod_event.data["state"]) == (
        item.code,
        "not_done",
        "done",
    )
