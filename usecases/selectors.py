"""Reads shared by the board, the pages and the API. Callers pass an Access already scoped.

Blind scoring lives here too: what a participant may see of others' scores
depends on `access.can_see_results`, of vote totals on `access.can_see_vote_totals`,
of authors on `access.can_see_authors`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext, ngettext

from usecases import duplicates
from usecases.models import ACTIVE_STATUSES, Criterion, Score, Status, UseCase, Vote
from workshop.models import Participant, Workshop
from workshop.selectors import Access, present_since


def use_cases(workshop: Workshop) -> QuerySet[UseCase]:
    return workshop.use_cases.select_related("author", "merged_into").order_by("created_at", "id")


def active_use_cases(workshop: Workshop) -> QuerySet[UseCase]:
    """Proposed and shortlisted: the ones scored, voted on and ranked."""
    return use_cases(workshop).filter(status__in=ACTIVE_STATUSES)


def shortlisted_use_cases(workshop: Workshop) -> QuerySet[UseCase]:
    """The shortlist: the use cases whose POC the ROI phase estimates."""
    return workshop.use_cases.filter(status=Status.SHORTLISTED).order_by("created_at", "id")


def use_case_workshop_id(pk: int | str) -> int:
    """The workshop of use case `pk`, needed to know who asks (a participant's cookie is per workshop), or 404.

    Only the id: whether the caller may see that workshop is workshop_access's answer.
    """
    try:
        return UseCase.objects.values_list("workshop_id", flat=True).get(pk=int(pk))
    except (UseCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def use_case_to_score(pk: int | str) -> UseCase:
    """The use case a score PUT names, with only what scoring reads (its workshop and status), or 404.

    One narrow query instead of two full ones: its workshop tells who asks, and
    whether the caller may see that workshop is still workshop_access's answer.
    """
    try:
        return UseCase.objects.only("id", "workshop_id", "status").get(pk=int(pk))
    except (UseCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def use_case_for(access: Access, pk: int | str) -> UseCase:
    """A use case of the workshop `access` was scoped to, or 404."""
    try:
        return use_cases(access.workshop).get(pk=int(pk))
    except (UseCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def criterion_for(access: Access, pk: int | str) -> Criterion:
    try:
        return access.workshop.criteria.get(pk=int(pk))
    except (Criterion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def criteria(workshop: Workshop) -> list[Criterion]:
    return list(workshop.criteria.order_by("order", "id"))


def scored_criterion_ids(workshop: Workshop) -> set[int]:
    """Criteria someone has scored: their meaning is fixed from then on."""
    return set(Score.objects.filter(criterion__workshop=workshop).values_list("criterion_id", flat=True).distinct())


def own_scores(participant: Participant | None, workshop: Workshop) -> dict[tuple[int, int], int]:
    """{(use case id, criterion id): value} of one participant: all a participant sees before the reveal."""
    if participant is None:
        return {}
    rows = Score.objects.filter(participant=participant, use_case__workshop=workshop)
    return {(s.use_case_id, s.criterion_id): s.value for s in rows}


def own_dots(participant: Participant | None) -> dict[int, int]:
    if participant is None:
        return {}
    return dict(Vote.objects.filter(participant=participant).values_list("use_case_id", "dots"))


def votes_left(workshop: Workshop, participant: Participant | None) -> int:
    if participant is None:
        return workshop.votes_per_participant
    spent = Vote.objects.filter(participant=participant).aggregate(total=Sum("dots"))["total"] or 0
    return max(workshop.votes_per_participant - spent, 0)


def author_label(use_case: UseCase, access: Access) -> str:
    """Who proposed `use_case`, as `access` may read it; "" when hidden (anonymous ideas) or a facilitator's own.

    The one place pages, API, exports and summaries get an author's name from.
    """
    if not access.can_see_authors:
        return ""
    if use_case.author_id is not None:
        return use_case.author.label  # type: ignore[union-attr]
    if use_case.author_removed:
        return gettext("removed participant")
    return ""


def visible_votes(access: Access, votes: int) -> int | None:
    """A vote total as `access` may read it: None while the totals are hidden from them."""
    return votes if access.can_see_vote_totals else None


def vote_totals(access: Access) -> dict[int, int]:
    """Dots per use case, for those who may see the totals; empty for a participant before the reveal."""
    if not access.can_see_vote_totals:
        return {}
    rows = Vote.objects.filter(use_case__workshop=access.workshop).values("use_case_id").annotate(total=Sum("dots"))
    return {row["use_case_id"]: row["total"] for row in rows}


@dataclass(frozen=True)
class Progress:
    participant: Participant
    scored: int
    total: int
    dots: int
    since: datetime | None = None  # seen after this: present

    @property
    def finished(self) -> bool:
        return self.total > 0 and self.scored >= self.total

    @property
    def present(self) -> bool:
        seen = self.participant.last_seen_at
        return self.since is not None and seen is not None and seen >= self.since


def scoring_total(workshop: Workshop) -> int:
    """How many scores one participant gives: active use cases × criteria."""
    return active_use_cases(workshop).count() * workshop.criteria.count()


def own_progress(workshop: Workshop, participant: Participant | None) -> tuple[int, int]:
    """(n scored, m to score) for one participant."""
    total = scoring_total(workshop)
    if participant is None:
        return 0, total
    scored = Score.objects.filter(
        participant=participant, use_case__workshop=workshop, use_case__status__in=ACTIVE_STATUSES
    ).count()
    return scored, total


def progress_by_participant(access: Access) -> list[Progress]:
    """Who has finished scoring and spent their votes: for facilitators and viewers only."""
    if access.is_participant:
        return []
    workshop = access.workshop
    total = scoring_total(workshop)
    scored = dict(
        Score.objects.filter(use_case__workshop=workshop, use_case__status__in=ACTIVE_STATUSES)
        .values("participant_id")
        .annotate(n=Count("id"))
        .values_list("participant_id", "n")
    )
    dots = dict(
        Vote.objects.filter(use_case__workshop=workshop)
        .values("participant_id")
        .annotate(n=Sum("dots"))
        .values_list("participant_id", "n")
    )
    since = present_since()
    return [
        Progress(participant=p, scored=scored.get(p.pk, 0), total=total, dots=dots.get(p.pk, 0), since=since)
        for p in workshop.participants.all()
    ]


def use_case_count_text(active: int, set_aside: int) -> str:
    """How many use cases, saying which: those in the running, and those merged or rejected.

    The one wording of a use-case count, on the board, the results page and in the summaries.
    """
    text = ngettext("%(count)d use case in the running", "%(count)d use cases in the running", active) % {
        "count": active
    }
    if set_aside:
        text += " " + ngettext(
            "(and %(count)d merged or rejected)", "(and %(count)d merged or rejected)", set_aside
        ) % {"count": set_aside}
    return text


def counts(workshop: Workshop) -> dict[str, object]:
    """The counters under the board's lists (two queries)."""
    tally = {
        "participants": workshop.participants.count(),
        **workshop.use_cases.aggregate(active=Count("id", filter=Q(status__in=ACTIVE_STATUSES)), total=Count("id")),
    }
    active, total = tally["active"], tally["total"]
    return {
        "participants": tally["participants"],
        "use_cases": active,
        "set_aside": total - active,
        # Worded in the reader's language, so not cached with the numbers.
        "use_cases_text": use_case_count_text(active, total - active),
    }


# --- Possible duplicates ------------------------------------------------------------------


@dataclass(frozen=True)
class PossibleDuplicate:
    """Two use cases in the running that may say the same thing; `keep` is the earlier, `merge` the later."""

    keep: UseCase
    merge: UseCase
    similarity: float


def _ideas(cases: list[UseCase]) -> list[duplicates.Idea]:
    return [duplicates.Idea(case.pk, case.title, case.problem) for case in cases]


def possible_duplicates(workshop: Workshop) -> list[PossibleDuplicate]:
    """The use cases in the running at the pages' threshold (usecases.duplicates), most similar first.

    Offline and in the workshop's language; the facilitator's list, the API's and the merge buttons read it.
    """
    cases = list(active_use_cases(workshop))
    by_id = {case.pk: case for case in cases}
    pairs = duplicates.duplicates(_ideas(cases), workshop.language)
    return [PossibleDuplicate(by_id[pair.a], by_id[pair.b], pair.similarity) for pair in pairs]


def close_ideas(workshop: Workshop, title: str, problem: str, *, limit: int = 3) -> list[UseCase]:
    """The use cases in the running closest to a draft being typed (a title and a problem), most similar first."""
    if not (title.strip() or problem.strip()):
        return []
    cases = list(active_use_cases(workshop))
    by_id = {case.pk: case for case in cases}
    close = duplicates.close_to(duplicates.Idea(-1, title, problem), _ideas(cases), workshop.language)
    return [by_id[pair.b] for pair in close[:limit]]


def spotlit(workshop: Workshop) -> UseCase | None:
    """The use case on the projector now, if any (services.spotlight_set keeps it one, in the running)."""
    return workshop.use_cases.filter(spotlight=True, status__in=ACTIVE_STATUSES).first()
