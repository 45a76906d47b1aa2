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


def stale_before() -> datetime:
    # Past the hard time limit a run is dead: the worker killed it, or itself died.
    return timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)


def lost_before() -> datetime:
    # Still queued after the broker's visibility timeout: the message was lost (flushed broker).
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    return timezone.now() - timedelta(seconds=visibility)


def in_flight() -> Q:
    """Queued or running, and not given up on: a new request for the same data waits for it."""
    return Q(status=SummaryStatus.QUEUED, created_at__gte=lost_before()) | Q(
        status=SummaryStatus.RUNNING, started_at__gte=stale_before()
    )


def summaries_for(access: Access) -> QuerySet[Summary]:
    """The workshop's summaries ``access`` may read, newest first.

    Participants: only succeeded ones, and none until results are revealed.
    """
    qs = Summary.objects.filter(workshop=access.workshop).order_by("-created_at", "-id")
    if access.is_participant:
        if not access.can_see_results:
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
    """Running past the hard time limit, or queued past the visibility timeout: nobody will finish it."""
    if summary.status == SummaryStatus.RUNNING:
        return summary.started_at is not None and summary.started_at < stale_before()
    return summary.status == SummaryStatus.QUEUED and summary.created_at < lost_before()


def latest_summary_markdown(workshop: Workshop) -> str:
    """The Markdown of the workshop's latest succeeded summary, or "" (read by the plan and its exports)."""
    summary = (
        Summary.objects.filter(workshop=workshop, status=SummaryStatus.SUCCEEDED)
        .order_by("-finished_at", "-created_at", "-id")
        .only("markdown")
        .first()
    )
    return summary.markdown if summary else ""
