"""A whole session in three browsers: facilitator and two participants, collect → score → vote → reveal."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import logged_in_context
from tests.factories import UserFactory, WorkshopFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLLOW = 10_000  # ms: boards poll every 3 s, so they must catch up well within this.


def _join(page: Page, base: str, code: str, name: str) -> None:
    page.goto(f"{base}/join/{code}/")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_test_id("phase-name")).to_have_text("Collect ideas")


def _add_use_case(page: Page, title: str, problem: str) -> None:
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Problem", exact=True).fill(problem)
    page.get_by_label("Category", exact=True).select_option("prediction")
    page.get_by_role("button", name="Add use case").click()
    expect(page.get_by_role("status").filter(has_text=title)).to_be_visible()


def _click_and_reload(page: Page, button: str, board_url: str) -> None:
    """A facilitator button posts and redirects to the board; reopen it so a slow redirect cannot race the checks."""
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state("networkidle")
    page.goto(board_url)


def _score_all(page: Page, titles: list[str], criteria: list[str], value: str) -> None:
    total = len(titles) * len(criteria)
    done = 0
    for title in titles:
        for criterion in criteria:
            group = page.get_by_role("group", name=f"{criterion} — {title}")
            group.get_by_role("radio", name=value, exact=True).check()
            done += 1
            # Each click is saved at once: the progress says so before the next click.
            expect(page.get_by_test_id("score-progress")).to_have_text(f"Scored {done} of {total}")


def test_facilitator_and_two_participants_run_a_session(new_context, live_server):
    alice = UserFactory(username="alice", facilitator=True)
    workshop = WorkshopFactory(facilitators=[alice], title="Customer operations", phase="collect")
    criteria = [c.name for c in workshop.criteria.order_by("order")]
    base = live_server.url

    facilitator = logged_in_context(new_context, live_server, alice).new_page()
    board_url = f"{base}/workshops/{workshop.pk}/"
    facilitator.goto(board_url)
    expect(facilitator.get_by_test_id("join-code")).to_have_text(workshop.join_code)

    amelie = new_context().new_page()
    bruno = new_context().new_page()
    _join(amelie, base, workshop.join_code, "Amélie")
    _join(bruno, base, workshop.join_code, "Bruno")

    # Collect: each adds an idea; the others' boards show it without a reload.
    _add_use_case(amelie, "Parcel ETA prediction", "Customers call to ask where their parcel is.")
    _add_use_case(bruno, "Email triage", "Agents sort emails by hand.")
    expect(amelie.locator("#board-poll").get_by_role("heading", name="Email triage")).to_be_visible(timeout=FOLLOW)
    expect(facilitator.locator("#board-poll").get_by_role("heading", name="Parcel ETA prediction")).to_be_visible(
        timeout=FOLLOW
    )
    expect(facilitator.get_by_role("button", name="Shortlist Email triage")).to_be_visible()

    # Score: the participants' boards switch to the grid on their own.
    _click_and_reload(facilitator, "Next phase", board_url)
    expect(facilitator.locator("#board-poll")).to_contain_text("Who has finished scoring")
    titles = ["Parcel ETA prediction", "Email triage"]
    for page in (amelie, bruno):
        expect(page.get_by_test_id("phase-name")).to_have_text("Score", timeout=FOLLOW)
        expect(page.get_by_role("group", name=f"{criteria[0]} — {titles[0]}")).to_be_visible(timeout=FOLLOW)
    _score_all(amelie, titles, criteria, "4")
    _score_all(bruno, titles, criteria, "2")
    total = len(titles) * len(criteria)
    expect(amelie.get_by_test_id("score-progress")).to_have_text(f"Scored {total} of {total}")
    expect(facilitator.locator("#board-poll")).to_contain_text("Amélie: finished", timeout=FOLLOW)
    expect(facilitator.locator("#board-poll")).to_contain_text("Bruno: finished", timeout=FOLLOW)

    # Vote: dots with a live count of what is left.
    _click_and_reload(facilitator, "Next phase", board_url)
    for page in (amelie, bruno):
        expect(page.get_by_test_id("votes-left")).to_have_text("Votes left: 5", timeout=FOLLOW)
    amelie.get_by_role("button", name="Add vote — Parcel ETA prediction").click()
    expect(amelie.get_by_test_id("votes-left")).to_have_text("Votes left: 4")
    amelie.get_by_role("button", name="Add vote — Parcel ETA prediction").click()
    expect(amelie.get_by_test_id("votes-left")).to_have_text("Votes left: 3")
    amelie.get_by_role("button", name="Remove vote — Parcel ETA prediction").click()
    expect(amelie.get_by_test_id("votes-left")).to_have_text("Votes left: 4")
    amelie.get_by_role("button", name="Add vote — Parcel ETA prediction").click()
    expect(amelie.get_by_test_id("votes-left")).to_have_text("Votes left: 3")
    bruno.get_by_role("button", name="Add vote — Email triage").click()
    expect(bruno.get_by_test_id("votes-left")).to_have_text("Votes left: 4")
    expect(facilitator.locator("#board-poll")).to_contain_text("Votes so far", timeout=FOLLOW)

    # Reveal: participants are told on their board and can open the results.
    # Before the reveal the results answer 403, as every page, endpoint and export does; the
    # browser logs that status, which is expected here and only here.
    new_context.allow(rf"status of 403 \(Forbidden\) at {re.escape(base)}/workshops/{workshop.pk}/results/")
    response = bruno.goto(f"{base}/workshops/{workshop.pk}/results/")
    assert response is not None
    assert response.status == 403
    expect(bruno.get_by_role("heading", name="Results are not revealed yet")).to_be_visible()
    expect(bruno.get_by_role("link", name="Back to the board")).to_be_visible()
    _click_and_reload(facilitator, "Reveal results", board_url)
    expect(amelie.get_by_text("The results are revealed.")).to_be_visible(timeout=FOLLOW)
    amelie.get_by_role("link", name="See the results").click()
    table = amelie.get_by_role("table")
    expect(table.get_by_role("row").nth(1)).to_contain_text("Parcel ETA prediction")
    expect(amelie.locator("svg.matrix")).to_contain_text("Quick win")
    bruno.reload()
    expect(bruno.get_by_role("table")).to_contain_text(re.compile("Email triage"))
