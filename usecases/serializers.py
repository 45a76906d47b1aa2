from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api_fields import IntegerNumberField
from core.numbers import machine_score
from usecases.criteria_templates import TEMPLATES as CRITERIA_TEMPLATES
from usecases.models import (
    TEXT_MAX_LENGTHS,
    Axis,
    Category,
    ClientRole,
    Criterion,
    Hosting,
    Status,
    UseCase,
    YesNoUnknown,
)
from usecases.selectors import author_label, visible_votes
from usecases.services import (
    CONTENT_FIELDS,
    DESCRIPTION_MAX_LENGTH,
    ORDER_MAX,
    SCORE_MAX,
    SCORE_MIN,
    TITLE_MAX_LENGTH,
    WEIGHT_MAX,
    WEIGHT_MIN,
)
from workshop.selectors import Access

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_WEIGHT_ERRORS: dict[str, StrOrPromise] = {
    "min_value": _("A weight is a whole number from 1 to 5."),
    "max_value": _("A weight is a whole number from 1 to 5."),
    "invalid": _("A weight is a whole number from 1 to 5."),
}
_SCORE_ERRORS: dict[str, StrOrPromise] = {
    "min_value": _("A score is a whole number from 1 to 5."),
    "max_value": _("A score is a whole number from 1 to 5."),
    "invalid": _("A score is a whole number from 1 to 5."),
}


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "axis", "weight", "order", "description"]
        read_only_fields = fields


class CriterionWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    axis = serializers.ChoiceField(choices=Axis.choices)
    weight = IntegerNumberField(min_value=WEIGHT_MIN, max_value=WEIGHT_MAX, default=1, error_messages=_WEIGHT_ERRORS)
    order = IntegerNumberField(min_value=0, max_value=ORDER_MAX, required=False)
    description = serializers.CharField(
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text=_("What 1 and 5 mean. Editable in any phase until the criterion's first score; the rest in Draft."),
    )


class CriteriaTemplateSerializer(serializers.Serializer):
    template = serializers.ChoiceField(choices=[(key, t.label) for key, t in CRITERIA_TEMPLATES.items()])


class UseCaseSerializer(serializers.ModelSerializer):
    """A use case as the caller may see it: vote totals only once results are visible to them."""

    author = serializers.SerializerMethodField(
        help_text=_("The author's participant id; null for everyone but facilitators when ideas are anonymous.")
    )
    author_name = serializers.SerializerMethodField(
        help_text=_("Empty for a facilitator's own idea, and for everyone but facilitators when ideas are anonymous.")
    )
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
            "ai_act_tier",
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

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_author(self, obj: UseCase) -> int | None:
        return obj.author_id if self._access.can_see_authors else None

    def get_author_name(self, obj: UseCase) -> str:
        return author_label(obj, self._access)

    def get_is_mine(self, obj: UseCase) -> bool:
        participant = self._access.participant
        return participant is not None and obj.author_id == participant.pk

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_votes(self, obj: UseCase) -> int | None:
        return visible_votes(self._access, self.context.get("totals", {}).get(obj.pk, 0))

    @extend_schema_field(serializers.IntegerField(allow_null=True))
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
    problem = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTHS["problem"])
    solution = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTHS["solution"])
    benefits = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTHS["benefits"])
    data_sources = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTHS["data_sources"])
    affected_users = serializers.CharField(
        required=False, allow_blank=True, max_length=TEXT_MAX_LENGTHS["affected_users"]
    )
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    client_role = serializers.ChoiceField(choices=ClientRole.choices, required=False)
    personal_data = serializers.ChoiceField(choices=YesNoUnknown.choices, required=False)
    special_category_data = serializers.BooleanField(required=False)
    automated_decisions = serializers.BooleanField(required=False)
    data_location = serializers.ChoiceField(choices=Hosting.choices, required=False)
    model_location = serializers.ChoiceField(choices=Hosting.choices, required=False)
    compliance_note = serializers.CharField(
        required=False, allow_blank=True, max_length=TEXT_MAX_LENGTHS["compliance_note"]
    )
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in (Status.PROPOSED, Status.SHORTLISTED, Status.REJECTED)],
        required=False,
        help_text=_("Facilitators only. Merging has its own endpoint."),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Read-only fields are usually ignored; a tier sent here would silently not change, so say where it goes.
        if "ai_act_tier" in getattr(self, "initial_data", {}):
            raise serializers.ValidationError(
                {"ai_act_tier": [_("The EU AI Act tier is set by the pre-assessment: PUT …/assessment/.")]}
            )
        return attrs


class MergeSerializer(serializers.Serializer):
    into = serializers.IntegerField(help_text=_("The use case that absorbs this duplicate."))


class DuplicatePairSerializer(serializers.Serializer):
    """Two use cases in the running that may say the same thing: `a` the earlier (kept by a merge), `b` the later."""

    a = serializers.IntegerField(source="keep.pk", help_text=_("The earlier use case."))
    b = serializers.IntegerField(source="merge.pk", help_text=_("The later use case, which a merge folds into a."))
    similarity = serializers.FloatField(help_text=_("From 0 to 1: how alike their titles and problems read."))


class SpotlightSerializer(serializers.Serializer):
    use_case = serializers.IntegerField(
        allow_null=True, help_text=_("The use case to put on the projector, or null to clear it.")
    )


class SpotlightResultSerializer(serializers.Serializer):
    spotlight = serializers.IntegerField(allow_null=True, help_text=_("The use case on the projector now, or null."))


class ScoresSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=IntegerNumberField(min_value=SCORE_MIN, max_value=SCORE_MAX, error_messages=_SCORE_ERRORS),
        help_text=_('{"<criterion id>": 1..5}, for the calling participant.'),
    )


class ScoresResultSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.IntegerField())


class VoteSerializer(serializers.Serializer):
    dots = IntegerNumberField(min_value=0, help_text=_("Your dots on this use case; 0 takes them back."))


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
    votes = serializers.IntegerField(allow_null=True, help_text=_("Null while the vote totals are hidden from you."))
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
    votes = serializers.IntegerField(allow_null=True, help_text=_("Null while the vote totals are hidden from you."))


_SCORE_FIELDS = ("impact", "feasibility", "priority", "spread")


@functools.cache
def _ranking_row_fields() -> tuple[str, ...]:
    # Built once: binding a serializer's fields for each of hundreds of rows costs more than the ranking.
    return tuple(RankingRowSerializer().get_fields())


def ranking_row_data(row: Any, *, show_votes: bool = True) -> dict[str, Any]:
    """One ranking row as the API sends it; `votes` null while the totals are hidden from the caller."""
    data = {field: getattr(row, field) for field in _ranking_row_fields()}
    for score in _SCORE_FIELDS:  # the results page's figures: 3.33, not 3.3333333333333335
        data[score] = machine_score(data[score])
    if not show_votes:
        data["votes"] = None
    return data


class ParticipantProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="participant.pk")
    display_name = serializers.CharField(source="participant.display_name")
    joined_at = serializers.DateTimeField(source="participant.joined_at")
    scored = serializers.IntegerField(help_text=_("Scores given on use cases still in the running."))
    total = serializers.IntegerField(help_text=_("Scores there are to give: use cases × criteria."))
    finished = serializers.BooleanField(help_text=_("Has scored everything."))
    dots = serializers.IntegerField(help_text=_("Votes spent."))
    last_seen_at = serializers.DateTimeField(source="participant.last_seen_at", allow_null=True)
    present = serializers.BooleanField(help_text=_("Seen in the last minute: in the room now."))
