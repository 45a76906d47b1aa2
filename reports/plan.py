"""The prioritised POC plan: what a manager takes away, as plain data.

`workshop_plan` and `client_plan` read the ranked items (reports.items) and
the latest succeeded summary; reports.exports turns a Plan into CSV, XLSX,
Markdown and PDF.

Order, per workshop: the shortlisted use cases in rank order, then the other
proposed ones in rank order. Merged and rejected use cases are left out: a
merged idea lives on in the one it was merged into, a rejected one is not part
of any plan. A client plan holds each of the client's workshops the user may
see, most recent first, each in that order.

No visibility check here: callers decide who may export (see reports.views).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from pocs.selectors import PortfolioRow as PocRow
from pocs.selectors import poc_portfolio
from reports.items import RankedItem, Shortlist, ranked_items, shortlist
from workshop.models import Client, Workshop

# Who writes the workshop's summary lives above this app: it registers how to read the latest one.
SummaryReader = Callable[[Workshop], str]
_summary_readers: list[SummaryReader] = []


def register_summary_reader(reader: SummaryReader) -> None:
    """Called by the summaries app at start-up: the plan then carries the latest summary's Markdown."""
    if reader not in _summary_readers:
        _summary_readers.append(reader)


def _latest_summary(workshop: Workshop) -> str:
    for reader in _summary_readers:
        text = reader(workshop)
        if text:
            return text
    return ""


@dataclass(frozen=True)
class WorkshopPlan:
    workshop: Workshop
    held_on: date
    participants: int
    summary_markdown: str
    items: list[RankedItem]  # shortlisted first, then the other proposed ones, each in rank order
    shortlist: Shortlist

    @property
    def workshop_id(self) -> int:
        return self.workshop.pk

    @property
    def title(self) -> str:
        return self.workshop.title

    @property
    def currency(self) -> str:
        return self.workshop.currency

    @property
    def poc_budget(self) -> Decimal:
        return self.shortlist.poc_budget

    @property
    def shortlisted(self) -> list[RankedItem]:
        return self.shortlist.items

    @property
    def others(self) -> list[RankedItem]:
        return [item for item in self.items if not item.is_shortlisted]


@dataclass(frozen=True)
class Plan:
    """A workshop's plan (one workshop) or a client's (all the workshops the user may see)."""

    kind: str  # "workshop" | "client"
    title: str
    client_name: str
    exported_on: date
    workshops: list[WorkshopPlan]
    # The POCs started from these workshops' shortlists, with baseline against re-projection.
    pocs: list[PocRow] = field(default_factory=list)

    @property
    def is_client_plan(self) -> bool:
        return self.kind == "client"

    @property
    def items(self) -> list[RankedItem]:
        return [item for workshop in self.workshops for item in workshop.items]

    @property
    def shortlisted(self) -> list[RankedItem]:
        return [item for workshop in self.workshops for item in workshop.shortlisted]

    @property
    def participants(self) -> int:
        return sum(workshop.participants for workshop in self.workshops)

    @property
    def budgets(self) -> dict[str, Decimal]:
        """Total POC budget of the shortlists (base scenario, estimated items only), per currency."""
        totals: dict[str, Decimal] = {}
        for workshop in self.workshops:
            totals[workshop.currency] = totals.get(workshop.currency, Decimal("0.00")) + workshop.poc_budget
        return totals


def _workshop_plan(workshop: Workshop) -> WorkshopPlan:
    items = ranked_items(workshop)
    chosen = shortlist(items)
    return WorkshopPlan(
        workshop=workshop,
        held_on=timezone.localdate(workshop.created_at),
        participants=items.participants,
        summary_markdown=_latest_summary(workshop),
        items=chosen.items + [item for item in items.items if not item.is_shortlisted],
        shortlist=chosen,
    )


def workshop_plan(workshop: Workshop) -> Plan:
    """The plan of one workshop. The caller has checked that the user may see its results."""
    return Plan(
        kind="workshop",
        title=workshop.title,
        client_name=workshop.client.name,
        exported_on=timezone.localdate(),
        workshops=[_workshop_plan(workshop)],
        pocs=poc_portfolio([workshop]),
    )


def client_plan(client: Client, workshops: list[Workshop]) -> Plan:
    """The plan of a client across `workshops` (those of the client the user may see)."""
    return Plan(
        kind="client",
        title=client.name,
        client_name=client.name,
        exported_on=timezone.localdate(),
        workshops=[_workshop_plan(workshop) for workshop in workshops if workshop.client_id == client.pk],
        pocs=poc_portfolio([workshop for workshop in workshops if workshop.client_id == client.pk]),
    )
