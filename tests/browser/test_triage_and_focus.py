"""Triage in the Vote phase, from the board and the results page, in both languages; the focus survives live updates."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from summaries.models import Summary
from tests.browser.conftest import PHONE, in_language, logged_in_context
from usecases.models import Status, UseCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLLOW = 10_000  # ms: boards poll every 3 s


def _t(language: str, text: str, **values: str) -> str:
    with translation.override(language):
        return translation.gettext(text) % values if values else translation.gettext(text)


def _focused(page: Page) -> str:
    return page.evaluate("document.activeElement === document.body ? 'BODY' : document.activeElement.id")


def _wait_for_focus(page: Page, element_id: str) -> None:
    """htmx settles a swap a moment after it: wait (a few seconds at most) for the focus to be on `element_id`."""
    try:
        page.wait_for_function("id => document.activeElement.id === id", arg=element_id, timeout=5_000)
    except PlaywrightTimeoutError:  # say where the focus went instead of a bare timeout
        pytest.fail(f"the focus is on {_focused(page)!r}, not {element_id!r}")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_facilitator_triages_in_the_vote_phase_without_leaving_it(
    live_server, new_context, demo, django_user_model, language
):
    facilitator = django_user_model.objects.get(username="facilitator")
    page = in_language(logged_in_context(new_context, live_server, facilitator), live_server, language).new_page()
    chatbot = UseCase.objects.get(workshop=demo, title="Multilingual customer chatbot")
    claims = UseCase.objects.get(workshop=demo, title="Damage claim photo assessment")
    credit = UseCase.objects.get(workshop=demo, title="Automated credit decisions for B2B accounts")
    summaries = Summary.objects.filter(workshop=demo).count()

    # From the board: Shortlist, in place; the keyboard focus stays on that use case.
    page.goto(f"/workshops/{demo.pk}/")
    expect(page.get_by_test_id("phase-name")).to_have_text(_t(language, "Vote"))
    page.get_by_role("button", name=_t(language, "Shortlist %(title)s", title=chatbot.title)).click()
    expect(page.locator(f"#uc-{chatbot.pk}")).to_contain_text(_t(language, "Shortlisted"))
    # Its Shortlist button is gone: the focus goes to the first control of the same use case.
    _wait_for_focus(page, f"edit-{chatbot.pk}")

    # From the results page: Reject, back on the results.
    page.goto(f"/workshops/{demo.pk}/results/")
    page.get_by_role("button", name=_t(language, "Reject %(title)s", title=claims.title)).click()
    expect(page).to_have_url(re.compile(r"/results/$"))
    expect(page.locator(".set-aside")).to_contain_text(claims.title)

    # Merge, side by side with both texts, from the results page and back to it.
    page.locator(f"#merge-{credit.pk}").click()
    page.get_by_label(_t(language, "Merge into…")).select_option(str(chatbot.pk))
    page.get_by_role("button", name=_t(language, "Compare side by side")).click()
    compare = page.locator(".merge-compare")
    expect(compare).to_contain_text(credit.problem)
    expect(compare).to_contain_text(chatbot.problem)
    page.locator(".merge-confirm button").click()
    expect(page).to_have_url(re.compile(r"/results/$"))
    expect(page.locator(".set-aside")).to_contain_text(credit.title)

    demo.refresh_from_db()
    assert demo.phase == "vote"  # nothing moved the workshop to make room for the triage
    assert Summary.objects.filter(workshop=demo).count() == summaries
    assert UseCase.objects.get(pk=chatbot.pk).status == Status.SHORTLISTED
    assert UseCase.objects.get(pk=claims.pk).status == Status.REJECTED
    assert UseCase.objects.get(pk=credit.pk).merged_into_id == chatbot.pk


def test_focus_stays_on_the_vote_buttons_after_each_vote(live_server, new_context, demo):
    page = new_context(base_url=live_server.url, **PHONE).new_page()
    page.goto(f"/join/{demo.join_code}/")
    page.get_by_label("Your name").fill("Zoé")
    page.get_by_role("button", name="Join").click()
    title = "Customer email triage"
    pk = UseCase.objects.get(workshop=demo, title=title).pk
    # A person cannot press a button within milliseconds of it appearing: wait until htmx has wired
    # the (new) form, or Enter would post it as a plain page.
    wired = "id => document.getElementById(id)?.form?.['htmx-internal-data']?.initHash"
    page.wait_for_function(wired, arg=f"vote-add-{pk}")
    page.get_by_role("button", name=f"Add vote — {title}").focus()
    for left in (4, 3):
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("votes-left")).to_have_text(f"Votes left: {left}")
        _wait_for_focus(page, f"vote-add-{pk}")  # the panel was swapped; the focus is where it was
        page.wait_for_function(wired, arg=f"vote-add-{pk}")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("votes-left")).to_have_text("Votes left: 2")
    # Three on one use case is the cap: Add vote is disabled, so the focus moves beside it, not to <body>.
    _wait_for_focus(page, f"vote-remove-{pk}")


def test_focus_survives_the_facilitators_board_refreshing(live_server, new_context, demo, django_user_model):
    facilitator = django_user_model.objects.get(username="facilitator")
    page = logged_in_context(new_context, live_server, facilitator).new_page()
    page.goto(f"/workshops/{demo.pk}/")
    chatbot = UseCase.objects.get(workshop=demo, title="Multilingual customer chatbot")
    button = page.locator(f"#shortlist-{chatbot.pk}")
    button.focus()
    # A participant votes elsewhere: the facilitator's list and totals refresh on the next poll.
    voter = new_context(base_url=live_server.url).new_page()
    voter.goto(f"/join/{demo.join_code}/")
    voter.get_by_label("Your name").fill("Yann")
    voter.get_by_role("button", name="Join").click()
    voter.get_by_role("button", name="Add vote — Multilingual customer chatbot").click()
    expect(voter.get_by_test_id("votes-left")).to_have_text("Votes left: 4")
    expect(page.locator("#board-poll")).to_contain_text("Yann", timeout=FOLLOW)
    _wait_for_focus(page, f"shortlist-{chatbot.pk}")
