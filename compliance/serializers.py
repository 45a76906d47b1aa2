from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from compliance import display, rules, selectors
from compliance.models import Assessment, Dpia, Tier
from compliance.services import OVERRIDE_REASON_MAX_LENGTH
from usecases.models import UseCase

_BASES = [(selectors.CONFIRMED, "confirmed"), (selectors.SUGGESTED, "suggested"), (selectors.DECLARED, "declared")]


class AssessmentWriteSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text=_('{"<question code>": "<option code>"}; see /api/v1/assessment/questions/.'),
    )
    confirmed_tier = serializers.ChoiceField(
        choices=Tier.choices,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text=_("Facilitators only: confirms the suggested tier, or overrides it; null or empty withdraws."),
    )
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=OVERRIDE_REASON_MAX_LENGTH,
        help_text=_("Required when the confirmed tier differs from the suggestion."),
    )

    def validate_answers(self, value: dict[str, Any]) -> dict[str, str]:
        errors = rules.validate(value)
        if errors:
            raise serializers.ValidationError({code: [gettext(message)] for code, message in errors.items()})
        return value


class OptionSerializer(serializers.Serializer):
    code = serializers.CharField()
    article = serializers.CharField()
    area = serializers.CharField(help_text=_("annex_iii_use: the annex_iii_area this use belongs to."))

    def get_fields(self) -> dict[str, serializers.Field]:
        # "label" is also an attribute of every DRF field class: declared here, not as a class attribute.
        fields = super().get_fields()
        return {"code": fields.pop("code"), "label": serializers.CharField(), **fields}


class QuestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    section = serializers.ChoiceField(choices=[("ai_act", "ai_act"), ("gdpr", "gdpr")])
    text = serializers.CharField()
    help = serializers.CharField()
    article = serializers.CharField()
    options = OptionSerializer(many=True)


class QuestionsSerializer(serializers.Serializer):
    rules_date = serializers.DateField(help_text=_("The date of the legal text the rules encode."))
    questions = QuestionSerializer(many=True)


class ObligationSerializer(serializers.Serializer):
    code = serializers.CharField()
    article = serializers.CharField()
    role = serializers.ChoiceField(choices=[("provider", "provider"), ("deployer", "deployer"), ("any", "any")])
    text = serializers.CharField()
    applies_from = serializers.DateField(help_text=_("The date it applies from (AI Act Art. 113)."))


class AssumptionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("The question whose answer is not known."))
    text = serializers.CharField(help_text=_("The cautious branch the suggestion took."))


class AssessmentSerializer(serializers.Serializer):
    use_case = serializers.IntegerField()
    assessed = serializers.BooleanField(help_text=_("False: never assessed, the tier in force is the declared one."))
    answers = serializers.DictField(child=serializers.CharField())
    visible_questions = serializers.ListField(
        child=serializers.CharField(), help_text=_("The questions that matter given the answers, in order.")
    )
    unanswered = serializers.ListField(child=serializers.CharField())
    tier = serializers.ChoiceField(
        choices=Tier.choices, allow_null=True, help_text=_("The suggested tier; null before any assessment.")
    )
    tier_in_force = serializers.ChoiceField(
        choices=Tier.choices, allow_null=True, help_text=_("Confirmed, else suggested, else declared.")
    )
    basis = serializers.ChoiceField(choices=_BASES)
    articles = serializers.ListField(child=serializers.CharField())
    roles = serializers.ListField(child=serializers.CharField())
    obligations = ObligationSerializer(many=True)
    fria_required = serializers.BooleanField(allow_null=True)
    dpia = serializers.ChoiceField(choices=Dpia.choices, allow_null=True)
    gdpr_articles = serializers.ListField(child=serializers.CharField())
    transfer = serializers.BooleanField(help_text=_("GDPR Chapter V: personal data or the model outside the EEA."))
    needs_legal_review = serializers.BooleanField()
    assumptions = AssumptionSerializer(many=True)
    confirmed_tier = serializers.ChoiceField(choices=Tier.choices, allow_null=True)
    override_reason = serializers.CharField(allow_blank=True)
    rules_date = serializers.DateField(allow_null=True)
    reassess = serializers.BooleanField(help_text=_("Answered under older rules than those in force."))
    answered_by = serializers.CharField(allow_blank=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    disclaimer = serializers.CharField()


def assessment_data(use_case: UseCase, assessment: Assessment | None) -> dict[str, Any]:
    """The body of GET /api/v1/use-cases/{id}/assessment/."""
    view = selectors.view_of(use_case, assessment)
    answers = assessment.answers if assessment else {}
    outcome = rules.assess(answers) if assessment else None
    return {
        "use_case": use_case.pk,
        "assessed": view.assessed,
        "answers": answers,
        "visible_questions": list(outcome.visible) if outcome else [q.code for q in rules.visible_questions({})],
        "unanswered": list(outcome.unanswered) if outcome else [],
        "tier": view.suggested_tier,
        "tier_in_force": view.tier,
        "basis": view.basis,
        "articles": list(view.articles),
        "roles": list(view.roles),
        "obligations": display.obligation_rows(view.obligations),
        "fria_required": view.fria_required,
        "dpia": view.dpia,
        "gdpr_articles": list(view.gdpr_articles),
        "transfer": view.transfer,
        "needs_legal_review": view.needs_legal_review,
        "assumptions": [{"code": a.code, "text": gettext(a.text)} for a in view.assumptions],
        "confirmed_tier": view.confirmed_tier,
        "override_reason": view.override_reason,
        "rules_date": view.rules_date,
        "reassess": view.reassess,
        "answered_by": assessment.answered_by if assessment else "",
        "answered_at": assessment.answered_at if assessment else None,
        "confirmed_at": assessment.confirmed_at if assessment else None,
        "disclaimer": str(display.DISCLAIMER),
    }
