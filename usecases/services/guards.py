"""Checks shared by the use-case services: who is acting, in which phase, on which workshop."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.exceptions import Refused
from usecases.models import UseCase
from workshop.models import Participant
from workshop.selectors import Access


def _require_participant(access: Access, what: str) -> Participant:
    if access.is_viewer:
        raise PermissionDenied(_("Managers can read this workshop but not change it."))
    if access.participant is None:
        raise PermissionDenied(what)
    return access.participant


def _refuse_phase(access: Access, message: str) -> Refused:
    """Why a usecases.policy predicate said no once the role is right: the workshop is closed, or in another phase."""
    access.require_open()
    return Refused(message, code="wrong_phase")


def _require_own_workshop(access: Access, use_case: UseCase) -> None:
    # Callers fetch use cases through selectors; this guards against a mismatched pair.
    if use_case.workshop_id != access.workshop.pk:
        raise PermissionDenied(_("This use case belongs to another workshop."))


def too_long_message(limit: int) -> str:
    return _("Keep this under %(max)s characters.") % {"max": limit}


def unacceptable_message() -> str:
    return _(
        "A use case whose EU AI Act tier is prohibited can never be shortlisted. "
        "Reject it, or review its pre-assessment with the legal team."
    )
