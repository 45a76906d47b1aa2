"""Who may do what to a proof of concept: plain predicates, each rule said once.

Pure functions of the reader's `Access` and the model instances (no query, no write).
Services refuse when one is false; views hand the booleans to templates.
"""

from __future__ import annotations

from pocs.models import Poc
from usecases.models import Status, UseCase
from workshop.selectors import Access


def may_change(access: Access) -> bool:
    """Start a POC, change its plan, definition of done and targets: the workshop's facilitators."""
    return access.is_facilitator


def may_record(access: Access) -> bool:
    """Check-ins and verdicts: the workshop's facilitators, and its client's managers if the client lets them."""
    return access.is_facilitator or (access.is_viewer and access.workshop.client.managers_record_pocs)


def may_record_on(access: Access, poc: Poc) -> bool:
    """… on this POC: until its verdict."""
    return may_record(access) and poc.is_open


def may_start_from(use_case: UseCase) -> bool:
    """Only a shortlisted use case starts a POC (and only one: the service checks the database)."""
    return use_case.status == Status.SHORTLISTED
