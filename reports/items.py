"""The ranked items of a workshop, built once: what every read of its figures starts from.

:func:`ranked_items` joins the ranking row (usecases.ranking), the use case's
own fields, its compliance flags (reports.flags) and its ROI scenarios
(roi.selectors) in a fixed number of queries, whatever the workshop's size.
:func:`shortlist` takes the shortlisted items and their POC budget. The
results page, the portfolio, the plan and its exports, and the summaries'
snapshot read these; nothing else assembles them.

Figures stay unrounded here (floats for scores, Decimal cents for money): they
are rounded once, where they are shown, by core.formatting.

An ROI estimate counts only once it is *estimated*: a row whose inputs give no
cost and no benefit at all (never filled in) is "not estimated", shows no
figures and counts in no budget.

No visibility check here: callers hold an Access that may see results
(``Access.require_results()``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from compliance.display import basis_label
from compliance.selectors import AssessmentView, view_for
from core.cache import Reader
from reports.flags import Flag, alert_flags, compliance_flags, hosting_text
from roi.calculator import Figures, is_estimated
from roi.selectors import roi_figures
from usecases.models import Status, UseCase
from usecases.ranking import QUADRANT_LABELS, RankedUseCase, rank_workshop
from workshop.models import Workshop


@dataclass(frozen=True)
class RankedItem:
    """One use case with everything a reader is shown of it."""

    workshop_id: int
    workshop_title: str
    currency: str
    use_case: UseCase
    row: RankedUseCase
    flags: tuple[Flag, ...]
    assessment: AssessmentView
    # {"low"|"base"|"high": Figures}; empty while the ROI is not estimated.
    scenarios: dict[str, Figures] = field(default_factory=dict)

    # The ranking's figures, unrounded.
    @property
    def use_case_id(self) -> int:
        return self.row.use_case_id

    @property
    def rank(self) -> int | None:
        return self.row.rank

    @property
    def impact(self) -> float | None:
        return self.row.impact

    @property
    def feasibility(self) -> float | None:
        return self.row.feasibility

    @property
    def priority(self) -> float | None:
        return self.row.priority

    @property
    def spread(self) -> float | None:
        return self.row.spread

    @property
    def votes(self) -> int:
        return self.row.votes

    @property
    def needs_discussion(self) -> bool:
        return self.row.needs_discussion

    @property
    def quadrant(self) -> str | None:
        return self.row.quadrant

    @property
    def quadrant_label(self) -> str:
        return str(QUADRANT_LABELS[self.row.quadrant]) if self.row.quadrant else ""

    # The use case's own fields.
    @property
    def title(self) -> str:
        return self.use_case.title

    @property
    def status(self) -> str:
        return self.use_case.status

    @property
    def status_label(self) -> str:
        return str(self.use_case.get_status_display())

    @property
    def category_label(self) -> str:
        return str(self.use_case.get_category_display())

    @property
    def ai_act_tier_label(self) -> str:
        return str(self.use_case.get_ai_act_tier_display())

    @property
    def ai_act_basis_label(self) -> str:
        """Whether the tier was confirmed, overridden, suggested by the pre-assessment, or only declared."""
        return basis_label(self.assessment)

    @property
    def needs_legal_review(self) -> bool:
        return self.assessment.needs_legal_review

    @property
    def client_role_label(self) -> str:
        return str(self.use_case.get_client_role_display())

    @property
    def personal_data_label(self) -> str:
        return str(self.use_case.get_personal_data_display())

    @property
    def data_location_label(self) -> str:
        return str(self.use_case.get_data_location_display())

    @property
    def model_location_label(self) -> str:
        return str(self.use_case.get_model_location_display())

    @property
    def hosting_text(self) -> str:
        return hosting_text(self.use_case)

    @cached_property
    def alert_flags(self) -> tuple[Flag, ...]:
        return alert_flags(self.flags)

    @property
    def is_shortlisted(self) -> bool:
        return self.use_case.status == Status.SHORTLISTED

    # ROI.
    @property
    def is_estimated(self) -> bool:
        return bool(self.scenarios)

    @property
    def base(self) -> Figures | None:
        return self.scenarios.get("base")


@dataclass(frozen=True)
class WorkshopItems:
    """A workshop's items in rank order, with the ranking's totals."""

    workshop: Workshop
    items: list[RankedItem]  # proposed and shortlisted, in rank order
    set_aside: list[RankedItem]  # merged and rejected, listed apart
    participants: int
    scores: int
    votes: int

    def get(self, use_case_id: int) -> RankedItem | None:
        return next((i for i in (*self.items, *self.set_aside) if i.use_case_id == use_case_id), None)


def ranked_items(workshop: Workshop, *, reader: Reader | None = None) -> WorkshopItems:
    """Every use case of ``workshop`` as a RankedItem: 5 queries for the ranking, 2 more for the rest.

    `reader`: the Access asking, whose kept score totals the ranking may use (usecases.ranking.rank_workshop).
    """
    ranking = rank_workshop(workshop, reader=reader)
    use_cases = UseCase.objects.filter(workshop=workshop).select_related("assessment").in_bulk()
    active_ids = [row.use_case_id for row in ranking.rows]
    figures = roi_figures(active_ids)

    def item(row: RankedUseCase) -> RankedItem:
        use_case = use_cases[row.use_case_id]
        scenarios = figures.get(row.use_case_id)
        assessment = view_for(use_case)
        return RankedItem(
            workshop_id=workshop.pk,
            workshop_title=workshop.title,
            currency=workshop.currency,
            use_case=use_case,
            row=row,
            flags=compliance_flags(use_case, assessment),
            assessment=assessment,
            scenarios=scenarios if scenarios and is_estimated(scenarios) else {},
        )

    # A use case created between the two reads is left for the next one.
    return WorkshopItems(
        workshop=workshop,
        items=[item(row) for row in ranking.rows if row.use_case_id in use_cases],
        set_aside=[item(row) for row in ranking.set_aside if row.use_case_id in use_cases],
        participants=ranking.participants,
        scores=ranking.scores,
        votes=ranking.votes,
    )


@dataclass(frozen=True)
class Shortlist:
    """The shortlisted items in rank order and what their POCs cost (base scenario)."""

    items: list[RankedItem]
    currency: str

    @property
    def poc_budget(self) -> Decimal:
        """Total base POC cost of the estimated items; an item not estimated counts in no budget."""
        return sum((item.base.poc_cost for item in self.items if item.base is not None), Decimal("0.00"))

    @property
    def not_estimated(self) -> list[RankedItem]:
        return [item for item in self.items if not item.is_estimated]


def shortlist(items: WorkshopItems) -> Shortlist:
    return Shortlist(items=[item for item in items.items if item.is_shortlisted], currency=items.workshop.currency)
