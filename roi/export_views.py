"""Downloads of the POC plan, as pages and as API endpoints, with one rule for both.

Who may export: facilitators and viewers (managers) of the workshop or
client. Participants never: exports are for users, and a participant who
knows the workshop gets 403 (outsiders 404, as everywhere).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from roi.exports import CONTENT_TYPES, FORMATS, export_response
from roi.plan import client_plan, workshop_plan
from workshop.models import Client
from workshop.permissions import api_actor
from workshop.selectors import Access, Actor, actor_from_request, clients_for_user, workshop_access, workshops_for_user

# Shared by the page and API URLs: /workshops/<pk>/plan.<fmt>, /clients/<pk>/plan.<fmt>.
WORKSHOP_PLAN_ROUTE = r"^workshops/(?P<pk>\d+)/plan\.(?P<fmt>csv|xlsx|md|pdf)$"
CLIENT_PLAN_ROUTE = r"^clients/(?P<pk>\d+)/plan\.(?P<fmt>csv|xlsx|md|pdf)$"


def _export_access(actor: Actor, pk: int | str) -> Access:
    access = workshop_access(actor=actor, pk=pk)  # 404 for outsiders
    if access.is_participant or not access.can_see_results:
        raise PermissionDenied(_("Only facilitators and managers can export the plan."))
    return access


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404


def workshop_plan_response(actor: Actor, pk: int | str, fmt: str) -> HttpResponse:
    _check_format(fmt)
    workshop = _export_access(actor, pk).workshop
    return export_response(workshop_plan(workshop), fmt, name=workshop.title, fallback=f"workshop-{workshop.pk}")


def client_plan_response(user: AbstractBaseUser | AnonymousUser, pk: int | str, fmt: str) -> HttpResponse:
    _check_format(fmt)
    try:
        client = clients_for_user(user).get(pk=int(pk))
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    workshops = list(workshops_for_user(user).filter(client=client).order_by("-created_at", "-id"))
    return export_response(client_plan(client, workshops), fmt, name=client.name, fallback=f"client-{client.pk}")


# Pages ----------------------------------------------------------------------


@require_GET
def workshop_plan_download(request: HttpRequest, pk: str, fmt: str) -> HttpResponse:
    return workshop_plan_response(actor_from_request(request, int(pk)), pk, fmt)


@require_GET
@login_required
def client_plan_download(request: HttpRequest, pk: str, fmt: str) -> HttpResponse:
    return client_plan_response(request.user, pk, fmt)


# API ------------------------------------------------------------------------


class _AnyAccept(BaseContentNegotiation):
    """The file is the answer whatever the Accept header (errors come back as JSON)."""

    def select_parser(self, request: Request, parsers: list) -> object:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Request, renderers: list, format_suffix: str | None = None) -> tuple:
        return renderers[0], renderers[0].media_type


_FILE_RESPONSES = {(200, media.split(";")[0]): OpenApiTypes.BINARY for media in CONTENT_TYPES.values()}
_FMT_PARAMETER = OpenApiParameter(
    "fmt", str, OpenApiParameter.PATH, enum=list(FORMATS), description="csv, xlsx, md or pdf"
)


class WorkshopPlanExport(APIView):
    """The workshop's prioritised POC plan as a file (facilitators and viewers)."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = _AnyAccept

    @extend_schema(operation_id="workshops_plan_retrieve", parameters=[_FMT_PARAMETER], responses=_FILE_RESPONSES)
    def get(self, request: Request, pk: str, fmt: str) -> HttpResponse:
        return workshop_plan_response(api_actor(request), pk, fmt)


class ClientPlanExport(APIView):
    """The plan of every workshop of a client the caller may see, as a file (facilitators and viewers)."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = _AnyAccept

    @extend_schema(operation_id="clients_plan_retrieve", parameters=[_FMT_PARAMETER], responses=_FILE_RESPONSES)
    def get(self, request: Request, pk: str, fmt: str) -> HttpResponse:
        if not request.user.is_authenticated:
            raise PermissionDenied(_("Only facilitators and managers can export the plan."))
        return client_plan_response(request.user, pk, fmt)
