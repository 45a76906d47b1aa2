"""The POC plan as data: order, figures, budget, summary, client plan."""

from decimal import Decimal

import pytest

from reports.plan import client_plan, workshop_plan
from summaries.models import Summary, SummaryProvider, SummaryStatus
from tests.factories import (
    ParticipantFactory,
    RoiEstimateFactory,
    UseCaseFactory,
    WorkshopFactory,
    score_on_axes,
)
from usecases.models import Vote
from usecases.ranking import QUICK_WIN, STRATEGIC_BET

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(workshop):
    """Shortlisted "Invoice matching" (4,4) and "Fraud flags" (5,2); proposed "Chatbot" (5,5); rejected "Old idea"."""
    amy, ben = ParticipantFactory(workshop=workshop), ParticipantFactory(workshop=workshop)
    invoice = UseCaseFactory(workshop=workshop, title="Invoice matching", status="shortlisted")
    fraud = UseCaseFactory(workshop=workshop, title="Fraud flags", status="shortlisted", ai_act_tier="high")
    chatbot = UseCaseFactory(workshop=workshop, title="Chatbot", status="proposed")
    rejected = UseCaseFactory(workshop=workshop, title="Old idea", status="rejected")
    unscored = UseCaseFactory(workshop=workshop, title="Unscored idea", status="proposed")
    for participant in (amy, ben):
        score_on_axes(participant, invoice, impact=4, feasibility=4)
        score_on_axes(participant, chatbot, impact=5, feasibility=5)
        score_on_axes(participant, rejected, impact=5, feasibility=5)
    score_on_axes(amy, fraud, impact=5, feasibility=1)
    score_on_axes(ben, fraud, impact=5, feasibility=3)
    Vote.objects.create(participant=amy, use_case=invoice, dots=3)
    Vote.objects.create(participant=ben, use_case=fraud, dots=2)
    RoiEstimateFactory(use_case=invoice)  # POC 20,000
    RoiEstimateFactory(use_case=fraud, effort_days=Decimal(10))  # POC 12,000
    RoiEstimateFactory(use_case=chatbot)  # not shortlisted: not in the budget
    return {"invoice": invoice, "fraud": fraud, "chatbot": chatbot, "rejected": rejected, "unscored": unscored}


def test_plan_lists_shortlist_in_rank_order_then_other_candidates_and_leaves_out_rejected(workshop, scored):
    plan = workshop_plan(workshop)

    assert [item.title for item in plan.items] == ["Invoice matching", "Fraud flags", "Chatbot", "Unscored idea"]
    # Ranks are the ranking's, so the chatbot (priority 5) keeps rank 1 though listed after the shortlist.
    assert [item.rank for item in plan.items] == [2, 3, 1, 4]
    assert "Old idea" not in [item.title for item in plan.items]


def test_plan_items_carry_scores_quadrant_and_figures(workshop, scored):
    invoice, fraud, _chatbot, unscored = workshop_plan(workshop).items

    assert (invoice.impact, invoice.feasibility, invoice.priority, invoice.votes) == (4.0, 4.0, 4.0, 3)
    assert invoice.quadrant == QUICK_WIN
    assert invoice.base.poc_cost == Decimal("20000.00")
    assert set(invoice.scenarios) == {"low", "base", "high"}
    assert (fraud.impact, fraud.feasibility, fraud.spread) == (5.0, 2.0, 1.0)
    assert fraud.priority == pytest.approx(3.1623, abs=1e-4)  # unrounded here: rounded once, where shown
    assert fraud.needs_discussion
    assert fraud.quadrant == STRATEGIC_BET
    assert fraud.ai_act_tier_label == "High"
    assert fraud.alert_flags[0].text.startswith("High risk under the EU AI Act")
    assert fraud.alert_flags[0].code == "ai_act_high"
    assert invoice.alert_flags == ()
    assert (unscored.impact, unscored.priority, unscored.quadrant, unscored.base) == (None, None, None, None)


def test_plan_cover_counts_participants_and_budgets_the_shortlist_only(workshop, scored):
    plan = workshop_plan(workshop)

    assert plan.participants == 2
    assert plan.workshops[0].poc_budget == Decimal("32000.00")
    assert plan.budgets == {"EUR": Decimal("32000.00")}
    assert plan.client_name == workshop.client.name


def test_plan_takes_the_latest_succeeded_summary(workshop):
    def summary(status: str, markdown: str) -> None:
        Summary.objects.create(
            workshop=workshop, trigger="manual", provider=SummaryProvider.BUILTIN, status=status, markdown=markdown
        )

    summary(SummaryStatus.SUCCEEDED, "Old summary")
    summary(SummaryStatus.SUCCEEDED, "New summary")
    summary(SummaryStatus.FAILED, "Failed one")

    assert workshop_plan(workshop).workshops[0].summary_markdown == "New summary"


def test_plan_of_a_workshop_without_anything_is_empty(workshop):
    plan = workshop_plan(workshop)
    assert plan.items == []
    assert plan.budgets == {"EUR": Decimal(0)}
    assert plan.workshops[0].summary_markdown == ""


def test_client_plan_labels_each_use_case_with_its_workshop(workshop, scored, alice):
    second = WorkshopFactory(client=workshop.client, facilitators=[alice], title="Back office", currency="CHF")
    UseCaseFactory(workshop=second, title="Mail sorting", status="shortlisted")
    foreign = WorkshopFactory(title="Someone else's")

    plan = client_plan(workshop.client, [second, workshop, foreign])

    assert plan.is_client_plan
    assert [w.title for w in plan.workshops] == ["Back office", "Claims triage"]
    assert [(i.workshop_title, i.title) for i in plan.items][:2] == [
        ("Back office", "Mail sorting"),
        ("Claims triage", "Invoice matching"),
    ]
    assert plan.budgets == {"CHF": Decimal(0), "EUR": Decimal("32000.00")}
