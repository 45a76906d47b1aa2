"""The plan's exports carry the pre-assessment: tier and how it was reached, articles, obligations with
their dates, DPIA, FRIA, legal review, and the reminder that it is an aid, not legal advice."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from compliance.demo import ASSESSMENTS
from compliance.services import assessment_save
from tests.factories import RoiEstimateFactory, UseCaseFactory
from workshop.selectors import Access, Actor, Role

pytestmark = pytest.mark.django_db

CREDIT_TITLE, CREDIT_ANSWERS, _confirmed = ASSESSMENTS[0]


@pytest.fixture
def credit(workshop, alice):
    use_case = UseCaseFactory(workshop=workshop, title=CREDIT_TITLE, status="shortlisted")
    RoiEstimateFactory(use_case=use_case)
    access = Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=alice))
    assessment_save(access=access, use_case=use_case, answers=CREDIT_ANSWERS, confirmed_tier="high")
    return use_case


def _plain(text: str) -> str:
    return " ".join(text.split())


def test_csv_carries_the_high_risk_credit_scoring_assessment(alice_client, workshop, credit):
    text = alice_client.get(reverse("reports:workshop-plan", args=[workshop.pk, "csv"])).content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text)))[:2]
    col = {name: index for index, name in enumerate(header)}
    tier_header = next(name for name in header if name.startswith("EU AI Act risk tier"))
    assert "An aid to prepare the legal review, not legal advice." in tier_header
    assert row[col[tier_header]] == "High"
    assert row[col["Assessment"]] == "confirmed"
    assert "Annex III 5(b)" in row[col["Articles"]]
    obligations = row[col["Obligations"]]
    assert "Art. 26 (Deployer, from Dec. 2, 2027)" in obligations
    assert "Art. 27 (Deployer, from Dec. 2, 2027)" in obligations
    # Every list joined with the one separator, never run together nor split over lines.
    assert obligations.count(" | ") == len(obligations.split(" | ")) - 1 >= 2
    assert all(part.startswith("Art. ") for part in obligations.split(" | "))
    assert "\n" not in obligations
    assert " | " in row[col["Articles"]]
    assert " | " in row[col["Compliance flags"]]
    assert row[col["FRIA required"]] == "Yes"
    assert row[col["DPIA"]].startswith("DPIA")
    assert "Fundamental rights impact assessment required (AI Act Art. 27)" in row[col["Compliance flags"]]


def test_xlsx_and_pdf_carry_it_too(alice_client, workshop, credit):
    book = load_workbook(
        io.BytesIO(alice_client.get(reverse("reports:workshop-plan", args=[workshop.pk, "xlsx"])).content)
    )
    rows = list(book["Plan"].iter_rows(values_only=True))
    col = {name: index for index, name in enumerate(rows[0])}
    assert "Art. 27 (Deployer, from Dec. 2, 2027)" in rows[1][col["Obligations"]]
    assert rows[1][col["FRIA required"]] == "Yes"
    summary = [row[0] for row in book["Summary"].iter_rows(values_only=True)]
    assert "An aid to prepare the legal review, not legal advice." in summary

    content = alice_client.get(reverse("reports:workshop-plan", args=[workshop.pk, "pdf"])).content
    pdf = _plain(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))
    assert "An aid to prepare the legal review, not legal advice." in pdf
    assert "High (confirmed)" in pdf
    assert "Art. 26 (Deployer, from Dec. 2, 2027)" in pdf
    assert "Art. 27 (Deployer, from Dec. 2, 2027)" in pdf
    assert "Fundamental rights impact assessment: Yes" in pdf


def test_french_plan_dates_obligations_in_french(alice_client, workshop, credit):
    url = reverse("reports:workshop-plan", args=[workshop.pk, "md"]) + "?lang=fr"
    text = alice_client.get(url).content.decode()
    assert "Art. 27 (Déployeur, à partir du 2 décembre 2027)\u202f: " in text  # French typography before the colon
    assert "Une aide pour préparer la revue juridique, pas un avis juridique." in text


def test_an_item_not_assessed_says_it_was_only_declared(alice_client, workshop):
    UseCaseFactory(workshop=workshop, title="Claims chatbot", status="shortlisted", ai_act_tier="limited")
    text = alice_client.get(reverse("reports:workshop-plan", args=[workshop.pk, "md"])).content.decode()
    assert "Limited (declared, not assessed)" in text


def test_both_summary_providers_carry_the_assessment(workshop, credit):
    from summaries.builtin import builtin_summary
    from summaries.prompt import build_messages
    from summaries.snapshot import summary_snapshot

    snapshot = summary_snapshot(workshop)
    (row,) = snapshot["use_cases"]
    assert row["ai_act"]["tier"] == "high"
    assert row["ai_act"]["basis"] == "confirmed"
    assert {"article": "Art. 27", "role": "deployer", "applies_from": "2027-12-02"} in row["ai_act"]["obligations"]

    risks = " ".join(builtin_summary(snapshot, "en").risks_and_compliance)
    assert "High risk under the EU AI Act" in risks
    assert "Annex III 5(b)" in risks
    assert "Fundamental rights impact assessment required (AI Act Art. 27)" in risks

    messages, _left_out = build_messages(snapshot, language="en", token_budget=6000)
    sent = " ".join(message["content"] for message in messages)
    assert '"fria_required": true' in sent or '"fria_required":true' in sent
    assert "Annex III 5(b)" in sent


def test_the_portfolio_can_leave_out_what_needs_a_legal_review(alice_client, workshop, credit, alice):
    unsure = UseCaseFactory(workshop=workshop, title="Fraud triage", status="shortlisted")
    RoiEstimateFactory(use_case=unsure)
    access = Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=alice))
    assessment_save(access=access, use_case=unsure, answers={**CREDIT_ANSWERS, "art6_3_condition": "unknown"})

    page = alice_client.get(reverse("reports:portfolio", args=[workshop.pk])).content.decode()
    assert "Fraud triage" in page
    assert "needs a legal review" in page  # its chip
    filtered = alice_client.get(reverse("reports:portfolio", args=[workshop.pk]) + "?legal_review=hide")
    assert "Fraud triage" not in filtered.content.decode()
    assert CREDIT_TITLE in filtered.content.decode()
    assert "1 use case awaiting a legal review is left out." in filtered.content.decode()

    api = alice_client.get(f"/api/v1/workshops/{workshop.pk}/portfolio/?legal_review=hide").json()
    assert [row["title"] for row in api["rows"]] == [CREDIT_TITLE]
    assert api["held_for_legal_review"] == 1
    assert api["total_poc_cost"] == "20000.00"
