"""The AI definition of done of a POC: which items, in which words.

`dod_templates(use_case)` lists the items a POC starts with: robustness,
transparency, human oversight, data governance and GDPR (with a DPIA item
when the use case's answers call for one), each AI Act obligation of the use
case's tier as its own item, and cost within budget.

`obligation_items(use_case)` is the one place the AI Act obligations come
from: the pre-assessment's (compliance/) when the use case was assessed, else
the tier and the client's role declared on it. Every caller (POC start,
backlog export) follows.

Labels are English source strings marked with gettext_noop: they are stored
as they are and translated when shown (DodItem.display_label).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop

from compliance.rules import DPIA_LIKELY, DPIA_REQUIRED
from compliance.selectors import view_for
from usecases.models import ClientRole, RiskTier, UseCase, YesNoUnknown

# Kinds mirror pocs.models.DodKind (kept as strings so that this module needs no model import).
ROBUSTNESS = "robustness"
TRANSPARENCY = "transparency"
HUMAN_OVERSIGHT = "human_oversight"
DATA_GOVERNANCE = "data_governance"
AI_ACT = "ai_act"
COST = "cost"

# Items that are compliance obligations: exported to the backlog as items of their own.
COMPLIANCE_CODES_PREFIX = ("ai_act", "gdpr")


@dataclass(frozen=True)
class DodTemplate:
    code: str
    kind: str
    label: str  # English source string, translated when shown

    @property
    def is_obligation(self) -> bool:
        return self.code.startswith(COMPLIANCE_CODES_PREFIX)


_ROBUSTNESS = DodTemplate(
    "robustness", ROBUSTNESS, gettext_noop("Robustness: evaluated on held-out data, failure modes known")
)
_TRANSPARENCY = DodTemplate(
    "transparency",
    TRANSPARENCY,
    gettext_noop("Transparency: users are told they deal with AI, outputs explainable to the level needed"),
)
_HUMAN_OVERSIGHT = DodTemplate(
    "human_oversight",
    HUMAN_OVERSIGHT,
    gettext_noop("Human oversight: a person can check, correct and stop what the system does"),
)
_DATA_GOVERNANCE = DodTemplate(
    "data_governance",
    DATA_GOVERNANCE,
    gettext_noop("Data governance and GDPR: lawful basis recorded, data minimised, DPIA done where needed"),
)
_DPIA = DodTemplate(
    "gdpr_dpia",
    DATA_GOVERNANCE,
    gettext_noop(
        "GDPR Art. 35 — data protection impact assessment (DPIA) done: the use case processes special-category "
        "data, makes automated decisions about people or is high risk"
    ),
)
_COST = DodTemplate(
    "cost_within_budget", COST, gettext_noop("Cost within budget: actual POC and run costs within the baseline")
)

_LITERACY = DodTemplate(
    "ai_act_art_4",
    AI_ACT,
    gettext_noop("AI Act Art. 4 — AI literacy: the people who build, run and use the system are trained for it"),
)
_TIER_UNKNOWN = DodTemplate(
    "ai_act_tier",
    AI_ACT,
    gettext_noop("AI Act — risk tier assessed and recorded (the use case's tier is still unknown)"),
)
_LIMITED_PROVIDER = [
    DodTemplate(
        "ai_act_art_50_provider",
        AI_ACT,
        gettext_noop(
            "AI Act Art. 50(1)–(2) — people are told they interact with an AI system; generated content is "
            "marked as AI-generated in a machine-readable way"
        ),
    ),
]
_LIMITED_DEPLOYER = [
    DodTemplate(
        "ai_act_art_50_deployer",
        AI_ACT,
        gettext_noop(
            "AI Act Art. 50(3)–(4) — people exposed to emotion recognition or biometric categorisation are "
            "informed; deep fakes and AI-generated text published to inform the public are disclosed"
        ),
    ),
]
_HIGH_PROVIDER = [
    DodTemplate(
        "ai_act_art_9", AI_ACT, gettext_noop("AI Act Art. 9 — risk management system established and maintained")
    ),
    DodTemplate(
        "ai_act_art_10",
        AI_ACT,
        gettext_noop(
            "AI Act Art. 10 — data and data governance: training, validation and test data relevant, "
            "representative and examined for bias"
        ),
    ),
    DodTemplate("ai_act_art_11", AI_ACT, gettext_noop("AI Act Art. 11 — technical documentation drawn up (Annex IV)")),
    DodTemplate(
        "ai_act_art_12",
        AI_ACT,
        gettext_noop("AI Act Art. 12 — record-keeping: events logged automatically over the system's lifetime"),
    ),
    DodTemplate(
        "ai_act_art_13",
        AI_ACT,
        gettext_noop("AI Act Art. 13 — instructions for use let deployers interpret the output and use it well"),
    ),
    DodTemplate(
        "ai_act_art_14",
        AI_ACT,
        gettext_noop("AI Act Art. 14 — human oversight designed in: people can understand, override and stop it"),
    ),
    DodTemplate(
        "ai_act_art_15",
        AI_ACT,
        gettext_noop("AI Act Art. 15 — accuracy, robustness and cybersecurity declared and tested"),
    ),
    DodTemplate("ai_act_art_17", AI_ACT, gettext_noop("AI Act Art. 17 — quality management system in place")),
    DodTemplate(
        "ai_act_art_43",
        AI_ACT,
        gettext_noop(
            "AI Act Art. 43, 47–49 — conformity assessment, EU declaration of conformity, CE marking and "
            "registration in the EU database"
        ),
    ),
    DodTemplate("ai_act_art_72", AI_ACT, gettext_noop("AI Act Art. 72 — post-market monitoring plan")),
]
_HIGH_DEPLOYER = [
    DodTemplate(
        "ai_act_art_26",
        AI_ACT,
        gettext_noop(
            "AI Act Art. 26 — deployer duties: used per the instructions, overseen by trained people, relevant "
            "input data, monitored, logs kept at least six months, workers and affected people informed"
        ),
    ),
    DodTemplate(
        "ai_act_art_27",
        AI_ACT,
        gettext_noop(
            "AI Act Art. 27 — fundamental rights impact assessment, where the deployer is a public body or "
            "provides public services, scores credit or prices life and health insurance"
        ),
    ),
    DodTemplate(
        "ai_act_art_86",
        AI_ACT,
        gettext_noop("AI Act Art. 86 — people affected by a decision based on the output can get an explanation"),
    ),
]


def _by_role(role: str, provider: list[DodTemplate], deployer: list[DodTemplate]) -> list[DodTemplate]:
    # An unknown role gets both sets: until it is known, nothing is left out.
    if role == ClientRole.PROVIDER:
        return provider
    if role == ClientRole.DEPLOYER:
        return deployer
    return provider + deployer


def obligation_items(use_case: UseCase) -> list[DodTemplate]:
    """The AI Act obligations of the use case's tier, for the client's role, one item each.

    Assessed (compliance/): the assessment's obligations, the same as the plan lists. Only declared:

    Every tier: Art. 4 (AI literacy). Limited: Art. 50 transparency. High: the
    high-risk obligations (provider: Art. 9–15, 17, 43–49, 72; deployer:
    Art. 26, 27, 86). Unknown tier: an item to assess it. Unknown role: the
    provider's and the deployer's obligations.
    """
    view = view_for(use_case)
    if view.assessed:
        # The pre-assessment's own obligations for the tier in force and the role it found, one item each.
        return [DodTemplate(f"ai_act_{o.code}", AI_ACT, o.text) for o in view.obligations]
    items = [_LITERACY]
    tier, role = use_case.ai_act_tier, use_case.client_role
    if tier == RiskTier.UNKNOWN:
        items.append(_TIER_UNKNOWN)
    elif tier == RiskTier.LIMITED:
        items += _by_role(role, _LIMITED_PROVIDER, _LIMITED_DEPLOYER)
    elif tier == RiskTier.HIGH:
        items += _by_role(role, _HIGH_PROVIDER, _HIGH_DEPLOYER)
    return items


def dpia_needed(use_case: UseCase) -> bool:
    """GDPR Art. 35: what the pre-assessment says; only declared, special-category data, automated
    decisions about people, or high risk with personal data."""
    view = view_for(use_case)
    if view.assessed:
        return view.dpia in (DPIA_REQUIRED, DPIA_LIKELY)
    if use_case.special_category_data or use_case.automated_decisions:
        return True
    return use_case.ai_act_tier == RiskTier.HIGH and use_case.personal_data != YesNoUnknown.NO


def dod_templates(use_case: UseCase) -> list[DodTemplate]:
    """Every item of the definition of done of a POC of `use_case`, in the order shown."""
    items = [_ROBUSTNESS, _TRANSPARENCY, _HUMAN_OVERSIGHT, _DATA_GOVERNANCE]
    if dpia_needed(use_case):
        items.append(_DPIA)
    return [*items, *obligation_items(use_case), _COST]
