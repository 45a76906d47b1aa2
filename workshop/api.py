"""REST API for clients, workshops and joining. Rules live in services and selectors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from workshop import services, summaries
from workshop.models import Client, Participant, Workshop
from workshop.permissions import api_actor
from workshop.selectors import (
    Access,
    clients_for_facilitator,
    clients_for_user,
    participant_for,
    workshop_access,
    workshops_for_user,
)
from workshop.serializers import (
    ClientSerializer,
    JoinResultSerializer,
    JoinSerializer,
    PhaseSerializer,
    RejoinLinkSerializer,
    RevealSerializer,
    SummarySerializer,
    ViewerAddSerializer,
    ViewerSerializer,
    WorkshopSerializer,
    WorkshopWriteSerializer,
)


def access_for(request: Request, pk: int | str) -> Access:
    """The workshop `pk` as the API caller may see it, or 404."""
    return workshop_access(actor=api_actor(request), pk=pk)


class ClientViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Clients the signed-in user facilitates for or views."""

    serializer_class = ClientSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[Client]:
        return clients_for_user(self.request.user)

    def perform_create(self, serializer: ClientSerializer) -> None:
        serializer.instance = services.client_create(
            user=self.request.user,
            name=serializer.validated_data["name"],
            llm_allowed=serializer.validated_data.get("llm_allowed", True),
        )

    def perform_update(self, serializer: ClientSerializer) -> None:
        client = serializer.instance
        serializer.instance = services.client_update(
            user=self.request.user,
            client=client,
            name=serializer.validated_data.get("name", client.name),
            llm_allowed=serializer.validated_data.get("llm_allowed", client.llm_allowed),
        )

    @extend_schema(methods=["GET"], request=None, responses=ViewerSerializer(many=True))
    @extend_schema(methods=["POST"], request=ViewerAddSerializer, responses={201: ViewerSerializer})
    @action(detail=True, methods=["get", "post"])
    def viewers(self, request: Request, pk: str) -> Response:
        """Managers with read access to the client (facilitators of the client only); POST grants it."""
        client = self.get_object()
        if request.method == "POST":
            form = ViewerAddSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            viewer = services.client_viewer_add(
                user=request.user, client=client, username=form.validated_data["username"]
            )
            return Response(ViewerSerializer(viewer).data, status=status.HTTP_201_CREATED)
        if not clients_for_facilitator(request.user).filter(pk=client.pk).exists():
            raise PermissionDenied(_("Only a facilitator of this client can see who reads it."))
        return Response(ViewerSerializer(client.viewers.order_by("username"), many=True).data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"viewers/(?P<user_id>\d+)")
    def remove_viewer(self, request: Request, pk: str, user_id: str) -> Response:
        """Take a manager's read access away (facilitators of the client only)."""
        client = self.get_object()
        if not clients_for_facilitator(request.user).filter(pk=client.pk).exists():
            raise PermissionDenied(_("Only a facilitator of this client can change who reads it."))
        viewer = get_object_or_404(client.viewers.all(), pk=user_id)
        services.client_viewer_remove(user=request.user, client=client, viewer=viewer)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WorkshopViewSet(viewsets.GenericViewSet):
    """Workshops: a facilitator's own, a viewer's clients', a participant's one."""

    serializer_class = WorkshopSerializer
    queryset = Workshop.objects.none()

    def get_queryset(self) -> QuerySet[Workshop]:
        if isinstance(self.request.auth, Participant):
            return Workshop.objects.filter(pk=self.request.auth.workshop_id).select_related("client")
        return workshops_for_user(self.request.user)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        data = WorkshopSerializer(page if page is not None else self.get_queryset(), many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(request=WorkshopWriteSerializer, responses={201: WorkshopSerializer})
    def create(self, request: Request) -> Response:
        form = WorkshopWriteSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        if "client" not in data:
            return Response({"client": [_("Choose one of your clients.")]}, status=status.HTTP_400_BAD_REQUEST)
        workshop = services.workshop_create(user=request.user, **data)
        return Response(WorkshopSerializer(workshop).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(WorkshopSerializer(access_for(request, pk).workshop).data)

    @extend_schema(request=WorkshopWriteSerializer, responses=WorkshopSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        access = access_for(request, pk)
        # A body that is not an object (a list, a string) gets DRF's own 400 before the merge below.
        WorkshopWriteSerializer(data=request.data, partial=True).is_valid(raise_exception=True)
        # A form body is a QueryDict: merge its values, not its lists of values.
        body = request.data.dict() if isinstance(request.data, QueryDict) else request.data
        current = {
            field: getattr(access.workshop, field) for field in WorkshopWriteSerializer().fields if field != "client"
        }
        form = WorkshopWriteSerializer(data={**current, **body})
        form.is_valid(raise_exception=True)
        data = {k: v for k, v in form.validated_data.items() if k != "client"}
        workshop = services.workshop_update(access=access, **data)
        return Response(WorkshopSerializer(workshop).data)

    @extend_schema(request=PhaseSerializer, responses=WorkshopSerializer)
    @action(detail=True, methods=["post"])
    def phase(self, request: Request, pk: str) -> Response:
        """Move the workshop to another phase (facilitators only), with an optional timebox."""
        access = access_for(request, pk)
        form = PhaseSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        workshop = services.workshop_set_phase(
            access=access, phase=form.validated_data["phase"], minutes=form.validated_data.get("minutes")
        )
        return Response(WorkshopSerializer(workshop).data)

    @extend_schema(request=RevealSerializer, responses=WorkshopSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request: Request, pk: str) -> Response:
        """Reveal (or hide again) the results to participants (facilitators only)."""
        access = access_for(request, pk)
        form = RevealSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        workshop = services.workshop_reveal(access=access, revealed=form.validated_data["revealed"])
        return Response(WorkshopSerializer(workshop).data)

    @extend_schema(request=None, responses=WorkshopSerializer)
    @action(detail=True, methods=["post"], url_path="regenerate-code")
    def regenerate_code(self, request: Request, pk: str) -> Response:
        """A new join code; the old one stops working (facilitators only)."""
        workshop = services.workshop_regenerate_code(access=access_for(request, pk))
        return Response(WorkshopSerializer(workshop).data)


class JoinView(APIView):
    """Join a workshop with its code and a display name; returns the participant's token."""

    permission_classes = [AllowAny]

    @extend_schema(request=JoinSerializer, responses={201: JoinResultSerializer})
    def post(self, request: Request) -> Response:
        form = JoinSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        current = request.auth if isinstance(request.auth, Participant) else None
        participant, token = services.participant_join(
            join_code=form.validated_data["join_code"],
            display_name=form.validated_data["display_name"],
            current=current,
            rotate_token=True,
        )
        assert token is not None  # rotate_token always issues one
        body = {
            "participant_id": participant.pk,
            "workshop_id": participant.workshop_id,
            "display_name": participant.display_name,
            "token": token,
        }
        return Response(JoinResultSerializer(body).data, status=status.HTTP_201_CREATED)


class ObtainTokenView(ObtainAuthToken):
    """Exchange a username and password for an API token (`Authorization: Token <key>`)."""


class WorkshopSummariesView(APIView):
    """A workshop's summaries (participants: succeeded ones, after the reveal); POST asks for a new one."""

    @extend_schema(responses=SummarySerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        access = access_for(request, pk)
        return Response(SummarySerializer(summaries.summaries_for(access), many=True).data)

    @extend_schema(request=None, responses={202: SummarySerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Queue a summary (facilitators only); the same data as a finished one returns that one."""
        summary = summaries.summary_request(access=access_for(request, pk))
        summary.refresh_from_db()
        return Response(SummarySerializer(summary).data, status=status.HTTP_202_ACCEPTED)


class ParticipantView(APIView):
    """One participant of a workshop; a facilitator removes them (their votes go back, their ideas stay)."""

    @extend_schema(
        responses={204: None},
        description="Facilitators only (403 for others in the workshop); 409 once the workshop is closed.",
    )
    def delete(self, request: Request, pk: int, participant_pk: int) -> Response:
        access = access_for(request, pk)
        services.participant_remove(access=access, participant=participant_for(access, participant_pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class RejoinLinkView(APIView):
    """A single-use, expiring link that gives a locked-out participant their identity on a new device."""

    @extend_schema(request=None, responses={201: RejoinLinkSerializer})
    def post(self, request: Request, pk: int, participant_pk: int) -> Response:
        """Facilitators only. A new link replaces any unused one; the participant's other devices are signed out
        when it is used."""
        access = access_for(request, pk)
        link, token = services.participant_rejoin_link(
            access=access, participant=participant_for(access, participant_pk)
        )
        body = {
            "url": request.build_absolute_uri(reverse("workshop:rejoin", args=[token])),
            "expires_at": link.expires_at,
        }
        return Response(RejoinLinkSerializer(body).data, status=status.HTTP_201_CREATED)


class SummaryDetailView(APIView):
    @extend_schema(responses=SummarySerializer)
    def get(self, request: Request, pk: int) -> Response:
        _access, summary = summaries.summary_for_actor(actor=api_actor(request), pk=pk)
        return Response(SummarySerializer(summary).data)


# Plain paths beside the router's (summaries and other nested endpoints add theirs here).
urlpatterns: list = [
    path("workshops/<int:pk>/summaries/", WorkshopSummariesView.as_view(), name="workshop-summaries"),
    path("summaries/<int:pk>/", SummaryDetailView.as_view(), name="summary-detail"),
    path(
        "workshops/<int:pk>/participants/<int:participant_pk>/",
        ParticipantView.as_view(),
        name="workshop-participant",
    ),
    path(
        "workshops/<int:pk>/participants/<int:participant_pk>/rejoin-link/",
        RejoinLinkView.as_view(),
        name="workshop-participant-rejoin-link",
    ),
]
