from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from core.exceptions import Refused
from roi.models import RoiEstimate
from roi.services import roi_estimate_save
from tests.factories import RoiEstimateFactory, UseCaseFactory
from tests.roi.conftest import VALID_INPUTS, set_phase
from workshop.selectors import Access, Actor, Role

pytestmark = pytest.mark.django_db


def _access(workshop, *, user=None, participant=None, role=Role.FACILITATOR) -> Access:
    return Access(workshop=workshop, role=role, actor=Actor(user=user, participant=participant))


def test_facilitator_saves_inputs_and_the_board_version_moves(alice, workshop, use_case):
    version = workshop.version

    estimate = roi_estimate_save(access=_access(workshop, user=alice), use_case=use_case, data=VALID_INPUTS)

    estimate.refresh_from_db()
    assert estimate.use_case == use_case
    assert estimate.inference_cost_per_1k == Decimal("2.5")
    assert estimate.horizon_years == 3
    workshop.refresh_from_db()
    assert workshop.version > version


def test_inputs_left_out_keep_their_value(alice, workshop, use_case):
    RoiEstimateFactory(use_case=use_case, daily_rate=Decimal("700"))

    roi_estimate_save(access=_access(workshop, user=alice), use_case=use_case, data={"effort_days": "30"})

    estimate = RoiEstimate.objects.get(use_case=use_case)
    assert estimate.effort_days == Decimal("30")
    assert estimate.daily_rate == Decimal("700")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("effort_days", "-1", "Must be zero or more."),
        ("daily_rate", "-0.01", "Must be zero or more."),
        ("success_probability", "101", "Must be 100 or less."),
        ("discount_rate", "100.5", "Must be 100 or less."),
        ("horizon_years", "0", "Must be between 1 and 10 years."),
        ("horizon_years", "11", "Must be between 1 and 10 years."),
        ("ramp_months", "37", "Must be between 0 and 36 months."),
        ("ramp_months", "-1", "Must be between 0 and 36 months."),
        ("hourly_cost", "abc", "Must be a number."),
        ("setup_cost", "", "Enter a number."),
    ],
)
def test_out_of_range_input_is_refused_with_a_message_on_its_field(alice, workshop, use_case, field, value, message):
    with pytest.raises(ValidationError) as caught:
        roi_estimate_save(access=_access(workshop, user=alice), use_case=use_case, data={**VALID_INPUTS, field: value})

    assert caught.value.message_dict == {field: [message]}
    assert not RoiEstimate.objects.filter(use_case=use_case).exists()


def test_every_bad_field_is_reported_at_once_and_the_model_limits_apply(alice, workshop, use_case):
    data = {**VALID_INPUTS, "effort_days": "-5", "high_benefit_factor": "11", "daily_rate": "1.234"}

    with pytest.raises(ValidationError) as caught:
        roi_estimate_save(access=_access(workshop, user=alice), use_case=use_case, data=data)

    assert set(caught.value.message_dict) == {"effort_days", "high_benefit_factor", "daily_rate"}


def test_a_refused_save_leaves_the_saved_estimate_unchanged(alice, workshop, use_case):
    RoiEstimateFactory(use_case=use_case, effort_days=Decimal("20"))

    with pytest.raises(ValidationError):
        roi_estimate_save(
            access=_access(workshop, user=alice), use_case=use_case, data={"effort_days": "40", "horizon_years": "0"}
        )

    assert RoiEstimate.objects.get(use_case=use_case).effort_days == Decimal("20")


def test_participant_saves_in_the_roi_phase_only(bob, workshop, use_case):
    access = _access(workshop, participant=bob, role=Role.PARTICIPANT)
    with pytest.raises(Refused) as caught:
        roi_estimate_save(access=access, use_case=use_case, data=VALID_INPUTS)
    assert caught.value.code == "wrong_phase"

    set_phase(workshop, "roi")
    roi_estimate_save(access=access, use_case=use_case, data=VALID_INPUTS)
    assert RoiEstimate.objects.filter(use_case=use_case).exists()


def test_viewer_never_saves(workshop, use_case, victor):
    set_phase(workshop, "roi")
    with pytest.raises(PermissionDenied):
        roi_estimate_save(access=_access(workshop, user=victor, role=Role.VIEWER), use_case=use_case, data=VALID_INPUTS)


def test_nobody_saves_once_the_workshop_is_closed(alice, workshop, use_case):
    set_phase(workshop, "closed")
    with pytest.raises(Refused):
        roi_estimate_save(access=_access(workshop, user=alice), use_case=use_case, data=VALID_INPUTS)


def test_use_case_of_another_workshop_is_not_found(alice, workshop, other_workshop):
    foreign = UseCaseFactory(workshop=other_workshop, status="shortlisted")
    with pytest.raises(Http404):
        roi_estimate_save(access=_access(workshop, user=alice), use_case=foreign, data=VALID_INPUTS)


@pytest.mark.parametrize("status", ["merged", "rejected"])
def test_merged_or_rejected_use_case_cannot_be_estimated(alice, workshop, status):
    use_case = UseCaseFactory(workshop=workshop, status=status)
    with pytest.raises(Refused):
        roi_estimate_save(access=_access(workshop, user=alice), use_case=use_case, data=VALID_INPUTS)


def test_proposed_use_case_can_be_estimated(alice, workshop):
    use_case = UseCaseFactory(workshop=workshop, status="proposed")
    roi_estimate_save(access=_access(workshop, user=alice), use_case=use_case, data=VALID_INPUTS)
    assert RoiEstimate.objects.filter(use_case=use_case).exists()
