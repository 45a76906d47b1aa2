from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from usecases.models import UseCase

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_ZERO = [MinValueValidator(Decimal(0))]
_PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def _amount(label: "StrOrPromise") -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=2, default=Decimal(0), validators=_ZERO)


def _factor(label: "StrOrPromise", default: str) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(10))],
    )


class RoiEstimate(models.Model):
    """The inputs of a POC's return estimate. Figures are derived by roi.calculator, never stored."""

    use_case = models.OneToOneField(UseCase, on_delete=models.CASCADE, related_name="roi")
    # Cost of the POC
    effort_days = _amount(_("Build effort (person-days)"))
    daily_rate = _amount(_("Daily rate"))
    setup_cost = _amount(_("One-off setup cost"))
    # Cost to run
    monthly_run_cost = _amount(_("Monthly run cost"))
    inference_cost_per_1k = models.DecimalField(
        _("LLM/inference cost per 1,000 requests"),
        max_digits=14,
        decimal_places=4,
        default=Decimal(0),
        validators=_ZERO,
    )
    monthly_requests = _amount(_("Monthly request volume"))
    # Benefits
    hours_saved_per_month = _amount(_("Hours saved per month"))
    hourly_cost = _amount(_("Loaded hourly cost"))
    other_annual_gains = _amount(_("Other annual gains"))
    # Assumptions
    ramp_months = models.PositiveSmallIntegerField(
        _("Adoption ramp (months to full use)"), default=0, validators=[MaxValueValidator(36)]
    )
    horizon_years = models.PositiveSmallIntegerField(
        _("Horizon (years)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    discount_rate = models.DecimalField(
        _("Annual discount rate (%)"), max_digits=5, decimal_places=2, default=Decimal(10), validators=_PERCENT
    )
    success_probability = models.DecimalField(
        _("Probability of success (%)"), max_digits=5, decimal_places=2, default=Decimal(70), validators=_PERCENT
    )
    low_benefit_factor = _factor(_("Low scenario: benefit factor"), "0.60")
    high_benefit_factor = _factor(_("High scenario: benefit factor"), "1.30")
    low_cost_factor = _factor(_("Low scenario: cost factor"), "1.25")
    high_cost_factor = _factor(_("High scenario: cost factor"), "0.90")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ROI estimate")
        verbose_name_plural = _("ROI estimates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(horizon_years__gte=1) & models.Q(horizon_years__lte=10),
                name="roi_horizon_1_10",
            ),
            models.CheckConstraint(
                condition=models.Q(success_probability__gte=0) & models.Q(success_probability__lte=100),
                name="roi_success_probability_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"ROI — {self.use_case}"
