"""One vocabulary of compliance flags: a stable code, a translated text and a severity.

Pages (the board's and the results' chips), the summaries, the API and every
export word a flag the same way, from here. A flag is derived from a use
case's compliance fields — the EU AI Act tier, the client's role, personal and
special-category data, automated decisions, and where the data and the model
run (the sovereignty question clients ask first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from compliance.rules import DPIA_LIKELY, DPIA_REQUIRED
from compliance.selectors import AssessmentView
from usecases.models import ClientRole, Hosting, RiskTier, YesNoUnknown

# Severities, most serious first; pages style chips by them, exports sort by them.
BLOCKER = "blocker"
HIGH = "high"
WARNING = "warning"
INFO = "info"
SEVERITIES = (BLOCKER, HIGH, WARNING, INFO)

TEXTS: dict[str, Promise] = {
    "ai_act_unacceptable": _("Prohibited practice under the EU AI Act: it cannot be taken forward"),
    "ai_act_out_of_scope": _("Outside the scope of the EU AI Act"),
    "ai_act_high": _(
        "High risk under the EU AI Act: plan risk management, data governance, technical documentation "
        "and human oversight into the POC"
    ),
    "ai_act_limited": _("Limited risk under the EU AI Act: transparency duties (Art. 50)"),
    "ai_act_minimal": _("Minimal risk under the EU AI Act"),
    "ai_act_unknown": _("EU AI Act risk tier not known yet"),
    "role_provider": _("The client would be the provider of the AI system"),
    "role_deployer": _("The client would deploy an AI system provided by others"),
    "personal_data": _("Personal data (GDPR)"),
    "personal_data_unknown": _("Personal data: not known yet"),
    "special_category": _("Special-category data (GDPR Art. 9)"),
    "automated_decisions": _("Automated decisions about people (GDPR Art. 22)"),
    "data_on_premises": _("Data on premises"),
    "data_eu_cloud": _("Data in an EU cloud"),
    "data_non_eu_cloud": _("Data in a non-EU cloud (GDPR Chapter V transfer)"),
    "data_unknown": _("Where the data would live: not known yet"),
    "model_on_premises": _("Model runs on premises"),
    "model_eu_cloud": _("Model runs in an EU cloud"),
    "model_non_eu_cloud": _("Model runs in a non-EU cloud"),
    "model_unknown": _("Where the model would run: not known yet"),
    "legal_review": _("The pre-assessment needs a legal review (a deciding answer is unknown)"),
    "reassess": _("Assessed under older rules: re-assess"),
    "dpia_required": _("DPIA required (GDPR Art. 35)"),
    "dpia_likely": _("DPIA likely (GDPR Art. 35, EDPB criteria)"),
    "fria_required": _("Fundamental rights impact assessment required (AI Act Art. 27)"),
    "gdpr_transfer": _("Personal data leaves the EEA: a GDPR Chapter V transfer"),
}
TIER_SEVERITY: dict[str, str] = {
    RiskTier.UNACCEPTABLE: BLOCKER,
    RiskTier.HIGH: HIGH,
    RiskTier.LIMITED: INFO,
    RiskTier.MINIMAL: INFO,
    RiskTier.UNKNOWN: INFO,
    RiskTier.OUT_OF_SCOPE: INFO,
}
HOSTING_SEVERITY: dict[str, str] = {Hosting.NON_EU_CLOUD: WARNING}


class HasCompliance(Protocol):
    ai_act_tier: str
    client_role: str
    personal_data: str
    special_category_data: bool
    automated_decisions: bool
    data_location: str
    model_location: str


@dataclass(frozen=True)
class Flag:
    code: str
    severity: str

    @property
    def text(self) -> str:
        """In the active language."""
        return str(TEXTS[self.code])


def compliance_flags(use_case: HasCompliance, assessment: AssessmentView | None = None) -> tuple[Flag, ...]:
    """Every flag of a use case, most serious first (the same order everywhere).

    ``assessment``: its pre-assessment (compliance), which adds the legal review, DPIA, FRIA and
    transfer flags; the tier itself is the use case's tier in force either way.
    """
    flags = [
        Flag(f"ai_act_{use_case.ai_act_tier or RiskTier.UNKNOWN}", TIER_SEVERITY.get(use_case.ai_act_tier, WARNING))
    ]
    if use_case.client_role == ClientRole.PROVIDER:
        flags.append(Flag("role_provider", INFO))
    elif use_case.client_role == ClientRole.DEPLOYER:
        flags.append(Flag("role_deployer", INFO))
    if use_case.personal_data == YesNoUnknown.YES:
        flags.append(Flag("personal_data", WARNING))
    elif use_case.personal_data == YesNoUnknown.UNKNOWN:
        flags.append(Flag("personal_data_unknown", INFO))
    if use_case.special_category_data:
        flags.append(Flag("special_category", HIGH))
    if use_case.automated_decisions:
        flags.append(Flag("automated_decisions", HIGH))
    for prefix, location in (("data", use_case.data_location), ("model", use_case.model_location)):
        location = location or Hosting.UNKNOWN
        flags.append(Flag(f"{prefix}_{location}", HOSTING_SEVERITY.get(location, INFO)))
    if assessment is not None and assessment.assessed:
        if assessment.needs_legal_review:
            flags.append(Flag("legal_review", WARNING))
        if assessment.reassess:
            flags.append(Flag("reassess", WARNING))
        if assessment.dpia == DPIA_REQUIRED:
            flags.append(Flag("dpia_required", HIGH))
        elif assessment.dpia == DPIA_LIKELY:
            flags.append(Flag("dpia_likely", WARNING))
        if assessment.fria_required:
            flags.append(Flag("fria_required", HIGH))
    if assessment is not None and assessment.transfer:
        flags.append(Flag("gdpr_transfer", WARNING))
    flags.sort(key=lambda flag: SEVERITIES.index(flag.severity))
    return tuple(flags)


def alert_flags(flags: tuple[Flag, ...]) -> tuple[Flag, ...]:
    """The flags a reader must not miss: a serious tier, personal or sensitive data, data or a model leaving the EU."""
    return tuple(flag for flag in flags if flag.severity != INFO)


def hosting_text(use_case: HasCompliance) -> str:
    """Where the data and the model would run, in words: the plan's sovereignty columns."""
    labels = dict(Hosting.choices)
    return str(_("Data: %(data)s · Model: %(model)s")) % {
        "data": labels.get(use_case.data_location, use_case.data_location),
        "model": labels.get(use_case.model_location, use_case.model_location),
    }
