"""API authentication for participants: `Authorization: Participant <token>`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from workshop.models import Participant
from workshop.selectors import participant_from_token

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

KEYWORD = "Participant"


class ParticipantTokenAuthentication(BaseAuthentication):
    """Authenticates a participant by the token `POST /api/v1/join/` returned.

    The request's user stays anonymous; `request.auth` is the Participant.
    """

    def authenticate(self, request: Request) -> tuple[AnonymousUser, Participant] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid participant header: give one token."))
        participant = participant_from_token(parts[1].decode(errors="replace"))
        if participant is None:
            raise exceptions.AuthenticationFailed(_("Unknown participant token."))
        return AnonymousUser(), participant

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class ParticipantTokenScheme(OpenApiAuthenticationExtension):
    target_class = "workshop.authentication.ParticipantTokenAuthentication"
    name = "participantToken"

    def get_security_definition(self, auto_schema: object) -> dict[str, StrOrPromise]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _('Participant token from POST /api/v1/join/, sent as "Participant <token>".'),
        }
