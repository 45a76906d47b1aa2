"""Who may do what to use cases, criteria, scores and votes, right now: each rule said once.

Plain predicates of the reader's `Access` (the workshop, its phase and the reader's
role) and the model instances: no query, no write, cheap enough to ask for every
row of a list. Services refuse when a predicate is false (and say why); views
hand the booleans to templates, which never compare a phase or a tier.
The database's `usecase_unacceptable_never_shortlisted` constraint stays as the backstop.
"""

from __future__ import annotations

from dataclasses import dataclass

from usecases.models import ACTIVE_STATUSES, RiskTier, Status, UseCase
from workshop.models import Phase, Workshop
from workshop.policy import is_open
from workshop.selectors import Access

# --- The workshop's phase --------------------------------------------------------------


def collecting(workshop: Workshop) -> bool:
    """Before scoring starts (Draft, Collect ideas): the board lists the ideas as they come."""
    return workshop.phase in {Phase.DRAFT, Phase.COLLECT}


def ideas_open(workshop: Workshop) -> bool:
    """Participants add ideas, and an author edits their own, only in Collect ideas."""
    return workshop.phase == Phase.COLLECT


def criteria_open(workshop: Workshop) -> bool:
    """Criteria are added, renamed, reweighted or removed only in Draft, before anyone scores."""
    return workshop.phase == Phase.DRAFT


def scoring(workshop: Workshop) -> bool:
    return workshop.phase == Phase.SCORE


def voting(workshop: Workshop) -> bool:
    return workshop.phase == Phase.VOTE


def estimating(workshop: Workshop) -> bool:
    """The ROI phase: participants help estimate the shortlist's costs and gains."""
    return workshop.phase == Phase.ROI


def ranking_shown(workshop: Workshop) -> bool:
    """From the ROI phase on, the board shows the ranking (to those who may see results)."""
    return workshop.phase in {Phase.ROI, Phase.CLOSED}


# --- Use cases -------------------------------------------------------------------------


def is_prohibited(tier: str) -> bool:
    """An EU AI Act prohibited practice (Art. 5): the tier stored as "unacceptable"."""
    return tier == RiskTier.UNACCEPTABLE


def may_be_shortlisted(tier: str) -> bool:
    """A prohibited use case is never shortlisted (the database constraint is the backstop)."""
    return not is_prohibited(tier)


def in_the_running(use_case: UseCase) -> bool:
    """Proposed or shortlisted: scored, voted on, estimated. Merged and rejected ones are set aside."""
    return use_case.status in ACTIVE_STATUSES


def is_author(access: Access, use_case: UseCase) -> bool:
    participant = access.participant
    return participant is not None and use_case.author_id == participant.pk


def may_add(access: Access) -> bool:
    """A facilitator adds use cases until Closed; a participant in Collect ideas only."""
    if not is_open(access.workshop):
        return False
    return access.is_facilitator or (access.is_participant and ideas_open(access.workshop))


def may_edit(access: Access, use_case: UseCase) -> bool:
    """Edit or delete (and answer its pre-assessment): a facilitator until Closed, its author in Collect ideas."""
    if use_case.workshop_id != access.workshop.pk or not is_open(access.workshop):
        return False
    return access.is_facilitator or (is_author(access, use_case) and ideas_open(access.workshop))


def _on_the_grid(access: Access, use_case: UseCase | None) -> bool:
    """No use case named, or one of this workshop still in the running."""
    return use_case is None or (use_case.workshop_id == access.workshop.pk and in_the_running(use_case))


def may_score(access: Access, use_case: UseCase | None = None) -> bool:
    """Participants score, in the Score phase only, the use cases in the running; facilitators and managers never."""
    return access.participant is not None and scoring(access.workshop) and _on_the_grid(access, use_case)


def may_vote(access: Access, use_case: UseCase | None = None) -> bool:
    """Participants put dots in the Vote phase only, on the use cases in the running; facilitators and managers never.

    Taking dots back is voting too: a use case set aside has none left (rejecting returns them, merging moves them).
    """
    return access.participant is not None and voting(access.workshop) and _on_the_grid(access, use_case)


def may_triage(access: Access) -> bool:
    """Shortlist, reject, merge (facilitators), in every phase but Closed, without a phase change."""
    return access.is_facilitator and is_open(access.workshop)


def may_change_status(access: Access, use_case: UseCase) -> bool:
    """A merged use case is changed through the one it was merged into."""
    return may_triage(access) and use_case.workshop_id == access.workshop.pk and use_case.status != Status.MERGED


def may_shortlist(access: Access, use_case: UseCase) -> bool:
    return may_change_status(access, use_case) and may_be_shortlisted(use_case.ai_act_tier)


def may_merge(access: Access, use_case: UseCase) -> bool:
    return may_change_status(access, use_case)


def may_spotlight(access: Access, use_case: UseCase | None = None) -> bool:
    """Put a use case in the running on the projector, or clear it (facilitators), in every phase but Closed."""
    return may_triage(access) and (use_case is None or use_case.status in ACTIVE_STATUSES)


def may_edit_criteria(access: Access) -> bool:
    return access.is_facilitator and criteria_open(access.workshop)


def may_describe_criteria(access: Access) -> bool:
    """What 1 and 5 mean: a facilitator says it in any phase but Closed (until the criterion's first score)."""
    return access.is_facilitator and is_open(access.workshop)


@dataclass(frozen=True)
class Triage:
    """The triage buttons of one use case, as `_triage_actions.html` shows them (for a facilitator)."""

    edit: bool
    change_status: bool
    shortlist: bool  # the button is shown (the use case is not shortlisted yet)
    may_shortlist: bool  # … and enabled
    prohibited: bool
    reject: bool
    put_back: bool
    merge: bool


def triage(access: Access, use_case: UseCase) -> Triage:
    return Triage(
        edit=may_edit(access, use_case),
        change_status=may_change_status(access, use_case),
        shortlist=use_case.status != Status.SHORTLISTED,
        may_shortlist=may_shortlist(access, use_case),
        prohibited=is_prohibited(use_case.ai_act_tier),
        reject=use_case.status != Status.REJECTED,
        put_back=use_case.status != Status.PROPOSED,
        merge=may_merge(access, use_case),
    )
