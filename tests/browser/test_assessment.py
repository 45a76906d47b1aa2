"""The pre-assessment on a phone: answering reshapes the questions and the result live, then saves."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from compliance.models import Assessment
from tests.factories import ParticipantFactory, UseCaseFactory
from workshop.selectors import participant_cookie_name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_participant_assesses_their_idea_on_a_phone(live_server, new_context, workshop):
    bob, token = ParticipantFactory.with_token(workshop=workshop, display_name="Bob")
    idea = UseCaseFactory(workshop=workshop, author=bob, title="Agent mood tracking")
    context = new_context(viewport=PHONE)
    context.add_cookies([{"name": participant_cookie_name(workshop.pk), "value": token, "url": live_server.url}])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{live_server.url}/use-cases/{idea.pk}/assessment/")
    expect(page.get_by_text("An aid to prepare the legal review, not legal advice.").first).to_be_visible()
    practices = page.get_by_role("group", name="Does it carry out one of the prohibited practices?")
    expect(practices).to_be_visible()

    page.get_by_role("group", name="Is it an AI system?").get_by_role("radio", name="No", exact=True).check()
    expect(page.get_by_test_id("suggested-tier")).to_have_text("Out of scope")
    expect(practices).to_have_count(0)

    page.get_by_role("group", name="Is it an AI system?").get_by_role("radio", name="Yes", exact=True).check()
    page.get_by_role("group", name="Does it carry out one of the prohibited practices?").get_by_role(
        "radio", name="Inferring people's emotions at the workplace or in education", exact=False
    ).first.check()
    expect(page.get_by_test_id("suggested-tier")).to_have_text("Prohibited")
    assert not Assessment.objects.exists()  # the live result saves nothing

    # The page fits the phone: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Save pre-assessment").click()
    expect(page.get_by_text("Pre-assessment saved.")).to_be_visible()
    assert Assessment.objects.get().answers["prohibited_practice"] == "emotion_recognition_work_education"
    assert errors == []
