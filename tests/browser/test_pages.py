"""Every page a person opens renders under the strict CSP, on a phone-sized screen too."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.browser.conftest import logged_in_context
from usecases.models import Status, UseCase
from workshop.models import Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def demo(transactional_db: None) -> Workshop:
    call_command("seed_demo", "--quiet")
    return Workshop.objects.get(join_code="DEMXAT26")


def _assert_fits_the_screen(page: object) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")  # type: ignore[attr-defined]
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"  # type: ignore[attr-defined]


def test_facilitator_pages_render_without_errors(live_server, new_context, demo, django_user_model):
    facilitator = django_user_model.objects.get(username="facilitator")
    context = logged_in_context(new_context, live_server, facilitator)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    shortlisted = UseCase.objects.filter(workshop=demo, status=Status.SHORTLISTED).first()
    for path, text in [
        ("/dashboard/", "Your workshops"),
        (f"/workshops/{demo.pk}/", "Next phase"),
        (f"/workshops/{demo.pk}/results/", "Impact / feasibility matrix"),
        (f"/workshops/{demo.pk}/portfolio/", "Total POC budget"),
        (f"/use-cases/{shortlisted.pk}/roi/", "How these figures are computed"),
        (f"/clients/{demo.client_id}/", "Workshops"),
        ("/api/docs/", "Atelier API"),
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.get_by_text(text).first.wait_for()
    assert not errors


def test_participant_pages_fit_a_phone(live_server, new_context, demo):
    page = new_context(**PHONE).new_page()
    page.goto(live_server.url + "/join/")
    _assert_fits_the_screen(page)
    page.get_by_label("Join code").fill(demo.join_code)
    page.get_by_label("Your name").fill("Zoé")
    page.get_by_role("button", name="Join").click()
    page.get_by_text("Votes left:").wait_for()
    _assert_fits_the_screen(page)
    page.goto(live_server.url + f"/workshops/{demo.pk}/results/")
    page.get_by_text("Impact / feasibility matrix").wait_for()
    _assert_fits_the_screen(page)
