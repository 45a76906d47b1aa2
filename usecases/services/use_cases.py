"""Every write on use cases: add, edit, delete, triage, merge, import, and what a removed participant leaves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core import throttle
from core.exceptions import Refused
from usecases import policy
from usecases.models import (
    ACTIVE_STATUSES,
    TEXT_MAX_LENGTHS,
    Category,
    ClientRole,
    Hosting,
    Score,
    Status,
    UseCase,
    Vote,
    YesNoUnknown,
)
from usecases.services.guards import (
    _refuse_phase,
    _require_own_workshop,
    _require_participant,
    too_long_message,
    unacceptable_message,
)
from workshop.models import Event, EventKind, Participant
from workshop.selectors import Access

# The fields a use case's author (or a facilitator) edits; status and merging have their own services.
# The AI Act tier is not one of them: the pre-assessment (compliance/) sets it.
CONTENT_FIELDS = [
    "title",
    "problem",
    "solution",
    "benefits",
    "data_sources",
    "affected_users",
    "category",
    "client_role",
    "personal_data",
    "special_category_data",
    "automated_decisions",
    "data_location",
    "model_location",
    "compliance_note",
]
_CHOICES = {
    "category": Category,
    "client_role": ClientRole,
    "personal_data": YesNoUnknown,
    "data_location": Hosting,
    "model_location": Hosting,
}
TITLE_MAX_LENGTH = TEXT_MAX_LENGTHS["title"]


def clean_use_case(data: Mapping[str, Any], current: UseCase | None = None) -> dict[str, Any]:
    """The content fields, merged over `current`, checked; ValidationError per field."""
    values = {field: getattr(current, field) for field in CONTENT_FIELDS} if current else {}
    for field in CONTENT_FIELDS:
        if field in data and data[field] is not None:
            values[field] = data[field]
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for field in CONTENT_FIELDS:
        value = values.get(field)
        if field in _CHOICES:
            value = value or (Category.OTHER if field == "category" else _CHOICES[field]["UNKNOWN"])
            if value not in _CHOICES[field].values:
                errors[field] = _("Choose one of the options.")
        elif field in {"special_category_data", "automated_decisions"}:
            value = bool(value)
        else:
            value = str(value or "").strip()
        cleaned[field] = value
    title = " ".join(cleaned["title"].split())
    if not title:
        errors["title"] = _("Give the use case a title.")
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = _("Keep the title under %(max)s characters.") % {"max": TITLE_MAX_LENGTH}
    cleaned["title"] = title
    for field, limit in TEXT_MAX_LENGTHS.items():
        if field != "title" and len(cleaned[field]) > limit:
            errors[field] = too_long_message(limit)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def use_case_create(*, access: Access, data: Mapping[str, Any]) -> UseCase:
    """A participant adds an idea in Collect ideas; a facilitator may add one any time before Closed."""
    access.require_open()
    if not policy.may_add(access):
        _require_participant(access, _("Join the workshop to add use cases."))
        raise _refuse_phase(access, _("Use cases can only be added in the Collect ideas phase."))
    author = None if access.is_facilitator else access.participant
    if author is not None:
        throttle.use_case_added(author.pk)
    use_case = UseCase.objects.create(workshop=access.workshop, author=author, **clean_use_case(data))
    _facilitator_use_case_event(access, EventKind.USE_CASE_ADDED, use_case)
    access.workshop.touch()
    return use_case


def _facilitator_use_case_event(access: Access, kind: str, use_case: UseCase) -> None:
    """Facilitators' changes to use cases go on the timeline (participants' own ideas would flood it)."""
    if access.is_facilitator:
        Event.record(access.workshop, kind, access.actor.label, use_case=use_case.pk, title=use_case.title)


def require_may_edit(access: Access, use_case: UseCase) -> None:
    _require_own_workshop(access, use_case)
    access.require_open()
    if policy.may_edit(access, use_case):
        return
    _require_participant(access, _("Only the author or a facilitator can change this use case."))
    if not policy.is_author(access, use_case):
        raise PermissionDenied(_("You can only change the use cases you added."))
    raise _refuse_phase(access, _("Use cases can only be changed in the Collect ideas phase."))


@transaction.atomic
def use_case_update(
    *, access: Access, use_case: UseCase, data: Mapping[str, Any], status: str | None = None
) -> UseCase:
    """Edit the content and compliance block: the author in Collect ideas, a facilitator until Closed.

    `status` (facilitators) shortlists or rejects in the same transaction.
    """
    if any(field in data for field in CONTENT_FIELDS) or status is None:
        require_may_edit(access, use_case)
        cleaned = clean_use_case(data, current=use_case)
        # Compared with the row as stored: a ModelForm has already copied its values onto `use_case`.
        stored = UseCase.objects.filter(pk=use_case.pk).values(*cleaned).first() or {}
        changed = [field for field, value in cleaned.items() if stored.get(field) != value]
        for field, value in cleaned.items():
            setattr(use_case, field, value)
        use_case.save()
        if changed:
            _facilitator_use_case_event(access, EventKind.USE_CASE_EDITED, use_case)
        access.workshop.touch()
    if status is not None:
        use_case_set_status(access=access, use_case=use_case, status=status)
    return use_case


@transaction.atomic
def use_case_delete(*, access: Access, use_case: UseCase) -> None:
    """Remove a use case (its scores and votes go with it, so the dots return to their owners)."""
    require_may_edit(access, use_case)
    UseCase.objects.filter(merged_into=use_case).update(merged_into=None, status=Status.PROPOSED)
    _facilitator_use_case_event(access, EventKind.USE_CASE_DELETED, use_case)
    use_case.delete()
    access.workshop.touch(scores=True)


@transaction.atomic
def use_case_set_status(*, access: Access, use_case: UseCase, status: str) -> UseCase:
    """Shortlist, reject or put back to proposed (facilitators), in any phase but Closed.

    Rejecting gives the use case's dots back to the participants who spent them.
    Merging has its own service.
    """
    access.require_facilitator()
    _require_own_workshop(access, use_case)
    access.require_open()
    if status not in {Status.PROPOSED, Status.SHORTLISTED, Status.REJECTED}:
        raise ValidationError({"status": _("Choose proposed, shortlisted or rejected; merge with “Merge into…”.")})
    if use_case.status == Status.MERGED:
        raise Refused(_("This use case was merged into another: change that one instead."), code="merged")
    if status == Status.SHORTLISTED and not policy.may_be_shortlisted(use_case.ai_act_tier):
        raise Refused(unacceptable_message(), code="unacceptable")
    if status == use_case.status:
        return use_case
    old = use_case.status
    use_case.status = status
    if status == Status.REJECTED:
        use_case.spotlight = False  # off the screen: the room no longer discusses it
    use_case.save(update_fields=["status", "spotlight", "updated_at"])
    returned = 0
    if status == Status.REJECTED:
        # A rejected use case takes no votes: its dots go back to their owners' budgets, so
        # triage in the Vote phase never leaves a participant with votes they cannot move.
        returned = use_case.votes.aggregate(total=Sum("dots"))["total"] or 0
        use_case.votes.all().delete()
    Event.record(
        access.workshop,
        EventKind.STATUS_CHANGED,
        access.actor.label,
        use_case=use_case.pk,
        old=old,
        new=status,
        dots_returned=returned,
    )
    access.workshop.touch()
    return use_case


@transaction.atomic
def use_case_merge(*, access: Access, use_case: UseCase, into: UseCase) -> UseCase:
    """Merge a duplicate into `into` (facilitators).

    The duplicate's votes move to the target, each participant's dots capped at
    the per-use-case maximum; the excess simply returns to their budget. Its
    scores stay with it as history. It is then listed as merged, linked to the target.
    """
    access.require_facilitator()
    _require_own_workshop(access, use_case)
    access.require_open()
    if into.workshop_id != access.workshop.pk:
        raise ValidationError({"into": _("Choose a use case of this workshop.")})
    if into.pk == use_case.pk:
        raise ValidationError({"into": _("A use case cannot be merged into itself.")})
    if use_case.status == Status.MERGED:
        raise Refused(_("This use case is already merged."), code="merged")
    if into.status not in ACTIVE_STATUSES:
        raise ValidationError({"into": _("Merge into a proposed or shortlisted use case.")})

    # Lock the voters so that no vote lands between the read and the move.
    voter_ids = list(use_case.votes.values_list("participant_id", flat=True))
    list(Participant.objects.select_for_update().filter(pk__in=voter_ids).order_by("pk"))
    cap = access.workshop.max_votes_per_use_case
    target_votes = {v.participant_id: v for v in into.votes.filter(participant_id__in=voter_ids)}
    moved = 0
    for vote in use_case.votes.all():
        existing = target_votes.get(vote.participant_id)
        if existing is None:
            Vote.objects.create(participant_id=vote.participant_id, use_case=into, dots=min(vote.dots, cap))
            moved += min(vote.dots, cap)
        else:
            new_dots = min(existing.dots + vote.dots, cap)
            moved += new_dots - existing.dots
            existing.dots = new_dots
            existing.save(update_fields=["dots", "updated_at"])
    use_case.votes.all().delete()
    # Anything merged into the duplicate before now points at the surviving target.
    UseCase.objects.filter(merged_into=use_case).update(merged_into=into)
    use_case.status = Status.MERGED
    use_case.merged_into = into
    use_case.spotlight = False
    use_case.save(update_fields=["status", "merged_into", "spotlight", "updated_at"])
    Event.record(
        access.workshop,
        EventKind.MERGED,
        access.actor.label,
        use_case=use_case.pk,
        into=into.pk,
        title=use_case.title,
        into_title=into.title,
        dots_moved=moved,
    )
    access.workshop.touch()
    return use_case


@transaction.atomic
def spotlight_set(*, access: Access, use_case: UseCase | None) -> UseCase | None:
    """Put one use case on the projector while the room discusses it, or none (facilitators), until Closed.

    Every board and the presenter view follow at their next poll (the workshop is touched).
    """
    access.require_facilitator()
    access.require_open()
    if use_case is not None:
        if use_case.workshop_id != access.workshop.pk:
            raise ValidationError({"use_case": _("Choose a use case of this workshop.")})
        if not policy.may_spotlight(access, use_case):
            raise ValidationError({"use_case": _("Only a proposed or shortlisted use case can be put on the screen.")})
    # Under the workshop's row lock (touch), the one-spotlight constraint cannot be raced.
    access.workshop.touch()
    UseCase.objects.filter(workshop=access.workshop, spotlight=True).update(spotlight=False)
    if use_case is not None:
        UseCase.objects.filter(pk=use_case.pk).update(spotlight=True)
        use_case.spotlight = True
    return use_case


@transaction.atomic
def use_cases_import(*, access: Access, rows: Sequence[Mapping[str, Any]]) -> list[UseCase]:
    """Add ideas read from a file (facilitators, until Closed): all of them or, on one bad row, none.

    The caller has shown a preview and passes the rows the facilitator confirmed;
    each is checked again here, as any other new use case is.
    """
    access.require_facilitator()
    access.require_open()
    cleaned: list[dict[str, Any]] = []
    errors: dict[str, list[str]] = {}
    for number, row in enumerate(rows, start=1):
        try:
            cleaned.append(clean_use_case(row))
        except ValidationError as exc:
            errors[f"row_{number}"] = exc.messages
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError({"rows": _("There is nothing to import.")})
    created = UseCase.objects.bulk_create(UseCase(workshop=access.workshop, **data) for data in cleaned)
    Event.record(access.workshop, EventKind.USE_CASES_IMPORTED, access.actor.label, count=len(created))
    access.workshop.touch()
    return created


@transaction.atomic
def use_cases_credit_removed_author(*, participant: Participant) -> int:
    """Keep a removed participant's ideas, credited to "removed participant" (see usecases/receivers.py)."""
    return UseCase.objects.filter(author=participant).update(author_removed=True)


@transaction.atomic
def participant_contributions_remove(*, participant: Participant) -> None:
    """Remove an erased participant's scores and votes (the dots return); their use cases stay, unauthored."""
    Score.objects.filter(participant=participant).delete()
    Vote.objects.filter(participant=participant).delete()
    UseCase.objects.filter(author=participant).update(author=None)
