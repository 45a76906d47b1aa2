"""Read-side of POCs: scoped lookups, one POC's planned-against-actual report, the portfolio.

Who sees what: facilitators and managers of the workshop read everything;
a participant reads a POC's status only (`Access.is_participant`: callers
show `status` and nothing else); anyone else gets 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from pocs import metrics as metric_math
from pocs.models import CheckIn, DodItem, DodState, Metric, Poc
from pocs.reprojection import Baseline, Outcome, Period, Reprojection, baseline_from_json, reproject
from usecases.models import Status
from usecases.ranking import rank_workshop
from workshop.models import Client, Workshop
from workshop.selectors import Access, Actor, clients_for_user, workshop_access, workshops_for_user

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def pocs_queryset() -> QuerySet[Poc]:
    """POCs with everything a report reads, in a fixed number of queries however many there are."""
    return Poc.objects.select_related("use_case__workshop__client").prefetch_related(
        Prefetch("check_ins", queryset=CheckIn.objects.order_by("date", "id").prefetch_related("values")),
        Prefetch("metrics", queryset=Metric.objects.order_by("order", "id")),
        Prefetch("dod_items", queryset=DodItem.objects.order_by("order", "id")),
    )


def poc_workshop_id(pk: int | str) -> int:
    """The workshop of POC `pk` (to know who asks: a participant's cookie is per workshop), or 404."""
    try:
        return Poc.objects.values_list("use_case__workshop_id", flat=True).get(pk=int(pk))
    except (Poc.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def poc_for(access: Access, pk: int | str) -> Poc:
    """POC `pk` of the workshop `access` is scoped to, or 404."""
    try:
        return pocs_queryset().get(pk=int(pk), use_case__workshop=access.workshop)
    except (Poc.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def poc_access(*, actor: Actor, pk: int | str) -> tuple[Access, Poc]:
    """POC `pk` and its workshop as `actor` may see them, or 404."""
    access = workshop_access(actor=actor, pk=poc_workshop_id(pk))
    return access, poc_for(access, pk)


# Report ---------------------------------------------------------------------


@dataclass(frozen=True)
class MetricPoint:
    check_in_id: int
    date: date
    value: Decimal


@dataclass(frozen=True)
class MetricReport:
    metric: Metric
    points: list[MetricPoint]

    @property
    def latest(self) -> Decimal | None:
        return self.points[-1].value if self.points else None

    @property
    def on_target(self) -> bool | None:
        return metric_math.on_target(self.latest, self.metric.target, self.metric.direction)

    @property
    def trend(self) -> str | None:
        return metric_math.trend([p.value for p in self.points], self.metric.direction)


@dataclass(frozen=True)
class PocReport:
    poc: Poc
    baseline: Baseline
    reprojection: Reprojection | None  # None until the first check-in
    check_ins: list[CheckIn]
    metrics: list[MetricReport]
    dod_items: list[DodItem]

    @property
    def actual(self) -> Outcome | None:
        return self.reprojection.actual if self.reprojection else None

    @property
    def reprojected(self) -> Outcome | None:
        return self.reprojection.reprojected if self.reprojection else None

    @property
    def months_covered(self) -> int:
        return self.reprojection.months if self.reprojection else 0

    @property
    def open_items(self) -> list[DodItem]:
        return [item for item in self.dod_items if item.state == DodState.NOT_DONE]

    @property
    def dod_done(self) -> int:
        return sum(1 for item in self.dod_items if item.state == DodState.DONE)

    @property
    def dod_applicable(self) -> int:
        return sum(1 for item in self.dod_items if item.state != DodState.NOT_APPLICABLE)

    @property
    def metrics_evaluated(self) -> int:
        """Metrics with a target and at least one value."""
        return sum(1 for m in self.metrics if m.on_target is not None)

    @property
    def metrics_on_target(self) -> int:
        return sum(1 for m in self.metrics if m.on_target)


def periods(check_ins: Iterable[CheckIn]) -> list[Period]:
    return [
        Period(
            months=c.period_months,
            effort_days=c.effort_days,
            run_cost=c.run_cost,
            inference_cost=c.inference_cost,
            hours_saved=c.hours_saved,
            other_gains=c.other_gains,
        )
        for c in check_ins
    ]


def poc_baseline(poc: Poc) -> Baseline:
    return baseline_from_json(poc.baseline_inputs, poc.baseline_figures)


def poc_report(poc: Poc) -> PocReport:
    """Planned against actual for one POC (load it with pocs_queryset() to keep to a fixed number of queries)."""
    check_ins = list(poc.check_ins.all())
    baseline = poc_baseline(poc)
    points: dict[int, list[MetricPoint]] = {}
    for check_in in check_ins:
        for value in check_in.values.all():
            points.setdefault(value.metric_id, []).append(MetricPoint(check_in.pk, check_in.date, value.value))
    return PocReport(
        poc=poc,
        baseline=baseline,
        reprojection=reproject(baseline, periods(check_ins)),
        check_ins=check_ins,
        metrics=[MetricReport(metric=m, points=points.get(m.pk, [])) for m in poc.metrics.all()],
        dod_items=list(poc.dod_items.all()),
    )


# Lists ----------------------------------------------------------------------


@dataclass(frozen=True)
class ShortlistRow:
    use_case_id: int
    title: str
    rank: int | None
    status: str
    poc: Poc | None


def workshop_pocs(access: Access) -> list[ShortlistRow]:
    """The shortlist in rank order, each with its POC if started, then POCs of use cases no longer shortlisted.

    Participants get the POCs only, by title: the ranking is not theirs to read before the reveal.
    """
    pocs = {p.use_case_id: p for p in Poc.objects.filter(use_case__workshop=access.workshop).select_related("use_case")}
    if access.is_participant and not access.can_see_results:
        rows = [ShortlistRow(p.use_case_id, p.use_case.title, None, p.use_case.status, p) for p in pocs.values()]
        return sorted(rows, key=lambda r: r.title.casefold())
    rows = []
    for row in rank_workshop(access.workshop, reader=access).rows:
        if row.status == Status.SHORTLISTED or row.use_case_id in pocs:
            rows.append(ShortlistRow(row.use_case_id, row.title, row.rank, row.status, pocs.get(row.use_case_id)))
    return rows


@dataclass(frozen=True)
class PortfolioRow:
    """One POC of a client's portfolio, as the page and the client plan exports show it."""

    poc_id: int
    workshop_id: int
    workshop_title: str
    currency: str
    language: str
    use_case_id: int
    title: str
    owner: str
    started_on: date
    planned_end_on: date
    status: str
    status_label: str
    verdict_reason: str
    months_covered: int
    baseline: Outcome
    reprojected: Outcome | None  # None until the first check-in
    metrics_on_target: int
    metrics_evaluated: int
    dod_done: int
    dod_applicable: int


def poc_portfolio(workshops: Iterable[Workshop]) -> list[PortfolioRow]:
    """Every POC of `workshops` (those the caller may see), in their order, each by start date.

    Five queries whatever the number of POCs. No visibility check here: the
    caller passes only workshops the user reads in full (not a participant's).
    """
    workshops = list(workshops)
    position = {w.pk: index for index, w in enumerate(workshops)}
    pocs = pocs_queryset().filter(use_case__workshop__in=workshops)
    rows = []
    for poc in pocs:
        report = poc_report(poc)
        workshop = poc.use_case.workshop
        rows.append(
            PortfolioRow(
                poc_id=poc.pk,
                workshop_id=workshop.pk,
                workshop_title=workshop.title,
                currency=workshop.currency,
                language=workshop.language,
                use_case_id=poc.use_case_id,
                title=poc.use_case.title,
                owner=poc.owner,
                started_on=poc.started_on,
                planned_end_on=poc.planned_end_on,
                status=poc.status,
                status_label=str(poc.get_status_display()),
                verdict_reason=poc.verdict_reason,
                months_covered=report.months_covered,
                baseline=report.baseline.outcome,
                reprojected=report.reprojected,
                metrics_on_target=report.metrics_on_target,
                metrics_evaluated=report.metrics_evaluated,
                dod_done=report.dod_done,
                dod_applicable=report.dod_applicable,
            )
        )
    rows.sort(key=lambda r: (position[r.workshop_id], r.started_on, r.poc_id))
    return rows


def client_for_user(user: User | AnonymousUser, pk: int | str) -> Client:
    """A client the user reads (facilitator or manager), or 404."""
    try:
        return clients_for_user(user).get(pk=int(pk))
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def client_portfolio_workshops(user: User | AnonymousUser, pk: int | str) -> list[Workshop]:
    """The workshops of client `pk` that the user reads, most recent first (404 for a client they do not read)."""
    client = client_for_user(user, pk)
    return list(workshops_for_user(user).filter(client=client).order_by("-created_at", "-id"))
