"""REST API for criteria, use cases, scores, votes and the ranking.

Same rules as the pages: every read is scoped by workshop.selectors, every
write goes through usecases.services; blind scoring means a participant gets
neither others' scores nor vote totals before the results are revealed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404, HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.conditional import not_modified, with_etag
from usecases import selectors, services
from usecases.models import Criterion, Score, UseCase
from usecases.ranking import rank_workshop
from usecases.serializers import (
    CriteriaTemplateSerializer,
    CriterionSerializer,
    CriterionWriteSerializer,
    DuplicatePairSerializer,
    MergeSerializer,
    ParticipantProgressSerializer,
    RankingSerializer,
    ScoresResultSerializer,
    ScoresSerializer,
    SpotlightResultSerializer,
    SpotlightSerializer,
    UseCaseSerializer,
    UseCaseWriteSerializer,
    VoteResultSerializer,
    VoteSerializer,
    ranking_row_data,
)
from workshop.api import access_for
from workshop.conditional import board_etag
from workshop.selectors import Access, present_since


def _use_case_access(request: Request, pk: int) -> tuple[Access, UseCase]:
    """The use case and the caller's access to its workshop; 404 for outsiders and unknown ids alike."""
    access = access_for(request, selectors.use_case_workshop_id(pk))
    return access, selectors.use_case_for(access, pk)


def _criterion_access(request: Request, pk: int) -> tuple[Access, Criterion]:
    workshop_id = Criterion.objects.filter(pk=pk).values_list("workshop_id", flat=True).first()
    if workshop_id is None:
        raise Http404
    access = access_for(request, workshop_id)
    return access, selectors.criterion_for(access, pk)


def _use_case_body(access: Access, use_case: UseCase) -> dict:
    context = {
        "access": access,
        "totals": selectors.vote_totals(access),
        "dots": selectors.own_dots(access.participant),
    }
    return UseCaseSerializer(use_case, context=context).data


class CriteriaView(APIView):
    """The workshop's criteria, in order; a facilitator adds one in Draft."""

    @extend_schema(responses=CriterionSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        access = access_for(request, pk)
        return Response(CriterionSerializer(selectors.criteria(access.workshop), many=True).data)

    @extend_schema(request=CriterionWriteSerializer, responses={201: CriterionSerializer})
    def post(self, request: Request, pk: int) -> Response:
        access = access_for(request, pk)
        form = CriterionWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        order = data.pop("order", None)
        criterion = services.criterion_create(access=access, **data)
        if order is not None:
            criterion = services.criterion_update(access=access, criterion=criterion, order=order)
        return Response(CriterionSerializer(criterion).data, status=status.HTTP_201_CREATED)


class CriteriaTemplateView(APIView):
    """Replace the workshop's criteria with a template's (facilitators, Draft, before any score: else 409)."""

    @extend_schema(request=CriteriaTemplateSerializer, responses={201: CriterionSerializer(many=True)})
    def post(self, request: Request, pk: int) -> Response:
        access = access_for(request, pk)
        form = CriteriaTemplateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        criteria = services.criteria_apply_template(access=access, template=form.validated_data["template"])
        return Response(CriterionSerializer(criteria, many=True).data, status=status.HTTP_201_CREATED)


class CriterionView(APIView):
    """One criterion: rename, reweight (1..5), reorder or remove it (facilitators, Draft only: else 409).

    Its description (what 1 and 5 mean) alone may change in any open phase, until its first score.
    """

    @extend_schema(responses=CriterionSerializer)
    def get(self, request: Request, pk: int) -> Response:
        _access, criterion = _criterion_access(request, pk)
        return Response(CriterionSerializer(criterion).data)

    @extend_schema(request=CriterionWriteSerializer, responses=CriterionSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        access, criterion = _criterion_access(request, pk)
        form = CriterionWriteSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        criterion = services.criterion_update(access=access, criterion=criterion, **form.validated_data)
        return Response(CriterionSerializer(criterion).data)

    @extend_schema(request=CriterionWriteSerializer, responses=CriterionSerializer)
    def put(self, request: Request, pk: int) -> Response:
        return self.patch(request, pk)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        access, criterion = _criterion_access(request, pk)
        services.criterion_delete(access=access, criterion=criterion)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UseCasesView(APIView):
    """The workshop's use cases (all statuses); participants add theirs in Collect ideas."""

    @extend_schema(responses=UseCaseSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        access = access_for(request, pk)
        context = {
            "access": access,
            "totals": selectors.vote_totals(access),
            "dots": selectors.own_dots(access.participant),
        }
        return Response(UseCaseSerializer(selectors.use_cases(access.workshop), many=True, context=context).data)

    @extend_schema(request=UseCaseWriteSerializer, responses={201: UseCaseSerializer})
    def post(self, request: Request, pk: int) -> Response:
        access = access_for(request, pk)
        form = UseCaseWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        new_status = data.pop("status", None)
        with transaction.atomic():  # a refused status must not leave the new use case behind
            use_case = services.use_case_create(access=access, data=data)
            if new_status is not None:
                use_case = services.use_case_set_status(access=access, use_case=use_case, status=new_status)
        return Response(_use_case_body(access, use_case), status=status.HTTP_201_CREATED)


class UseCaseView(APIView):
    """One use case: its author edits it in Collect ideas; a facilitator edits any, and sets `status`."""

    @extend_schema(responses=UseCaseSerializer)
    def get(self, request: Request, pk: int) -> Response:
        access, use_case = _use_case_access(request, pk)
        return Response(_use_case_body(access, use_case))

    @extend_schema(request=UseCaseWriteSerializer, responses=UseCaseSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        access, use_case = _use_case_access(request, pk)
        form = UseCaseWriteSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        new_status = data.pop("status", None)
        use_case = services.use_case_update(access=access, use_case=use_case, data=data, status=new_status)
        return Response(_use_case_body(access, use_case))

    @extend_schema(request=UseCaseWriteSerializer, responses=UseCaseSerializer)
    def put(self, request: Request, pk: int) -> Response:
        return self.patch(request, pk)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        access, use_case = _use_case_access(request, pk)
        services.use_case_delete(access=access, use_case=use_case)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MergeView(APIView):
    """Merge this duplicate into another use case (facilitators): its votes move, its scores stay."""

    @extend_schema(request=MergeSerializer, responses=UseCaseSerializer)
    def post(self, request: Request, pk: int) -> Response:
        access, use_case = _use_case_access(request, pk)
        form = MergeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            into = selectors.use_case_for(access, form.validated_data["into"])
        except Http404:
            return Response({"into": [_("Choose a use case of this workshop.")]}, status=status.HTTP_400_BAD_REQUEST)
        use_case = services.use_case_merge(access=access, use_case=use_case, into=into)
        return Response(_use_case_body(access, use_case))


class DuplicatesView(APIView):
    """Possible duplicates among the use cases in the running (facilitators), most similar first.

    At the threshold the pages use, found offline (usecases.duplicates): no network, no language model.
    """

    @extend_schema(responses=DuplicatePairSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        access = access_for(request, pk)
        access.require_facilitator()
        return Response(DuplicatePairSerializer(selectors.possible_duplicates(access.workshop), many=True).data)


class SpotlightView(APIView):
    """Put one use case on the projector, or clear it (facilitators, in every phase but Closed)."""

    @extend_schema(request=SpotlightSerializer, responses=SpotlightResultSerializer)
    def post(self, request: Request, pk: int) -> Response:
        access = access_for(request, pk)
        access.require_facilitator()
        serializer = SpotlightSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        use_case = None
        if (use_case_id := serializer.validated_data["use_case"]) is not None:
            use_case = UseCase.objects.filter(workshop=access.workshop, pk=use_case_id).first()
            if use_case is None:
                raise ValidationError({"use_case": [_("Choose a use case of this workshop.")]})
        services.spotlight_set(access=access, use_case=use_case)
        return Response({"spotlight": use_case.pk if use_case else None})


class ScoresView(APIView):
    """The calling participant's own scores on a use case. Never anyone else's."""

    @extend_schema(responses=ScoresResultSerializer)
    def get(self, request: Request, pk: int) -> Response:
        access, use_case = _use_case_access(request, pk)
        return self._own(access, use_case)

    @staticmethod
    def _own(access: Access, use_case: UseCase) -> Response:
        participant = access.participant
        rows = Score.objects.filter(participant=participant, use_case=use_case) if participant else Score.objects.none()
        return Response(
            {"scores": {str(criterion): value for criterion, value in rows.values_list("criterion_id", "value")}}
        )

    @extend_schema(
        request=ScoresSerializer,
        responses=ScoresResultSerializer,
        description="All or nothing: a value outside 1..5 answers 400 with field errors and saves nothing; "
        "409 outside the Score phase.",
    )
    def put(self, request: Request, pk: int) -> Response:
        # The hottest write of a workshop: the use case once, with only what scoring reads.
        use_case = selectors.use_case_to_score(pk)
        access = access_for(request, use_case.workshop_id)
        form = ScoresSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.scores_set(access=access, use_case=use_case, values=form.validated_data["scores"])
        return self._own(access, use_case)


class VoteView(APIView):
    """Set the calling participant's dots on a use case; past the budget or the per-use-case cap: 409."""

    @extend_schema(request=VoteSerializer, responses=VoteResultSerializer)
    def post(self, request: Request, pk: int) -> Response:
        access, use_case = _use_case_access(request, pk)
        form = VoteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        dots = services.vote_set(access=access, use_case=use_case, dots=form.validated_data["dots"])
        left = selectors.votes_left(access.workshop, access.participant)
        return Response({"use_case_id": use_case.pk, "dots": dots, "votes_left": left})


class ParticipantsView(APIView):
    """Who joined, with their scoring progress and votes spent (facilitators and managers).

    A participant sees only their own entry: progress of others is not theirs to watch.
    """

    @extend_schema(responses=ParticipantProgressSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        access = access_for(request, pk)
        if (participant := access.participant) is not None:  # set for participants only
            scored, total = selectors.own_progress(access.workshop, participant)
            dots = sum(selectors.own_dots(participant).values())
            rows = [
                selectors.Progress(
                    participant=participant, scored=scored, total=total, dots=dots, since=present_since()
                )
            ]
        else:
            rows = selectors.progress_by_participant(access)
        return Response(ParticipantProgressSerializer(rows, many=True).data)


class RankingView(APIView):
    """The ranking (participants: only once revealed, 403 before). ETag from the workshop's version."""

    @extend_schema(responses=RankingSerializer)
    def get(self, request: Request, pk: int) -> Response | HttpResponse:
        access = access_for(request, pk)
        access.require_results()
        etag = board_etag(access, "ranking")
        if (short := not_modified(request, etag)) is not None:
            return short
        return with_etag(Response(_ranking_body(access)), etag)


def _ranking_body(access: Access) -> dict[str, Any]:
    ranking = rank_workshop(access.workshop, reader=access)
    show_votes = access.can_see_vote_totals
    return {
        "rows": [ranking_row_data(r, show_votes=show_votes) for r in ranking.rows],
        "set_aside": [ranking_row_data(r, show_votes=show_votes) for r in ranking.set_aside],
        "participants": ranking.participants,
        "scores": ranking.scores,
        "votes": ranking.votes if show_votes else None,
    }


urlpatterns: list[URLPattern] = [
    path("workshops/<int:pk>/criteria/", CriteriaView.as_view(), name="criteria"),
    path("workshops/<int:pk>/criteria/template/", CriteriaTemplateView.as_view(), name="criteria-template"),
    path("workshops/<int:pk>/use-cases/", UseCasesView.as_view(), name="use-cases"),
    path("workshops/<int:pk>/ranking/", RankingView.as_view(), name="ranking"),
    path("workshops/<int:pk>/participants/", ParticipantsView.as_view(), name="participants"),
    path("workshops/<int:pk>/duplicates/", DuplicatesView.as_view(), name="workshop-duplicates"),
    path("workshops/<int:pk>/spotlight/", SpotlightView.as_view(), name="workshop-spotlight"),
    path("criteria/<int:pk>/", CriterionView.as_view(), name="criterion"),
    path("use-cases/<int:pk>/", UseCaseView.as_view(), name="use-case"),
    path("use-cases/<int:pk>/merge/", MergeView.as_view(), name="use-case-merge"),
    path("use-cases/<int:pk>/scores/", ScoresView.as_view(), name="use-case-scores"),
    path("use-cases/<int:pk>/vote/", VoteView.as_view(), name="use-case-vote"),
]
