"""Every write on ROI estimates, with the rules that guard it.

Who may edit a use case's ROI inputs is roi.policy.may_edit_estimate: a
facilitator in any phase but Closed; a participant only in the ROI phase (they
fill ROI inputs when asked); a viewer never. Ranges are the calculator's (`roi.calculator.validate`) plus
the model fields' own limits (digits, decimal places, factors up to 10).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.exceptions import Refused
from roi import calculator, policy
from roi.models import RoiEstimate
from roi.selectors import INPUT_FIELDS
from usecases.models import UseCase
from workshop.models import Event, EventKind
from workshop.selectors import Access

# The calculator's messages are plain English constants; these mark them for translation.
_CALCULATOR_MESSAGES = {
    calculator.MSG_NOT_A_NUMBER: gettext_noop("Must be a number."),
    calculator.MSG_NEGATIVE: gettext_noop("Must be zero or more."),
    calculator.MSG_OVER_100: gettext_noop("Must be 100 or less."),
    calculator.MSG_HORIZON: gettext_noop("Must be between 1 and 10 years."),
    calculator.MSG_RAMP: gettext_noop("Must be between 0 and 36 months."),
}


def roi_check_can_edit(*, access: Access, use_case: UseCase) -> None:
    """Raise PermissionDenied (role), Refused (phase or status) or Http404 (other workshop)."""
    if use_case.workshop_id != access.workshop.pk:
        raise Http404
    if policy.may_edit_estimate(access, use_case):
        return
    # Why not, in the order a reader needs to hear it.
    if access.is_viewer:
        raise PermissionDenied(_("Managers can read ROI estimates but not change them."))
    if not (access.is_facilitator or access.is_participant):
        raise PermissionDenied(_("You cannot change this ROI estimate."))
    access.require_open()
    if access.is_participant and not policy.estimates_open(access.workshop):
        raise Refused(_("Participants fill ROI inputs in the ROI phase only."), code="wrong_phase")
    raise Refused(_("This use case was merged or rejected: its ROI can no longer change."), code="use_case_set_aside")


def roi_estimate_apply(*, estimate: RoiEstimate, data: Mapping[str, object]) -> RoiEstimate:
    """Set the inputs in `data` on `estimate` (not saved) and check them all at once.

    Fields missing from `data` keep their value. Raises ValidationError with a
    message per field: not a number, out of the calculator's range, or beyond
    the field's digits. Used by the save below and by the page's preview.
    """
    errors: dict[str, str] = {}
    for name in INPUT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[name] = _("Enter a number.")
            continue
        if isinstance(value, bool):
            errors[name] = _(calculator.MSG_NOT_A_NUMBER)
            continue
        field = RoiEstimate._meta.get_field(name)
        assert isinstance(field, models.Field)  # every input is a concrete column
        try:
            setattr(estimate, name, field.to_python(value.strip() if isinstance(value, str) else value))
        except ValidationError:
            errors[name] = _(calculator.MSG_NOT_A_NUMBER)
    errors.update(_range_errors(estimate, skip=errors))
    try:
        estimate.clean_fields(exclude=["use_case", *errors])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, " ".join(messages))
    if errors:
        raise ValidationError(errors)
    return estimate


def _range_errors(estimate: RoiEstimate, *, skip: Mapping[str, str]) -> dict[str, str]:
    """The calculator's range checks, for the fields that are numbers."""
    values = {}
    for name in INPUT_FIELDS:
        value = getattr(estimate, name)
        # A field that failed to parse is checked with a harmless stand-in.
        if name in skip or value is None:
            value = calculator.RoiInputs.__dataclass_fields__[name].default
        values[name] = value
    problems = calculator.validate(calculator.RoiInputs(**values))
    return {name: _(_CALCULATOR_MESSAGES.get(msg, msg)) for name, msg in problems.items() if name not in skip}


@transaction.atomic
def roi_estimate_save(*, access: Access, use_case: UseCase, data: Mapping[str, object]) -> RoiEstimate:
    """Create or update the ROI inputs of `use_case` from `data` (field name -> value)."""
    roi_check_can_edit(access=access, use_case=use_case)
    # Created with the defaults if missing; a refused change rolls the creation back.
    estimate, _created = RoiEstimate.objects.select_for_update().get_or_create(use_case=use_case)
    roi_estimate_apply(estimate=estimate, data=data)
    estimate.save()
    if access.is_facilitator:
        Event.record(
            access.workshop, EventKind.ROI_SAVED, access.actor.label, use_case=use_case.pk, title=use_case.title
        )
    access.workshop.touch()
    return estimate
