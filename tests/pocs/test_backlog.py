"""The backlog export: a CSV that Jira's importer reads cleanly, and Markdown with one issue per item."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

import pytest
from markdown_it import MarkdownIt

from pocs import services
from pocs.models import DodState
from tests.factories import ParticipantFactory, RoiEstimateFactory, UseCaseFactory, score_on_axes
from tests.pocs.conftest import facilitator_access, start_poc

pytestmark = pytest.mark.django_db

JIRA_HEADER = ["Issue ID", "Parent", "Summary", "Issue Type", "Priority", "Epic Name", "Epic Link", "Description"]
JIRA_PRIORITIES = {"Highest", "High", "Medium", "Low", "Lowest"}


@pytest.fixture
def shortlist(workshop, alice):
    """Rank 1: a high-risk provider's use case (no POC yet); rank 2: a POC under way; a proposed one left out."""
    high = UseCaseFactory(
        workshop=workshop,
        status="shortlisted",
        title="Crédit scoring « express »",
        problem='Analysts re-key "income" lines,\nthen check them twice.',
        solution="Score applications with a gradient-boosted model",
        benefits="Décisions en 24 h\nFewer errors; happier customers",
        affected_users="Credit analysts",
        data_sources="Core banking, credit bureau",
        ai_act_tier="high",
        client_role="provider",
        personal_data="yes",
        automated_decisions=True,
    )
    RoiEstimateFactory(use_case=high)
    formula = UseCaseFactory(
        workshop=workshop,
        status="shortlisted",
        title='=HYPERLINK("http://evil") matching',
        solution="Match *invoices* to <script>orders</script>",
        benefits="Invoices paid on time.",
        affected_users="Accounts payable",
        ai_act_tier="limited",
        client_role="deployer",
    )
    RoiEstimateFactory(use_case=formula)
    UseCaseFactory(workshop=workshop, status="proposed", title="Not shortlisted")
    voter = ParticipantFactory(workshop=workshop)
    score_on_axes(voter, high, impact=5, feasibility=5)
    score_on_axes(voter, formula, impact=3, feasibility=3)
    poc = start_poc(workshop, alice, formula)
    access = facilitator_access(workshop, alice)
    art_50 = poc.dod_items.get(code="ai_act_art_50_deployer")
    services.poc_dod_item_set(access=access, poc=poc, item=art_50, state=DodState.NOT_APPLICABLE)
    robustness = poc.dod_items.get(code="robustness")
    services.poc_dod_item_set(access=access, poc=poc, item=robustness, state=DodState.DONE, note="v2 set")
    return high, formula, poc


def _jira_read(data: bytes) -> tuple[list[str], list[dict[str, list[str]]]]:
    """Read a CSV the way Jira's importer does: UTF-8, a header row, repeated columns collected."""
    text = data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    issues = []
    for row in body:
        assert len(row) == len(header)
        fields: dict[str, list[str]] = defaultdict(list)
        for name, value in zip(header, row, strict=True):
            if value != "":
                fields[name].append(value)
        issues.append(dict(fields))
    return header, issues


def test_backlog_csv_imports_cleanly_into_a_jira_csv_reader(alice_client, workshop, shortlist):
    high, formula, _poc = shortlist
    response = alice_client.get(f"/api/v1/workshops/{workshop.pk}/backlog.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="atelier-backlog-claims-triage-')
    assert not response.content.startswith(b"\xef\xbb\xbf")  # no BOM: Jira would read it into "Issue ID"
    header, issues = _jira_read(response.content)

    assert header[: len(JIRA_HEADER)] == JIRA_HEADER
    assert set(header[len(JIRA_HEADER) :]) == {"Labels"}
    ids = [issue["Issue ID"][0] for issue in issues]
    assert len(ids) == len(set(ids))
    epics = {issue["Issue ID"][0]: issue for issue in issues if issue["Issue Type"] == ["Epic"]}
    assert list(epics) == [f"UC-{high.pk}", f"UC-{formula.pk}"]  # rank order; the proposed one left out
    epic_names = {issue["Epic Name"][0] for issue in epics.values()}
    for issue in issues:
        assert issue["Issue Type"][0] in {"Epic", "Story", "Task"}
        assert issue["Priority"][0] in JIRA_PRIORITIES
        assert all(" " not in label for label in issue["Labels"])
        if issue["Issue Type"] != ["Epic"]:
            assert issue["Parent"][0] in epics
            assert issue["Epic Link"][0] in epic_names
        assert "[Open in Atelier|http://testserver/" in issue["Description"][0]

    high_items = [i for i in issues if i.get("Parent") == [f"UC-{high.pk}"]]
    summaries = [i["Summary"][0] for i in high_items]
    assert summaries[0] == "Crédit scoring « express »: user story"
    for task in ("data access", "evaluation set", "model quality threshold", "inference cost check"):
        assert f"Crédit scoring « express »: {task}" in summaries
    compliance = [i for i in high_items if "compliance" in i["Labels"]]
    codes = {i["Issue ID"][0].rsplit("-", 1)[-1] for i in compliance}
    assert codes == {"4", "9", "10", "11", "12", "13", "14", "15", "17", "43", "72", "DPIA"}
    assert all(i["Priority"] == ["Highest"] for i in high_items)

    story = next(i for i in high_items if i["Issue Type"] == ["Story"])["Description"][0]
    assert (
        "As Credit analysts, I want score applications with a gradient-boosted model, so that décisions en 24 h"
        in story
    )
    assert "\n* Décisions en 24 h\n* Fewer errors; happier customers" in story  # one criterion per line, multi-line
    epic_description = epics[f"UC-{high.pk}"]["Description"][0]
    assert 'Analysts re-key "income" lines,\nthen check them twice.' in epic_description
    assert f"http://testserver/use-cases/{high.pk}/roi/" in epic_description  # no POC yet: its ROI page


def test_backlog_csv_carries_the_pocs_targets_definition_of_done_and_obligations(alice_client, workshop, shortlist):
    _high, formula, poc = shortlist
    _header, issues = _jira_read(alice_client.get(f"/workshops/{workshop.pk}/backlog.csv").content)
    epic = next(i for i in issues if i["Issue ID"] == [f"UC-{formula.pk}"])
    assert epic["Summary"] == ['\'=HYPERLINK("http://evil") matching']  # a spreadsheet shows it, never runs it
    assert f"http://testserver/pocs/{poc.pk}/" in epic["Description"][0]
    items = [i for i in issues if i.get("Parent") == [f"UC-{formula.pk}"]]
    story = next(i for i in items if i["Issue Type"] == ["Story"])["Description"][0]
    assert "Match 90% of invoices without a clerk." in story  # success criteria
    assert "Error rate ≤ 5 %" in story  # a success target
    assert "(/) Robustness: evaluated on held-out data, failure modes known — v2 set" in story
    quality = next(i for i in items if i["Summary"][0].endswith("model quality threshold"))["Description"][0]
    assert "p95 latency ≤ 800 ms" in quality
    obligations = [i["Summary"][0] for i in items if "compliance" in i["Labels"]]
    assert len(obligations) == 1  # Art. 4; Art. 50 marked not applicable
    assert "AI Act Art. 4" in obligations[0]


def test_backlog_markdown_renders_one_issue_per_item(alice_client, workshop, shortlist):
    csv_issues = _jira_read(alice_client.get(f"/workshops/{workshop.pk}/backlog.csv").content)[1]
    response = alice_client.get(f"/api/v1/workshops/{workshop.pk}/backlog.md")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode("utf-8")
    tokens = MarkdownIt("commonmark").parse(text)
    # A heading as a reader sees it: its inline text, escapes resolved.
    headings = [
        "".join(child.content for child in tokens[i + 1].children or [] if child.type in {"text", "text_special"})
        for i, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag == "h2"
    ]
    assert len(headings) == len(csv_issues)
    assert headings[0] == "Crédit scoring « express »"
    assert headings[1] == "Crédit scoring « express »: user story"
    assert '=HYPERLINK("http://evil") matching' in headings
    h1 = [t for t in tokens if t.type == "heading_open" and t.tag == "h1"]
    assert len(h1) == 1
    html = MarkdownIt("commonmark").render(text)
    assert "<script>" not in html  # workshop text shows as typed, never as markup
    assert "&lt;script&gt;orders&lt;/script&gt;" in html
    assert "<em>invoices</em>" not in html
    assert "- [ ] Invoices paid on time." in text
    assert "- [x] Robustness" in text


def test_backlog_of_an_empty_shortlist_is_a_header_and_a_note(alice_client, workshop):
    header, issues = _jira_read(alice_client.get(f"/workshops/{workshop.pk}/backlog.csv").content)
    assert header[: len(JIRA_HEADER)] == JIRA_HEADER
    assert issues == []
    assert (
        "No use case is shortlisted yet." in alice_client.get(f"/workshops/{workshop.pk}/backlog.md").content.decode()
    )


def test_backlog_downloads_answer_get_only(alice_client, workshop):
    assert alice_client.post(f"/workshops/{workshop.pk}/backlog.csv").status_code == 405
    assert alice_client.post(f"/api/v1/workshops/{workshop.pk}/backlog.md").status_code == 405


def test_backlog_follows_the_readers_language(alice_client, workshop, shortlist):
    alice_client.cookies["django_language"] = "fr"
    text = alice_client.get(f"/workshops/{workshop.pk}/backlog.md").content.decode()
    assert "En tant que Credit analysts" in text
    # French typography (a narrow no-break space before the colon) and the values in French too.
    assert "**Étiquettes\u202f:**" in text
    assert "**Priorité\u202f:** Très haute" in text
    assert "Highest" not in text
    assert "**Type\u202f:** Epic" in text
    alice_client.cookies["django_language"] = "en"
    english = alice_client.get(f"/workshops/{workshop.pk}/backlog.md")
    assert "**Priority:** Highest" in english.content.decode()
