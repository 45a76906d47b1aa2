"""The demo's POC on a phone: the whole page fits, a definition-of-done item saves in place, a check-in records."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from pocs.models import CheckIn, DodState, Poc
from tests.browser.conftest import PHONE, assert_fits_the_screen, logged_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_poc(transactional_db: None) -> Poc:
    call_command("seed_demo", "--quiet")
    return Poc.objects.select_related("use_case__workshop").get()


def test_facilitator_follows_the_demo_poc_on_a_phone(live_server, new_context, demo_poc, django_user_model):
    facilitator = django_user_model.objects.get(username="facilitator")
    context = logged_in_context(new_context, live_server, facilitator, **PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    workshop = demo_poc.use_case.workshop
    for path in (f"/workshops/{workshop.pk}/pocs/", f"/clients/{workshop.client_id}/pocs/", f"/pocs/{demo_poc.pk}/"):
        assert page.goto(live_server.url + path).status == 200
        assert_fits_the_screen(page)
    page.get_by_text("How planned against actual is computed").click()
    page.get_by_text("Observed monthly benefit", exact=True).wait_for()

    item = demo_poc.dod_items.get(code="ai_act_art_4")
    page.get_by_label("State of “AI Act Art. 4").select_option("done")
    page.get_by_label("Note on “AI Act Art. 4").fill("Agents trained on 12 May")
    page.locator(f"#dod-{item.pk}").get_by_role("button", name="Save").click()
    page.locator(f"#dod-{item.pk}").get_by_text("Saved").wait_for()
    item.refresh_from_db()
    assert (item.state, item.note) == (DodState.DONE, "Agents trained on 12 May")

    page.get_by_text("Record a check-in").click()
    page.get_by_label("Hours saved").fill("40")
    page.get_by_label("Date", exact=True).fill("2026-12-01")
    page.get_by_role("button", name="Record check-in").click()
    page.get_by_text("Check-in recorded.").wait_for()
    assert CheckIn.objects.filter(poc=demo_poc).count() == 4
    assert_fits_the_screen(page)
    assert not errors
