"""Every main screen, in English and in French, on a desktop and on a 390 px phone.

Each fails on any console error (the fixture's), on English left on a French
page, on a page that scrolls sideways on the phone, and — on the results page —
on a matrix whose points are not drawn inside the plot.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, assert_fits_the_screen, in_language, logged_in_context
from tests.browser.translations import english_on_the_page, french_typography_slips
from usecases.models import Status, UseCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "fr"]
DESKTOP = {"viewport": {"width": 1100, "height": 900}}


def _demo_texts(demo) -> tuple[str, ...]:
    """The demo's own data (an English workshop, criteria copied in English): not the interface's to translate."""
    texts = [
        demo.title,
        demo.objective,
        demo.client.name,
        *demo.criteria.values_list("name", flat=True),
        *demo.criteria.values_list("description", flat=True),
    ]
    for uc in demo.use_cases.all():
        texts += [uc.title, uc.problem, uc.solution, uc.benefits, uc.data_sources, uc.affected_users]
    return tuple(sorted((t for t in texts if t), key=len, reverse=True))


def _check(page: Page, path: str, language: str, demo, *, ready: str = "main") -> None:
    response = page.goto(path)  # the context's base_url is the live server
    assert response is not None
    assert response.status == 200, path
    page.locator(ready).first.wait_for()
    if language == "fr":
        text = page.locator("body").inner_text()
        left = english_on_the_page(text, ignore=_demo_texts(demo))
        assert left == [], f"English on the French page {path}: {left}"
        assert french_typography_slips(text, ignore=_demo_texts(demo)) == [], path
    if page.viewport_size and page.viewport_size["width"] <= 390:
        assert_fits_the_screen(page)


def assert_matrix_drawn(page: Page) -> None:
    """Every scored use case is a circle of some size whose centre lies inside the drawn plot."""
    drawn = page.evaluate(
        """() => {
          const svg = document.querySelector('svg.matrix');
          const boxes = [...svg.querySelectorAll('rect.q')].map(r => r.getBoundingClientRect());
          const plot = {
            left: Math.min(...boxes.map(b => b.left)), right: Math.max(...boxes.map(b => b.right)),
            top: Math.min(...boxes.map(b => b.top)), bottom: Math.max(...boxes.map(b => b.bottom)),
          };
          const points = [...svg.querySelectorAll('circle.point')].map(c => {
            const b = c.getBoundingClientRect();
            return {x: (b.left + b.right) / 2, y: (b.top + b.bottom) / 2, size: b.width};
          });
          const placed = document.querySelectorAll('.matrix-legend li[data-placed="1"]').length;
          return {plot, points, legend: placed};
        }"""
    )
    plot, points = drawn["plot"], drawn["points"]
    assert plot["right"] - plot["left"] > 100, f"the plot is not drawn: {plot}"
    assert plot["bottom"] - plot["top"] > 100, f"the plot is not drawn: {plot}"
    assert len(points) == drawn["legend"] > 0
    for point in points:
        assert point["size"] > 4, point
        assert plot["left"] <= point["x"] <= plot["right"], (point, plot)
        assert plot["top"] <= point["y"] <= plot["bottom"], (point, plot)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_facilitator_screens(live_server, new_context, demo, django_user_model, language, screen):
    facilitator = django_user_model.objects.get(username="facilitator")
    context = in_language(logged_in_context(new_context, live_server, facilitator, **screen), live_server, language)
    page = context.new_page()
    shortlisted = UseCase.objects.filter(workshop=demo, status=Status.SHORTLISTED).first()
    proposed = UseCase.objects.filter(workshop=demo, status=Status.PROPOSED).first()
    for path, ready in [
        ("/dashboard/", "table"),
        (f"/workshops/{demo.pk}/", "#board-poll"),
        (f"/workshops/{demo.pk}/results/", "svg.matrix"),
        (f"/workshops/{demo.pk}/portfolio/", "table"),
        (f"/use-cases/{shortlisted.pk}/roi/", "svg"),
        (f"/clients/{demo.client_id}/", "main"),
        (f"/workshops/{demo.pk}/criteria/", "main"),
        (f"/workshops/{demo.pk}/edit/", "form"),
        (f"/workshops/{demo.pk}/join-screen/", "svg"),
        (f"/workshops/{demo.pk}/code/", "form"),
        (f"/use-cases/{proposed.pk}/edit/", "form"),
        (f"/use-cases/{proposed.pk}/merge/?into={shortlisted.pk}", ".merge-compare"),
        (f"/use-cases/{proposed.pk}/delete/", "form"),
        ("/workshops/new/", "form"),
    ]:
        _check(page, path, language, demo, ready=ready)
        if path.endswith("/results/"):
            assert_matrix_drawn(page)
    page.goto(f"{live_server.url}/api/docs/")
    page.get_by_text("Atelier API").first.wait_for()


@pytest.mark.parametrize("language", LANGUAGES)
def test_participant_screens_on_a_phone(live_server, new_context, demo, language):
    page = in_language(new_context(base_url=live_server.url, **PHONE), live_server, language).new_page()
    _check(page, "/join/", language, demo, ready="form")
    page.locator("#id_join_code").fill(demo.join_code)
    page.locator("#id_display_name").fill("Zoé")
    page.locator("main form button[type=submit]").click()
    page.get_by_test_id("votes-left").wait_for()
    _check(page, f"/workshops/{demo.pk}/", language, demo, ready="#vote-panel")
    _check(page, f"/workshops/{demo.pk}/results/", language, demo, ready="svg.matrix")
    assert_matrix_drawn(page)
    _check(page, f"/workshops/{demo.pk}/portfolio/", language, demo, ready="table")
    shortlisted = UseCase.objects.filter(workshop=demo, status=Status.SHORTLISTED).first()
    _check(page, f"/use-cases/{shortlisted.pk}/roi/", language, demo, ready="svg")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_manager_screens(live_server, new_context, demo, django_user_model, language, screen):
    manager = django_user_model.objects.get(username="manager")
    page = in_language(logged_in_context(new_context, live_server, manager, **screen), live_server, language).new_page()
    for path, ready in [
        ("/dashboard/", "table"),
        (f"/workshops/{demo.pk}/", "#board-poll"),
        (f"/workshops/{demo.pk}/results/", "svg.matrix"),
        (f"/workshops/{demo.pk}/portfolio/", "table"),
        (f"/clients/{demo.client_id}/", "main"),
    ]:
        _check(page, path, language, demo, ready=ready)
    expect(page.locator("body")).not_to_contain_text(demo.join_code)
