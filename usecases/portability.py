"""Criteria, use cases, scores and votes in a workshop's export (see workshop/portability.py)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError

from usecases.models import ACTIVE_STATUSES, Criterion, RiskTier, Score, Status, UseCase, Vote
from usecases.services import CONTENT_FIELDS, MAX_CRITERIA
from workshop.models import Workshop
from workshop.portability import (
    Refs,
    Section,
    at,
    check_fields,
    dump_value,
    register_section,
    restore_timestamps,
    rows_in,
    rows_of,
)

CRITERION_FIELDS = ["name", "description", "axis", "weight", "order"]
# What a use case holds beyond its words: its status, the tier in force (what the shortlist rule reads)
# and whether its author was removed.
USE_CASE_STATE_FIELDS = ["status", "ai_act_tier", "author_removed"]
USE_CASE_FIELDS = [*CONTENT_FIELDS, *USE_CASE_STATE_FIELDS, "created_at", "updated_at"]


def _dump_criteria(workshop: Workshop, refs: Refs) -> list[dict[str, Any]]:
    criteria = workshop.criteria.order_by("order", "pk")
    names = refs.number("criterion", "c", [c.pk for c in criteria])
    return [{"ref": n, **row} for n, row in zip(names, rows_of(criteria, CRITERION_FIELDS), strict=True)]


def _load_criteria(workshop: Workshop, rows: list[dict[str, Any]], refs: Refs) -> None:
    if len(rows) > MAX_CRITERIA:
        raise ValidationError(f"holds {len(rows)} criteria; a workshop has at most {MAX_CRITERIA}.")
    for path, row in rows_in("criteria", rows):
        with at(path):
            check_fields(row, Criterion, CRITERION_FIELDS, required=["ref", "name", "axis"])
            criterion = Criterion(workshop=workshop, **{f: row[f] for f in CRITERION_FIELDS if f in row})
            criterion.full_clean(exclude=["workshop"])
            criterion.save()
            refs.add("criterion", row["ref"], criterion.pk)


def _dump_use_cases(workshop: Workshop, refs: Refs) -> list[dict[str, Any]]:
    use_cases = list(workshop.use_cases.order_by("created_at", "pk"))
    names = refs.number("use_case", "u", [u.pk for u in use_cases])
    return [
        {
            "ref": name,
            **{f: dump_value(getattr(u, f)) for f in USE_CASE_FIELDS},
            "author": refs.ref("participant", u.author_id),
            "merged_into": refs.ref("use_case", u.merged_into_id),
        }
        for name, u in zip(names, use_cases, strict=True)
    ]


def _load_use_cases(workshop: Workshop, rows: list[dict[str, Any]], refs: Refs) -> None:
    created = []
    for path, row in rows_in("use_cases", rows):
        with at(path):
            check_fields(row, UseCase, USE_CASE_FIELDS, required=["ref", "title"])
            use_case = UseCase(
                workshop=workshop,
                author_id=refs.pk("participant", row.get("author"), field="author"),
                **{f: row[f] for f in [*CONTENT_FIELDS, *USE_CASE_STATE_FIELDS] if f in row},
            )
            if use_case.status == Status.SHORTLISTED and use_case.ai_act_tier == RiskTier.UNACCEPTABLE:
                raise ValidationError({"ai_act_tier": "A prohibited idea can never be shortlisted."})
            use_case.full_clean(exclude=["workshop", "author", "merged_into"])
            use_case.save()
            refs.add("use_case", row["ref"], use_case.pk)
            created.append((path, use_case, row))
    # Second pass: a use case may be merged into one listed after it.
    statuses = {row["ref"]: row.get("status", Status.PROPOSED) for _path, _use_case, row in created}
    for path, use_case, row in created:
        with at(path):
            target = row.get("merged_into")
            if target is not None:
                _check_merge(row, target, statuses)
                UseCase.objects.filter(pk=use_case.pk).update(
                    merged_into_id=refs.pk("use_case", target, field="merged_into")
                )
            restore_timestamps(UseCase, use_case.pk, row, ["created_at", "updated_at"])


def _check_merge(row: dict[str, Any], target: Any, statuses: dict[str, Any]) -> None:
    """The rules of a merge (usecases.services.use_case_merge): into another, live use case, from a merged one."""
    if target == row["ref"]:
        raise ValidationError({"merged_into": "A use case cannot be merged into itself."})
    if row.get("status") != Status.MERGED:
        status = row.get("status")
        raise ValidationError({"merged_into": f"Only a merged use case points at another (status {status!r})."})
    if target in statuses and statuses[target] not in ACTIVE_STATUSES:
        raise ValidationError(
            {"merged_into": f"{target!r} is {statuses[target]}: merge into a proposed or shortlisted use case."}
        )


def _dump_scores(workshop: Workshop, refs: Refs) -> list[dict[str, Any]]:
    scores = Score.objects.filter(use_case__workshop=workshop).order_by("use_case_id", "criterion_id", "participant_id")
    return [
        {
            "participant": refs.ref("participant", s.participant_id),
            "use_case": refs.ref("use_case", s.use_case_id),
            "criterion": refs.ref("criterion", s.criterion_id),
            "value": s.value,
            "updated_at": dump_value(s.updated_at),
        }
        for s in scores
    ]


def _load_scores(workshop: Workshop, rows: list[dict[str, Any]], refs: Refs) -> None:
    seen: set[tuple[int, int, int]] = set()
    for path, row in rows_in("scores", rows):
        with at(path):
            required = ["participant", "use_case", "criterion", "value"]
            check_fields(row, Score, ["value", "updated_at"], required=required)
            score = Score(
                participant_id=refs.required("participant", row["participant"], field="participant"),
                use_case_id=refs.required("use_case", row["use_case"], field="use_case"),
                criterion_id=refs.required("criterion", row["criterion"], field="criterion"),
                value=row["value"],
            )
            key = (score.participant_id, score.use_case_id, score.criterion_id)
            if key in seen:
                raise ValidationError("A participant scores a use case once per criterion: this score is a second.")
            seen.add(key)
            score.full_clean(exclude=["participant", "use_case", "criterion"])
            score.save()
            restore_timestamps(Score, score.pk, row, ["updated_at"])


def _dump_votes(workshop: Workshop, refs: Refs) -> list[dict[str, Any]]:
    votes = Vote.objects.filter(use_case__workshop=workshop).order_by("use_case_id", "participant_id")
    return [
        {
            "participant": refs.ref("participant", v.participant_id),
            "use_case": refs.ref("use_case", v.use_case_id),
            "dots": v.dots,
            "updated_at": dump_value(v.updated_at),
        }
        for v in votes
    ]


def _load_votes(workshop: Workshop, rows: list[dict[str, Any]], refs: Refs) -> None:
    """Votes as usecases.services.vote_set allows them: the budget per participant, the cap per use case."""
    spent: Counter[int] = Counter()
    seen: set[tuple[int, int]] = set()
    for path, row in rows_in("votes", rows):
        with at(path):
            check_fields(row, Vote, ["dots", "updated_at"], required=["participant", "use_case", "dots"])
            vote = Vote(
                participant_id=refs.required("participant", row["participant"], field="participant"),
                use_case_id=refs.required("use_case", row["use_case"], field="use_case"),
                dots=row["dots"],
            )
            if (vote.participant_id, vote.use_case_id) in seen:
                raise ValidationError("A participant has one vote row per use case: this one is a second.")
            seen.add((vote.participant_id, vote.use_case_id))
            if vote.dots < 1:
                raise ValidationError({"dots": "must be at least 1."})
            vote.full_clean(exclude=["participant", "use_case"])
            if vote.dots > workshop.max_votes_per_use_case:
                raise ValidationError(
                    {"dots": f"{vote.dots} dots on one use case, over the cap of {workshop.max_votes_per_use_case}."}
                )
            spent[vote.participant_id] += vote.dots
            if spent[vote.participant_id] > workshop.votes_per_participant:
                raise ValidationError(
                    {
                        "dots": f"{row['participant']} spends {spent[vote.participant_id]} dots, "
                        f"over the budget of {workshop.votes_per_participant}."
                    }
                )
            vote.save()
            restore_timestamps(Vote, vote.pk, row, ["updated_at"])


def register() -> None:
    register_section(Section("criteria", 20, _dump_criteria, _load_criteria))
    register_section(Section("use_cases", 30, _dump_use_cases, _load_use_cases))
    register_section(Section("scores", 40, _dump_scores, _load_scores))
    register_section(Section("votes", 50, _dump_votes, _load_votes))
