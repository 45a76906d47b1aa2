"""The prioritised POC plan: what a manager takes away, as plain data.

Read-side only. `workshop_plan` and `client_plan` gather the ranking
(usecases.ranking), the ROI figures (roi.selectors), the use cases' own fields
and the latest succeeded summary into dataclasses that roi.exports turns into
CSV, XLSX, Markdown and PDF.

Order, per workshop: the shortlisted use cases in rank order, then the other
proposed ones in rank order. Merged and rejected use cases are left out: a
merged idea lives on in the one it was merged into, a rejected one is not part
of any plan. A client plan holds each of the client's workshops the user may
see, most recent first, each in that order.

No visibility check here: callers decide who may export (see roi.export_views).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roi.selectors import Figures, roi_figures
from usecases.models import RiskTier, Status, UseCase
from usecases.ranking import QUADRANT_LABELS, rank_workshop
from workshop.models import Client, Workshop

HIGH_RISK_NOTE = _(
    "High risk under the EU AI Act: plan risk management, data governance, technical documentation "
    "and human oversight into the POC."
)
SECTION_LABELS = {
    Status.SHORTLISTED: _("Shortlisted for a POC"),
    Status.PROPOSED: _("Other candidates"),
}


@dataclass(frozen=True)
class PlanItem:
    """One use case of the plan, with its scores and ROI figures."""

    workshop_id: int
    workshop_title: str
    currency: str
    use_case_id: int
    rank: int | None
    title: str
    status: str
    status_label: str
    category_label: str
    problem: str
    solution: str
    benefits: str
    ai_act_tier: str
    ai_act_tier_label: str
    personal_data: str
    personal_data_label: str
    compliance_note: str
    special_category_data: bool
    automated_decisions: bool
    # 1..5, rounded to 2 decimals; None while nobody has scored it.
    impact: float | None
    feasibility: float | None
    priority: float | None
    votes: int
    spread: float | None
    needs_discussion: bool
    quadrant: str | None
    quadrant_label: str
    # {"low"|"base"|"high": Figures}; empty without an ROI estimate.
    scenarios: dict[str, Figures] = field(default_factory=dict)

    @property
    def base(self) -> Figures | None:
        return self.scenarios.get("base")

    @property
    def is_shortlisted(self) -> bool:
        return self.status == Status.SHORTLISTED

    @property
    def compliance_flags(self) -> list[str]:
        """What the plan must not let a reader miss: a high AI Act tier and sensitive processing."""
        flags = []
        if self.ai_act_tier == RiskTier.HIGH:
            flags.append(str(HIGH_RISK_NOTE))
        if self.special_category_data:
            flags.append(str(_("Special-category data (GDPR Art. 9).")))
        if self.automated_decisions:
            flags.append(str(_("Automated decisions about people (GDPR Art. 22).")))
        return flags


@dataclass(frozen=True)
class WorkshopPlan:
    workshop_id: int
    title: str
    client_name: str
    held_on: date
    phase_label: str
    currency: str
    participants: int
    summary_markdown: str
    items: list[PlanItem]

    @property
    def poc_budget(self) -> Decimal:
        """Total POC cost of the shortlist, base scenario."""
        return sum((item.base.poc_cost for item in self.items if item.is_shortlisted and item.base), Decimal(0))

    @property
    def shortlisted(self) -> list[PlanItem]:
        return [item for item in self.items if item.is_shortlisted]


@dataclass(frozen=True)
class Plan:
    """A workshop's plan (one workshop) or a client's (all the workshops the user may see)."""

    kind: str  # "workshop" | "client"
    title: str
    client_name: str
    exported_on: date
    workshops: list[WorkshopPlan]

    @property
    def is_client_plan(self) -> bool:
        return self.kind == "client"

    @property
    def items(self) -> list[PlanItem]:
        return [item for workshop in self.workshops for item in workshop.items]

    @property
    def participants(self) -> int:
        return sum(workshop.participants for workshop in self.workshops)

    @property
    def budgets(self) -> dict[str, Decimal]:
        """Total POC budget of the shortlists (base scenario), per currency."""
        totals: dict[str, Decimal] = {}
        for workshop in self.workshops:
            totals[workshop.currency] = totals.get(workshop.currency, Decimal(0)) + workshop.poc_budget
        return totals


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _latest_summary(workshop: Workshop) -> str:
    # Through the reverse relation: the summaries app sits above this one and is not imported.
    summary = (
        workshop.summaries.filter(status="succeeded")
        .order_by("-finished_at", "-created_at", "-id")
        .only("markdown")
        .first()
    )
    return summary.markdown if summary else ""


def _workshop_plan(workshop: Workshop) -> WorkshopPlan:
    ranking = rank_workshop(workshop)
    use_cases = {uc.pk: uc for uc in UseCase.objects.filter(workshop=workshop)}
    rows = [row for row in ranking.rows if row.use_case_id in use_cases]
    # Shortlisted first, each group in rank order (the ranking is already sorted).
    rows.sort(key=lambda row: row.status != Status.SHORTLISTED)
    figures = roi_figures(row.use_case_id for row in rows)
    items = []
    for row in rows:
        uc = use_cases[row.use_case_id]
        items.append(
            PlanItem(
                workshop_id=workshop.pk,
                workshop_title=workshop.title,
                currency=workshop.currency,
                use_case_id=uc.pk,
                rank=row.rank,
                title=uc.title,
                status=uc.status,
                status_label=str(uc.get_status_display()),
                category_label=str(uc.get_category_display()),
                problem=uc.problem,
                solution=uc.solution,
                benefits=uc.benefits,
                ai_act_tier=uc.ai_act_tier,
                ai_act_tier_label=str(uc.get_ai_act_tier_display()),
                personal_data=uc.personal_data,
                personal_data_label=str(uc.get_personal_data_display()),
                compliance_note=uc.compliance_note,
                special_category_data=uc.special_category_data,
                automated_decisions=uc.automated_decisions,
                impact=_round(row.impact),
                feasibility=_round(row.feasibility),
                priority=_round(row.priority),
                votes=row.votes,
                spread=_round(row.spread),
                needs_discussion=row.needs_discussion,
                quadrant=row.quadrant,
                quadrant_label=str(QUADRANT_LABELS[row.quadrant]) if row.quadrant else "",
                scenarios=figures.get(uc.pk, {}),
            )
        )
    return WorkshopPlan(
        workshop_id=workshop.pk,
        title=workshop.title,
        client_name=workshop.client.name,
        held_on=timezone.localdate(workshop.created_at),
        phase_label=str(workshop.get_phase_display()),
        currency=workshop.currency,
        participants=ranking.participants,
        summary_markdown=_latest_summary(workshop),
        items=items,
    )


def workshop_plan(workshop: Workshop) -> Plan:
    """The plan of one workshop. The caller has checked that the user may see its results."""
    return Plan(
        kind="workshop",
        title=workshop.title,
        client_name=workshop.client.name,
        exported_on=timezone.localdate(),
        workshops=[_workshop_plan(workshop)],
    )


def client_plan(client: Client, workshops: list[Workshop]) -> Plan:
    """The plan of a client across `workshops` (those of the client the user may see)."""
    return Plan(
        kind="client",
        title=client.name,
        client_name=client.name,
        exported_on=timezone.localdate(),
        workshops=[_workshop_plan(workshop) for workshop in workshops if workshop.client_id == client.pk],
    )
