"""The read side's pages: results (ranking and matrix), the portfolio, and the plan downloads.

Who may see results is one rule, ``Access.require_results()``: participants
get 403 with the same message on every page, endpoint and export until the
facilitator reveals them. Exports are for users: a participant gets 403.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from reports.items import RankedItem, ranked_items
from reports.portfolio import PORTFOLIO_SORTS, portfolio, readable_sort, sort_rows
from reports.selectors import client_plan_response, workshop_plan_response
from usecases import policy
from usecases.matrix import results_matrix
from usecases.selectors import use_case_count_text
from workshop.selectors import actor_from_request, workshop_access

RESULT_SORTS: dict[str, Callable[[RankedItem], object]] = {
    "rank": PORTFOLIO_SORTS["rank"],
    "title": PORTFOLIO_SORTS["title"],
    "impact": lambda r: r.impact,
    "feasibility": lambda r: r.feasibility,
    "priority": PORTFOLIO_SORTS["priority"],
    "votes": PORTFOLIO_SORTS["votes"],
    "spread": lambda r: r.spread,
}
RESULT_HEADERS = [
    ("rank", _("Rank")),
    ("title", _("Use case")),
    ("impact", _("Impact")),
    ("feasibility", _("Feasibility")),
    ("priority", _("Priority")),
    ("votes", _("Votes")),
    ("spread", _("Spread")),
]
PORTFOLIO_HEADERS = [
    ("rank", _("Rank")),
    ("title", _("Use case")),
    ("priority", _("Priority")),
    ("votes", _("Votes")),
    ("poc_cost", _("POC cost")),
    ("npv", _("NPV (base)")),
    ("risk_adjusted_npv", _("Risk-adjusted NPV")),
    ("payback_months", _("Payback")),
    ("roi_percent", _("ROI %")),
]
# Rank, title and payback read best smallest first; scores, votes and amounts largest first.
ASCENDING_FIRST = {"rank", "title", "payback_months"}


@dataclass(frozen=True)
class Header:
    """A sortable column heading: its link's next sort and its current aria-sort."""

    key: str
    label: Promise
    next_sort: str
    aria_sort: str
    current: bool


def sortable_headers(labels: Sequence[tuple[str, Promise]], sort: str) -> list[Header]:
    headers = []
    for key, label in labels:
        current = sort.lstrip("-") == key
        descending_now = sort.startswith("-")
        if current:
            next_sort = key if descending_now else f"-{key}"
            aria = "descending" if descending_now else "ascending"
        else:
            next_sort = key if key in ASCENDING_FIRST else f"-{key}"
            aria = "none"
        headers.append(Header(key, label, next_sort, aria, current))
    return headers


@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """Ranking table, 2×2 matrix and spread flags. Participants only once the results are revealed."""
    access = workshop_access(actor=actor_from_request(request, pk), pk=pk)
    access.require_results()
    workshop = access.workshop
    show_votes = access.can_see_vote_totals
    sort = readable_sort(request.GET.get("sort", "rank"), RESULT_SORTS, show_votes=show_votes)
    context: dict[str, object] = {"access": access, "workshop": workshop, "sort": sort, "show_votes": show_votes}

    def content() -> dict[str, object]:
        items = ranked_items(workshop, reader=access)
        # Each row's triage buttons as the policy allows them (a prohibited use case's Shortlist is disabled).
        return {
            **context,
            "items": items,
            "triage": policy.may_triage(access),
            "rows": [(r, policy.triage(access, r.use_case)) for r in sort_rows(items.items, sort, RESULT_SORTS)],
            "set_aside": [(r, policy.triage(access, r.use_case)) for r in items.set_aside],
            "headers": sortable_headers(RESULT_HEADERS, sort),
            "matrix": results_matrix([item.row for item in items.items], show_votes=show_votes),
            "titles": {item.use_case_id: item.title for item in (*items.items, *items.set_aside)},
            "use_cases_text": use_case_count_text(len(items.items), len(items.set_aside)),
        }

    context["body"] = render_to_string("usecases/_results_body.html", content(), request=request)
    return render(request, "usecases/results.html", context)


@require_GET
def portfolio_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Every shortlisted use case side by side, sortable, with the shortlist's POC budget."""
    access = workshop_access(actor=actor_from_request(request, pk), pk=pk)
    access.require_results()
    show_votes = access.can_see_vote_totals
    sort = readable_sort(request.GET.get("sort", "rank"), PORTFOLIO_SORTS, show_votes=show_votes)
    without_review = request.GET.get("legal_review") == "hide"
    context = {
        "access": access,
        "workshop": access.workshop,
        "show_votes": show_votes,
        "portfolio": portfolio(access.workshop, sort=sort, without_legal_review=without_review, show_votes=show_votes),
        "without_legal_review": without_review,
        "sort": sort,
        "columns": sortable_headers(PORTFOLIO_HEADERS, sort),
    }
    return render(request, "roi/portfolio.html", context)


@require_GET
def workshop_plan_download(request: HttpRequest, pk: str, fmt: str) -> HttpResponse:
    return workshop_plan_response(actor_from_request(request, int(pk)), pk, fmt, request.GET.get("lang"))


@require_GET
@login_required
def client_plan_download(request: HttpRequest, pk: str, fmt: str) -> HttpResponse:
    return client_plan_response(request.user, pk, fmt, request.GET.get("lang"))
