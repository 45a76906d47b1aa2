"""Words a French reader reads: legal references, an erased participant, the QR code's name, the import
preview's counts, French typography in summaries and exports, one payback wording, measures through the formatter."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from compliance.references import reference_text
from core.formatting import format_money, typography
from core.templatetags.atelier_qr import qr_svg
from pocs.backlog_files import render_markdown
from tests.factories import RoiEstimateFactory, UseCaseFactory
from tests.pocs.conftest import ESTIMATE, start_poc
from workshop.models import Participant
from workshop.selectors import Access, Actor, Role
from workshop.services import participant_erase

NARROW, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("GDPR Art. 35(3)", "RGPD art. 35(3)"),
        ("GDPR Chapter V", "RGPD chapitre V"),
        ("Annex III 5(b)", "Annexe III 5(b)"),
        ("Art. 6(2), Annex III", "Art. 6(2), annexe III"),
        ("AI Act Art. 4a", "AI Act art. 4a"),
        ("WP248 criterion 9", "WP248 critère 9"),
    ],
)
def test_legal_references_are_written_in_french_for_a_french_reader(english, french):
    assert reference_text(english, language="fr") == french
    assert reference_text(english, language="en") == english


def test_reference_filters_follow_the_active_language():
    template = Template("{% load compliance_tags %}{{ a|reference }} | {{ many|references }}")
    context = Context({"a": "GDPR Chapter V", "many": ["GDPR Art. 35(3)", "Annex III"]})
    with translation.override("fr"):
        assert template.render(context) == "RGPD chapitre V | RGPD art. 35(3), Annexe III"


@pytest.mark.django_db
def test_an_erased_participant_is_named_in_the_readers_language(alice, alice_client, workshop, bob):
    access = Access(workshop=workshop, role=Role.FACILITATOR, actor=Actor(user=alice))
    participant_erase(access=access, participant=bob, keep_contributions=True)
    erased = Participant.objects.get(pk=bob.pk)
    assert erased.display_name == "Erased participant 1"  # stored in the workshop's language (English)
    with translation.override("fr"):
        assert erased.label == "Participant effacé 1"
    alice_client.cookies["django_language"] = "fr"
    page = alice_client.get(reverse("workshop:board", args=[workshop.pk])).content.decode()
    assert "Participant effacé 1" in page
    assert "Erased participant" not in page


def test_the_qr_codes_name_is_escaped_once():
    with translation.override("fr"):
        name = "QR code qui ouvre la page d'accès"
        svg = str(qr_svg("https://example.org/join/", name))
    title = re.search(r"<title>(.*?)</title>", svg).group(1)  # type: ignore[union-attr]
    assert "&amp;" not in title
    assert html.unescape(title) == name


@pytest.mark.django_db
def test_import_preview_counts_read_well_in_french_when_none_has_errors(alice_client, workshop):
    alice_client.cookies["django_language"] = "fr"
    content = "Titre;Problème\nTri des emails;Les agents trient à la main\n".encode()
    response = alice_client.post(
        reverse("usecases:import", args=[workshop.pk]),
        {"action": "upload", "file": SimpleUploadedFile("idees.csv", content)},
    )
    summary = re.search(r'data-testid="import-summary">(.*?)</p>', response.content.decode(), re.S).group(1)  # type: ignore[union-attr]
    summary = " ".join(summary.split())
    assert "1 prête à importer" in summary
    assert "aucune en erreur" in summary
    assert "0 " not in summary


@pytest.mark.parametrize(
    ("text", "french"),
    [
        ("Priorité: Haute", f"Priorité{NARROW}: Haute"),
        ("vraiment ! Oui ? ok ; non", f"vraiment{NARROW}! Oui{NARROW}? ok{NARROW}; non"),
        ("“Tri des emails”: 3 votes", f"«{NARROW}Tri des emails{NARROW}»{NARROW}: 3 votes"),
        ('"Tri" des emails', f"«{NARROW}Tri{NARROW}» des emails"),
        (f"VAN 165{NBSP}818,07{NBSP}€", f"VAN 165{NARROW}818,07{NBSP}€"),
        ("https://x.fr/?lang=fr à 12:30", "https://x.fr/?lang=fr à 12:30"),  # no space in a URL or a time
        ("**Priorité:** Très haute", f"**Priorité{NARROW}:** Très haute"),
    ],
)
def test_french_typography_comes_from_one_function(text, french):
    assert typography(text, language="fr") == french
    assert typography(text, language="en") == text


def test_french_amounts_never_break_inside_a_number():
    with translation.override("fr"):
        assert format_money(Decimal("165818.07"), currency="EUR") == f"165{NARROW}818,07{NBSP}€"


def test_summary_markdown_keeps_amounts_whole_and_sets_french_typography():
    from summaries import llm
    from summaries.markdown import summary_markdown

    content = llm.SummaryContent.model_validate(
        {
            "key_themes": [f"Budget : VAN 165{NARROW}818,07{NBSP}€ pour “Tri des emails”"],
            "top_use_cases": [],
            "disagreements": [],
            "risks_and_compliance": [],
            "proposed_pocs": [],
            "next_steps": ["Valider le budget!"],
        }
    )
    with translation.override("fr"):
        text = summary_markdown(content, provider="llm")
    assert f"VAN 165{NARROW}818,07{NBSP}€" in text  # never "165 / 818,07 €" across two lines
    assert f"Budget{NARROW}: VAN" in text
    assert f"«{NARROW}Tri des emails{NARROW}»" in text
    assert f"budget{NARROW}!" in text


@pytest.mark.django_db
def test_a_payback_outside_the_horizon_reads_the_same_on_the_poc_page_and_the_clients_portfolio(
    alice, alice_client, workshop
):
    use_case = UseCaseFactory(workshop=workshop, title="Never pays back", status="shortlisted", ai_act_tier="minimal")
    RoiEstimateFactory(use_case=use_case, **{**ESTIMATE, "hours_saved_per_month": Decimal(0)})
    poc = start_poc(workshop, alice, use_case)
    alice_client.cookies["django_language"] = "fr"
    with translation.override("fr"):
        wording = translation.gettext("not within the horizon")
    detail = html.unescape(alice_client.get(reverse("pocs:detail", args=[poc.pk])).content.decode())
    portfolio = html.unescape(
        alice_client.get(reverse("pocs:client-portfolio", args=[workshop.client_id])).content.decode()
    )
    assert wording.capitalize() in detail
    row = re.search(rf'<tr data-poc="{poc.pk}">(.*?)</tr>', portfolio, re.S).group(1)  # type: ignore[union-attr]
    assert wording.capitalize() in row


@pytest.mark.django_db
def test_backlog_targets_go_through_the_formatter(alice, workshop):
    use_case = UseCaseFactory(workshop=workshop, title="Invoices", status="shortlisted", ai_act_tier="minimal")
    RoiEstimateFactory(use_case=use_case, **ESTIMATE)
    start_poc(workshop, alice, use_case, targets={"cost_per_1k": Decimal("1.1111"), "p95_latency": Decimal(1200)})
    from pocs.backlog import backlog_items, shortlist

    with translation.override("fr"):
        items = backlog_items(workshop, shortlist(workshop), link=lambda uc: f"http://testserver/{uc.pk}/")
        text = render_markdown(items, title=workshop.title).decode()
    assert "1,1111" in text
    assert "1.1111" not in text
    assert f"1{NARROW}200" in text  # the formatter's grouping, kept whole
    assert f"20{NARROW}000,00{NBSP}€" in text
    assert f"Statut{NARROW}: En cours" in text  # French typography on every line, not only the fields
