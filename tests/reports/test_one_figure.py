"""One figure, one home: the same value reads the same on every page and in every export, in both languages.

Feasibility 4.125 must read 4.13 (4,13 in French) everywhere — not 4.12 in one
place and 4,13 in another; an impact of 14/3 reads 4.67, never a truncated
4.6; money reads in the language's own way; an ROI never filled in reads
"not estimated" and counts in no budget; and the plan says where the data and
the model would run.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from core.formatting import format_money, format_score
from reports.items import ranked_items
from roi.models import RoiEstimate
from tests.factories import ParticipantFactory, RoiEstimateFactory, UseCaseFactory
from usecases.models import Axis, Score

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(workshop):
    """Two participants; feasibility means 4.5, 4, 4, 4 (= 4.125); impact means 5, 5, 4 (= 14/3)."""
    estimated = UseCaseFactory(
        workshop=workshop, title="Invoice matching", status="shortlisted", data_location="eu_cloud"
    )
    estimated.model_location = "non_eu_cloud"
    estimated.save()
    never_filled = UseCaseFactory(workshop=workshop, title="Claims chatbot", status="shortlisted")
    RoiEstimateFactory(use_case=estimated)
    RoiEstimate.objects.create(use_case=never_filled)  # saved with the defaults: daily rate 0, hourly cost 0
    impact = list(workshop.criteria.filter(axis=Axis.IMPACT).order_by("order"))
    feasibility = list(workshop.criteria.filter(axis=Axis.FEASIBILITY).order_by("order"))
    for index in range(2):
        participant = ParticipantFactory(workshop=workshop)
        for criterion, value in zip(impact, (5, 5, 4), strict=True):
            Score.objects.create(participant=participant, use_case=estimated, criterion=criterion, value=value)
        for position, criterion in enumerate(feasibility):
            value = 5 if (index == 1 and position == 0) else 4
            Score.objects.create(participant=participant, use_case=estimated, criterion=criterion, value=value)
    item = ranked_items(workshop).get(estimated.pk)
    assert item is not None
    assert item.feasibility == pytest.approx(4.125)
    assert item.impact == pytest.approx(14 / 3)
    return item


def _plain(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(content: bytes) -> str:
    return _plain(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


@pytest.mark.parametrize(("language", "feasibility", "impact"), [("en", "4.13", "4.67"), ("fr", "4,13", "4,67")])
def test_scores_read_the_same_on_pages_and_in_exports(alice_client, workshop, figures, language, feasibility, impact):
    alice_client.cookies["django_language"] = language
    with translation.override(language):
        npv = format_money(figures.base.npv, currency="EUR")
        budget = format_money(figures.base.poc_cost, currency="EUR")
        not_estimated = str(translation.gettext("not estimated"))
    priority = format_score(figures.priority, language=language)
    assert format_score(figures.feasibility, language=language) == feasibility
    assert format_score(figures.impact, language=language) == impact

    results = alice_client.get(reverse("reports:results", args=[workshop.pk])).content.decode()
    assert f'<td class="col-feasibility">{feasibility}</td>' in results
    assert f'<td class="col-impact">{impact}</td>' in results
    assert f"<strong>{priority}</strong>" in results

    portfolio = alice_client.get(reverse("reports:portfolio", args=[workshop.pk])).content.decode()
    assert f">{priority}<" in portfolio
    assert f">{npv}<" in portfolio
    assert not_estimated in portfolio
    assert ">0,00\xa0€<" not in portfolio
    assert ">€0.00<" not in portfolio
    # The budget counts the estimated POC only.
    assert f"<strong>{budget}</strong>" in portfolio

    markdown = alice_client.get(reverse("reports:workshop-plan", args=[workshop.pk, "md"])).content.decode()
    for text in (feasibility, impact, priority, npv, not_estimated):
        assert text in markdown
    assert f"| {budget} |" in markdown or f"{budget}" in markdown

    pdf = _pdf_text(alice_client.get(reverse("reports:workshop-plan", args=[workshop.pk, "pdf"])).content)
    for text in (feasibility, impact, priority, npv, budget, not_estimated):
        assert _plain(text) in pdf


@pytest.mark.parametrize("language", ["en", "fr"])
def test_spreadsheets_store_the_rounded_number_as_a_spreadsheet_in_that_language_reads_it(
    alice_client, workshop, figures, language
):
    url = reverse("reports:workshop-plan", args=[workshop.pk, "csv"]) + f"?lang={language}"
    delimiter = ";" if language == "fr" else ","
    rows = list(csv.reader(io.StringIO(alice_client.get(url).content.decode("utf-8-sig")), delimiter=delimiter))
    header, invoice, chatbot = rows[0], rows[1], rows[2]
    col = {name: index for index, name in enumerate(header)}
    feasibility = "Faisabilité" if language == "fr" else "Feasibility"
    # Rounded once, half up; the decimal mark a spreadsheet set to that language reads as a number.
    assert invoice[col[feasibility]] == ("4,13" if language == "fr" else "4.13")
    assert chatbot[col["Claims chatbot" and header[1]]] == "Claims chatbot"

    book = load_workbook(io.BytesIO(alice_client.get(url.replace("plan.csv", "plan.xlsx")).content))
    sheet = book.worksheets[0]
    titles = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=titles.index(feasibility) + 1).value == 4.13
    summary = list(book.worksheets[-1].iter_rows(values_only=True))
    budget_row = next(row for row in summary if isinstance(row[1], Decimal | int | float))
    assert budget_row[1] == figures.base.poc_cost  # the total is a number; the chatbot counts in no budget


def test_the_plan_says_where_the_data_and_the_model_run(alice_client, workshop, figures):
    text = alice_client.get(reverse("reports:workshop-plan", args=[workshop.pk, "csv"])).content.decode("utf-8-sig")
    header, invoice = list(csv.reader(io.StringIO(text)))[:2]
    col = {name: index for index, name in enumerate(header)}
    assert invoice[col["Where the data would live"]] == "EU cloud"
    assert invoice[col["Where the model would run"]] == "Non-EU cloud"
    assert "Model runs in a non-EU cloud" in invoice[col["Compliance flags"]]

    markdown = alice_client.get(reverse("reports:workshop-plan", args=[workshop.pk, "md"])).content.decode()
    assert "Data: EU cloud · Model: Non-EU cloud" in markdown
    pdf = _pdf_text(alice_client.get(reverse("reports:workshop-plan", args=[workshop.pk, "pdf"])).content)
    assert "Data: EU cloud · Model: Non-EU cloud" in pdf


def test_board_and_results_count_the_same_use_cases_the_same_way(alice_client, workshop, figures):
    UseCaseFactory(workshop=workshop, title="Old idea", status="rejected")
    workshop.touch()  # as every service does after a change: what derives from the version is rebuilt
    board = alice_client.get(reverse("usecases:board-poll", args=[workshop.pk])).content.decode()
    results = alice_client.get(reverse("reports:results", args=[workshop.pk])).content.decode()
    words = "2 use cases in the running (and 1 merged or rejected)"
    assert words in board
    assert words in results


@pytest.mark.parametrize(("language", "feasibility", "impact"), [("en", "4.13", "4.67"), ("fr", "4,13", "4,67")])
def test_the_builtin_summary_reads_the_same_figures(workshop, figures, language, feasibility, impact):
    from summaries.builtin import builtin_summary
    from summaries.snapshot import summary_snapshot

    workshop.language = language
    workshop.save()
    content = builtin_summary(summary_snapshot(workshop), language)
    text = json.dumps(content.model_dump(mode="json"), ensure_ascii=False)
    with translation.override(language):
        npv = format_money(figures.base.npv, currency="EUR")
        budget = format_money(figures.base.poc_cost, currency="EUR")
        not_estimated = translation.gettext("ROI: not estimated.")
        counted = translation.ngettext("%(count)d use case in the running", "%(count)d use cases in the running", 2) % {
            "count": 2
        }
    for expected in (feasibility, impact, format_score(figures.priority, language=language), npv, budget):
        assert expected in text
    assert not_estimated in text  # the chatbot's ROI was never filled in
    assert counted in text
