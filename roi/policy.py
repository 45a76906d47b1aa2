"""Who may change a use case's ROI estimate, right now: plain predicates, each rule said once.

A facilitator in any phase but Closed; a participant only in the ROI phase (they fill ROI
inputs when asked); a manager never; and only while the use case is in the running.
"""

from __future__ import annotations

from usecases import policy as usecase_policy
from usecases.models import UseCase
from workshop.models import Phase, Workshop
from workshop.policy import is_open
from workshop.selectors import Access


def estimates_open(workshop: Workshop) -> bool:
    """Participants fill ROI inputs in the ROI phase only."""
    return workshop.phase == Phase.ROI


def may_edit_estimate(access: Access, use_case: UseCase) -> bool:
    workshop = access.workshop
    if use_case.workshop_id != workshop.pk or not is_open(workshop) or not usecase_policy.in_the_running(use_case):
        return False
    return access.is_facilitator or (access.is_participant and estimates_open(workshop))
