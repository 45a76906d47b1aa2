"""Reads of the pre-assessment, for its pages, its API and the read side across apps (plan, exports, summaries).

`assessments_for` is the one entry point for the rest of the project: it answers, per use case, the tier
in force and whether it was assessed or only declared, with the articles, obligations and GDPR flags.
Callers pass ids they already scoped to what the user may see (a workshop's or a client's use cases).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from django.db.models import prefetch_related_objects
from django.utils import timezone

from compliance import law, rules
from compliance.models import RISK_TO_TIER, Assessment
from usecases.models import Hosting, Status, UseCase, YesNoUnknown
from workshop.models import Client
from workshop.selectors import clients_for_user, workshops_for_user

# Where the tier in force comes from: confirmed (the suggestion, by a facilitator), overridden (another
# tier, by a facilitator, with a reason), suggested (by the rules, not confirmed), declared (not assessed).
CONFIRMED, OVERRIDDEN, SUGGESTED, DECLARED = "confirmed", "overridden", "suggested", "declared"
BASES = (CONFIRMED, OVERRIDDEN, SUGGESTED, DECLARED)


@dataclass(frozen=True)
class AssessmentView:
    """One use case's compliance picture. Before any pre-assessment, its declared tier alone."""

    use_case_id: int
    assessed: bool
    basis: str  # one of BASES
    tier: str | None  # in force: confirmed, else suggested, else declared; None when unknown
    suggested_tier: str | None
    confirmed_tier: str | None
    override_reason: str
    articles: tuple[str, ...]  # of the tier in force: an override's tier, not the suggestion's
    obligations: tuple[rules.Obligation, ...]  # likewise
    roles: tuple[str, ...]
    dpia: str | None  # None: not assessed
    fria_required: bool | None  # None: not assessed
    gdpr_articles: tuple[str, ...]
    transfer: bool  # GDPR Chapter V: personal data or the model outside the EEA
    needs_legal_review: bool
    assumptions: tuple[rules.Assumption, ...]
    reassess: bool  # answered under an older edition of the law than the one in force
    edition: law.Edition | None  # the edition it was answered under (None: not assessed)
    edition_in_force: law.Edition
    answers: dict[str, Any] = field(default_factory=dict, compare=False)

    @cached_property
    def changes(self) -> tuple[rules.Change, ...]:
        """What the edition in force changed for it (empty unless reassess). Computed on first read only: the
        board's chips and the live poll read `reassess`, never this (it costs two more passes over the rules)."""
        if not self.reassess or self.edition is None:
            return ()
        return rules.changes(self.answers, self.edition, self.edition_in_force, tier=self.confirmed_tier)

    @property
    def declared(self) -> bool:
        return not self.assessed


def view_of(
    use_case: UseCase,
    assessment: Assessment | None,
    today: date | None = None,
    *,
    read_under: law.Edition | None = None,
) -> AssessmentView:
    """The picture of one use case from its row and its assessment (None: never assessed), on `today`.

    The outcome reads the edition the answers were given under, so that it stays what was decided; when a
    newer edition is in force, `reassess` is set and `changes` says what it changes for this use case.
    `read_under`: read the answers under another edition instead (the API's ?as_of).
    """
    in_force = law.edition_on(today or timezone.localdate())
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
            edition=None,
            edition_in_force=in_force,
        )
    confirmed = assessment.confirmed_tier or None
    answered_under = assessment.law_edition
    outcome = rules.assess(assessment.answers, edition=read_under or answered_under, tier=confirmed)
    reassess = law.ORDER[answered_under.code] < law.ORDER[in_force.code]
    basis = (OVERRIDDEN if outcome.overridden else CONFIRMED) if confirmed else SUGGESTED
    return AssessmentView(
        use_case_id=use_case.pk,
        assessed=True,
        basis=basis,
        tier=outcome.tier,
        suggested_tier=outcome.suggested_tier,
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
        reassess=reassess,
        edition=answered_under,
        edition_in_force=in_force,
        answers=assessment.answers,
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
    if use_case.client_role in {rules.PROVIDER, rules.DEPLOYER, rules.BOTH}:
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


def parse_day(value: str | None) -> date | None:
    """A YYYY-MM-DD query parameter; None when absent. ValueError when malformed."""
    if value in (None, ""):
        return None
    return date.fromisoformat(str(value))


def client_for_reader(user: Any, pk: int) -> Client:
    """A client the user may read (its facilitators and managers); Client.DoesNotExist otherwise."""
    return clients_for_user(user).get(pk=pk)


def assessed_use_cases_of_client(user: Any, client: Client) -> list[UseCase]:
    """Every assessed use case of the client's workshops that the user may read, merged ones aside."""
    workshops = workshops_for_user(user).filter(client=client)
    return list(
        UseCase.objects.filter(workshop__in=workshops, assessment__isnull=False)
        .exclude(status=Status.MERGED)
        .select_related("assessment", "workshop")
        .order_by("workshop__created_at", "workshop_id", "created_at", "id")
    )


def previous_edition(day: date) -> law.Edition:
    """The edition in force before the one in force on `day` (the first edition has none before it)."""
    current = law.edition_on(day)
    index = law.ORDER[current.code]
    return law.EDITIONS[max(index - 1, 0)]
