"""DRF permission classes. Object rules live in services and selectors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.permissions import BasePermission

from workshop.models import Participant
from workshop.selectors import Actor

if TYPE_CHECKING:  # DRF imports this module while rest_framework.views is half-loaded.
    from rest_framework.request import Request
    from rest_framework.views import APIView


class IsUserOrParticipant(BasePermission):
    """A signed-in user, or a participant with a token."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated) or isinstance(request.auth, Participant)


def api_actor(request: Request) -> Actor:
    participant = request.auth if isinstance(request.auth, Participant) else None
    return Actor(user=request.user, participant=participant)
