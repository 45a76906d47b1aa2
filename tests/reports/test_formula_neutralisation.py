"""Formula injection: no cell of any CSV or XLSX export computes, whatever text a workshop holds.

Every text field a person can type (titles, problems, solutions, benefits, data
sources, users, compliance notes, an override's reason, a POC's owner and
criteria and verdict, a workshop's and a client's name, a summary) holds an
attack, and every cell of every spreadsheet file is checked: the plan as CSV
and XLSX (a workshop's and a client's) and the Jira backlog CSV (whose Epic
Name and Epic Link were written raw). Negative money written as numbers must
stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from compliance.services import assessment_save
from core.spreadsheet import neutralise
from pocs import services as poc_services
from summaries.models import Summary, SummaryStatus
from tests.factories import (
    ClientFactory,
    ParticipantFactory,
    RoiEstimateFactory,
    UseCaseFactory,
    WorkshopFactory,
    score_on_axes,
)
from tests.reports.test_spreadsheet_engine import open_in_libreoffice
from workshop.selectors import Access, Actor, Role

pytestmark = pytest.mark.django_db

ATTACKS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "  =1+1"]
# What a spreadsheet runs, written apart from the code under test: = + - @ first (after spaces), or TAB or CR.
RUNS = re.compile(r"^(?:[\t\r]|\s*[=+\-@])")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
TEXT_FIELDS = ["title", "problem", "solution", "benefits", "data_sources", "affected_users", "compliance_note"]


@pytest.fixture
def attacked(alice):
    """A workshop whose every text field holds an attack; one use case per attack, each with a POC."""
    client = ClientFactory(name=ATTACKS[0])
    workshop = WorkshopFactory(client=client, facilitators=[alice], title=ATTACKS[3], phase="roi")
    access = Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=alice))
    voter = ParticipantFactory(workshop=workshop)
    for index, attack in enumerate(ATTACKS):
        use_case = UseCaseFactory(workshop=workshop, status="shortlisted", **dict.fromkeys(TEXT_FIELDS, attack))
        score_on_axes(voter, use_case, impact=5 - index % 3, feasibility=4)
        # The first costs far more than it brings: a negative NPV, which must stay a number.
        RoiEstimateFactory(use_case=use_case, setup_cost=Decimal(10_000_000) if index == 0 else Decimal(4000))
        assessment_save(access=access, use_case=use_case, answers={}, confirmed_tier="minimal", override_reason=attack)
        poc = poc_services.poc_start(
            access=access,
            use_case=use_case,
            owner=attack,
            started_on=date(2026, 1, 5),
            planned_end_on=date(2026, 4, 5),
            success_criteria=attack,
            metrics=[{"name": attack, "unit": attack, "target": Decimal(90), "direction": "higher"}],
        )
        poc_services.poc_verdict_record(access=access, poc=poc, verdict="extend", reason=attack)
    Summary.objects.create(
        workshop=workshop,
        trigger="manual",
        provider="builtin",
        status=SummaryStatus.SUCCEEDED,
        input_hash="x",
        markdown="\n\n".join(ATTACKS),
    )
    return workshop


def _downloads(client_, workshop) -> dict[str, bytes]:
    urls = {
        "workshop plan.csv": reverse("reports:workshop-plan", args=[workshop.pk, "csv"]),
        "client plan.csv": reverse("reports:client-plan", args=[workshop.client_id, "csv"]),
        "workshop plan.xlsx": reverse("reports:workshop-plan", args=[workshop.pk, "xlsx"]),
        "client plan.xlsx": reverse("reports:client-plan", args=[workshop.client_id, "xlsx"]),
        "backlog.csv": reverse("pocs:backlog-csv", args=[workshop.pk]),
    }
    files = {}
    for name, url in urls.items():
        response = client_.get(url)
        assert response.status_code == 200, name
        files[name] = response.content
    return files


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _inert(cells: set[str]) -> bool:
    """Each attack once, behind an apostrophe (services strip the spaces around what people type)."""
    quoted = all(cell.startswith("'") for cell in cells)
    return quoted and {cell[1:].strip() for cell in cells} == {attack.strip() for attack in ATTACKS}


def test_neutralise_makes_every_attack_inert_and_leaves_numbers_alone():
    for attack in ATTACKS:
        assert neutralise(attack) == "'" + attack
    for text in ("Café", "a=b", "", "1 200 €", "h3. Problem"):
        assert neutralise(text) == text
    for number in (Decimal("-1234.50"), -3, -2.5, 0, None):
        assert neutralise(number) == number


def test_no_csv_cell_runs_and_every_attack_shows_as_typed(alice_client, attacked):
    files = _downloads(alice_client, attacked)
    for name in ("workshop plan.csv", "client plan.csv", "backlog.csv"):
        rows = _csv_rows(files[name])
        cells = [cell for row in rows for cell in row]
        running = [cell for cell in cells if RUNS.match(cell) and not NUMBER.fullmatch(cell)]
        assert running == [], name
        for attack in ATTACKS:
            # The backlog's summaries are one line: "\t=1" is summarised as "=1".
            typed = " ".join(attack.split()) if name == "backlog.csv" else attack
            assert "'" + typed in cells, (name, attack)

    header, *rows = _csv_rows(files["workshop plan.csv"])
    plan = rows[: len(ATTACKS)]
    for label in ("Title", "Problem", "Proposed AI solution", "Expected benefits", "Compliance note"):
        assert {row[header.index(label)] for row in plan} == {"'" + a for a in ATTACKS}, label
    assert _inert({row[header.index("Reason for the override")] for row in plan})
    # The POC table after the plan: owner and verdict reason typed by people.
    poc_header = next(row for row in rows if row and row[0] == "Workshop")
    pocs = rows[rows.index(poc_header) + 1 :]
    assert _inert({row[poc_header.index("Owner")] for row in pocs})
    assert _inert({row[poc_header.index("Verdict reason")] for row in pocs})
    # A negative NPV is still a number a spreadsheet adds up, with no apostrophe.
    npvs = [row[header.index("NPV")] for row in plan]
    assert any(NUMBER.fullmatch(npv) and Decimal(npv) < 0 for npv in npvs)

    client_header, *client_rows = _csv_rows(files["client plan.csv"])
    assert client_rows[0][client_header.index("Workshop")] == "'" + ATTACKS[3]

    backlog_header, *issues = _csv_rows(files["backlog.csv"])
    epic_names = {row[backlog_header.index("Epic Name")] for row in issues} - {""}
    epic_links = {row[backlog_header.index("Epic Link")] for row in issues} - {""}
    # An epic per attack (its title on one line), named behind an apostrophe; its stories link to it so.
    assert epic_names == epic_links == {"'" + " ".join(attack.split()) for attack in ATTACKS}


def test_no_xlsx_cell_is_a_formula_and_formula_like_text_carries_the_quote_prefix(alice_client, attacked):
    files = _downloads(alice_client, attacked)
    for name in ("workshop plan.xlsx", "client plan.xlsx"):
        workbook = load_workbook(io.BytesIO(files[name]))
        texts = []
        negative = []
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (name, sheet.title, cell.coordinate)
                    if isinstance(cell.value, str):
                        texts.append(cell.value)
                        if RUNS.match(cell.value):
                            assert cell.data_type == "s", (name, sheet.title, cell.coordinate)
                            assert cell.quotePrefix, (name, sheet.title, cell.coordinate)
                    elif isinstance(cell.value, int | float) and cell.value < 0:
                        negative.append(cell.value)
        # Shown exactly as typed, no apostrophe (the quote prefix is a style, not a character).
        for attack in ATTACKS:
            assert attack.replace("\r", "") in [t.replace("\r", "") for t in texts], (name, attack)
        assert not any(text.startswith("'") for text in texts)
        assert negative, f"{name}: the negative NPV must stay a number"


def test_a_spreadsheet_engine_computes_no_cell_of_any_export(alice_client, attacked, tmp_path: Path):
    files = _downloads(alice_client, attacked)
    for name, content in files.items():
        path = tmp_path / name.replace(" ", "-")
        path.write_bytes(content)
        infilter = "CSV:44,34,76,1" if name.endswith(".csv") else None
        sheets = open_in_libreoffice(path, infilter=infilter)
        cells = [cell for rows in sheets.values() for row in rows for cell in row]
        assert [cell.formula for cell in cells if cell.formula] == [], name
        texts = [cell.shown for cell in cells if cell.kind == "string"]
        # Each attack is shown as the text it is (the link's, not "y"; "+1+1", not 2).
        for attack in ATTACKS:
            assert any(attack.strip() in text for text in texts), (name, attack)
        assert "y" not in texts, name
