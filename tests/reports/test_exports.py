"""The POC plan in four formats: read back, in order, with the right figures, and inert."""

import csv
import io
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone
from markdown_it import MarkdownIt
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from core.spreadsheet import neutralise
from reports.exports import CONTENT_TYPES
from reports.exports.pdf import render_pdf
from reports.exports.xlsx import render_xlsx
from reports.plan import workshop_plan
from reports.selectors import export_languages
from summaries.models import Summary, SummaryProvider, SummaryStatus
from tests.conftest import assert_sent_to_join
from tests.factories import (
    ParticipantFactory,
    RoiEstimateFactory,
    UseCaseFactory,
    WorkshopFactory,
    score_on_axes,
)
from usecases.models import Vote
from workshop.models import Event, EventKind

pytestmark = pytest.mark.django_db

# Accents, commas, both kinds of quotes, a newline, € and an emoji, and a formula.
TRICKY = '=HYPERLINK("http://evil.example","Café, “smart” \'quotes\'")\nsecond line € 😀'
MAGIC = {"csv": b"\xef\xbb\xbfRank", "xlsx": b"PK", "md": b"# ", "pdf": b"%PDF-"}


@pytest.fixture
def plan_data(workshop):
    """Shortlist: "Invoice matching" (4,4; rank 1), the tricky title (3,5; rank 2); proposed "Fraud flags" (5,2)."""
    amy, ben = ParticipantFactory(workshop=workshop), ParticipantFactory(workshop=workshop)
    invoice = UseCaseFactory(workshop=workshop, title="Invoice matching", status="shortlisted")
    tricky = UseCaseFactory(workshop=workshop, title=TRICKY, status="shortlisted", problem="-1 day per claim")
    fraud = UseCaseFactory(
        workshop=workshop, title="Fraud flags", status="proposed", personal_data="yes", special_category_data=True
    )
    for participant in (amy, ben):
        score_on_axes(participant, invoice, impact=4, feasibility=4)
        score_on_axes(participant, tricky, impact=3, feasibility=5)
        score_on_axes(participant, fraud, impact=5, feasibility=2)
    Vote.objects.create(participant=amy, use_case=invoice, dots=3)
    Vote.objects.create(participant=ben, use_case=tricky, dots=1)
    RoiEstimateFactory(use_case=invoice)  # POC 20,000
    # Saves nothing: every money figure but the cost is negative.
    RoiEstimateFactory(use_case=tricky, hours_saved_per_month=Decimal(0), effort_days=Decimal(10))  # POC 12,000
    Summary.objects.create(
        workshop=workshop,
        trigger="manual",
        provider=SummaryProvider.BUILTIN,
        status=SummaryStatus.SUCCEEDED,
        markdown="## Key themes\n- Invoices first: **quick win**\n- Budget 32 000 €",
    )
    return workshop_plan(workshop)


def _url(workshop, fmt, api=False):
    return f"{'/api/v1' if api else ''}/workshops/{workshop.pk}/plan.{fmt}"


def _pdf_text(content: bytes) -> str:
    """The PDF's text with every run of whitespace as one space (table cells wrap lines)."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_neutralise_quotes_formula_starts_only():
    for text in ("=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx", " =x"):
        assert neutralise(text) == "'" + text
    for text in ("Café", "a=b", ""):
        assert neutralise(text) == text


# CSV ------------------------------------------------------------------------


def test_csv_reads_back_in_order_with_typed_figures_and_inert_text(alice_client, workshop, plan_data):
    response = alice_client.get(_url(workshop, "csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 accents right
    text = response.content.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[:3] == ["Rank", "Title", "Status"]
    col = {name: header.index(name) for name in header}
    assert [row[col["Title"]] for row in rows] == ["Invoice matching", "'" + TRICKY, "Fraud flags"]
    invoice, tricky, fraud = rows
    # Scores with two decimals, as every other format writes them.
    assert [invoice[col[c]] for c in ("Rank", "Impact", "Feasibility", "Priority", "Votes", "Quadrant")] == [
        "1",
        "4.00",
        "4.00",
        "4.00",
        "3",
        "Quick win",
    ]
    assert tricky[col["Priority"]] == "3.87"
    assert invoice[col["POC cost"]] == "20000.00"
    assert tricky[col["Problem"]] == "'-1 day per claim"
    assert fraud[col["Personal data involved"]] == "Yes"
    assert fraud[col["Compliance flags"]] == "Special-category data (GDPR Art. 9) | Personal data (GDPR)"
    assert fraud[col["POC cost"]] == "not estimated"  # never "0.00": it counts in no budget
    # Negative figures stay numbers: written bare, not quoted, not neutralised.
    npv = tricky[col["NPV"]]
    assert Decimal(npv) < 0
    assert f",{npv}," in text
    assert f",'{npv}" not in text


def test_french_csv_separates_with_semicolons_and_writes_decimal_commas(alice_client, workshop, plan_data):
    """What a spreadsheet set to French reads as numbers: `;` between fields, `3,87`, no thousands separator."""
    text = alice_client.get(_url(workshop, "csv") + "?lang=fr").content.decode("utf-8-sig")

    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    col = {name: header.index(name) for name in header}
    assert header[:3] == ["Rang", "Titre", "Statut"]
    invoice, tricky, fraud = rows
    assert [invoice[col[c]] for c in ("Impact", "Faisabilité", "Priorité", "Votes")] == ["4,00", "4,00", "4,00", "3"]
    assert tricky[col["Priorité"]] == "3,87"
    assert invoice[col["Coût de la POC"]] == "20000,00"
    assert tricky[col["VAN"]].startswith("-")
    assert "," in tricky[col["VAN"]]
    assert " | " in fraud[col["Alertes de conformité"]]
    assert all(len(row) == len(header) for row in rows)


# XLSX -----------------------------------------------------------------------


def test_xlsx_has_typed_plan_sheet_scenarios_and_matrix_data(alice_client, workshop, plan_data):
    response = alice_client.get(_url(workshop, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Plan", "ROI Low", "ROI Base", "ROI High", "Matrix data", "Summary"]

    sheet = book["Plan"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    col = {name: header.index(name) for name in header}
    # Exactly the text typed, inert: a string cell, no visible apostrophe.
    assert [row[col["Title"]] for row in rows[1:]] == ["Invoice matching", TRICKY, "Fraud flags"]
    invoice, tricky, _fraud = rows[1:]
    assert (invoice[col["Rank"]], invoice[col["Priority"]], invoice[col["Votes"]]) == (1, 4.0, 3)
    assert invoice[col["POC cost"]] == 20000
    assert tricky[col["NPV"]] < 0  # a number, not text
    assert tricky[col["Priority"]] == pytest.approx(3.87)
    title_cell = sheet.cell(row=3, column=col["Title"] + 1)
    assert title_cell.data_type == "s"  # text, never a formula
    assert sheet.cell(row=2, column=col["POC cost"] + 1).number_format == "#,##0.00"
    assert sheet.cell(row=2, column=col["Impact"] + 1).number_format == "0.00"

    base = list(book["ROI Base"].iter_rows(values_only=True))
    low = list(book["ROI Low"].iter_rows(values_only=True))
    poc = base[0].index("POC cost")
    assert base[1][poc] == 20000
    assert low[1][poc] == 25000  # low scenario: costs × 1.25

    matrix = list(book["Matrix data"].iter_rows(values_only=True))
    assert matrix[0] == ("Rank", "Title", "Impact", "Feasibility", "Votes", "Quadrant")
    assert matrix[1] == (1, "Invoice matching", 4, 4, 3, "Quick win")
    assert matrix[3] == (3, "Fraud flags", 5, 2, 0, "Strategic bet")

    summary = list(book["Summary"].iter_rows(values_only=True))
    assert ("• Invoices first: quick win",) in [row[:1] for row in summary]  # plain text, no Markdown
    budget = next(row for row in summary if row[0] == "Total POC budget (EUR)")
    assert budget[1] == 32000  # a number a spreadsheet adds up, not text


def test_xlsx_never_stores_a_formula(workshop):
    UseCaseFactory(workshop=workshop, title="=1+1", status="shortlisted", benefits="@cmd")

    book = load_workbook(io.BytesIO(render_xlsx(workshop_plan(workshop))))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    title = next(cell for cell in cells if cell.value == "=1+1")
    assert title.data_type == "s"  # kept as exactly that text, inert


# Markdown -------------------------------------------------------------------


def test_markdown_lists_the_ranking_and_shows_text_literally(alice_client, workshop, plan_data):
    response = alice_client.get(_url(workshop, "md"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("# POC plan — Claims triage")
    assert "**Total POC budget (base scenario, shortlist)**: €32,000.00" in text
    table = [line for line in text.splitlines() if line.startswith("| ")]
    assert table[1].startswith("| 1 | Invoice matching | Shortlisted | Quick win | 4.00 | 4.00 | 4.00 | 3 |")
    assert "| €20,000.00 |" in table[1]
    assert table[3].startswith("| 3 | Fraud flags |")
    assert text.index("### 1. Invoice matching") < text.index("## Other candidates") < text.index("Fraud flags\n")
    # The summary nests under the plan's own heading, as plain escaped text.
    assert "## Summary\n\n### Key themes\n\n- Invoices first: quick win" in text
    assert "- **Special-category data (GDPR Art. 9)**" in text
    levels = [len(line) - len(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))  # headings never skip a level

    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<a " not in html
    assert "HYPERLINK(&quot;http://evil.example&quot;,&quot;Café, “smart” 'quotes'&quot;) second line € 😀" in html


# PDF ------------------------------------------------------------------------


def test_pdf_has_cover_ranking_matrix_and_summary(alice_client, workshop, plan_data):
    response = alice_client.get(_url(workshop, "pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = _pdf_text(response.content)
    assert "Prioritised POC plan" in text
    assert "Total POC budget (base scenario, shortlist)" in text
    assert "€32,000.00" in text
    ranking = text[text.index("Ranking") :]
    assert ranking.index("Invoice matching") < ranking.index("Café") < ranking.index("Fraud flags")
    assert "20,000.00" in ranking
    assert "Impact / feasibility matrix" in text
    for label in ("Quick win", "Strategic bet", "Incremental", "Deprioritise"):
        assert label in text
    assert "Key themes" in text
    assert "Budget 32 000 €" in text
    assert "“smart”" in text


def test_pdf_without_a_system_font_uses_core_fonts_and_keeps_euro_and_accents(workshop, plan_data):
    text = _pdf_text(render_pdf(plan_data, font_candidates=()))

    assert "Café, “smart” 'quotes'" in text
    assert "€" in text
    assert "😀" not in text  # outside cp1252: replaced, and the export does not fail


def test_pdf_of_a_client_with_unknown_font_paths_still_renders(workshop):
    content = render_pdf(workshop_plan(workshop), font_candidates=[("/nowhere/a.ttf", "/nowhere/b.ttf")])
    assert "No use case yet." in _pdf_text(content)


# Downloads and who may take them --------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "md", "pdf"])
def test_download_is_an_attachment_named_after_the_workshop_language_and_date(alice_client, workshop, fmt):
    response = alice_client.get(_url(workshop, fmt))
    french = alice_client.get(_url(workshop, fmt) + "?lang=fr")

    assert response.status_code == french.status_code == 200
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="atelier-plan-claims-triage-en-{today}.{fmt}"'
    assert french["Content-Disposition"] == f'attachment; filename="atelier-plan-claims-triage-fr-{today}.{fmt}"'
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("lang", ["de", "fr-ca", "FR", "french", ""])
def test_an_unknown_language_is_refused_with_a_message_never_replaced(alice_client, alice_api, workshop, lang):
    page = alice_client.get(_url(workshop, "pdf"), {"lang": lang})
    api = alice_api.get(_url(workshop, "pdf", api=True), {"lang": lang})
    client_api = alice_api.get(f"/api/v1/clients/{workshop.client.pk}/plan.csv", {"lang": lang})

    message = f"Unknown language “{lang}”: choose one of en (English), fr (French)."
    assert page.status_code == 400
    assert "Content-Disposition" not in page
    assert message in page.content.decode()
    assert (api.status_code, api.json()) == (400, {"lang": [message]})
    assert (client_api.status_code, client_api.json()) == (400, {"lang": [message]})
    assert not Event.objects.filter(workshop=workshop, kind=EventKind.PLAN_EXPORTED).exists()


def test_the_refusal_speaks_the_readers_language(alice_client, workshop):
    alice_client.cookies["django_language"] = "fr"
    page = alice_client.get(_url(workshop, "csv") + "?lang=de")
    assert page.status_code == 400
    message = "Langue inconnue «\u00a0de\u00a0»\u202f: choisissez parmi en (Anglais), fr (Français)."
    assert message in page.content.decode()


def test_the_schema_declares_the_languages_of_the_plan(client):
    import yaml

    document = yaml.safe_load(client.get("/api/schema/").content)
    for path in ("/api/v1/workshops/{id}/plan.{fmt}", "/api/v1/clients/{id}/plan.{fmt}"):
        operation = document["paths"][path]["get"]
        lang = next(p for p in operation["parameters"] if p["name"] == "lang")
        assert lang["schema"]["enum"] == export_languages() == ["en", "fr"]
        assert "400" in operation["responses"]


@pytest.mark.parametrize(
    ("title", "start"), [("Café & Co: “triage”", "atelier-plan-cafe-co-triage-"), ("日本語", "atelier-plan-workshop-")]
)
def test_filename_is_a_plain_slug_of_the_title(alice_client, alice, title, start):
    other = WorkshopFactory(facilitators=[alice], title=title)
    disposition = alice_client.get(_url(other, "md"))["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="{start}')


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "md", "pdf"])
def test_api_download_returns_the_file_whatever_the_accept_header(alice_api, workshop, plan_data, fmt):
    response = alice_api.get(_url(workshop, fmt, api=True), HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="atelier-plan-claims-triage-')
    assert response["Content-Type"] == CONTENT_TYPES[fmt]  # the file, not JSON
    assert response.content.startswith(MAGIC[fmt])


def test_api_csv_matches_the_page_csv(alice_api, alice_client, workshop, plan_data):
    api = alice_api.get(_url(workshop, "csv", api=True) + "?format=json")
    assert api.status_code == 200
    assert api.content == alice_client.get(_url(workshop, "csv")).content


def test_unknown_format_is_404(alice_client, alice_api, workshop):
    assert alice_client.get(f"/workshops/{workshop.pk}/plan.exe").status_code == 404
    assert alice_api.get(f"/api/v1/workshops/{workshop.pk}/plan.exe").status_code == 404


def test_downloads_are_get_only(alice_client, alice_api, workshop):
    assert alice_client.post(_url(workshop, "csv")).status_code == 405
    assert alice_api.post(_url(workshop, "csv", api=True)).status_code == 405


def test_viewer_exports_the_plan(victor_client, victor_api, victor, workshop, plan_data):
    """A manager gets the same plan as the facilitator: the rows in rank order, the figures, their name on it."""
    response = victor_client.get(_url(workshop, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = list(load_workbook(io.BytesIO(response.content))["Plan"].iter_rows(values_only=True))
    col = {name: rows[0].index(name) for name in rows[0]}
    assert [row[col["Title"]] for row in rows[1:]] == ["Invoice matching", TRICKY, "Fraud flags"]
    assert rows[1][col["POC cost"]] == 20000

    pdf = victor_api.get(_url(workshop, "pdf", api=True))

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert "Invoice matching" in text
    assert workshop.title in text
    exports = Event.objects.filter(workshop=workshop, kind=EventKind.PLAN_EXPORTED).order_by("id")
    who = victor.get_full_name() or victor.get_username()
    assert [(e.actor, e.data["format"]) for e in exports] == [(who, "xlsx"), (who, "pdf")]


@pytest.mark.parametrize("revealed", [False, True])
def test_participant_cannot_export_even_after_reveal(bob_client, bob_api, workshop, revealed):
    workshop.results_revealed = revealed
    workshop.save()

    assert bob_client.get(_url(workshop, "csv")).status_code == 403
    response = bob_api.get(_url(workshop, "csv", api=True))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"


def test_outsider_gets_404(charlie_client, charlie_api, client, workshop):
    assert charlie_client.get(_url(workshop, "pdf")).status_code == 404
    assert charlie_api.get(_url(workshop, "pdf", api=True)).status_code == 404
    # Anonymous, no participant cookie: the join page, no file.
    assert_sent_to_join(client.get(_url(workshop, "pdf")), workshop.pk)
    assert client.get(_url(workshop, "pdf", api=True)).status_code == 401


# The client plan ------------------------------------------------------------


def test_client_plan_labels_use_cases_with_their_workshop(victor_client, alice, workshop, plan_data):
    second = WorkshopFactory(client=workshop.client, facilitators=[alice], title="Back office")
    UseCaseFactory(workshop=second, title="Mail sorting", status="shortlisted")

    response = victor_client.get(f"/clients/{workshop.client.pk}/plan.csv")

    assert response.status_code == 200
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:3] == ["Workshop", "Rank", "Title"]
    assert [(row[0], row[2]) for row in rows] == [
        ("Back office", "Mail sorting"),
        ("Claims triage", "Invoice matching"),
        ("Claims triage", "'" + TRICKY),
        ("Claims triage", "Fraud flags"),
    ]
    today = timezone.localdate().isoformat()
    slug = workshop.client.name.lower().replace(" ", "-")
    assert response["Content-Disposition"] == f'attachment; filename="atelier-plan-{slug}-en-{today}.csv"'


@pytest.mark.parametrize("fmt", ["xlsx", "md", "pdf"])
def test_client_plan_in_every_format(alice_api, workshop, plan_data, fmt):
    response = alice_api.get(f"/api/v1/clients/{workshop.client.pk}/plan.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')


def test_client_plan_of_a_facilitator_holds_only_the_workshops_they_see(charlie, workshop, plan_data):
    # charlie facilitates another workshop of the same client: he sees the client, not alice's workshop.
    WorkshopFactory(client=workshop.client, facilitators=[charlie], title="Charlie's session")
    api = APIClient()
    api.force_authenticate(charlie)

    text = api.get(f"/api/v1/clients/{workshop.client.pk}/plan.md").content.decode()

    assert "Charlie's session" in text
    assert "Invoice matching" not in text


def test_client_plan_is_404_for_other_clients_and_403_for_participants(victor_api, bob_api, client, other_workshop):
    assert victor_api.get(f"/api/v1/clients/{other_workshop.client.pk}/plan.csv").status_code == 404
    assert bob_api.get(f"/api/v1/clients/{other_workshop.client.pk}/plan.csv").status_code == 403
    page = client.get(f"/clients/{other_workshop.client.pk}/plan.csv")
    assert page.status_code == 302  # to the login page


# Export menus ---------------------------------------------------------------


def _menu(page: str) -> tuple[list[str], dict[str, bool]]:
    """The export menu's format targets and its language choices (value: checked)."""
    import re

    menu = page[page.index('<details class="export-menu">') :]
    menu = menu[: menu.index("</details>")]
    targets = re.findall(r'formaction="([^"]+)"', menu)
    languages = {value: "checked" in rest for value, rest in re.findall(r'name="lang" value="(\w+)"([^>]*)>', menu)}
    return targets, languages


def test_board_offers_the_export_menu_with_a_language_to_facilitators_and_viewers_only(
    alice_client, victor_client, bob_client, workshop
):
    for browser in (alice_client, victor_client):
        page = browser.get(f"/workshops/{workshop.pk}/").content.decode()
        assert "Export plan" in page
        targets, languages = _menu(page)
        assert targets == [f"/workshops/{workshop.pk}/plan.{fmt}" for fmt in ("xlsx", "pdf", "md", "csv")]
        assert languages == {"en": True, "fr": False}  # the reader's language chosen first
    assert "Export plan" not in bob_client.get(f"/workshops/{workshop.pk}/").content.decode()

    alice_client.cookies["django_language"] = "fr"
    _targets, languages = _menu(alice_client.get(f"/workshops/{workshop.pk}/").content.decode())
    assert languages == {"en": False, "fr": True}


def test_the_menus_form_asks_for_the_file_in_the_chosen_language(alice_client, workshop):
    """What a browser sends for the menu's GET form: the button's formaction with ?lang= the radio's value."""
    targets, _languages = _menu(alice_client.get(f"/workshops/{workshop.pk}/").content.decode())
    pdf = next(target for target in targets if target.endswith(".pdf"))

    response = alice_client.get(pdf, {"lang": "fr"})

    assert response.status_code == 200
    assert "-fr-" in response["Content-Disposition"]
    assert "Plan de POC priorisé" in _pdf_text(response.content)


def test_client_page_offers_the_client_plan(victor_client, workshop):
    page = victor_client.get(f"/clients/{workshop.client.pk}/").content.decode()
    targets, languages = _menu(page)
    assert f"/clients/{workshop.client.pk}/plan.pdf" in targets
    assert set(languages) == {"en", "fr"}


def test_pdf_api_with_the_largest_accepted_amounts_still_renders(alice_api, workshop):
    """Inputs at the top of their accepted ranges give 30-digit figures: they wrap in the table, no 500."""
    huge = Decimal("999999999999.99")
    use_case = UseCaseFactory(workshop=workshop, title="Huge", status="shortlisted")
    RoiEstimateFactory(
        use_case=use_case, effort_days=huge, daily_rate=huge, hours_saved_per_month=huge, hourly_cost=huge
    )

    response = alice_api.get(_url(workshop, "pdf", api=True))

    assert response.status_code == 200
    assert response.content.startswith(MAGIC["pdf"])
    assert "Huge" in _pdf_text(response.content)


def test_every_plan_export_lands_on_the_timeline_and_the_manager_sees_it(victor_client, alice_client, workshop):
    from django.urls import reverse

    from workshop.models import Event, EventKind, Workshop

    version = Workshop.objects.get(pk=workshop.pk).version
    assert alice_client.get(_url(workshop, "xlsx")).status_code == 200
    assert victor_client.get(reverse("reports:client-plan", args=[workshop.client_id, "pdf"])).status_code == 200

    from django.contrib.auth import get_user_model

    def label(username: str) -> str:
        user = get_user_model().objects.get(username=username)
        return user.get_full_name() or user.get_username()

    exports = list(Event.objects.filter(workshop=workshop, kind=EventKind.PLAN_EXPORTED).order_by("id"))
    assert [(e.actor, e.data["format"], e.data["scope"]) for e in exports] == [
        (label("alice"), "xlsx", "workshop"),
        (label("victor"), "pdf", "client"),
    ]
    assert Workshop.objects.get(pk=workshop.pk).version == version  # a read: no board reloads
    page = victor_client.get(reverse("workshop:client", args=[workshop.client_id])).content.decode()
    assert "Plan exports" in page
    assert f"XLSX — {label('alice')}" in page
