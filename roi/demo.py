"""ROI inputs for the demo workshop, so the ROI page and the portfolio show real figures at once."""

from __future__ import annotations

from decimal import Decimal

from roi.models import RoiEstimate
from usecases.models import Status
from workshop.models import Workshop

# Realistic POC estimates of a mid-sized logistics company, from a quick win to a long bet.
_COLUMNS = (
    "effort_days",  # person-days
    "daily_rate",
    "setup_cost",
    "monthly_run_cost",
    "inference_cost_per_1k",
    "monthly_requests",
    "hours_saved_per_month",
    "hourly_cost",
    "other_annual_gains",
    "ramp_months",
    "success_probability",
)
_PRESETS: list[tuple[str, ...]] = [
    # e-mail triage / order extraction: cheap, quick, high volume
    ("25", "850", "3000", "400", "1.80", "30000", "160", "48", "0", "2", "80"),
    # demand forecasting: more data work, gains beyond hours saved
    ("45", "950", "8000", "900", "0.40", "5000", "40", "60", "60000", "4", "60"),
    # customer-service assistant: high run cost, slower adoption
    ("35", "900", "5000", "1200", "4.50", "40000", "220", "42", "0", "6", "65"),
    # document search over procedures
    ("20", "850", "2000", "350", "2.20", "8000", "70", "55", "0", "3", "75"),
    # damage detection on photos: a long bet
    ("60", "1000", "15000", "1500", "6.00", "6000", "90", "50", "20000", "6", "45"),
]
PROPOSED_WITH_ESTIMATE = 2


def seed_roi(workshop: Workshop) -> list[RoiEstimate]:
    """Estimates for every shortlisted use case of `workshop` and its first two proposed ones.

    Existing estimates are left as they are, so running it twice changes nothing.
    """
    use_cases = list(workshop.use_cases.filter(status=Status.SHORTLISTED).order_by("created_at", "id"))
    use_cases += list(
        workshop.use_cases.filter(status=Status.PROPOSED).order_by("created_at", "id")[:PROPOSED_WITH_ESTIMATE]
    )
    estimates = []
    for index, use_case in enumerate(use_cases):
        values = dict(zip(_COLUMNS, _PRESETS[index % len(_PRESETS)], strict=True))
        preset = {name: int(v) if name == "ramp_months" else Decimal(v) for name, v in values.items()}
        estimate, _created = RoiEstimate.objects.get_or_create(use_case=use_case, defaults=preset)
        estimates.append(estimate)
    if estimates:
        workshop.touch()
    return estimates
