"""The POC portfolio the client plan exports read, the layering of pocs, and the demo's POC."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from pocs import services
from pocs.models import Poc, PocStatus
from pocs.selectors import poc_portfolio
from tests.factories import RoiEstimateFactory, UseCaseFactory, WorkshopFactory
from tests.pocs.conftest import START, facilitator_access, start_poc
from workshop.models import Event, EventKind, Workshop

pytestmark = pytest.mark.django_db


def test_portfolio_rows_carry_baseline_reprojection_metrics_and_definition_of_done(workshop, alice, poc):
    access = facilitator_access(workshop, alice)
    error_rate = poc.metrics.get(builtin="error_rate")
    services.poc_check_in_add(
        access=access,
        poc=poc,
        date=START,
        effort_days=Decimal(22),
        hours_saved=Decimal(36),
        run_cost=Decimal(300),
        inference_cost=Decimal(100),
        metric_values={error_rate.pk: Decimal(4)},
    )
    item = poc.dod_items.first()
    services.poc_dod_item_set(access=access, poc=poc, item=item, state="done")
    services.poc_dod_item_set(access=access, poc=poc, item=poc.dod_items.last(), state="not_applicable")

    [row] = poc_portfolio([workshop])
    assert (row.poc_id, row.title, row.status, row.currency, row.language) == (
        poc.pk,
        "Invoice matching",
        PocStatus.RUNNING,
        "EUR",
        "en",
    )
    assert row.baseline.npv == Decimal("68034.56")
    assert row.reprojected is not None
    assert row.reprojected.poc_cost == Decimal("21600.00")
    assert row.reprojected.npv == Decimal("25550.71")  # 1,580 a month from month 1, as in the hand-worked example
    assert (row.metrics_on_target, row.metrics_evaluated) == (1, 1)
    assert (row.dod_done, row.dod_applicable) == (1, 5)
    assert row.months_covered == 1


def test_portfolio_takes_the_same_number_of_queries_whatever_the_number_of_pocs(
    workshop, alice, poc, django_assert_num_queries
):
    for index in range(3):
        use_case = UseCaseFactory(workshop=workshop, status="shortlisted", title=f"Extra {index}")
        RoiEstimateFactory(use_case=use_case)
        extra = start_poc(workshop, alice, use_case)
        services.poc_check_in_add(access=facilitator_access(workshop, alice), poc=extra, date=START)
    with django_assert_num_queries(5):
        rows = poc_portfolio([workshop])
    assert len(rows) == 4


def test_portfolio_keeps_the_workshops_order_and_leaves_others_out(workshop, alice, charlie, poc):
    other = WorkshopFactory(client=workshop.client, facilitators=[alice], title="Second workshop")
    use_case = UseCaseFactory(workshop=other, status="shortlisted")
    RoiEstimateFactory(use_case=use_case)
    later = start_poc(other, alice, use_case)
    elsewhere = WorkshopFactory(facilitators=[charlie])
    stranger = UseCaseFactory(workshop=elsewhere, status="shortlisted")
    RoiEstimateFactory(use_case=stranger)
    start_poc(elsewhere, charlie, stranger)

    assert [row.poc_id for row in poc_portfolio([other, workshop])] == [later.pk, poc.pk]
    assert [row.poc_id for row in poc_portfolio([workshop])] == [poc.pk]


def test_seed_demo_shows_one_poc_with_three_check_ins_and_a_verdict(db):
    call_command("seed_demo", quiet=True)
    call_command("seed_demo", quiet=True)  # twice changes nothing
    poc = Poc.objects.get()
    workshop = Workshop.objects.get(join_code="DEMXAT26")
    assert poc.use_case.workshop == workshop
    assert poc.check_ins.count() == 3
    assert poc.status == PocStatus.EXTEND
    assert poc.metrics.filter(builtin="").count() == 1
    assert poc.dod_items.exclude(state="not_done").exists()
    kinds = set(Event.objects.filter(workshop=workshop).values_list("kind", flat=True))
    assert {EventKind.POC_STARTED, EventKind.POC_VERDICT} <= kinds
    [row] = poc_portfolio([workshop])
    assert row.reprojected is not None
    assert row.reprojected.npv < row.baseline.npv  # the demo's POC delivers less than estimated


def test_pocs_import_nothing_above_them():
    """Layers: pocs may use workshop, usecases and roi (and compliance), never reports, summaries or mcp."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "pocs"
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"reports", "summaries", "mcp"}, (path, name)
