"""Who may answer a use case's pre-assessment, and who confirms its tier: plain predicates, each rule said once.

Answering is editing the use case (usecases.policy.may_edit: its author in Collect ideas, a
facilitator until Closed, managers never); only a facilitator confirms or overrides the tier.
Whether a tier lets a use case be shortlisted is usecases.policy.may_be_shortlisted.
"""

from __future__ import annotations

from usecases import policy as usecase_policy
from usecases.models import UseCase
from workshop.selectors import Access


def may_assess(access: Access, use_case: UseCase) -> bool:
    return usecase_policy.may_edit(access, use_case)


def may_confirm(access: Access, use_case: UseCase) -> bool:
    """Confirm the suggested tier, override it with a reason, or adopt the law in force: facilitators."""
    return access.is_facilitator and may_assess(access, use_case)
