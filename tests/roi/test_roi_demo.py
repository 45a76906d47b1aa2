import pytest
from django.core.management import call_command

from roi.calculator import validate
from roi.demo import seed_roi
from roi.models import RoiEstimate
from roi.selectors import roi_figures, roi_inputs
from tests.factories import UseCaseFactory
from workshop.models import Workshop

pytestmark = pytest.mark.django_db


def test_seed_estimates_the_shortlist_and_two_proposed_use_cases(workshop):
    shortlisted = [UseCaseFactory(workshop=workshop, status="shortlisted") for _ in range(3)]
    proposed = [UseCaseFactory(workshop=workshop, status="proposed") for _ in range(3)]
    UseCaseFactory(workshop=workshop, status="rejected")

    seed_roi(workshop)
    seed_roi(workshop)  # twice changes nothing

    estimated = set(RoiEstimate.objects.values_list("use_case_id", flat=True))
    assert estimated == {uc.pk for uc in shortlisted} | {proposed[0].pk, proposed[1].pk}
    for estimate in RoiEstimate.objects.all():
        assert validate(roi_inputs(estimate)) == {}
    figures = roi_figures(uc.pk for uc in shortlisted)
    assert all(f["base"].npv > 0 for f in figures.values())


def test_seed_demo_command_runs(db):
    call_command("seed_demo", quiet=True)
    call_command("seed_demo", quiet=True)
    assert Workshop.objects.filter(join_code="DEMXAT26").count() == 1
