from __future__ import annotations

import functools
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from usecases.models import (
    Axis,
    Category,
    ClientRole,
    Criterion,
    Hosting,
    RiskTier,
    Status,
    UseCase,
    YesNoUnknown,
)
from usecases.services import CONTENT_FIELDS, ORDER_MAX, SCORE_MAX, SCORE_MIN, TITLE_MAX_LENGTH, WEIGHT_MAX, WEIGHT_MIN
from workshop.selectors import Access

_WEIGHT_ERRORS = {
    "min_value": _("A weight is a whole number from 1 to 5."),
    "max_value": _("A weight is a whole number from 1 to 5."),
    "invalid": _("A weight is a whole number from 1 to 5."),
}
_SCORE_ERRORS = {
    "min_value": _("A score is a whole number from 1 to 5."),
    "max_value": _("A score is a whole number from 1 to 5."),
    "invalid": _("A score is a whole number from 1 to 5."),
}


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "axis", "weight", "order"]
        read_only_fields = fields


class CriterionWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    axis = serializers.ChoiceField(choices=Axis.choices)
    weight = serializers.IntegerField(
        min_value=WEIGHT_MIN, max_value=WEIGHT_MAX, default=1, error_messages=_WEIGHT_ERRORS
    )
    order = serializers.IntegerField(min_value=0, max_value=ORDER_MAX, required=False)


class UseCaseSerializer(serializers.ModelSerializer):
    """A use case as the caller may see it: vote totals only once results are visible to them."""

    author_name = serializers.SerializerMethodField()
    is_mine = serializers.SerializerMethodField()
    votes = serializers.SerializerMethodField(help_text=_("Total dots; null for a participant before the reveal."))
    my_dots = serializers.SerializerMethodField(help_text=_("The calling participant's dots; null for users."))

    class Meta:
        model = UseCase
        fields = [
            "id",
            "workshop",
            "author",
            "author_name",
            "is_mine",
            *CONTENT_FIELDS,
            "status",
            "merged_into",
            "votes",
            "my_dots",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @property
    def _access(self) -> Access:
        return self.context["access"]

    def get_author_name(self, obj: UseCase) -> str:
        return obj.author.display_name if obj.author else ""

    def get_is_mine(self, obj: UseCase) -> bool:
        participant = self._access.participant
        return participant is not None and obj.author_id == participant.pk

    @extend_schema_field(OpenApiTypes.INT)
    def get_votes(self, obj: UseCase) -> int | None:
        if not self._access.can_see_results:
            return None
        return self.context.get("totals", {}).get(obj.pk, 0)

    @extend_schema_field(OpenApiTypes.INT)
    def get_my_dots(self, obj: UseCase) -> int | None:
        if self._access.participant is None:
            return None
        return self.context.get("dots", {}).get(obj.pk, 0)


class UseCaseWriteSerializer(serializers.Serializer):
    """Content and compliance block; `status` (proposed, shortlisted, rejected) for facilitators only."""

    title = serializers.CharField(
        max_length=TITLE_MAX_LENGTH,
        error_messages={"blank": _("Give the use case a title."), "required": _("Give the use case a title.")},
    )
    problem = serializers.CharField(required=False, allow_blank=True)
    solution = serializers.CharField(required=False, allow_blank=True)
    benefits = serializers.CharField(required=False, allow_blank=True)
    data_sources = serializers.CharField(required=False, allow_blank=True)
    affected_users = serializers.CharField(required=False, allow_blank=True, max_length=200)
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    ai_act_tier = serializers.ChoiceField(choices=RiskTier.choices, required=False)
    client_role = serializers.ChoiceField(choices=ClientRole.choices, required=False)
    personal_data = serializers.ChoiceField(choices=YesNoUnknown.choices, required=False)
    special_category_data = serializers.BooleanField(required=False)
    automated_decisions = serializers.BooleanField(required=False)
    data_location = serializers.ChoiceField(choices=Hosting.choices, required=False)
    model_location = serializers.ChoiceField(choices=Hosting.choices, required=False)
    compliance_note = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in (Status.PROPOSED, Status.SHORTLISTED, Status.REJECTED)],
        required=False,
        help_text=_("Facilitators only. Merging has its own endpoint."),
    )


class MergeSerializer(serializers.Serializer):
    into = serializers.IntegerField(help_text=_("The use case that absorbs this duplicate."))


class ScoresSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=SCORE_MIN, max_value=SCORE_MAX, error_messages=_SCORE_ERRORS),
        help_text=_('{"<criterion id>": 1..5}, for the calling participant.'),
    )


class ScoresResultSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.IntegerField())


class VoteSerializer(serializers.Serializer):
    dots = serializers.IntegerField(min_value=0, help_text=_("Your dots on this use case; 0 takes them back."))


class VoteResultSerializer(serializers.Serializer):
    use_case_id = serializers.IntegerField()
    dots = serializers.IntegerField()
    votes_left = serializers.IntegerField()


class RankingRowSerializer(serializers.Serializer):
    use_case_id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    category = serializers.CharField()
    merged_into_id = serializers.IntegerField(allow_null=True)
    impact = serializers.FloatField(allow_null=True)
    feasibility = serializers.FloatField(allow_null=True)
    priority = serializers.FloatField(allow_null=True)
    votes = serializers.IntegerField()
    spread = serializers.FloatField(allow_null=True)
    needs_discussion = serializers.BooleanField()
    quadrant = serializers.CharField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    scorers = serializers.IntegerField()


class RankingSerializer(serializers.Serializer):
    rows = RankingRowSerializer(many=True)
    set_aside = RankingRowSerializer(many=True)
    participants = serializers.IntegerField()
    scores = serializers.IntegerField()
    votes = serializers.IntegerField()


@functools.cache
def _ranking_row_fields() -> tuple[str, ...]:
    # Built once: binding a serializer's fields for each of hundreds of rows costs more than the ranking.
    return tuple(RankingRowSerializer().fields)


def ranking_row_data(row: Any) -> dict[str, Any]:
    return {field: getattr(row, field) for field in _ranking_row_fields()}


class ParticipantProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="participant.pk")
    display_name = serializers.CharField(source="participant.display_name")
    joined_at = serializers.DateTimeField(source="participant.joined_at")
    scored = serializers.IntegerField(help_text=_("Scores given on use cases still in the running."))
    total = serializers.IntegerField(help_text=_("Scores there are to give: use cases × criteria."))
    finished = serializers.BooleanField(help_text=_("Has scored everything."))
    dots = serializers.IntegerField(help_text=_("Votes spent."))
