"""Importing ideas from a CSV or XLSX file: a preview with per-row errors, nothing saved until confirmed."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.usecases.conftest import set_phase
from usecases.imports import ImportFileError, guess_mapping, read_table
from usecases.models import UseCase
from workshop.models import Event, EventKind

pytestmark = pytest.mark.django_db

CSV = (
    "Titre;Problème;Catégorie;Notes\n"
    "Tri des emails;Les agents trient à la main;Classification;x\n"
    ";Pas de titre;Vision;y\n"
    "Prévision des retards;Les clients appellent;Prédiction;z\n"
).encode()


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client, workshop, name: str, content: bytes):
    return client.post(
        reverse("usecases:import", args=[workshop.pk]),
        {"action": "upload", "file": SimpleUploadedFile(name, content)},
    )


def _mapping(response) -> dict[str, str]:
    """The preview's form as posted back: its column choices and the pending table it belongs to."""
    form = response.context["mapping_form"]
    columns = range(len(response.context["table"].headers))
    return {"pending": str(response.context["pending"].pk)} | {
        f"column-{i}": form.cleaned_data.get(f"column-{i}", "") for i in columns
    }


def test_upload_previews_rows_with_their_errors_and_saves_nothing(alice_client, workshop):
    response = _upload(alice_client, workshop, "ideas.csv", CSV)

    assert response.status_code == 200
    checks = response.context["checks"]
    assert [c.number for c in checks] == [2, 3, 4]
    assert [c.ok for c in checks] == [True, False, True]
    assert any("Give the use case a title." in e for e in checks[1].errors)
    assert response.context["valid"] == 2
    page = response.content.decode()
    assert "Import 2 use cases" in page
    assert "with errors (skipped)" in page
    assert not UseCase.objects.filter(workshop=workshop).exists()


def test_columns_are_mapped_from_english_or_french_headers():
    assert guess_mapping(["Titre", "Problème", "Catégorie", "Notes"]) == ["title", "problem", "category", ""]
    assert guess_mapping(["Title", "Proposed AI solution", "Expected benefits", "Title"]) == [
        "title",
        "solution",
        "benefits",
        "",
    ]


def test_confirm_imports_the_good_rows_only_and_records_it(alice_client, workshop):
    first = _upload(alice_client, workshop, "ideas.csv", CSV)
    response = alice_client.post(
        reverse("usecases:import", args=[workshop.pk]), {"action": "confirm", **_mapping(first)}
    )

    assert response.status_code == 302
    imported = list(UseCase.objects.filter(workshop=workshop).order_by("id"))
    assert [(u.title, u.category, u.author_id) for u in imported] == [
        ("Tri des emails", "classification", None),
        ("Prévision des retards", "prediction", None),
    ]
    assert imported[0].problem == "Les agents trient à la main"
    assert Event.objects.filter(workshop=workshop, kind=EventKind.USE_CASES_IMPORTED, data__count=2).exists()
    # The table was claimed: confirming twice imports nothing more, and says so.
    again = alice_client.post(
        reverse("usecases:import", args=[workshop.pk]), {"action": "confirm", **_mapping(first)}, follow=True
    )
    assert "This file was already imported." in again.content.decode()
    assert UseCase.objects.filter(workshop=workshop).count() == 2


def test_a_changed_mapping_is_kept_and_previewed_again(alice_client, workshop):
    first = _upload(alice_client, workshop, "ideas.csv", CSV)
    mapping = {**_mapping(first), "column-3": "benefits", "column-2": ""}
    response = alice_client.post(reverse("usecases:import", args=[workshop.pk]), {"action": "preview", **mapping})

    assert response.status_code == 200
    assert response.context["mapping_form"].cleaned_data["column-3"] == "benefits"
    assert response.context["checks"][0].values["benefits"] == "x"
    assert "category" not in response.context["checks"][0].values
    assert not UseCase.objects.filter(workshop=workshop).exists()


def test_without_a_title_column_nothing_is_checked_or_imported(alice_client, workshop):
    first = _upload(alice_client, workshop, "ideas.csv", CSV)
    mapping = {**_mapping(first), "column-0": ""}
    response = alice_client.post(reverse("usecases:import", args=[workshop.pk]), {"action": "confirm", **mapping})

    assert response.status_code == 400
    assert "Choose the column that holds the titles." in response.content.decode()
    assert not UseCase.objects.filter(workshop=workshop).exists()


def test_an_unknown_category_is_a_row_error():
    table = read_table(
        SimpleUploadedFile("a.csv", b"title,category\nA,robots\nB,vision\n"), max_bytes=10_000, max_rows=10
    )
    from usecases.imports import check_rows

    checks = check_rows(table, guess_mapping(table.headers))
    assert not checks[0].ok
    assert "robots" in checks[0].errors[0]
    assert checks[1].ok
    assert checks[1].values["category"] == "vision"


def test_xlsx_formulas_are_read_as_their_text_never_computed(alice_client, workshop):
    content = _xlsx([["Title", "Problem"], ["=1+1", '=HYPERLINK("http://evil.example","x")'], ["Plain", 42]])
    first = _upload(alice_client, workshop, "ideas.xlsx", content)
    assert first.status_code == 200
    alice_client.post(reverse("usecases:import", args=[workshop.pk]), {"action": "confirm", **_mapping(first)})

    titles = dict(UseCase.objects.filter(workshop=workshop).values_list("title", "problem"))
    assert titles == {"=1+1": '=HYPERLINK("http://evil.example","x")', "Plain": "42"}


def test_too_large_a_file_is_refused_before_reading(alice_client, workshop, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = _upload(alice_client, workshop, "ideas.csv", b"title\n" + b"x" * 200)
    assert response.status_code == 400
    assert "larger than" in response.content.decode()


def test_too_many_rows_and_bad_files_are_refused():
    with pytest.raises(ImportFileError, match="more than 2 rows"):
        read_table(SimpleUploadedFile("a.csv", b"title\na\nb\nc\n"), max_bytes=1000, max_rows=2)
    with pytest.raises(ImportFileError, match="not a readable XLSX"):
        read_table(SimpleUploadedFile("a.xlsx", b"not a zip"), max_bytes=1000, max_rows=2)
    with pytest.raises(ImportFileError, match="CSV or XLSX"):
        read_table(SimpleUploadedFile("a.pdf", b"%PDF"), max_bytes=1000, max_rows=2)
    with pytest.raises(ImportFileError, match="empty"):
        read_table(SimpleUploadedFile("a.csv", b"\n\n"), max_bytes=1000, max_rows=2)


def test_a_comma_separated_utf8_file_with_a_bom_reads_too():
    table = read_table(
        SimpleUploadedFile("a.csv", '\ufeffTitle,Problem\n"Email, triage",Slow\n'.encode()),
        max_bytes=1000,
        max_rows=5,
    )
    assert table.headers == ["Title", "Problem"]
    assert table.rows == [["Email, triage", "Slow"]]


def test_only_facilitators_import(bob_client, victor_client, charlie_client, workshop):
    url = reverse("usecases:import", args=[workshop.pk])
    assert bob_client.get(url).status_code == 403
    assert victor_client.get(url).status_code == 403
    assert charlie_client.get(url).status_code == 404
    assert _upload(bob_client, workshop, "ideas.csv", CSV).status_code == 403
    assert not UseCase.objects.filter(workshop=workshop).exists()


def test_import_page_answers_get_and_post_only(alice_client, workshop):
    url = reverse("usecases:import", args=[workshop.pk])
    assert alice_client.get(url).status_code == 200
    assert alice_client.put(url).status_code == 405


def test_closed_workshop_takes_no_import(alice_client, workshop):
    first = _upload(alice_client, workshop, "ideas.csv", CSV)
    set_phase(workshop, "closed")
    response = alice_client.post(
        reverse("usecases:import", args=[workshop.pk]), {"action": "confirm", **_mapping(first)}
    )
    assert response.status_code == 409
    assert not UseCase.objects.filter(workshop=workshop).exists()
