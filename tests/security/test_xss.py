"""Script in what people type renders inert on every page: no script, no event handler, no javascript: link."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from pocs.models import Metric, MetricValue
from tests.security.authz_rules import OK
from tests.security.matrix import Matrix, all_routes, outcome
from usecases.models import Score, Vote
from workshop.models import Phase

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "title": "<script>alert('title')</script>",
    "problem": '<img src=x onerror="alert(1)">',
    "solution": '[click me](javascript:alert(1)) <a href="javascript:alert(2)">here</a>',
    "benefits": '"><svg onload=alert(1)>',
    "data_sources": "javascript:alert(1)",
    "affected_users": "' onmouseover='alert(1)",
    "compliance_note": '<iframe src="javascript:alert(1)"></iframe><style>body{display:none}</style>',
}
POC_PAYLOADS = {
    "owner": "<script>alert('owner')</script>",
    "success_criteria": '<img src=x onerror="alert(3)">',
    "verdict_reason": '<a href="javascript:alert(4)">why</a>',
    "verdict_by": "<b onmouseover=alert(5)>Boss</b>",
}
METRIC_NAME = "<script>alert('metric')</script>"
PARTICIPANT_NAME = "<svg/onload=alert('p')>"
CRITERION_NAME = '"><script>alert("c")</script>'
SCRIPT_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "hx-get", "hx-post"}


class _Inspector(HTMLParser):
    """Collects what would run: scripts (other than our static files), on* attributes, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            src = values.get("src") or ""
            if not src.startswith("/static/"):
                self.problems.append(f"<script src={src!r}>")
            self._in_script = True
        if tag in {"iframe", "object", "embed", "base"}:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in SCRIPT_ATTRIBUTES and "".join((value or "").split()).lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append(f"inline script: {data[:60]!r}")


def _problems(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    return inspector.problems


def test_the_inspector_catches_what_it_looks_for():
    hostile = (
        '<script>x()</script><img onerror="x"><a href=" JavaScript:x()">a</a><iframe></iframe>'
        '<script src="/static/app.js"></script>'
    )

    assert len(_problems(hostile)) == 5


@pytest.fixture
def hostile() -> Matrix:
    matrix = Matrix()
    for field, value in PAYLOADS.items():
        setattr(matrix.use_case, field, value)
    matrix.use_case.save()
    matrix.participant_a.display_name = PARTICIPANT_NAME
    matrix.participant_a.save()
    matrix.criterion.name = CRITERION_NAME
    matrix.criterion.save()
    matrix.a.objective = "<script>alert('objective')</script>"
    matrix.a.save()
    matrix.a.client.name = "<b onclick=alert(1)>Client</b>"
    matrix.a.client.save()
    # Scores and a vote, so that the grid, the ranking, the matrix chart and the portfolio show them.
    for criterion in matrix.a.criteria.all():
        Score.objects.create(participant=matrix.participant_a, use_case=matrix.use_case, criterion=criterion, value=4)
    Vote.objects.create(participant=matrix.participant_a, use_case=matrix.use_case, dots=2)
    matrix.use_case.status = "shortlisted"
    matrix.use_case.save()
    _hostile_poc(matrix)
    return matrix


def _hostile_poc(matrix: Matrix) -> None:
    """What a POC's team types: the owner, the criteria, a metric of their own, notes, the verdict's reason."""
    poc = matrix.poc
    for field, value in POC_PAYLOADS.items():
        setattr(poc, field, value)
    # Extended: the verdict shows, and check-ins and a verdict may still be recorded (their forms render).
    poc.status, poc.verdict_at = "extend", timezone.now()
    poc.save()
    matrix.check_in.notes = "<script>alert('notes')</script>"
    matrix.check_in.recorded_by = '<img src=x onerror="alert(7)">'
    matrix.check_in.save()
    metric = Metric.objects.create(
        poc=poc, name=METRIC_NAME, unit='"><svg onload=alert(8)>', target=Decimal(90), direction="higher", order=9
    )
    MetricValue.objects.create(check_in=matrix.check_in, metric=metric, value=Decimal(80))
    matrix.dod_item.note = '"><script>alert("dod")</script>'
    matrix.dod_item.save()


@pytest.mark.parametrize(
    ("phase", "revealed"),
    [
        (Phase.DRAFT, False),
        (Phase.COLLECT, False),
        (Phase.SCORE, False),
        (Phase.VOTE, False),
        (Phase.ROI, True),
        (Phase.CLOSED, True),
    ],
)
def test_hostile_text_renders_inert_on_every_page(hostile, phase, revealed, capsys):
    hostile.a.phase = phase
    hostile.a.results_revealed = revealed
    hostile.a.save()
    pages = [r for r in all_routes() if not r.is_api and not r.name.startswith("admin:")]
    failures, rendered = [], 0
    for route in pages:
        for role in ("facilitator_a", "participant_a", "manager_a"):
            for htmx in (False, True):
                extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
                response = hostile.call(role, "GET", route, **extra)
                if outcome(response) != OK or "html" not in response.get("Content-Type", ""):
                    continue
                rendered += 1
                html = response.content.decode()
                for problem in _problems(html):
                    failures.append(f"{route.name} as {role}{' (htmx)' if htmx else ''}: {problem}")
                if "<script>alert" in html or "onerror=" in html.replace("onerror=&quot;", ""):
                    failures.append(f"{route.name} as {role}: payload unescaped")

    with capsys.disabled():
        print(
            f"\nXSS ({phase}): {rendered} pages rendered with {len(PAYLOADS) + 4} payloads, "
            f"{len(POC_PAYLOADS) + 5} more on the POC"
        )
    assert rendered > 30
    assert not failures, "\n".join(sorted(set(failures)))


def test_the_payloads_are_shown_as_text(hostile):
    hostile.a.phase = Phase.COLLECT
    hostile.a.save()
    route = next(r for r in all_routes() if r.name == "usecases:board")

    html = hostile.call("facilitator_a", "GET", route).content.decode()

    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html
    assert "&lt;svg/onload=alert(&#x27;p&#x27;)&gt;" in html


def test_the_poc_payloads_are_shown_as_text(hostile):
    page = next(r for r in all_routes() if r.name == "pocs:detail")
    portfolio = next(r for r in all_routes() if r.name == "pocs:client-portfolio")

    html = hostile.call("facilitator_a", "GET", page).content.decode()
    listed = hostile.call("manager_a", "GET", portfolio).content.decode()

    assert "Owner: &lt;script&gt;alert(&#x27;owner&#x27;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#x27;metric&#x27;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#x27;notes&#x27;)&lt;/script&gt;" in html
    assert "&lt;a href=&quot;javascript:alert(4)&quot;&gt;why&lt;/a&gt;" in html
    assert "&lt;script&gt;alert(&#x27;owner&#x27;)&lt;/script&gt;" in listed
