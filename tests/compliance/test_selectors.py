"""assessments_for: the read side's one entry point, in one query, declared and assessed alike."""

from __future__ import annotations

from datetime import date

import pytest

from compliance import law
from compliance.selectors import assessments_for
from compliance.services import assessment_save
from tests.compliance.conftest import CREDIT_SCORING, FAQ_SEARCH
from tests.factories import UseCaseFactory
from workshop.selectors import Actor, workshop_access

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator_access(alice, workshop):
    return workshop_access(actor=Actor(user=alice), pk=workshop.pk)


def test_one_query_for_any_number_of_use_cases(facilitator_access, workshop, django_assert_num_queries):
    use_cases = [UseCaseFactory(workshop=workshop) for _ in range(6)]
    for use_case in use_cases[:3]:
        assessment_save(access=facilitator_access, use_case=use_case, answers=FAQ_SEARCH)

    with django_assert_num_queries(1):
        views = assessments_for(uc.pk for uc in use_cases)

    assert sorted(views) == sorted(uc.pk for uc in use_cases)
    assert [views[uc.pk].assessed for uc in use_cases] == [True] * 3 + [False] * 3


def test_high_risk_credit_scoring_carries_its_articles_obligations_and_dates(facilitator_access, workshop):
    use_case = UseCaseFactory(workshop=workshop, title="Credit limits")
    assessment_save(access=facilitator_access, use_case=use_case, answers=CREDIT_SCORING, confirmed_tier="high")

    view = assessments_for([use_case.pk])[use_case.pk]

    assert (view.assessed, view.basis, view.tier, view.suggested_tier) == (True, "confirmed", "high", "high")
    assert view.articles == ("Art. 6(2)", "Annex III 5(b)")
    assert [(o.article, o.applies_from) for o in view.obligations] == [
        ("Art. 4", date(2025, 2, 2)),
        ("Art. 26", date(2027, 12, 2)),
        ("Art. 26(11)", date(2027, 12, 2)),
        ("Art. 27", date(2027, 12, 2)),
        ("Art. 86", date(2027, 12, 2)),
    ]
    assert view.fria_required is True
    assert view.dpia == "required"
    assert view.transfer is True  # the model runs outside the EEA
    assert view.needs_legal_review is False
    assert view.reassess is False
    assert view.edition is view.edition_in_force is law.AI_ACT_2026
    assert view.changes == ()


def test_declared_use_cases_flag_a_transfer_from_their_own_hosting_fields(workshop):
    abroad = UseCaseFactory(
        workshop=workshop, ai_act_tier="limited", personal_data="yes", model_location="non_eu_cloud"
    )
    no_data = UseCaseFactory(workshop=workshop, personal_data="no", data_location="non_eu_cloud")

    views = assessments_for([abroad.pk, no_data.pk])

    assert (views[abroad.pk].basis, views[abroad.pk].tier, views[abroad.pk].transfer) == ("declared", "limited", True)
    assert (views[no_data.pk].tier, views[no_data.pk].transfer) == (None, False)


def test_no_ids_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert assessments_for([]) == {}
