from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from compliance import display, law, rules, selectors
from compliance.models import Assessment, Dpia, Tier
from compliance.services import OVERRIDE_REASON_MAX_LENGTH
from usecases.models import UseCase

_BASES = [(basis, basis) for basis in selectors.BASES]


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
    since = serializers.CharField(help_text=_("The edition of the law that brought the option."))

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
    since = serializers.CharField(help_text=_("The edition of the law that brought the question."))
    options = OptionSerializer(many=True)


class LawSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_('The edition of the law, e.g. "2024/1689+2026/1744".'))
    title = serializers.CharField()
    applies_from = serializers.DateField(help_text=_("The day this edition became the law in force."))


class QuestionsSerializer(serializers.Serializer):
    law = LawSerializer(help_text=_("The edition of the law in force today, which new answers are given under."))
    questions = QuestionSerializer(many=True)


class ObligationSerializer(serializers.Serializer):
    code = serializers.CharField()
    article = serializers.CharField()
    role = serializers.ChoiceField(choices=[("provider", "provider"), ("deployer", "deployer"), ("any", "any")])
    text = serializers.CharField()
    applies_from = serializers.DateField(help_text=_("The date it applies from (AI Act Art. 113)."))
    date_article = serializers.CharField(help_text=_("The article that sets that date, in the edition read."))
    date_confirmed = serializers.BooleanField(help_text=_("False: no source we read settles that date."))
    note = serializers.CharField(allow_blank=True, help_text=_("A qualification of the date, e.g. a grace period."))


class AssumptionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("The question whose answer is not known."))
    text = serializers.CharField(help_text=_("The cautious branch the suggestion took."))


class ChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(kind, kind) for kind in rules.CHANGE_KINDS])
    subject = serializers.CharField(help_text=_('"tier", an obligation code, an article or a question code.'))
    article = serializers.CharField(allow_blank=True)
    before = serializers.CharField(allow_null=True, help_text=_("The tier, the date or the wording before."))
    after = serializers.CharField(allow_null=True, help_text=_("Likewise after; null when removed."))
    by = serializers.CharField(allow_blank=True, help_text=_("The amending act."))
    text = serializers.CharField(help_text=_("The change in a sentence, in the reader's language."))


class AssessmentSerializer(serializers.Serializer):
    use_case = serializers.IntegerField()
    assessed = serializers.BooleanField(help_text=_("False: never assessed, the tier in force is the declared one."))
    answers = serializers.DictField(child=serializers.CharField())
    visible_questions = serializers.ListField(
        child=serializers.CharField(), help_text=_("The questions that matter given the answers, in order.")
    )
    unanswered = serializers.ListField(child=serializers.CharField())
    law = LawSerializer(help_text=_("The edition of the law this response reads."))
    tier = serializers.ChoiceField(
        choices=Tier.choices, allow_null=True, help_text=_("The suggested tier; null before any assessment.")
    )
    suggested_tier = serializers.ChoiceField(
        choices=Tier.choices, allow_null=True, help_text=_("What the answers alone give; null before any assessment.")
    )
    tier_in_force = serializers.ChoiceField(
        choices=Tier.choices, allow_null=True, help_text=_("Confirmed, else suggested, else declared.")
    )
    basis = serializers.ChoiceField(choices=_BASES)
    basis_label = serializers.CharField(help_text=_('In words, e.g. "overridden (suggested: Limited risk)".'))
    articles = serializers.ListField(
        child=serializers.CharField(), help_text=_("Of the tier in force: an override's tier, not the suggestion's.")
    )
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
    answered_under = LawSerializer(allow_null=True, help_text=_("The edition the answers were given under."))
    changes = ChangeSerializer(
        many=True, help_text=_("What the edition in force changed for it, when it was answered under an older one.")
    )
    reassess = serializers.BooleanField(
        help_text=_("Answered under an older edition of the law than the one in force.")
    )
    answered_by = serializers.CharField(allow_blank=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    disclaimer = serializers.CharField()


class ChangesSerializer(serializers.Serializer):
    use_case = serializers.IntegerField()
    title = serializers.CharField()
    workshop = serializers.IntegerField()
    assessed = serializers.BooleanField()
    since = LawSerializer(help_text=_("The edition compared from."))
    law = LawSerializer(help_text=_("The edition compared to: the one in force today."))
    tier_before = serializers.ChoiceField(choices=Tier.choices, allow_null=True)
    tier_after = serializers.ChoiceField(choices=Tier.choices, allow_null=True)
    changes = ChangeSerializer(many=True)


class ClientLawChangesSerializer(serializers.Serializer):
    client = serializers.IntegerField()
    since = LawSerializer()
    law = LawSerializer()
    use_cases = ChangesSerializer(many=True, help_text=_("Only the use cases whose outcome changed."))


def law_data(edition: law.Edition) -> dict[str, Any]:
    return {"code": edition.code, "title": gettext(edition.title), "applies_from": edition.in_force}


def changes_data(
    use_case: UseCase, assessment: Assessment | None, since: law.Edition, until: law.Edition
) -> dict[str, Any]:
    """What the law changed for one use case between two editions (its tier in force kept when overridden)."""
    found: tuple[rules.Change, ...] = ()
    tier_before = tier_after = None
    if assessment is not None:
        forced = assessment.confirmed_tier or None
        found = rules.changes(assessment.answers, since, until, tier=forced)
        tier_before = rules.assess(assessment.answers, edition=since).tier
        tier_after = rules.assess(assessment.answers, edition=until).tier
    return {
        "use_case": use_case.pk,
        "title": use_case.title,
        "workshop": use_case.workshop_id,
        "assessed": assessment is not None,
        "since": law_data(since),
        "law": law_data(until),
        "tier_before": tier_before,
        "tier_after": tier_after,
        "changes": display.change_rows(found, until),
    }


def assessment_data(
    use_case: UseCase, assessment: Assessment | None, *, read_under: law.Edition | None = None
) -> dict[str, Any]:
    """The body of GET /api/v1/use-cases/{id}/assessment/ (`read_under`: ?as_of, the edition in force that day)."""
    view = selectors.view_of(use_case, assessment, read_under=read_under)
    answers = assessment.answers if assessment else {}
    edition = read_under or view.edition or view.edition_in_force
    forced = (assessment.confirmed_tier or None) if assessment else None
    outcome = rules.assess(answers, edition=edition, tier=forced) if assessment else None
    visible = outcome.visible if outcome else [q.code for q in rules.visible_questions({}, edition=edition)]
    return {
        "use_case": use_case.pk,
        "assessed": view.assessed,
        "law": law_data(edition),
        "answers": answers,
        "visible_questions": list(visible),
        "unanswered": list(outcome.unanswered) if outcome else [],
        "tier": view.suggested_tier,
        "suggested_tier": view.suggested_tier,
        "tier_in_force": view.tier,
        "basis": view.basis,
        "basis_label": display.basis_label(view),
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
        "answered_under": law_data(view.edition) if view.edition else None,
        "reassess": view.reassess,
        "changes": display.change_rows(view.changes, view.edition_in_force),
        "answered_by": assessment.answered_by if assessment else "",
        "answered_at": assessment.answered_at if assessment else None,
        "confirmed_at": assessment.confirmed_at if assessment else None,
        "disclaimer": str(display.DISCLAIMER),
    }
