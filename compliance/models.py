from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance import law, rules
from usecases.models import RiskTier, UseCase


class Tier(models.TextChoices):
    """The pre-assessment's tiers (compliance/rules.py)."""

    OUT_OF_SCOPE = rules.OUT_OF_SCOPE, _("Out of scope")
    PROHIBITED = rules.PROHIBITED, _("Prohibited")
    HIGH = rules.HIGH, _("High risk")
    LIMITED = rules.LIMITED, _("Limited risk")
    MINIMAL = rules.MINIMAL, _("Minimal risk")


class Dpia(models.TextChoices):
    REQUIRED = rules.DPIA_REQUIRED, _("DPIA required")
    LIKELY = rules.DPIA_LIKELY, _("DPIA likely")
    NOT_INDICATED = rules.DPIA_NOT_INDICATED, _("DPIA not indicated")


# The tier in force is written to UseCase.ai_act_tier, which the use-case rules read (a prohibited
# use case is never shortlisted, a database constraint too). "prohibited" keeps the stored value
# "unacceptable" that existing rows, exports and summaries already use.
TIER_TO_RISK: dict[str, str] = {
    Tier.OUT_OF_SCOPE: RiskTier.OUT_OF_SCOPE,
    Tier.PROHIBITED: RiskTier.UNACCEPTABLE,
    Tier.HIGH: RiskTier.HIGH,
    Tier.LIMITED: RiskTier.LIMITED,
    Tier.MINIMAL: RiskTier.MINIMAL,
}
RISK_TO_TIER: dict[str, str] = {risk: tier for tier, risk in TIER_TO_RISK.items()}


class Assessment(models.Model):
    """The EU AI Act and GDPR pre-assessment of one use case.

    Only the answers (and the facilitator's decision) are stored: the outcome is recomputed from them by
    compliance.rules under `edition`, the edition of the law they were answered under (compliance/law.py),
    so it stays reproducible when the law moves on. A newer edition in force shows what changed.
    """

    use_case = models.OneToOneField(UseCase, on_delete=models.CASCADE, related_name="assessment")
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    edition = models.CharField(_("edition of the law"), max_length=40, default=law.EDITIONS[0].code)
    confirmed_tier = models.CharField(_("confirmed tier"), max_length=12, choices=Tier.choices, blank=True)
    override_reason = models.TextField(_("reason for the override"), blank=True)
    answered_by = models.CharField(_("answered by"), max_length=150, blank=True)
    answered_at = models.DateTimeField(_("answered at"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pre-assessment")
        verbose_name_plural = _("pre-assessments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confirmed_tier="") | models.Q(confirmed_tier__in=rules.TIERS),
                name="assessment_confirmed_tier_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.use_case)

    @property
    def law_edition(self) -> law.Edition:
        return law.edition(self.edition)

    def outcome(self) -> rules.Outcome:
        """Under the edition answered under, with the facilitator's tier (confirmed or overridden) in force."""
        return rules.assess(self.answers, edition=self.law_edition, tier=self.confirmed_tier or None)

    def needs_reassessment(self, today: date) -> bool:
        """Answered under an older edition than the one in force on `today`."""
        return law.ORDER[self.law_edition.code] < law.ORDER[law.edition_on(today).code]
