"""The XLSX and CSV exports opened by a real spreadsheet engine (LibreOffice headless), not only openpyxl.

LibreOffice converts each file to flat ODS XML, which says of every cell
whether the engine holds a number or a string, its value and what it shows.
A title starting with "=" must be a string showing exactly that text, and no
cell may hold a formula; numbers and the POC budget total must be numbers.
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import require_program
from tests.factories import ParticipantFactory, RoiEstimateFactory, UseCaseFactory, score_on_axes

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


@dataclass(frozen=True)
class Cell:
    kind: str  # "float" | "string" | ""
    value: str  # the number as the engine holds it (floats)
    shown: str  # what the cell shows
    formula: str


def _engine() -> None:
    require_program(Path(SOFFICE), "libreoffice-calc-nogui")


def open_in_libreoffice(path: Path, *, infilter: str | None = None) -> dict[str, list[list[Cell]]]:
    """Every sheet of ``path`` as LibreOffice reads it: rows of cells."""
    _engine()
    command = [SOFFICE, "--headless", f"-env:UserInstallation=file://{path.parent}/profile"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", "fods", "--outdir", str(path.parent), str(path)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    tree = ET.parse(path.with_suffix(".fods"))
    sheets: dict[str, list[list[Cell]]] = {}
    for table in tree.iter(f"{{{NS['table']}}}table"):
        rows = []
        for row in table.iter(f"{{{NS['table']}}}table-row"):
            cells = []
            for cell in row.iter(f"{{{NS['table']}}}table-cell"):
                repeat = int(cell.get(f"{{{NS['table']}}}number-columns-repeated", "1"))
                shown = "\n".join("".join(p.itertext()) for p in cell.iter(f"{{{NS['text']}}}p"))
                value = Cell(
                    kind=cell.get(f"{{{NS['office']}}}value-type", ""),
                    value=cell.get(f"{{{NS['office']}}}value", ""),
                    shown=shown,
                    formula=cell.get(f"{{{NS['table']}}}formula", ""),
                )
                if value.kind or repeat < 100:
                    cells.extend([value] * min(repeat, 50))
            while cells and not cells[-1].kind:
                cells.pop()
            if cells:
                rows.append(cells)
        sheets[table.get(f"{{{NS['table']}}}name", "")] = rows
    return sheets


@pytest.fixture
def plan(workshop):
    invoice = UseCaseFactory(workshop=workshop, title="=1+1", status="shortlisted", benefits="@SUM(A1:A9)")
    RoiEstimateFactory(use_case=invoice)
    UseCaseFactory(workshop=workshop, title="-2 days per claim", status="proposed")
    return workshop


def test_libreoffice_reads_the_xlsx_as_typed_inert_cells(alice_client, plan, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(alice_client.get(reverse("reports:workshop-plan", args=[plan.pk, "xlsx"])).content)

    sheets = open_in_libreoffice(path)

    assert list(sheets)[:2] == ["Plan", "ROI Low"]
    every = [cell for rows in sheets.values() for row in rows for cell in row]
    assert not [cell for cell in every if cell.formula]  # nothing runs
    header, first, second = sheets["Plan"][:3]
    col = {cell.shown: index for index, cell in enumerate(header)}
    title = first[col["Title"]]
    assert (title.kind, title.shown) == ("string", "=1+1")  # exactly the text, no apostrophe
    assert (second[col["Title"]].kind, second[col["Title"]].shown) == ("string", "-2 days per claim")
    cost = first[col["POC cost"]]
    assert (cost.kind, cost.value) == ("float", "20000")
    assert cost.shown == "20,000.00"
    assert first[col["Rank"]].kind == "float"
    summary = sheets["Summary"]
    budget = next(row for row in summary if row[0].shown == "Total POC budget (EUR)")
    assert (budget[1].kind, budget[1].value) == ("float", "20000")
    assert not any("**" in cell.shown or cell.shown.startswith("#") for row in summary for cell in row)


def test_libreoffice_reads_the_csv_with_numbers_as_numbers_and_formulas_as_text(alice_client, plan, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(alice_client.get(reverse("reports:workshop-plan", args=[plan.pk, "csv"])).content)

    # Comma-separated, quoted with ", UTF-8 (76), from line 1: as a user opens the file.
    sheet = next(iter(open_in_libreoffice(path, infilter="CSV:44,34,76,1").values()))

    header, first, second = sheet[:3]
    col = {cell.shown: index for index, cell in enumerate(header)}
    assert [cell.formula for row in sheet for cell in row if cell.formula] == []
    assert first[col["Title"]].kind == "string"
    assert first[col["Title"]].shown == "'=1+1"  # a CSV cannot type a cell: neutralised, shown, never run
    assert first[col["Expected benefits"]].shown == "'@SUM(A1:A9)"
    assert (first[col["POC cost"]].kind, first[col["POC cost"]].value) == ("float", "20000")
    assert first[col["Feasibility"]].kind in ("float", "")
    assert second[col["Title"]].shown == "'-2 days per claim"


@pytest.mark.parametrize(("lang", "infilter"), [("fr", "CSV:59,34,76,1,,1036"), ("en", "CSV:44,34,76,1,,1033")])
def test_libreoffice_set_to_the_files_language_reads_its_csv_figures_as_numbers(
    alice_client, plan, tmp_path, lang, infilter
):
    """The French CSV opened as a French user does (`;`, French locale 1036): scores and money are numbers."""
    use_case = plan.use_cases.get(title="=1+1")
    for impact in (4, 3):  # impact 3.5, feasibility 3, priority √10.5 = 3.2404…
        score_on_axes(ParticipantFactory(workshop=plan), use_case, impact=impact, feasibility=3)
    url = reverse("reports:workshop-plan", args=[plan.pk, "csv"]) + f"?lang={lang}"
    path = tmp_path / "plan.csv"
    path.write_bytes(alice_client.get(url).content)

    sheet = next(iter(open_in_libreoffice(path, infilter=infilter).values()))

    header, first = sheet[:2]
    col = {cell.shown: index for index, cell in enumerate(header)}
    names = {"fr": ("Coût de la POC", "VAN", "Impact", "Priorité"), "en": ("POC cost", "NPV", "Impact", "Priority")}
    cost, npv, impact, priority = (first[col[name]] for name in names[lang])
    assert (cost.kind, cost.value) == ("float", "20000")
    assert npv.kind == "float"
    assert (impact.kind, impact.value) == ("float", "3.5")
    assert (priority.kind, priority.value) == ("float", "3.24")
