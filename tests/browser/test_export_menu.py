"""The export menu in a real browser: the language chosen there is the file's, and in its name."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import PHONE, assert_fits_the_screen, in_language, logged_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_downloads_the_plan_in_the_language_chosen_in_the_menu(
    live_server, new_context, demo, django_user_model, tmp_path
):
    manager = django_user_model.objects.get(username="manager")
    context = logged_in_context(new_context, live_server, manager, accept_downloads=True)
    in_language(context, live_server, "fr")
    page = context.new_page()
    assert page.goto(f"{live_server.url}/workshops/{demo.pk}/results/").status == 200

    page.get_by_text("Exporter le plan").click()
    french = page.get_by_role("radio", name="Français")
    english = page.get_by_role("radio", name="English")
    assert french.is_checked()  # the reader's language first
    with page.expect_download() as csv_download:
        page.get_by_role("button", name="CSV").click()
    csv_file = csv_download.value
    assert "-fr-" in csv_file.suggested_filename
    path = Path(tmp_path / "plan.csv")
    csv_file.save_as(path)
    assert path.read_bytes().decode("utf-8-sig").startswith("Rang;Titre;")

    english.check()
    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="Rapport (PDF)").click()
    assert pdf_download.value.suggested_filename.endswith(".pdf")
    assert "-en-" in pdf_download.value.suggested_filename


def test_the_open_export_menu_fits_a_phone(live_server, new_context, demo, django_user_model):
    manager = django_user_model.objects.get(username="manager")
    page = logged_in_context(new_context, live_server, manager, **PHONE).new_page()
    assert page.goto(f"{live_server.url}/workshops/{demo.pk}/results/").status == 200
    page.get_by_text("Export plan").click()
    page.get_by_role("radio", name="Français").wait_for()
    assert_fits_the_screen(page)
