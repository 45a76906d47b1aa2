"""Every write on a workshop's criteria: the default set, templates, and edits in Draft."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from core.exceptions import Refused
from usecases import policy
from usecases.criteria_templates import DEFAULT as DEFAULT_TEMPLATE
from usecases.criteria_templates import TEMPLATES as CRITERIA_TEMPLATES
from usecases.criteria_templates import CriteriaTemplate
from usecases.models import Axis, Criterion, Score
from workshop.models import Event, EventKind, Workshop
from workshop.selectors import Access

WEIGHT_MIN, WEIGHT_MAX = 1, 5
# Far below Criterion.order's smallint limit, so that "add criterion" (the last order + 1) always fits.
ORDER_MAX = 999
MAX_CRITERIA = 30


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
    if policy.may_edit_criteria(access):
        return
    access.require_facilitator()
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
    elif not policy.may_describe_criteria(access):
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
