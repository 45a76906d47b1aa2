"""Reads of summaries, scoped to what the reader may see.

Participants see only succeeded summaries, and only once results are revealed;
facilitators and managers see every summary of the workshop; outsiders get 404.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from summaries.models import Summary, SummaryStatus
from workshop.models import Workshop
from workshop.selectors import Access, Actor, workshop_access


def running_stale_before() -> datetime:
    """Runs that started before this are dead: past the hard time limit the worker killed them, or died."""
    return timezone.now() - timedelta(seconds=settings.SUMMARY_RUNNING_LIMIT_SECONDS)


def queued_lost_before() -> datetime:
    """Summaries queued before this and still not taken have lost their message (broker down or emptied)."""
    return timezone.now() - timedelta(seconds=settings.SUMMARY_QUEUED_LIMIT_SECONDS)


def stuck() -> Q:
    """Queued or running past their limits: nobody will finish them unless they are sent again."""
    return Q(status=SummaryStatus.QUEUED, queued_at__lt=queued_lost_before()) | Q(
        status=SummaryStatus.RUNNING, started_at__lt=running_stale_before()
    )


def summaries_for(access: Access) -> QuerySet[Summary]:
    """The workshop's summaries ``access`` may read, newest first.

    Participants: only succeeded ones, and none until results are revealed.
    """
    qs = Summary.objects.filter(workshop=access.workshop).order_by("-created_at", "-id")
    if access.is_participant:
        # Summaries quote vote totals: hidden as long as those are (hide_vote_totals until the Vote phase ends).
        if not access.can_see_results or not access.can_see_vote_totals:
            return qs.none()
        qs = qs.filter(status=SummaryStatus.SUCCEEDED)
    return qs


def summary_workshop_id(pk: int | str) -> int | None:
    """The workshop of summary ``pk`` (to know which participant cookie to read), or None."""
    try:
        return Summary.objects.values_list("workshop_id", flat=True).get(pk=int(pk))
    except (Summary.DoesNotExist, ValueError, TypeError):
        return None


def summary_for_actor(*, actor: Actor, pk: int | str) -> tuple[Access, Summary]:
    """One summary as ``actor`` may read it, with the access to its workshop; or Http404."""
    workshop_id = summary_workshop_id(pk)
    if workshop_id is None:
        raise Http404
    access = workshop_access(actor=actor, pk=workshop_id)
    summary = summaries_for(access).filter(pk=pk).first()
    if summary is None:
        raise Http404
    return access, summary


def is_stuck(summary: Summary) -> bool:
    """The row-level twin of :func:`stuck`, for a summary already loaded."""
    if summary.status == SummaryStatus.RUNNING:
        return summary.started_at is not None and summary.started_at < running_stale_before()
    return summary.status == SummaryStatus.QUEUED and summary.queued_at < queued_lost_before()


def latest_succeeded(summaries: QuerySet[Summary]) -> Summary | None:
    """The latest succeeded one: the newest asked for, which summed up the newest data (the board shows it too)."""
    return summaries.filter(status=SummaryStatus.SUCCEEDED).order_by("-created_at", "-id").first()


def latest_summary_markdown(workshop: Workshop) -> str:
    """The Markdown of the workshop's latest succeeded summary, or "" (read by the plan and its exports)."""
    summary = latest_succeeded(Summary.objects.filter(workshop=workshop).only("markdown"))
    return summary.markdown if summary else ""
