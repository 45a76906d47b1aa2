"""The PDF as a person forwards it: amounts whole on their line, emoji drawn, the stylesheet's colours,
the POC table's columns by name, matrix labels that do not sit on one another."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client as BrowserClient
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from core import palette
from reports.exports.columns import NPV_COLUMN, POC_COST_COLUMN, RISK_NPV_COLUMN
from reports.exports.pdf import PDF_EMOJI_FONT_CANDIDATES, place_labels, render_pdf
from reports.exports.text import budget_text
from reports.plan import workshop_plan
from tests.conftest import skip_or_fail
from tests.factories import ParticipantFactory, RoiEstimateFactory, UseCaseFactory, score_on_axes

pytestmark = pytest.mark.django_db

EMOJI_TITLE = "Rocket launch 🚀 for parcels ✅"


@pytest.fixture
def priced(workshop):
    """Shortlisted use cases whose amounts have thousands (French: "13 625,00 €", "-1 149 190,44 €")."""
    participant = ParticipantFactory(workshop=workshop)
    for index, (title, daily_rate, effort) in enumerate(
        [
            ("Parcel delivery ETA prediction", Decimal("962.50"), Decimal(10)),
            (EMOJI_TITLE, Decimal("1250.00"), Decimal("27.04")),
            ("Fraud flags on supplier invoices", Decimal("4100.75"), Decimal(300)),  # costs more than it saves
        ]
    ):
        use_case = UseCaseFactory(workshop=workshop, title=title, status="shortlisted")
        score_on_axes(participant, use_case, impact=3 + index % 3, feasibility=4 - index % 2)
        RoiEstimateFactory(use_case=use_case, daily_rate=daily_rate, effort_days=effort)
    return workshop


def _lines(content: bytes) -> list[str]:
    """Each line of text the PDF shows, its spaces (no-break ones too) as plain spaces."""
    reader = PdfReader(io.BytesIO(content))
    return [" ".join(line.split()) for page in reader.pages for line in page.extract_text().splitlines()]


def _runs(content: bytes) -> list[str]:
    """Every run of text the PDF draws (one line of a cell or a paragraph), spaces as plain spaces."""
    runs: list[str] = []
    for page in PdfReader(io.BytesIO(content)).pages:
        page.extract_text(visitor_text=lambda text, *_args: runs.append(" ".join(text.split())))
    return [run for run in runs if run]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_amount_stays_whole_on_one_line(alice_client, priced, lang):
    response = alice_client.get(reverse("reports:workshop-plan", args=[priced.pk, "pdf"]) + f"?lang={lang}")
    assert response.status_code == 200
    runs = _runs(response.content)

    with translation.override(lang):
        plan = workshop_plan(priced)
        amounts = {
            column.text(item) for item in plan.items for column in (POC_COST_COLUMN, NPV_COLUMN, RISK_NPV_COLUMN)
        }
        amounts.add(budget_text(plan))
    assert len(amounts) >= 7
    if lang == "fr":
        assert all("\u202f" in amount for amount in amounts)  # thousands with a narrow no-break space
    for amount in {" ".join(amount.split()) for amount in amounts}:
        assert any(amount in run for run in runs), f"{amount!r} not printed whole"
        # The piece of a broken amount that holds the currency sign: "00 €" after "13 625,", or "€1,234,2".
        broken = [
            run for run in runs if run != amount and "€" in run and (amount.startswith(run) or amount.endswith(run))
        ]
        assert not broken, f"{amount!r} broken across lines: {broken}"


def test_a_title_with_emoji_is_drawn_with_the_emoji_font_not_question_marks(priced):
    if not any(Path(path).is_file() for path in PDF_EMOJI_FONT_CANDIDATES):
        skip_or_fail("Noto Color Emoji is missing: install Debian's fonts-noto-color-emoji package")
    content = render_pdf(workshop_plan(priced))
    reader = PdfReader(io.BytesIO(content))

    fonts = {
        str(font.get_object().get("/Subtype"))
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert "/Type3" in fonts  # the colour emoji, drawn as bitmaps
    titled = [line for line in _lines(content) if "Rocket launch" in line]
    assert titled
    assert all("?" not in line for line in titled)
    assert any("🚀" in line and "✅" in line for line in titled)


def test_the_pdf_takes_its_colours_from_the_stylesheet(priced, settings, tmp_path):
    """Change --accent in the stylesheet, and the matrix's dots change colour on paper."""
    css = palette.stylesheet().read_text(encoding="utf-8")
    assert "--accent: #3b5bdb;" in css
    (tmp_path / "static" / "css").mkdir(parents=True)
    (tmp_path / "static" / "css" / "atelier.css").write_text(css.replace("--accent: #3b5bdb;", "--accent: #ff0000;"))
    plan = workshop_plan(priced)

    def streams() -> str:
        reader = PdfReader(io.BytesIO(render_pdf(plan)))
        return " ".join(page.get_contents().get_data().decode("latin-1") for page in reader.pages)

    palette.colours.cache_clear()
    try:
        assert "0.2314 0.3569 0.8588 rg" in streams()  # #3b5bdb
        settings.BASE_DIR = tmp_path
        palette.colours.cache_clear()
        red = streams()
    finally:
        palette.colours.cache_clear()
    assert "1 0 0 rg" in red
    assert "0.2314 0.3569 0.8588 rg" not in red


def test_the_pocs_table_shows_the_columns_it_names(settings):
    call_command("seed_demo", "--quiet")
    from django.contrib.auth import get_user_model

    from pocs.models import Poc

    poc = Poc.objects.select_related("use_case__workshop__client").get()
    browser = BrowserClient()
    browser.force_login(get_user_model().objects.get(username="manager"))
    content = browser.get(reverse("reports:client-plan", args=[poc.use_case.workshop.client_id, "pdf"])).content
    text = " ".join(" ".join(_lines(content)).split())
    pocs = text[text.rindex("POCs") :]
    for label in ("Workshop", "Use case", "Status", "Baseline NPV", "Re-projected NPV", "Metrics on target"):
        assert label in pocs
    for label in ("Owner", "Months covered", "Verdict reason"):
        assert label not in pocs


def test_matrix_labels_of_points_on_one_spot_do_not_overlap():
    points = [(50.0, 50.0, 3.0, 2.0)] * 4 + [(52.0, 50.5, 2.0, 4.0)]
    boxes = place_labels(points, (0.0, 0.0, 110.0, 110.0), 2.8)

    for index, box in enumerate(boxes):
        for other in boxes[index + 1 :]:
            apart = (
                box[0] + box[2] <= other[0]
                or other[0] + other[2] <= box[0]
                or box[1] + box[3] <= other[1]
                or other[1] + other[3] <= box[1]
            )
            assert apart, (box, other)
    assert all(box[0] >= 0 and box[0] + box[2] <= 110 for box in boxes)


def test_the_palette_reads_the_root_custom_properties_only():
    css = ":root { --ink: #1d2433; --short: #abc; --gap: 1rem; }\n.x { --ink: #000000; }"
    assert palette.parse_colours(css) == {"ink": (0x1D, 0x24, 0x33), "short": (0xAA, 0xBB, 0xCC)}


def test_the_stylesheet_declares_every_colour_the_pdf_uses_and_the_matrix_uses_them_too():
    names = ("ink", "muted", "line", "accent", "warn", "q-quick-win", "q-strategic-bet", "q-incremental")
    colours = palette.parse_colours(palette.stylesheet().read_text(encoding="utf-8"))
    assert set(names) | {"q-deprioritise"} <= set(colours)
    css = palette.stylesheet().read_text(encoding="utf-8")
    for quadrant in ("quick_win", "strategic_bet", "incremental", "deprioritise"):
        assert f".matrix .q-{quadrant} {{ fill: var(--q-{quadrant.replace('_', '-')}); }}" in css
