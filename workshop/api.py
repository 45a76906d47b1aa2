"""REST API for clients, workshops and joining. Rules live in services and selectors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from config.parsers import SafeJSONParser
from core import throttle
from workshop import names, services
from workshop.models import Client, Participant, Workshop
from workshop.permissions import api_actor
from workshop.selectors import (
    Access,
    clients_for_facilitator,
    clients_for_user,
    facilitated_workshop_ids,
    participant_for,
    user_can_facilitate,
    workshop_access,
    workshops_for_user,
)
from workshop.serializers import (
    ClientSerializer,
    ErasedParticipantSerializer,
    EraseParticipantSerializer,
    JoinResultSerializer,
    JoinSerializer,
    PhaseSerializer,
    RejoinLinkSerializer,
    RevealSerializer,
    TimeboxSerializer,
    TokenResultSerializer,
    ViewerAddSerializer,
    ViewerSerializer,
    WorkshopSerializer,
    WorkshopWriteSerializer,
)


def access_for(request: Request, pk: int | str) -> Access:
    """The workshop `pk` as the API caller may see it, or 404."""
    return workshop_access(actor=api_actor(request), pk=pk)


def workshop_data(request: Request, workshop: Workshop | list[Workshop], *, many: bool = False) -> dict | list:
    """Workshops as the caller sees them: the join code only where the caller facilitates."""
    items = workshop if isinstance(workshop, list) else [workshop]
    facilitated = facilitated_workshop_ids(request.user, [w.pk for w in items])
    return WorkshopSerializer(workshop, many=many, context={"facilitated": facilitated}).data


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

    def perform_create(self, serializer: BaseSerializer[Client]) -> None:
        serializer.instance = services.client_create(
            user=self.request.user,
            name=serializer.validated_data["name"],
            llm_allowed=serializer.validated_data.get("llm_allowed", True),
            managers_record_pocs=serializer.validated_data.get("managers_record_pocs", False),
        )

    def perform_update(self, serializer: BaseSerializer[Client]) -> None:
        client = serializer.instance
        assert client is not None  # UpdateModelMixin.update binds the object it fetched
        serializer.instance = services.client_update(
            user=self.request.user,
            client=client,
            name=serializer.validated_data.get("name", client.name),
            llm_allowed=serializer.validated_data.get("llm_allowed", client.llm_allowed),
            managers_record_pocs=serializer.validated_data.get("managers_record_pocs"),
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
        data = workshop_data(request, list(page if page is not None else self.get_queryset()), many=True)
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(request=WorkshopWriteSerializer, responses={201: WorkshopSerializer})
    def create(self, request: Request) -> Response:
        if not user_can_facilitate(request.user):
            raise PermissionDenied(_("Only facilitators can create workshops."))
        form = WorkshopWriteSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        if "client" not in data:
            return Response({"client": [_("Choose one of your clients.")]}, status=status.HTTP_400_BAD_REQUEST)
        workshop = services.workshop_create(user=request.user, **data)
        return Response(workshop_data(request, workshop), status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(workshop_data(request, access_for(request, pk).workshop))

    @extend_schema(request=WorkshopWriteSerializer, responses=WorkshopSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        access = access_for(request, pk)
        # A body that is not an object (a list, a string) gets DRF's own 400 before the merge below.
        WorkshopWriteSerializer(data=request.data, partial=True).is_valid(raise_exception=True)
        current = {
            field: getattr(access.workshop, field)
            for field in WorkshopWriteSerializer().get_fields()
            if field != "client"
        }
        if isinstance(request.data, QueryDict):
            # A form body stays a form (its numbers are read in the reader's language): merge its
            # values, not its lists of values, over the current settings written as a form would.
            merged = QueryDict(mutable=True)
            merged.update({field: str(value) for field, value in current.items()})
            for field, value in request.data.dict().items():
                merged[field] = str(value)
            form = WorkshopWriteSerializer(data=merged)
        else:
            form = WorkshopWriteSerializer(data={**current, **request.data})
        form.is_valid(raise_exception=True)
        data = {k: v for k, v in form.validated_data.items() if k != "client"}
        workshop = services.workshop_update(access=access, **data)
        return Response(workshop_data(request, workshop))

    @extend_schema(request=PhaseSerializer, responses=WorkshopSerializer)
    @action(detail=True, methods=["post"])
    def phase(self, request: Request, pk: str) -> Response:
        """Move the workshop to another phase (facilitators only), with an optional timebox."""
        access = access_for(request, pk)
        form = PhaseSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        workshop = services.workshop_set_phase(
            access=access, phase=form.validated_data["phase"], seconds=form.validated_data.get("seconds")
        )
        return Response(workshop_data(request, workshop))

    @extend_schema(request=TimeboxSerializer, responses=WorkshopSerializer)
    @action(detail=True, methods=["post"])
    def timebox(self, request: Request, pk: str) -> Response:
        """Start a countdown for the current phase (facilitators only): `seconds` or `minutes`; none clears it."""
        access = access_for(request, pk)
        form = TimeboxSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        workshop = services.workshop_set_timebox(access=access, seconds=form.validated_data.get("seconds"))
        return Response(workshop_data(request, workshop))

    @extend_schema(request=RevealSerializer, responses=WorkshopSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request: Request, pk: str) -> Response:
        """Reveal (or hide again) the results to participants (facilitators only)."""
        access = access_for(request, pk)
        form = RevealSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        workshop = services.workshop_reveal(access=access, revealed=form.validated_data["revealed"])
        return Response(workshop_data(request, workshop))

    @extend_schema(request=None, responses=WorkshopSerializer)
    @action(detail=True, methods=["post"], url_path="regenerate-code")
    def regenerate_code(self, request: Request, pk: str) -> Response:
        """A new join code; the old one stops working (facilitators only)."""
        workshop = services.workshop_regenerate_code(access=access_for(request, pk))
        return Response(workshop_data(request, workshop))


class JoinView(APIView):
    """Join a workshop with its code and a display name; returns the participant's token."""

    permission_classes = [AllowAny]

    @extend_schema(request=JoinSerializer, responses={201: JoinResultSerializer})
    def post(self, request: Request) -> Response:
        form = JoinSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        current = request.auth if isinstance(request.auth, Participant) else None
        with throttle.join_attempt(request, names.typed_name_key(form.validated_data["display_name"])):
            participant, token = services.participant_join(
                join_code=form.validated_data["join_code"],
                display_name=form.validated_data["display_name"],
                current=current,
                rotate_token=True,
                user=request.user,
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

    # ObtainAuthToken sets its own parsers; the project's bound the depth and size of JSON bodies.
    parser_classes = [SafeJSONParser, FormParser, MultiPartParser]

    @extend_schema(responses={200: TokenResultSerializer})
    def post(self, request: Request, *args: object, **kwargs: object) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            # django-axes refused before checking the password: say so, with when to retry.
            if getattr(request, "axes_locked_out", False):
                raise throttle.RateLimited(throttle.login_cooloff_seconds(), throttle.login_locked_message()) from None
            raise


class ParticipantEraseView(APIView):
    """Erase a participant (facilitators): name replaced, token revoked; scores and votes kept anonymous or removed."""

    @extend_schema(request=EraseParticipantSerializer, responses=ErasedParticipantSerializer)
    def post(self, request: Request, pk: int) -> Response:
        workshop_id = Participant.objects.filter(pk=pk).values_list("workshop_id", flat=True).first()
        if workshop_id is None:
            raise Http404
        access = access_for(request, workshop_id)
        form = EraseParticipantSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        participant = services.participant_erase(
            access=access,
            participant=get_object_or_404(access.workshop.participants, pk=pk),
            keep_contributions=form.validated_data["keep_contributions"],
        )
        return Response(ErasedParticipantSerializer(participant).data)


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


# Plain paths beside the router's.
urlpatterns: list = [
    path("participants/<int:pk>/erase/", ParticipantEraseView.as_view(), name="participant-erase"),
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
