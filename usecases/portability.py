"""Criteria, use cases, scores and votes in a workshop's export (see workshop/portability.py)."""

from __future__ import annotations

from typing import Any

from usecases.models import Criterion, Score, UseCase, Vote
from usecases.services import CONTENT_FIELDS
from workshop.models import Workshop
from workshop.portability import Refs, Section, dump_value, register_section, restore_timestamps, rows_of

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
    for row in rows:
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
    for row in rows:
        use_case = UseCase(
            workshop=workshop,
            author_id=refs.pk("participant", row.get("author")),
            **{f: row[f] for f in [*CONTENT_FIELDS, *USE_CASE_STATE_FIELDS] if f in row},
        )
        use_case.full_clean(exclude=["workshop", "author", "merged_into"])
        use_case.save()
        refs.add("use_case", row["ref"], use_case.pk)
        created.append((use_case, row))
    # Second pass: a use case may be merged into one listed after it.
    for use_case, row in created:
        if row.get("merged_into"):
            UseCase.objects.filter(pk=use_case.pk).update(merged_into_id=refs.pk("use_case", row["merged_into"]))
        restore_timestamps(UseCase, use_case.pk, row, ["created_at", "updated_at"])


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
    for row in rows:
        score = Score(
            participant_id=refs.required("participant", row["participant"]),
            use_case_id=refs.required("use_case", row["use_case"]),
            criterion_id=refs.required("criterion", row["criterion"]),
            value=row["value"],
        )
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
    for row in rows:
        vote = Vote.objects.create(
            participant_id=refs.required("participant", row["participant"]),
            use_case_id=refs.required("use_case", row["use_case"]),
            dots=row["dots"],
        )
        restore_timestamps(Vote, vote.pk, row, ["updated_at"])


def register() -> None:
    register_section(Section("criteria", 20, _dump_criteria, _load_criteria))
    register_section(Section("use_cases", 30, _dump_use_cases, _load_use_cases))
    register_section(Section("scores", 40, _dump_scores, _load_scores))
    register_section(Section("votes", 50, _dump_votes, _load_votes))
