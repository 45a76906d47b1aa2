"""Every write on use cases, criteria, scores and votes, with the rules that guard it.

Services take keyword arguments, check who may act and in which phase, and
raise ValidationError (bad input, per field), PermissionDenied (not allowed)
or Refused (a rule of the workshop right now). Every change touches the
workshop so that live boards refresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from usecases.models import (
    ACTIVE_STATUSES,
    DEFAULT_CRITERIA,
    Axis,
    Category,
    ClientRole,
    Criterion,
    Hosting,
    RiskTier,
    Score,
    Status,
    UseCase,
    Vote,
    YesNoUnknown,
)
from workshop.exceptions import Refused
from workshop.models import Event, EventKind, Participant, Phase, Workshop
from workshop.selectors import Access

# The fields a use case's author (or a facilitator) edits; status and merging have their own services.
CONTENT_FIELDS = [
    "title",
    "problem",
    "solution",
    "benefits",
    "data_sources",
    "affected_users",
    "category",
    "ai_act_tier",
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
    "ai_act_tier": RiskTier,
    "client_role": ClientRole,
    "personal_data": YesNoUnknown,
    "data_location": Hosting,
    "model_location": Hosting,
}
TITLE_MAX_LENGTH = 200
SCORE_MIN, SCORE_MAX = 1, 5
WEIGHT_MIN, WEIGHT_MAX = 1, 5
ORDER_MAX = 32767  # Criterion.order is a PositiveSmallIntegerField


def _require_participant(access: Access, what: str) -> Participant:
    if access.is_viewer:
        raise PermissionDenied(_("Managers can read this workshop but not change it."))
    if access.participant is None:
        raise PermissionDenied(what)
    return access.participant


def _require_phase(access: Access, phase: str, message: str) -> None:
    access.require_open()
    if access.workshop.phase != phase:
        raise Refused(message, code="wrong_phase")


def _require_own_workshop(access: Access, use_case: UseCase) -> None:
    # Callers fetch use cases through selectors; this guards against a mismatched pair.
    if use_case.workshop_id != access.workshop.pk:
        raise PermissionDenied(_("This use case belongs to another workshop."))


def unacceptable_message() -> str:
    return _(
        "A use case with an unacceptable EU AI Act risk tier is prohibited and can never be shortlisted. "
        "Reject it or change its tier after a compliance review."
    )


# --- Criteria -----------------------------------------------------------------------------


@transaction.atomic
def criteria_copy_defaults(*, workshop: Workshop) -> list[Criterion]:
    """Copy DESIGN.md's default criteria into a new workshop, in the workshop's language."""
    from django.utils import translation

    with translation.override(workshop.language):
        return Criterion.objects.bulk_create(
            Criterion(workshop=workshop, axis=axis, name=str(name), weight=1, order=index)
            for index, (axis, name) in enumerate(DEFAULT_CRITERIA)
        )


def _require_criteria_editable(access: Access) -> None:
    access.require_facilitator()
    if access.workshop.phase != Phase.DRAFT:
        raise Refused(_("Criteria can only be changed in the Draft phase, before anyone scores."), code="wrong_phase")


def _clean_criterion(name: str, axis: str, weight: Any) -> tuple[str, str, int]:
    errors: dict[str, str] = {}
    name = " ".join(str(name or "").split())
    if not name:
        errors["name"] = _("Give the criterion a name.")
    elif len(name) > 100:
        errors["name"] = _("Keep the name under 100 characters.")
    if axis not in Axis.values:
        errors["axis"] = _("Choose impact or feasibility.")
    try:
        weight = int(weight)
    except (TypeError, ValueError):
        weight = 0
    if not WEIGHT_MIN <= weight <= WEIGHT_MAX:
        errors["weight"] = _("A weight is a whole number from 1 to 5.")
    if errors:
        raise ValidationError(errors)
    return name, axis, weight


@transaction.atomic
def criterion_create(*, access: Access, name: str, axis: str, weight: int = 1) -> Criterion:
    _require_criteria_editable(access)
    name, axis, weight = _clean_criterion(name, axis, weight)
    last = access.workshop.criteria.aggregate(last=Max("order"))["last"]
    criterion = Criterion.objects.create(
        workshop=access.workshop, name=name, axis=axis, weight=weight, order=0 if last is None else last + 1
    )
    access.workshop.touch(scores=True)
    return criterion


@transaction.atomic
def criterion_update(
    *,
    access: Access,
    criterion: Criterion,
    name: str | None = None,
    axis: str | None = None,
    weight: int | None = None,
    order: int | None = None,
) -> Criterion:
    """Rename, reweight, move to another axis or position (None leaves a field as it is)."""
    _require_criteria_editable(access)
    if criterion.workshop_id != access.workshop.pk:
        raise PermissionDenied(_("This criterion belongs to another workshop."))
    name, axis, weight = _clean_criterion(
        criterion.name if name is None else name,
        criterion.axis if axis is None else axis,
        criterion.weight if weight is None else weight,
    )
    criterion.name, criterion.axis, criterion.weight = name, axis, weight
    if order is not None:
        if not isinstance(order, int) or not 0 <= order <= ORDER_MAX:
            raise ValidationError({"order": _("The order is a whole number from 0.")})
        criterion.order = order
    criterion.save()
    access.workshop.touch(scores=True)
    return criterion


@transaction.atomic
def criterion_move(*, access: Access, criterion: Criterion, step: int) -> Criterion:
    """Swap the criterion with its neighbour above (step=-1) or below (step=1)."""
    _require_criteria_editable(access)
    if criterion.workshop_id != access.workshop.pk:
        raise PermissionDenied(_("This criterion belongs to another workshop."))
    ordered = list(access.workshop.criteria.select_for_update().order_by("order", "id"))
    index = next(i for i, c in enumerate(ordered) if c.pk == criterion.pk)
    other = index + step
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered):
            if item.order != position:
                item.order = position
                item.save(update_fields=["order"])
        access.workshop.touch(scores=True)
    criterion.refresh_from_db()
    return criterion


@transaction.atomic
def criterion_delete(*, access: Access, criterion: Criterion) -> None:
    _require_criteria_editable(access)
    if criterion.workshop_id != access.workshop.pk:
        raise PermissionDenied(_("This criterion belongs to another workshop."))
    if criterion.scores.exists():
        raise Refused(
            _("Participants have scored this criterion: removing it would delete their scores."), code="scored"
        )
    criterion.delete()
    access.workshop.touch(scores=True)


# --- Use cases ----------------------------------------------------------------------------


def _clean_use_case(data: Mapping[str, Any], current: UseCase | None = None) -> dict[str, Any]:
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
            value = value or (Category.OTHER if field == "category" else _CHOICES[field].UNKNOWN)
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
    if len(cleaned["affected_users"]) > 200:
        errors["affected_users"] = _("Keep this under 200 characters.")
    if current is not None and current.status == Status.SHORTLISTED and cleaned["ai_act_tier"] == RiskTier.UNACCEPTABLE:
        errors["ai_act_tier"] = _("This use case is shortlisted: %(why)s") % {"why": unacceptable_message()}
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def use_case_create(*, access: Access, data: Mapping[str, Any]) -> UseCase:
    """A participant adds an idea in Collect ideas; a facilitator may add one any time before Closed."""
    access.require_open()
    if access.is_facilitator:
        author = None
    else:
        author = _require_participant(access, _("Join the workshop to add use cases."))
        _require_phase(access, Phase.COLLECT, _("Use cases can only be added in the Collect ideas phase."))
    use_case = UseCase.objects.create(workshop=access.workshop, author=author, **_clean_use_case(data))
    access.workshop.touch()
    return use_case


def require_may_edit(access: Access, use_case: UseCase) -> None:
    _require_own_workshop(access, use_case)
    access.require_open()
    if access.is_facilitator:
        return
    participant = _require_participant(access, _("Only the author or a facilitator can change this use case."))
    if use_case.author_id != participant.pk:
        raise PermissionDenied(_("You can only change the use cases you added."))
    _require_phase(access, Phase.COLLECT, _("Use cases can only be changed in the Collect ideas phase."))


@transaction.atomic
def use_case_update(
    *, access: Access, use_case: UseCase, data: Mapping[str, Any], status: str | None = None
) -> UseCase:
    """Edit the content and compliance block: the author in Collect ideas, a facilitator until Closed.

    `status` (facilitators) shortlists or rejects in the same transaction.
    """
    if any(field in data for field in CONTENT_FIELDS) or status is None:
        require_may_edit(access, use_case)
        for field, value in _clean_use_case(data, current=use_case).items():
            setattr(use_case, field, value)
        use_case.save()
        access.workshop.touch()
    if status is not None:
        use_case_set_status(access=access, use_case=use_case, status=status)
    return use_case


@transaction.atomic
def use_case_delete(*, access: Access, use_case: UseCase) -> None:
    """Remove a use case (its scores and votes go with it, so the dots return to their owners)."""
    require_may_edit(access, use_case)
    UseCase.objects.filter(merged_into=use_case).update(merged_into=None, status=Status.PROPOSED)
    use_case.delete()
    access.workshop.touch(scores=True)


@transaction.atomic
def use_case_set_status(*, access: Access, use_case: UseCase, status: str) -> UseCase:
    """Shortlist, reject or put back to proposed (facilitators). Merging has its own service."""
    access.require_facilitator()
    _require_own_workshop(access, use_case)
    access.require_open()
    if status not in {Status.PROPOSED, Status.SHORTLISTED, Status.REJECTED}:
        raise ValidationError({"status": _("Choose proposed, shortlisted or rejected; merge with “Merge into…”.")})
    if use_case.status == Status.MERGED:
        raise Refused(_("This use case was merged into another: change that one instead."), code="merged")
    if status == Status.SHORTLISTED and use_case.ai_act_tier == RiskTier.UNACCEPTABLE:
        raise Refused(unacceptable_message(), code="unacceptable")
    if status == use_case.status:
        return use_case
    old = use_case.status
    use_case.status = status
    use_case.save(update_fields=["status", "updated_at"])
    Event.record(
        access.workshop, EventKind.STATUS_CHANGED, access.actor.label, use_case=use_case.pk, old=old, new=status
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
    use_case.save(update_fields=["status", "merged_into", "updated_at"])
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


# --- Scores -------------------------------------------------------------------------------


def _score_value(raw: Any) -> int | None:
    """1..5 from an int or a string of digits; None for anything else (0, 6, 2.5, "x", True)."""
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        return None
    if isinstance(raw, str):
        if not raw.strip().isdigit():
            return None
        raw = int(raw.strip())
    return raw if SCORE_MIN <= raw <= SCORE_MAX else None


@transaction.atomic
def scores_set(*, access: Access, use_case: UseCase, values: Mapping[Any, Any]) -> dict[int, int]:
    """Save the current participant's scores on one use case: {criterion id: 1..5}.

    All or nothing: one bad value and nothing is saved. Only in the Score phase.
    A constant number of queries whatever the number of criteria and the workshop's size.
    """
    _require_own_workshop(access, use_case)
    participant = _require_participant(access, _("Only participants score use cases."))
    _require_phase(access, Phase.SCORE, _("Scores can only be given in the Score phase."))
    if use_case.status not in ACTIVE_STATUSES:
        raise Refused(_("This use case was merged or rejected: it is no longer scored."), code="inactive")
    criteria = {c.pk: c for c in access.workshop.criteria.all()}
    errors: dict[str, str] = {}
    cleaned: dict[int, int] = {}
    for key, raw in values.items():
        try:
            criterion_id = int(key)
        except (TypeError, ValueError):
            criterion_id = -1
        if criterion_id not in criteria:
            errors[str(key)] = _("Unknown criterion for this workshop.")
            continue
        value = _score_value(raw)
        if value is None:
            errors[str(key)] = _("%(criterion)s: a score is a whole number from 1 to 5.") % {
                "criterion": criteria[criterion_id].name
            }
            continue
        cleaned[criterion_id] = value
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError({"scores": _("Give at least one score.")})
    # One upsert for every criterion, however many there are (INSERT … ON CONFLICT DO UPDATE).
    Score.objects.bulk_create(
        [
            Score(participant=participant, use_case=use_case, criterion_id=criterion_id, value=value)
            for criterion_id, value in cleaned.items()
        ],
        update_conflicts=True,
        unique_fields=["participant", "use_case", "criterion"],
        update_fields=["value", "updated_at"],
    )
    access.workshop.touch(scores=True)
    return cleaned


# --- Votes --------------------------------------------------------------------------------


def _lock_participant(participant: Participant) -> Participant:
    # Serialises one participant's concurrent vote requests, so the budget check below
    # reads a sum nobody else is changing. (On SQLite, IMMEDIATE transactions serialise writers.)
    return Participant.objects.select_for_update().get(pk=participant.pk)


def _check_may_vote(access: Access, use_case: UseCase) -> Participant:
    _require_own_workshop(access, use_case)
    if access.is_facilitator:
        raise PermissionDenied(_("Facilitators do not vote."))
    participant = _require_participant(access, _("Only participants vote."))
    _require_phase(access, Phase.VOTE, _("Votes can only be cast in the Vote phase."))
    return participant


def _set_dots(access: Access, participant: Participant, use_case: UseCase, dots: int) -> int:
    workshop = access.workshop
    if dots > 0 and use_case.status not in ACTIVE_STATUSES:
        raise Refused(_("This use case was merged or rejected: it takes no votes."), code="inactive")
    if dots > workshop.max_votes_per_use_case:
        raise Refused(
            _("At most %(max)s votes on one use case.") % {"max": workshop.max_votes_per_use_case},
            code="use_case_cap",
        )
    spent_elsewhere = (
        Vote.objects.filter(participant=participant).exclude(use_case=use_case).aggregate(total=Sum("dots"))["total"]
        or 0
    )
    if spent_elsewhere + dots > workshop.votes_per_participant:
        left = max(workshop.votes_per_participant - spent_elsewhere, 0)
        raise Refused(
            _("You have no votes left: take one back from another use case first.")
            if left == 0
            else _("Not enough votes left: you can put at most %(left)s on this use case.") % {"left": left},
            code="over_budget",
        )
    current = Vote.objects.filter(participant=participant, use_case=use_case).first()
    if dots == 0:
        if current is not None:
            current.delete()
    elif current is None:
        Vote.objects.create(participant=participant, use_case=use_case, dots=dots)
    elif current.dots != dots:
        current.dots = dots
        current.save(update_fields=["dots", "updated_at"])
    workshop.touch()
    return dots


@transaction.atomic
def vote_set(*, access: Access, use_case: UseCase, dots: int) -> int:
    """Set the participant's dots on a use case (0 takes them all back). The vote budget lives here."""
    participant = _check_may_vote(access, use_case)
    if isinstance(dots, bool) or not isinstance(dots, int) or dots < 0:
        raise ValidationError({"dots": _("Dots are a whole number from 0.")})
    participant = _lock_participant(participant)
    return _set_dots(access, participant, use_case, dots)


@transaction.atomic
def vote_change(*, access: Access, use_case: UseCase, delta: int) -> int:
    """Add (delta=1) or take back (delta=-1) dots; computed under the lock, so clicks never get lost."""
    participant = _check_may_vote(access, use_case)
    participant = _lock_participant(participant)
    current = Vote.objects.filter(participant=participant, use_case=use_case).values_list("dots", flat=True).first()
    dots = (current or 0) + delta
    if dots < 0:
        raise Refused(_("You have no vote on this use case to take back."), code="no_vote")
    return _set_dots(access, participant, use_case, dots)
