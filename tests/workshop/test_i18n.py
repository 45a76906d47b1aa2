"""Atelier in French: the catalogue is complete and compiled, and French workshops speak French."""

from __future__ import annotations

import ast
import html
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client as BrowserClient
from django.urls import reverse
from django.utils import translation

from config.celery import app as celery_app
from summaries import services
from summaries.models import Summary
from tests.factories import WorkshopFactory
from workshop.models import Participant
from workshop.selectors import Actor, workshop_access

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"


def _po_entries(path: Path) -> list[dict[str, object]]:
    """A small .po reader: each entry's flags, msgid and msgstr values (polib is not installed)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict[str, object] = {"flags": [], "msgid": None, "msgstr": {}}
        current: list[str] | None = None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"] += [flag.strip() for flag in line[2:].split(",")]
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and current is not None:
                current.append(ast.literal_eval(line))
            else:
                keyword, _, value = line.partition(" ")
                current = [ast.literal_eval(value)]
                if keyword == "msgid":
                    entry["msgid"] = current
                elif keyword.startswith("msgstr"):
                    entry["msgstr"][keyword] = current
        if entry["msgid"] is not None:
            entry["msgid"] = "".join(entry["msgid"])
            entry["msgstr"] = {key: "".join(value) for key, value in entry["msgstr"].items()}
            entries.append(entry)
    return entries


@pytest.fixture
def french_workshop(alice):
    return WorkshopFactory(facilitators=[alice], title="Atelier sinistres", phase="collect", language="fr")


def test_french_catalogue_is_complete_and_compiled():
    entries = [entry for entry in _po_entries(CATALOGUE / "django.po") if entry["msgid"]]

    assert len(entries) > 500
    assert [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]] == []
    assert [entry["msgid"] for entry in entries if not all(entry["msgstr"].values())] == []
    assert (CATALOGUE / "django.mo").stat().st_size > 0
    with translation.override("fr"):
        assert translation.gettext("Join code") == "Code d'accès"


def test_join_page_in_french_for_a_french_browser(client):
    page = html.unescape(client.get(reverse("workshop:join"), HTTP_ACCEPT_LANGUAGE="fr").content.decode())

    assert '<html lang="fr">' in page
    assert "Code d'accès" in page
    assert "Rejoindre" in page


def test_language_switcher_posts_to_set_language(client):
    page = client.get(reverse("workshop:join")).content.decode()

    assert f'action="{reverse("set_language")}"' in page
    assert 'name="language"' in page
    assert 'value="fr"' in page


def test_choosing_french_in_the_switcher_shows_french_pages(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": reverse("workshop:join")})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert "Rejoindre" in client.get(reverse("workshop:join")).content.decode()


def test_joining_a_french_workshop_sets_the_language_cookie_to_french(french_workshop):
    browser = BrowserClient()

    response = browser.post(reverse("workshop:join"), {"join_code": french_workshop.join_code, "display_name": "Zoé"})

    assert response.status_code == 302
    assert Participant.objects.filter(workshop=french_workshop, display_name="Zoé").exists()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    board = browser.get(response["Location"])
    assert '<html lang="fr">' in board.content.decode()


def test_joining_keeps_a_language_the_browser_chose(french_workshop):
    browser = BrowserClient()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = browser.post(reverse("workshop:join"), {"join_code": french_workshop.join_code, "display_name": "Zoé"})

    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert '<html lang="en">' in browser.get(response["Location"]).content.decode()


def test_default_criteria_of_a_french_workshop_are_french(french_workshop):
    names = list(french_workshop.criteria.order_by("order").values_list("name", flat=True))

    assert "Valeur métier" in names
    assert "Facilité réglementaire et éthique" in names
    assert "Business value" not in names


@pytest.fixture
def eager_celery():
    old = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = True, False
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = old


def test_builtin_summary_of_a_french_workshop_has_french_headings(
    settings, eager_celery, french_workshop, alice, django_capture_on_commit_callbacks
):
    settings.OPENAI_API_KEY = ""
    settings.OPENAI_BASE_URL = None
    access = workshop_access(actor=Actor(user=alice), pk=french_workshop.pk)

    with django_capture_on_commit_callbacks(execute=True):
        summary = services.summary_request(access=access)
    summary = Summary.objects.get(pk=summary.pk)

    assert summary.status == "succeeded"
    assert summary.provider == "builtin"
    assert "## Thèmes clés" in summary.markdown
    assert "## Prochaines étapes" in summary.markdown
    assert "Key themes" not in summary.markdown
    assert summary.provider_reason == "Aucune clé d'API n'est configurée"
