"""A facilitator's override reaches every plan export with the duties of the tier set, not the suggestion's:
the basis ("overridden (suggested: …)"), the reason, the obligations and the FRIA. A use case answered under
an older edition of the law says what changed since."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from compliance.demo import ASSESSMENTS
from compliance.models import Assessment
from compliance.services import assessment_save
from tests.compliance.conftest import CHATBOT, CV_RANKING
from tests.factories import RoiEstimateFactory, UseCaseFactory
from workshop.selectors import Access, Actor, Role

pytestmark = pytest.mark.django_db

CHATBOT_TITLE = "Benefits chatbot"
RAISED = "Legal review: it steers claimants away from benefits they are entitled to."
CREDIT_TITLE, CREDIT_ANSWERS, _confirmed = ASSESSMENTS[0]
LOWERED = "Legal review: only legal entities are scored."
CV_TITLE = "CV ranking for recruiters"
OVERRIDDEN = "overridden (suggested: Limited risk)"
ART_26 = "Art. 26 (Deployer, from Dec. 2, 2027)"
ART_27 = "Art. 27 (Deployer, from Dec. 2, 2027)"
POSTPONED = "Art. 26: from Dec. 2, 2027, postponed from Aug. 2, 2026 by Regulation (EU) 2026/1744."


@pytest.fixture
def overridden(workshop, alice):
    """The chatbot raised to high risk, the credit scoring lowered to limited, a CV ranking answered in 2024."""
    access = Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=alice))
    saved = {}
    for title, answers, decision in (
        (CHATBOT_TITLE, CHATBOT, {"confirmed_tier": "high", "override_reason": RAISED}),
        (CREDIT_TITLE, CREDIT_ANSWERS, {"confirmed_tier": "limited", "override_reason": LOWERED}),
        (CV_TITLE, CV_RANKING, {"confirmed_tier": "high"}),
    ):
        use_case = UseCaseFactory(workshop=workshop, title=title, status="shortlisted")
        RoiEstimateFactory(use_case=use_case)
        assessment_save(access=access, use_case=use_case, answers=answers, **decision)
        saved[title] = use_case
    Assessment.objects.filter(use_case=saved[CV_TITLE]).update(edition="2024/1689")
    return saved


def plan(client: object, workshop: object, fmt: str) -> bytes:
    return client.get(reverse("reports:workshop-plan", args=[workshop.pk, fmt])).content  # type: ignore[attr-defined]


def _plain(text: str) -> str:
    return " ".join(text.split())


def _rows_by_title(header: list, rows: list) -> dict[str, dict]:
    return {row[header.index("Title")]: dict(zip(header, row, strict=True)) for row in rows}


def test_csv_carries_the_override_its_reason_and_its_tiers_duties(alice_client, workshop, overridden):
    header, *rows = list(csv.reader(io.StringIO(plan(alice_client, workshop, "csv").decode("utf-8-sig"))))
    by_title = _rows_by_title(header, rows)
    tier_header = next(name for name in header if name.startswith("EU AI Act risk tier"))

    chatbot = by_title[CHATBOT_TITLE]
    assert (chatbot[tier_header], chatbot["Assessment"]) == ("High", OVERRIDDEN)
    assert chatbot["Reason for the override"] == RAISED
    assert ART_26 in chatbot["Obligations"]
    assert ART_27 in chatbot["Obligations"]
    assert chatbot["FRIA required"] == "Yes"  # Art. 27(1): a public body deploying a high-risk system
    assert "Art. 6(2)" in chatbot["Articles"]

    credit = by_title[CREDIT_TITLE]
    assert (credit[tier_header], credit["Assessment"]) == ("Limited", "overridden (suggested: High risk)")
    assert credit["Reason for the override"] == LOWERED
    assert "Art. 26" not in credit["Obligations"]
    assert credit["FRIA required"] == "No"  # the suggestion's FRIA does not survive the lower tier

    cv = by_title[CV_TITLE]
    assert (cv["Assessment"], cv["Reason for the override"]) == ("confirmed", "")
    assert "Art. 26 (Deployer, from Aug. 2, 2026)" in cv["Obligations"]  # as decided under 2024/1689
    assert POSTPONED in cv["The law changed since this was assessed"]
    assert chatbot["The law changed since this was assessed"] == ""


def test_xlsx_carries_it_too(alice_client, workshop, overridden):
    book = load_workbook(io.BytesIO(plan(alice_client, workshop, "xlsx")))
    header, *rows = list(book["Plan"].iter_rows(values_only=True))
    by_title = _rows_by_title(list(header), rows)

    chatbot = by_title[CHATBOT_TITLE]
    assert chatbot["Assessment"] == OVERRIDDEN
    assert chatbot["Reason for the override"] == RAISED
    assert ART_26 in chatbot["Obligations"]
    assert chatbot["FRIA required"] == "Yes"
    assert by_title[CREDIT_TITLE]["FRIA required"] == "No"
    assert POSTPONED in by_title[CV_TITLE]["The law changed since this was assessed"]


def _md_section(text: str, title: str) -> str:
    """The lines under a use case's heading, up to the next heading."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("#") and line.endswith(title))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")), len(lines))
    return "\n".join(lines[start:end])


def test_markdown_carries_it_too(alice_client, workshop, overridden):
    text = plan(alice_client, workshop, "md").decode()

    chatbot = _md_section(text, CHATBOT_TITLE)
    assert f"- EU AI Act risk tier: High ({OVERRIDDEN})" in chatbot
    assert f"- Reason for the override: {RAISED}" in chatbot
    assert f"- {ART_26}: " in chatbot
    assert f"- {ART_27}: " in chatbot
    assert "- Fundamental rights impact assessment: Yes" in chatbot

    credit = _md_section(text, CREDIT_TITLE)
    assert "- EU AI Act risk tier: Limited (overridden (suggested: High risk))" in credit
    assert f"- Reason for the override: {LOWERED}" in credit
    assert "Art. 26" not in credit
    assert "- Fundamental rights impact assessment: No" in credit

    cv = _md_section(text, CV_TITLE)
    assert "- EU AI Act risk tier: High (confirmed)" in cv
    assert "Reason for the override" not in cv
    assert "- Law: Regulation (EU) 2024/1689 (the AI Act), as published" in cv
    assert POSTPONED in cv


def test_pdf_carries_it_too(alice_client, workshop, overridden):
    reader = PdfReader(io.BytesIO(plan(alice_client, workshop, "pdf")))
    pdf = _plain(" ".join(page.extract_text() for page in reader.pages))

    assert f"EU AI Act risk tier: High ({OVERRIDDEN}) · Reason for the override: {RAISED}" in pdf
    assert "Fundamental rights impact assessment: Yes" in pdf
    assert ART_26 in pdf
    assert ART_27 in pdf
    assert "Limited (overridden (suggested: High risk))" in pdf
    assert LOWERED in pdf
    assert "Fundamental rights impact assessment: No" in pdf
    assert "Art. 26 (Deployer, from Aug. 2, 2026)" in pdf  # the CV ranking, as decided under 2024/1689
    assert POSTPONED in pdf
