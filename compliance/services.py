"""Every write on a pre-assessment: the answers, and the facilitator's confirmation or override of the tier.

Who may answer, and who confirms, is compliance.policy (answering is editing the use case: its author
in Collect ideas, a facilitator in any phase but Closed, managers never). Only a facilitator confirms
or overrides the tier, with a written reason when it differs from the suggestion.

The tier in force (confirmed, else suggested) is written to UseCase.ai_act_tier, which the use-case
rules read: a prohibited use case is never shortlisted, and that holds in the database too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance import law, policy, rules
from compliance.models import TIER_TO_RISK, Assessment
from core.exceptions import Refused
from usecases import policy as usecase_policy
from usecases.models import ClientRole, Hosting, Status, UseCase, YesNoUnknown
from usecases.services import require_may_edit
from workshop.models import Event, EventKind
from workshop.selectors import Access

OVERRIDE_REASON_MAX_LENGTH = 2000


def require_may_assess(access: Access, use_case: UseCase, *, confirming: bool = False) -> None:
    """PermissionDenied (managers, others' ideas) or Refused (closed, wrong phase) unless `access` may answer."""
    if not policy.may_assess(access, use_case):
        require_may_edit(access, use_case)  # says why
    if confirming and not policy.may_confirm(access, use_case):
        raise PermissionDenied(_("Only a facilitator confirms or overrides the tier."))


def law_in_force() -> law.Edition:
    """The edition of the law in force today: the one every new answer is given under."""
    return law.edition_on(timezone.localdate())


def clean_answers(answers: Any, edition: law.Edition, tier: str | None = None) -> dict[str, str]:
    """The answers that matter, or ValidationError per question code (unknown code, unknown value)."""
    errors = rules.validate(answers, edition=edition)
    if errors:
        raise ValidationError({code: _(message) for code, message in errors.items()})
    return rules.prune(answers, edition=edition, tier=tier)


@transaction.atomic
def assessment_save(
    *,
    access: Access,
    use_case: UseCase,
    answers: Mapping[str, Any],
    confirmed_tier: str | None = None,
    override_reason: str = "",
) -> Assessment:
    """Save the answers; `confirmed_tier` (facilitators): a tier confirms or overrides, "" withdraws, None keeps.

    A plain confirmation (no reason) lapses when new answers change the suggestion it confirmed;
    an override, written with its reason, stands.
    """
    require_may_assess(access, use_case, confirming=confirmed_tier is not None)
    edition = law_in_force()
    cleaned = clean_answers(answers, edition, confirmed_tier or None)
    # Lock the use case (two first saves at once would both create its assessment) and read its status
    # under the lock, so a shortlisting that lands meanwhile is seen.
    status = UseCase.objects.select_for_update().filter(pk=use_case.pk).values_list("status", flat=True).first()
    assessment = Assessment.objects.filter(use_case=use_case).first()
    if assessment is None:
        assessment = Assessment(use_case=use_case)
    if confirmed_tier is None and assessment.confirmed_tier and assessment.override_reason:
        # The override stands: keep the answers its tier asks for (roles, public service), not only the suggestion's.
        cleaned = rules.prune(answers, edition=edition, tier=assessment.confirmed_tier)
    outcome = rules.assess(cleaned, edition=edition)
    now = timezone.now()

    if confirmed_tier is None:
        lapsed = assessment.confirmed_tier and not assessment.override_reason
        if lapsed and assessment.confirmed_tier != outcome.tier:
            _withdraw(assessment)
    elif confirmed_tier == "":
        _withdraw(assessment)
    else:
        if confirmed_tier not in rules.TIERS:
            raise ValidationError({"confirmed_tier": _("Choose one of the tiers.")})
        reason = " ".join(str(override_reason or "").split())
        if confirmed_tier == outcome.tier:
            reason = ""  # a confirmation, not an override
        elif not reason:
            raise ValidationError(
                {"override_reason": _("Say why the tier differs from the suggestion: the legal review will ask.")}
            )
        elif len(reason) > OVERRIDE_REASON_MAX_LENGTH:
            message = _("Keep the reason under %(max)s characters.") % {"max": OVERRIDE_REASON_MAX_LENGTH}
            raise ValidationError({"override_reason": message})
        assessment.confirmed_tier = confirmed_tier
        assessment.override_reason = reason
        assessment.confirmed_by = access.actor.user if access.actor.is_user else None  # type: ignore[assignment]
        assessment.confirmed_at = now

    risk = _tier_in_force_risk(assessment, outcome, status)
    assessment.answers = cleaned
    assessment.edition = edition.code
    assessment.answered_by = access.actor.label[:150]
    assessment.answered_at = now
    assessment.save()
    _update_use_case(use_case, cleaned, risk)
    _record(access, use_case, assessment, outcome)
    return assessment


@transaction.atomic
def assessment_reconfirm(*, access: Access, use_case: UseCase) -> Assessment:
    """A facilitator adopts the law in force for an assessment answered under an older edition, keeping the answers.

    A plain confirmation becomes the confirmation of the tier the law in force suggests; an override, with its
    reason, stands. Refused when the assessment already reads the law in force.
    """
    require_may_assess(access, use_case, confirming=True)
    status = UseCase.objects.select_for_update().filter(pk=use_case.pk).values_list("status", flat=True).first()
    assessment = Assessment.objects.filter(use_case=use_case).first()
    if assessment is None:
        raise Refused(_("This use case has no pre-assessment yet: answer it first."), code="not_assessed")
    edition = law_in_force()
    if assessment.edition == edition.code:
        raise Refused(_("This pre-assessment already reads the law in force."), code="up_to_date")
    cleaned = rules.prune(assessment.answers, edition=edition, tier=assessment.confirmed_tier or None)
    outcome = rules.assess(cleaned, edition=edition)
    if not assessment.override_reason:
        assessment.confirmed_tier = outcome.tier
    assessment.confirmed_by = access.actor.user if access.actor.is_user else None  # type: ignore[assignment]
    assessment.confirmed_at = timezone.now()
    risk = _tier_in_force_risk(assessment, outcome, status)
    assessment.answers = cleaned
    assessment.edition = edition.code
    assessment.save()
    _update_use_case(use_case, cleaned, risk)
    _record(access, use_case, assessment, outcome)
    return assessment


def _tier_in_force_risk(assessment: Assessment, outcome: rules.Outcome, status: str | None) -> str:
    """The use case's risk tier from the tier in force; Refused when it would make a shortlisted one prohibited."""
    risk = TIER_TO_RISK[assessment.confirmed_tier or outcome.tier]
    if status == Status.SHORTLISTED and not usecase_policy.may_be_shortlisted(risk):
        raise Refused(
            _(
                "This use case is shortlisted, and a prohibited use case can never be: put it back to proposed "
                "or reject it first."
            ),
            code="unacceptable",
        )
    return risk


def _record(access: Access, use_case: UseCase, assessment: Assessment, outcome: rules.Outcome) -> None:
    if access.is_facilitator:  # a facilitator's action goes on the timeline; a participant's own idea would flood it
        Event.record(
            access.workshop,
            EventKind.ASSESSMENT_SAVED,
            access.actor.label,
            use_case=use_case.pk,
            tier=assessment.confirmed_tier or outcome.tier,
            confirmed=bool(assessment.confirmed_tier),
            edition=assessment.edition,
        )
    access.workshop.touch()


def _withdraw(assessment: Assessment) -> None:
    assessment.confirmed_tier = ""
    assessment.override_reason = ""
    assessment.confirmed_by = None
    assessment.confirmed_at = None


def _update_use_case(use_case: UseCase, answers: Mapping[str, str], risk: str) -> None:
    """The tier in force, and the use case's compliance fields the answers settle, so every reader agrees."""
    use_case.ai_act_tier = risk
    fields = ["ai_act_tier"]
    if answers.get("role") in ClientRole.values:
        use_case.client_role = answers["role"]
        fields.append("client_role")
    if answers.get("personal_data") in YesNoUnknown.values:
        use_case.personal_data = answers["personal_data"]
        fields.append("personal_data")
    # Booleans on the use case: only a yes or a no settles them.
    for code, field in (("special_category", "special_category_data"), ("automated_decision", "automated_decisions")):
        if answers.get(code) in {rules.YES, rules.NO}:
            setattr(use_case, field, answers[code] == rules.YES)
            fields.append(field)
    for code in ("data_location", "model_location"):
        if answers.get(code) in Hosting.values:
            setattr(use_case, code, answers[code])
            fields.append(code)
    use_case.save(update_fields=[*fields, "updated_at"])
