"""Every write on use cases, criteria, scores and votes, with the rules that guard it.

Services take keyword arguments, check who may act and in which phase, and
raise ValidationError (bad input, per field), PermissionDenied (not allowed)
or Refused (a rule of the workshop right now). Every change touches the
workshop so that live boards refresh.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from core import throttle
from core.exceptions import Refused
from usecases.criteria_templates import DEFAULT as DEFAULT_TEMPLATE
from usecases.criteria_templates import TEMPLATES as CRITERIA_TEMPLATES
from usecases.criteria_templates import CriteriaTemplate
from usecases.models import (
    ACTIVE_STATUSES,
    TEXT_MAX_LENGTHS,
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
from workshop.models import Event, EventKind, Participant, Phase, Workshop
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
SCORE_MIN, SCORE_MAX = 1, 5
WEIGHT_MIN, WEIGHT_MAX = 1, 5
# Far below Criterion.order's smallint limit, so that "add criterion" (the last order + 1) always fits.
ORDER_MAX = 999
MAX_CRITERIA = 30


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


def too_long_message(limit: int) -> str:
    return _("Keep this under %(max)s characters.") % {"max": limit}


def unacceptable_message() -> str:
    return _(
        "A use case whose EU AI Act tier is prohibited can never be shortlisted. "
        "Reject it, or review its pre-assessment with the legal team."
    )


# --- Criteria -----------------------------------------------------------------------------


def _template_criteria(workshop: Workshop, template: CriteriaTemplate) -> list[Criterion]:
    """The template's criteria as unsaved rows of `workshop`, named in the workshop's language."""
    with translation.override(workshop.language):
        return [
            Criterion(
                workshop=workshop,
                axis=item.axis,
                name=str(item.name),
                description=str(item.description),
                weight=item.weight,
                order=index,
            )
            for index, item in enumerate(template.criteria)
        ]


@transaction.atomic
def criteria_copy_defaults(*, workshop: Workshop) -> list[Criterion]:
    """Copy DESIGN.md's default criteria into a new workshop, in the workshop's language."""
    return Criterion.objects.bulk_create(_template_criteria(workshop, DEFAULT_TEMPLATE))


@transaction.atomic
def criteria_apply_template(*, access: Access, template: str) -> list[Criterion]:
    """Replace the workshop's criteria with a template's (facilitators, in Draft, before any score)."""
    _require_criteria_editable(access)
    chosen = CRITERIA_TEMPLATES.get(template)
    if chosen is None:
        raise ValidationError({"template": _("Choose one of the templates.")})
    workshop = access.workshop
    if Score.objects.filter(criterion__workshop=workshop).exists():
        raise Refused(
            _("Participants have scored these criteria: replacing them would delete their scores."), code="scored"
        )
    workshop.criteria.all().delete()
    created = Criterion.objects.bulk_create(_template_criteria(workshop, chosen))
    Event.record(workshop, EventKind.CRITERIA_TEMPLATE_APPLIED, access.actor.label, template=chosen.key)
    workshop.touch()
    return created


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


DESCRIPTION_MAX_LENGTH = 300


def _clean_description(description: Any) -> str:
    text = " ".join(str(description or "").split())
    if len(text) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            {"description": _("Keep this under %(max)s characters.") % {"max": DESCRIPTION_MAX_LENGTH}}
        )
    return text


@transaction.atomic
def criterion_create(*, access: Access, name: str, axis: str, weight: int = 1, description: str = "") -> Criterion:
    _require_criteria_editable(access)
    name, axis, weight = _clean_criterion(name, axis, weight)
    if access.workshop.criteria.count() >= MAX_CRITERIA:
        raise Refused(
            _("A workshop has at most %(max)s criteria: remove one first.") % {"max": MAX_CRITERIA}, code="too_many"
        )
    description = _clean_description(description)
    last = access.workshop.criteria.aggregate(last=Max("order"))["last"]
    criterion = Criterion.objects.create(
        workshop=access.workshop,
        name=name,
        axis=axis,
        weight=weight,
        description=description,
        order=0 if last is None else last + 1,
    )
    _criteria_event(access, "added", criterion)
    access.workshop.touch(scores=True)
    return criterion


def _criteria_event(access: Access, action: str, criterion: Criterion) -> None:
    Event.record(
        access.workshop,
        EventKind.CRITERIA_CHANGED,
        access.actor.label,
        action=action,
        criterion=criterion.pk,
        name=criterion.name,
    )


@transaction.atomic
def criterion_update(
    *,
    access: Access,
    criterion: Criterion,
    name: str | None = None,
    axis: str | None = None,
    weight: int | None = None,
    order: int | None = None,
    description: str | None = None,
) -> Criterion:
    """Rename, reweight, move to another axis or position (None leaves a field as it is).

    Those change the ranking, so only in Draft. The description (what 1 and 5
    mean) only helps people score: it stays editable in any phase until the
    criterion's first score, after which it would change what earlier scores meant.
    """
    if any(value is not None for value in (name, axis, weight, order)):
        _require_criteria_editable(access)
    else:
        access.require_facilitator()
        access.require_open()
    if criterion.workshop_id != access.workshop.pk:
        raise PermissionDenied(_("This criterion belongs to another workshop."))
    if description is not None:
        description = _clean_description(description)
        if description != criterion.description and criterion.scores.exists():
            raise Refused(
                _("Participants have scored this criterion: its description can no longer change."), code="scored"
            )
        criterion.description = description
    name, axis, weight = _clean_criterion(
        criterion.name if name is None else name,
        criterion.axis if axis is None else axis,
        criterion.weight if weight is None else weight,
    )
    weighs_differently = (axis, weight) != (criterion.axis, criterion.weight)
    criterion.name, criterion.axis, criterion.weight = name, axis, weight
    if order is not None:
        if not isinstance(order, int) or not 0 <= order <= ORDER_MAX:
            raise ValidationError({"order": _("The order is a whole number from 0 to %(max)s.") % {"max": ORDER_MAX}})
        criterion.order = order
    criterion.save()
    _criteria_event(access, "changed", criterion)
    # Only the axis and the weight enter the ranking's score totals: a new description keeps them.
    access.workshop.touch(scores=weighs_differently)
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
        _criteria_event(access, "moved", criterion)
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
    _criteria_event(access, "removed", criterion)
    criterion.delete()
    access.workshop.touch(scores=True)


# --- Use cases ----------------------------------------------------------------------------


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
    if access.is_facilitator:
        author = None
    else:
        author = _require_participant(access, _("Join the workshop to add use cases."))
        _require_phase(access, Phase.COLLECT, _("Use cases can only be added in the Collect ideas phase."))
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
    if status == Status.SHORTLISTED and use_case.ai_act_tier == RiskTier.UNACCEPTABLE:
        raise Refused(unacceptable_message(), code="unacceptable")
    if status == use_case.status:
        return use_case
    old = use_case.status
    use_case.status = status
    use_case.save(update_fields=["status", "updated_at"])
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
    # Blind scoring: no participant's polled board shows a score, so their ETags stay.
    access.workshop.touch(scores=True, room=False)
    return cleaned


# --- Erasure ------------------------------------------------------------------------------


@transaction.atomic
def participant_contributions_remove(*, participant: Participant) -> None:
    """Remove an erased participant's scores and votes (the dots return); their use cases stay, unauthored."""
    Score.objects.filter(participant=participant).delete()
    Vote.objects.filter(participant=participant).delete()
    UseCase.objects.filter(author=participant).update(author=None)


# --- Votes --------------------------------------------------------------------------------


def _lock_participant(participant: Participant) -> Participant:
    # Serialises one participant's concurrent vote requests, so the budget check below
    # reads a sum nobody else is changing. (On SQLite, IMMEDIATE transactions serialise writers.)
    locked = Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if locked is None:  # removed by a facilitator while this request was on its way
        raise PermissionDenied(_("You are no longer a participant of this workshop."))
    return locked


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
    # Totals show on the facilitator's board and in the results, not on a participant's polled board.
    workshop.touch(room=False)
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
