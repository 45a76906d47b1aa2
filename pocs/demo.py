"""One POC with three check-ins for the demo workshop, so a new user sees the loop from vote to verdict."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from pocs import services
from pocs.models import BuiltinMetric, DodState, Poc
from usecases.models import Status
from workshop.models import Workshop
from workshop.selectors import Access, Actor, Role

DEMO_USE_CASE = "Customer email triage"
# (days after the start, effort days, run cost, inference cost, requests, hours saved, other gains,
#  error rate %, p95 latency ms, emails routed right %, notes)
_CHECK_INS = [
    (
        30,
        "20",
        "900",
        "4.00",
        4200,
        "15",
        "1500",
        "8.5",
        "1900",
        "81",
        "First sprint review: intents cover 80% of the mail.",
    ),
    (61, "15", "900", "5.00", 5600, "25", "3000", "6.2", "1500", "86", "Urgency model retrained on the held-out set."),
    (
        92,
        "12",
        "900",
        "6.50",
        6100,
        "32",
        "3800",
        "4.8",
        "1200",
        "91",
        "Error rate under target; inference cost above plan.",
    ),
]
_DOD = {
    "robustness": (DodState.DONE, "Held-out set of 2,000 emails; failure modes listed."),
    "transparency": (DodState.DONE, "Agents see which fields the model filled in."),
    "human_oversight": (DodState.DONE, "Agents confirm every routed ticket."),
    "data_governance": (DodState.DONE, "Legitimate interest; signatures stripped."),
    "ai_act_art_50_deployer": (DodState.NOT_APPLICABLE, "No emotion recognition, nothing published."),
}


def seed_pocs(workshop: Workshop) -> Poc | None:
    """A running-then-extended POC of the demo's email triage, through the services. Idempotent."""
    if Poc.objects.filter(use_case__workshop=workshop).exists():
        return None
    use_case = workshop.use_cases.filter(title=DEMO_USE_CASE, status=Status.SHORTLISTED).first()
    facilitator = workshop.facilitators.first()
    if use_case is None or facilitator is None or not hasattr(use_case, "roi"):
        return None
    access = Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=facilitator))
    started = timezone.localdate() - timedelta(days=95)
    poc = services.poc_start(
        access=access,
        use_case=use_case,
        owner="Sophie Laurent",
        started_on=started,
        planned_end_on=started + timedelta(weeks=12),
        success_criteria="Route 90% of emails to the right queue without an agent re-sorting them.",
        targets={"error_rate": Decimal(5), "cost_per_1k": Decimal("0.50"), "p95_latency": Decimal(1500)},
        metrics=[{"name": "Emails routed right", "unit": "%", "target": Decimal(90), "direction": "higher"}],
    )
    metrics = {m.builtin or "routed": m.pk for m in poc.metrics.all()}
    for day, effort, run, inference, requests, hours, other, error, latency, routed, notes in _CHECK_INS:
        services.poc_check_in_add(
            access=access,
            poc=poc,
            date=started + timedelta(days=day),
            effort_days=Decimal(effort),
            run_cost=Decimal(run),
            inference_cost=Decimal(inference),
            requests_served=requests,
            hours_saved=Decimal(hours),
            other_gains=Decimal(other),
            metric_values={
                metrics[BuiltinMetric.ERROR_RATE]: Decimal(error),
                metrics[BuiltinMetric.P95_LATENCY]: Decimal(latency),
                metrics["routed"]: Decimal(routed),
            },
            notes=notes,
        )
    for item in poc.dod_items.all():
        if item.code in _DOD:
            state, note = _DOD[item.code]
            services.poc_dod_item_set(access=access, poc=poc, item=item, state=state, note=note)
    services.poc_verdict_record(
        access=access,
        poc=poc,
        verdict="extend",
        reason="Error rate reached its target only in month 3: one more sprint to confirm it and train the agents.",
    )
    return poc


def on_demo_seeded(sender: object, workshop: Workshop, **kwargs: object) -> None:
    seed_pocs(workshop)
