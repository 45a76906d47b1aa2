"""Hand-made bad backups: each ends in a CommandError naming the bad field's path, and imports nothing.

A good export of a workshop with something in every section is broken one
field at a time: a wrong type, a missing field, a value out of range, a
reference to a row the document does not hold, a rule of the app broken (1,000
dots against a budget of 5, a use case merged into itself, an unknown event
kind, a summary that does not match the summary schema...). Each case names
the path the error must start with. On the code before these checks, of the
first 99 cases 20 ended in a traceback, 34 were accepted and 45 ended in an
error that named no path; a nested-too-deep file and an export to a missing
directory ended in tracebacks too.
"""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from pocs.models import Poc
from summaries.models import Summary
from tests.security.test_portability import full_workshop
from usecases.models import Score, UseCase, Vote
from workshop.models import Client, Event, Participant, Workshop
from workshop.portability import DocumentError, workshop_import

__all__ = ["full_workshop"]

pytestmark = pytest.mark.django_db

Doc = dict[str, Any]


def _sections(doc: Doc) -> Doc:
    return doc["sections"]


def _set(path: str, value: Any) -> Callable[[Doc], str]:
    """Set the field at `path` ("sections.votes[0].dots") to `value`; the error must name `path` (or in it)."""

    def mutate(doc: Doc) -> str:
        parent, key = _walk(doc, path)
        parent[key] = value
        return path

    return mutate


def _drop(path: str) -> Callable[[Doc], str]:
    def mutate(doc: Doc) -> str:
        parent, key = _walk(doc, path)
        del parent[key]
        return path

    return mutate


def _walk(doc: Doc, path: str) -> tuple[Any, Any]:
    """The container holding the last step of `path`, and that step (a key or an index)."""
    steps: list[Any] = []
    for part in path.split("."):
        name, _, rest = part.partition("[")
        if name:
            steps.append(name)
        for index in rest.rstrip("]").split("][") if rest else []:
            steps.append(int(index))
    node: Any = doc
    for step in steps[:-1]:
        node = node[step]
    return node, steps[-1]


def _custom(function: Callable[[Doc], str]) -> Callable[[Doc], str]:
    return function


def _duplicate(section: str, index: int, expected: str) -> Callable[[Doc], str]:
    def mutate(doc: Doc) -> str:
        rows = _sections(doc)[section]
        rows.append(copy.deepcopy(rows[index]))
        return expected.format(last=len(rows) - 1)

    return mutate


def _merge_event(doc: Doc) -> int:
    return next(i for i, e in enumerate(_sections(doc)["events"]) if e["kind"] == "merged")


def _event_into_missing(doc: Doc) -> str:
    index = _merge_event(doc)
    _sections(doc)["events"][index]["data"]["into"] = "u99"
    return f"sections.events[{index}].data.into"


def _over_budget(doc: Doc) -> str:
    votes = _sections(doc)["votes"]
    votes[0]["dots"] = 3
    votes.append({"participant": "p1", "use_case": "u2", "dots": 3})
    return "sections.votes[1].dots"


def _into_rejected(doc: Doc) -> str:
    _sections(doc)["use_cases"][0]["status"] = "rejected"
    return "sections.use_cases[1].merged_into"


def _too_many_criteria(doc: Doc) -> str:
    criteria = _sections(doc)["criteria"]
    for number in range(30):
        criteria.append({**criteria[0], "ref": f"cx{number}", "name": f"Extra {number}"})
    return "sections.criteria"


def _metric_of_nowhere(doc: Doc) -> str:
    values = _sections(doc)["pocs"][0]["check_ins"][0]["values"]
    values.append({"metric": "m99", "value": "1"})
    return f"sections.pocs[0].check_ins[0].values[{len(values) - 1}].metric"


def _metric_twice(doc: Doc) -> str:
    values = _sections(doc)["pocs"][0]["check_ins"][0]["values"]
    values.append(dict(values[0]))
    return f"sections.pocs[0].check_ins[0].values[{len(values) - 1}].metric"


def _baseline_incomplete(doc: Doc) -> str:
    _sections(doc)["pocs"][0]["baseline_figures"].pop("npv")
    return "sections.pocs[0]"


def _nul_in_event(doc: Doc) -> str:
    _sections(doc)["events"][0]["data"]["note"] = "a\x00b"
    return "sections.events[0].data.note"


def _not_an_object(doc: Doc) -> str:
    doc.clear()
    doc["format"] = "atelier.workshop"
    doc["version"] = 1
    doc["sections"] = []
    return "sections"


CASES: dict[str, Callable[[Doc], str]] = {
    # The document itself
    "format missing": _drop("format"),
    "version as text": _set("version", "1"),
    "sections a list": _custom(_not_an_object),
    "a section not a list": _set("sections.use_cases", {}),
    "facilitators as text": _set("facilitators", "alice"),
    "a facilitator a number": _set("facilitators", [1]),
    # Client and workshop
    "client as text": _set("client", "Acme"),
    "client name a number": _set("client.name", 5),
    "client name empty": _set("client.name", ""),
    "llm_allowed as text": _set("client.llm_allowed", "no"),
    "workshop null": _set("workshop", None),
    "title missing": _drop("workshop.title"),
    "title a list": _set("workshop.title", ["x"]),
    "title with NUL": _set("workshop.title", "Claims\x00"),
    "phase unknown": _set("workshop.phase", "party"),
    "language unknown": _set("workshop.language", "de"),
    "budget out of range": _set("workshop.votes_per_participant", 1000),
    "budget as text": _set("workshop.votes_per_participant", "5"),
    "cap over the budget": _set("workshop.max_votes_per_use_case", 9),
    "results_revealed as text": _set("workshop.results_revealed", "yes"),
    "timebox not a time": _set("workshop.phase_ends_at", "tomorrow"),
    "created_at a number": _set("workshop.created_at", 12),
    # Participants
    "participant as text": _set("sections.participants[0]", "Bob"),
    "participant name missing": _drop("sections.participants[0].display_name"),
    "participant name a number": _set("sections.participants[0].display_name", 42),
    "participant name too long": _set("sections.participants[0].display_name", "x" * 500),
    "two participants with one name": _set("sections.participants[1].display_name", "BOB"),
    "two participants with one ref": _set("sections.participants[1].ref", "p1"),
    "joined_at not a time": _set("sections.participants[0].joined_at", "yesterday"),
    # Criteria
    "weight out of range": _set("sections.criteria[0].weight", 9),
    "weight as text": _set("sections.criteria[0].weight", "3"),
    "axis unknown": _set("sections.criteria[0].axis", "beauty"),
    "criterion ref missing": _drop("sections.criteria[0].ref"),
    "too many criteria": _custom(_too_many_criteria),
    # Use cases and merges
    "merged into itself": _set("sections.use_cases[1].merged_into", "u2"),
    "merged into a missing one": _set("sections.use_cases[1].merged_into", "u99"),
    "merged into a rejected one": _custom(_into_rejected),
    "merged_into on a live use case": _set("sections.use_cases[0].merged_into", "u2"),
    "merged_into a number": _set("sections.use_cases[1].merged_into", 1),
    "status unknown": _set("sections.use_cases[0].status", "won"),
    "prohibited idea shortlisted": _set("sections.use_cases[0].ai_act_tier", "unacceptable"),
    "use case title empty": _set("sections.use_cases[0].title", ""),
    "author missing from the document": _set("sections.use_cases[0].author", "p9"),
    "author a number": _set("sections.use_cases[0].author", 3),
    "category a number": _set("sections.use_cases[0].category", 3),
    "automated_decisions as text": _set("sections.use_cases[0].automated_decisions", "maybe"),
    # Scores
    "score above 5": _set("sections.scores[0].value", 6),
    "score 0": _set("sections.scores[0].value", 0),
    "score as text": _set("sections.scores[0].value", "4"),
    "score a fraction": _set("sections.scores[0].value", 4.5),
    "score's criterion missing from the document": _set("sections.scores[0].criterion", "c99"),
    "score without participant": _drop("sections.scores[0].participant"),
    "score given twice": _duplicate("scores", 0, "sections.scores[{last}]"),
    # Votes
    "1,000 dots": _set("sections.votes[0].dots", 1000),
    "0 dots": _set("sections.votes[0].dots", 0),
    "negative dots": _set("sections.votes[0].dots", -1),
    "dots as text": _set("sections.votes[0].dots", "2"),
    "dots NaN": _set("sections.votes[0].dots", float("nan")),
    "over the cap on one use case": _set("sections.votes[0].dots", 4),
    "over the budget across use cases": _custom(_over_budget),
    "vote given twice": _duplicate("votes", 0, "sections.votes[{last}]"),
    "vote on a use case missing from the document": _set("sections.votes[0].use_case", "u9"),
    # ROI
    "effort as words": _set("sections.roi[0].effort_days", "lots"),
    "horizon out of range": _set("sections.roi[0].horizon_years", 50),
    "probability over 100": _set("sections.roi[0].success_probability", "150"),
    "negative daily rate": _set("sections.roi[0].daily_rate", -5),
    "ROI given twice": _duplicate("roi", 0, "sections.roi[{last}].use_case"),
    "ROI without use case": _drop("sections.roi[0].use_case"),
    # Assessments
    "answers a list": _set("sections.assessments[0].answers", []),
    "unknown question": _set("sections.assessments[0].answers", {"flying": "yes"}),
    "unknown answer": _set("sections.assessments[0].answers.annex_iii_use", "teleport"),
    "tier unknown": _set("sections.assessments[0].confirmed_tier", "apocalyptic"),
    "answered_at missing": _drop("sections.assessments[0].answered_at"),
    "confirmed_by a number": _set("sections.assessments[0].confirmed_by", 5),
    "assessment given twice": _duplicate("assessments", 0, "sections.assessments[{last}].use_case"),
    # POCs
    "POC status unknown": _set("sections.pocs[0].status", "finished"),
    "POC ends before it starts": _set("sections.pocs[0].planned_end_on", "2025-12-31"),
    "POC start not a date": _set("sections.pocs[0].started_on", "someday"),
    "POC baseline incomplete": _custom(_baseline_incomplete),
    "baseline input a list": _set("sections.pocs[0].baseline_inputs.effort_days", [20]),
    "baseline input out of range": _set("sections.pocs[0].baseline_inputs.success_probability", "150"),
    "baseline input unknown": _set("sections.pocs[0].baseline_inputs.vibes", "1"),
    "baseline figure as words": _set("sections.pocs[0].baseline_figures.roi_percent", "lots"),
    "baseline cash flow as words": _set("sections.pocs[0].baseline_figures.cumulative", ["soon"]),
    "baseline payback as text": _set("sections.pocs[0].baseline_figures.payback_months", "7"),
    "open items a label": _set("sections.pocs[0].open_items_at_verdict", "done"),
    "metric target as words": _set("sections.pocs[0].metrics[0].target", "high"),
    "check-in value of another POC's metric": _custom(_metric_of_nowhere),
    "a metric measured twice in one check-in": _custom(_metric_twice),
    "negative effort in a check-in": _set("sections.pocs[0].check_ins[0].effort_days", -3),
    "check-ins an object": _set("sections.pocs[0].check_ins", {}),
    "two check-ins with one ref": _set("sections.pocs[0].check_ins[1].ref", "k1"),
    # Summaries
    "summary themes as text": _set("sections.summaries[0].content.key_themes", "claims"),
    "summary top use case without why": _drop("sections.summaries[0].content.top_use_cases[0].why"),
    "summary status unknown": _set("sections.summaries[0].status", "partying"),
    "summary provider unknown": _set("sections.summaries[0].provider", "skynet"),
    "summary language unknown": _set("sections.summaries[0].language", "xx"),
    "summary tokens negative": _set("sections.summaries[0].prompt_tokens", -1),
    "summary snapshot as text": _set("sections.summaries[0].snapshot", "x"),
    # Events
    "event kind unknown": _set("sections.events[0].kind", "explosion"),
    "event kind missing": _drop("sections.events[0].kind"),
    "event data a list": _set("sections.events[0].data", []),
    "event participant missing from the document": _set("sections.events[0].participant", "p9"),
    "event actor a number": _set("sections.events[0].actor", 5),
    "merge event into a missing use case": _custom(_event_into_missing),
    "NUL in an event's data": _custom(_nul_in_event),
}


def _counts() -> tuple[int, ...]:
    models = (Client, Workshop, Participant, UseCase, Score, Vote, Poc, Summary, Event)
    return tuple(model.objects.count() for model in models)


@pytest.fixture
def good_document(full_workshop) -> Doc:
    out = io.StringIO()
    call_command("export_workshop", str(full_workshop.pk), stdout=out)
    return json.loads(out.getvalue())


def test_the_good_document_imports(good_document, tmp_path):
    """The control: the document every case breaks is itself accepted."""
    path = tmp_path / "good.json"
    path.write_text(json.dumps(good_document))
    before = Workshop.objects.count()

    call_command("import_workshop", str(path), stdout=io.StringIO())

    assert Workshop.objects.count() == before + 1


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_document_ends_in_an_error_naming_the_bad_field_and_imports_nothing(good_document, tmp_path, case):
    document = copy.deepcopy(good_document)
    expected = CASES[case](document)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    before = _counts()

    try:
        call_command("import_workshop", str(path), stdout=io.StringIO())
    except CommandError as exc:
        message = str(exc)
    except Exception as exc:  # what the test counts: a traceback instead of a clear error
        pytest.fail(f"traceback: {type(exc).__name__}: {exc}")
    else:
        pytest.fail("accepted")

    named = message.split(": ", 1)[0]
    assert named == expected or named.startswith((f"{expected}.", f"{expected}[")), f"no path {expected}: {message}"
    assert _counts() == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "Cannot read"),
        (b"\xff\xfe{}", "Cannot read"),
        (b"[" * 100_000 + b"]" * 100_000, "Cannot read"),
        (b"[]", "not an Atelier workshop"),
    ],
    ids=["not JSON", "not UTF-8", "nested too deep", "a list"],
)
def test_a_file_that_is_no_document_ends_in_a_clear_error(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=expected):
        call_command("import_workshop", str(path))


def test_an_export_to_a_missing_directory_ends_in_a_clear_error(full_workshop, tmp_path):
    with pytest.raises(CommandError, match=r"Cannot write .*No such file or directory"):
        call_command("export_workshop", str(full_workshop.pk), "-o", str(tmp_path / "missing" / "x.json"))


def test_every_demo_workshop_passes_the_checks_and_round_trips(tmp_path):
    """The checks refuse what breaks the rules, not what the app itself writes: the demo's backups import."""
    call_command("seed_demo", "--quiet")
    for workshop in Workshop.objects.order_by("pk"):
        out = io.StringIO()
        call_command("export_workshop", str(workshop.pk), stdout=out)
        path = tmp_path / f"demo-{workshop.pk}.json"
        path.write_text(out.getvalue())

        call_command("import_workshop", str(path), stdout=io.StringIO())

        restored = Workshop.objects.order_by("-pk").first()
        again = io.StringIO()
        call_command("export_workshop", str(restored.pk), stdout=again)
        assert json.loads(again.getvalue())["sections"] == json.loads(out.getvalue())["sections"]


def _every_field(node: Any, path: str = "") -> list[str]:
    """The path of every field of the document (the first two rows of each list)."""
    paths = []
    children = node.items() if isinstance(node, dict) else enumerate(node[:2]) if isinstance(node, list) else []
    for key, child in children:
        where = f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else key)
        paths += [where, *_every_field(child, where)]
    return paths


def test_a_wrong_type_in_any_field_ends_in_an_error_with_a_path_never_a_traceback(good_document):
    """Every field of the document, one at a time, becomes a list: refused with a path, or harmlessly accepted."""
    tracebacks, without_path = [], []
    for path in _every_field(good_document):
        document = copy.deepcopy(good_document)
        parent, key = _walk(document, path)
        parent[key] = [1]
        try:
            with transaction.atomic():
                workshop_import(document=document)
                transaction.set_rollback(True)
        except DocumentError as exc:
            if not exc.path:
                without_path.append(path)
        except Exception as exc:  # what the test counts: a traceback instead of a clear error
            tracebacks.append(f"{path}: {type(exc).__name__}: {exc}")

    assert len(_every_field(good_document)) > 300
    assert tracebacks == []
    assert without_path == []
