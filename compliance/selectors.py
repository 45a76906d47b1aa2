"""Reads of the pre-assessment, for its pages, its API and the read side across apps (plan, exports, summaries).

`assessments_for` is the one entry point for the rest of the project: it answers, per use case, the tier
in force and whether it was assessed or only declared, with the articles, obligations and GDPR flags.
Callers pass ids they already scoped to what the user may see (a workshop's or a client's use cases).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import prefetch_related_objects

from compliance import rules
from compliance.models import RISK_TO_TIER, Assessment
from usecases.models import Hosting, UseCase, YesNoUnknown

# Where the tier in force comes from.
CONFIRMED, SUGGESTED, DECLARED = "confirmed", "suggested", "declared"


@dataclass(frozen=True)
class AssessmentView:
    """One use case's compliance picture. Before any pre-assessment, its declared tier alone."""

    use_case_id: int
    assessed: bool
    basis: str  # confirmed (by a facilitator), suggested (by the rules), declared (not assessed)
    tier: str | None  # in force: confirmed, else suggested, else declared; None when unknown
    suggested_tier: str | None
    confirmed_tier: str | None
    override_reason: str
    articles: tuple[str, ...]
    obligations: tuple[rules.Obligation, ...]
    roles: tuple[str, ...]
    dpia: str | None  # None: not assessed
    fria_required: bool | None  # None: not assessed
    gdpr_articles: tuple[str, ...]
    transfer: bool  # GDPR Chapter V: personal data or the model outside the EEA
    needs_legal_review: bool
    assumptions: tuple[rules.Assumption, ...]
    reassess: bool  # answered under older rules than those in force
    rules_date: date | None

    @property
    def declared(self) -> bool:
        return not self.assessed


def view_of(use_case: UseCase, assessment: Assessment | None) -> AssessmentView:
    """The picture of one use case from its row and its assessment (None: never assessed)."""
    if assessment is None:
        # Declared facts only: the transfer flag from the use case's own hosting fields.
        outside = Hosting.NON_EU_CLOUD in {use_case.data_location, use_case.model_location}
        return AssessmentView(
            use_case_id=use_case.pk,
            assessed=False,
            basis=DECLARED,
            tier=RISK_TO_TIER.get(use_case.ai_act_tier),
            suggested_tier=None,
            confirmed_tier=None,
            override_reason="",
            articles=(),
            obligations=(),
            roles=(),
            dpia=None,
            fria_required=None,
            gdpr_articles=(),
            transfer=outside and use_case.personal_data != YesNoUnknown.NO,
            needs_legal_review=False,
            assumptions=(),
            reassess=False,
            rules_date=None,
        )
    outcome = assessment.outcome()
    confirmed = assessment.confirmed_tier or None
    return AssessmentView(
        use_case_id=use_case.pk,
        assessed=True,
        basis=CONFIRMED if confirmed else SUGGESTED,
        tier=confirmed or outcome.tier,
        suggested_tier=outcome.tier,
        confirmed_tier=confirmed,
        override_reason=assessment.override_reason,
        articles=outcome.articles,
        obligations=outcome.obligations,
        roles=outcome.roles,
        dpia=outcome.dpia,
        fria_required=outcome.fria_required,
        gdpr_articles=outcome.gdpr_articles,
        transfer=outcome.transfer,
        needs_legal_review=outcome.needs_legal_review,
        assumptions=outcome.assumptions,
        reassess=assessment.needs_reassessment,
        rules_date=assessment.rules_date,
    )


def assessments_for(use_case_ids: Iterable[int]) -> dict[int, AssessmentView]:
    """{use case id: its picture} for the use cases that exist among `use_case_ids`. One query."""
    ids = list(use_case_ids)
    if not ids:
        return {}
    return {uc.pk: view_for(uc) for uc in UseCase.objects.filter(pk__in=ids).select_related("assessment")}


def assessments_of_loaded(use_cases: list[UseCase]) -> dict[int, AssessmentView]:
    """`assessments_for` for use cases a page has loaded already: one query, for their assessments only."""
    prefetch_related_objects(use_cases, "assessment")
    return {uc.pk: view_for(uc) for uc in use_cases}


def view_for(use_case: UseCase) -> AssessmentView:
    """The picture of a use case loaded with ``select_related("assessment")`` (no query of its own)."""
    return view_of(use_case, _assessment_of(use_case))


def assessment_for(use_case: UseCase) -> Assessment | None:
    return Assessment.objects.filter(use_case=use_case).select_related("confirmed_by").first()


def _assessment_of(use_case: UseCase) -> Assessment | None:
    try:
        return use_case.assessment
    except Assessment.DoesNotExist:
        return None


def initial_answers(use_case: UseCase) -> dict[str, str]:
    """A first assessment starts from what the use case already declares (role, personal data, hosting)."""
    answers: dict[str, str] = {}
    if use_case.client_role in {rules.PROVIDER, rules.DEPLOYER}:
        answers["role"] = use_case.client_role
    if use_case.personal_data in {YesNoUnknown.YES, YesNoUnknown.NO}:
        answers["personal_data"] = use_case.personal_data
    if use_case.special_category_data:
        answers["special_category"] = rules.YES
    if use_case.automated_decisions:
        answers["automated_decision"] = rules.YES
    for code in ("data_location", "model_location"):
        if getattr(use_case, code) != Hosting.UNKNOWN:
            answers[code] = getattr(use_case, code)
    return answers
