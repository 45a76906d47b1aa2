"""The room in real browsers: the presenter screen, a rejoin on a new device, a removal, the phone card, an import.

Screenshots for a person to look at land in the temporary directory
(atelier-*.png); the tests do not compare them.
"""

from __future__ import annotations

import re
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import logged_in_context
from tests.factories import UseCaseFactory, UserFactory, VoteFactory, WorkshopFactory, score_on_axes
from usecases.models import UseCase, Vote
from workshop.models import Participant, Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLLOW = 10_000  # ms: the screens poll every second here (LIVE_POLL_SECONDS below)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SHOTS = Path(tempfile.gettempdir())


@pytest.fixture(autouse=True)
def _fast_polls(settings: object) -> None:
    settings.LIVE_POLL_SECONDS = 1  # type: ignore[attr-defined]


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"atelier-{name}.png"), full_page=True)


def _join(page: Page, base: str, code: str, name: str, *, label: str = "Your name", button: str = "Join") -> None:
    page.goto(f"{base}/join/{code}/")
    page.get_by_label(label).fill(name)
    page.get_by_role("button", name=button, exact=True).click()
    page.get_by_test_id("phase-name").wait_for()


def _assert_fits_the_screen(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


# --- Presenter ----------------------------------------------------------------------------


def _ranked_workshop(alice: object, language: str) -> Workshop:
    workshop = WorkshopFactory(facilitators=[alice], title="Opérations clients", phase="collect", language=language)
    people = [
        Participant.objects.create(workshop=workshop, display_name=n, token_hash=f"{i:064x}")
        for i, n in enumerate(["Amélie", "Bruno", "Chloé"])
    ]
    ideas = [
        UseCaseFactory(workshop=workshop, title="Parcel ETA prediction"),
        UseCaseFactory(workshop=workshop, title="Email triage"),
        UseCaseFactory(workshop=workshop, title="Contract review"),
    ]
    for person in people:
        score_on_axes(person, ideas[0], impact=5, feasibility=4)
        score_on_axes(person, ideas[1], impact=2, feasibility=4)
        score_on_axes(person, ideas[2], impact=4, feasibility=2)
    VoteFactory(participant=people[0], use_case=ideas[0], dots=3)
    VoteFactory(participant=people[1], use_case=ideas[2], dots=2)
    return workshop


def test_presenter_follows_a_phase_change_and_the_countdown_reaches_zero(new_context, live_server):
    alice = UserFactory(username="alice", facilitator=True)
    workshop = WorkshopFactory(facilitators=[alice], title="Customer operations", phase="collect")
    context = logged_in_context(new_context, live_server, alice)
    screen = context.new_page()
    screen.goto(f"{live_server.url}/workshops/{workshop.pk}/present/")
    expect(screen.get_by_test_id("present-phase")).to_have_text("Collect ideas")
    expect(screen.get_by_test_id("present-join-code")).to_have_text(workshop.join_code)
    expect(screen.get_by_role("img", name="QR code that opens the join page")).to_be_visible()
    _shot(screen, "presenter-collect-en")

    # Someone joins, and the facilitator moves on from the board in another tab: the screen follows.
    _join(new_context().new_page(), live_server.url, workshop.join_code, "Amélie")
    expect(screen.get_by_test_id("present-counts")).to_contain_text("1 participant", timeout=FOLLOW)
    board = context.new_page()
    board.goto(f"{live_server.url}/workshops/{workshop.pk}/")
    board.get_by_role("button", name="Next phase").click()
    expect(screen.get_by_test_id("present-phase")).to_have_text("Score", timeout=FOLLOW)
    expect(screen.get_by_text("Who has finished scoring")).to_be_visible()
    expect(screen.get_by_test_id("present-finished")).to_have_text("0 of 1 finished")

    # The sound needs a click first (browsers' rule); then a short countdown runs out on screen.
    sound = screen.get_by_role("button", name="Sound at the end of the countdown")
    sound.click()
    expect(sound).to_have_attribute("aria-pressed", "true")
    workshop.refresh_from_db()
    workshop.phase_ends_at = timezone.now() + timedelta(seconds=4)
    workshop.save(update_fields=["phase_ends_at"])
    workshop.touch()
    countdown = screen.get_by_test_id("present-countdown")
    expect(countdown).to_contain_text(re.compile(r"0:0[1-4]"), timeout=FOLLOW)
    expect(countdown).to_contain_text("Time is up", timeout=FOLLOW)
    expect(countdown).to_have_class(re.compile(r"\bexpired\b"))
    expect(screen.locator("body")).to_have_attribute("data-cue", "sound")
    _shot(screen, "presenter-time-up-en")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_presenter_after_the_reveal_shows_ranking_and_matrix(new_context, live_server, language):
    alice = UserFactory(username="alice", facilitator=True)
    workshop = _ranked_workshop(alice, language)
    workshop.phase, workshop.results_revealed = "roi", True
    workshop.save()
    screen = logged_in_context(new_context, live_server, alice).new_page()
    screen.set_viewport_size({"width": 1600, "height": 900})
    screen.goto(f"{live_server.url}/workshops/{workshop.pk}/present/")
    expect(screen.locator("html")).to_have_attribute("lang", language)
    ranking = screen.locator(".stage-ranking li")
    expect(ranking.first).to_contain_text("Parcel ETA prediction")
    quick_win = "Quick win" if language == "en" else "Gain rapide"
    expect(screen.locator("svg.matrix")).to_contain_text(re.compile(quick_win, re.IGNORECASE))
    _shot(screen, f"presenter-results-{language}")
    # In the other phases too, in French: what to do and the join code, large.
    workshop.phase, workshop.results_revealed = "collect", False
    workshop.save()
    workshop.touch()
    expect(screen.get_by_test_id("present-phase")).to_have_text(
        "Collect ideas" if language == "en" else "Collecte des idées", timeout=FOLLOW
    )
    expect(screen.get_by_test_id("present-counts")).to_be_visible(timeout=FOLLOW)
    _shot(screen, f"presenter-collect-{language}")


# --- Rejoin and removal -------------------------------------------------------------------


def test_locked_out_participant_rejoins_on_a_new_browser_through_the_facilitators_link(new_context, live_server):
    alice = UserFactory(username="alice", facilitator=True)
    workshop = WorkshopFactory(facilitators=[alice], title="Customer operations", phase="collect")
    base = live_server.url
    old_phone = new_context().new_page()
    _join(old_phone, base, workshop.join_code, "Amélie")
    old_phone.get_by_label("Title", exact=True).fill("Parcel ETA prediction")
    old_phone.get_by_role("button", name="Add use case").click()
    expect(old_phone.get_by_role("status").filter(has_text="Parcel ETA prediction")).to_be_visible()
    amelie = Participant.objects.get(workshop=workshop)
    UseCaseFactory(workshop=workshop, title="Email triage")
    Workshop.objects.filter(pk=workshop.pk).update(phase="vote")
    workshop.touch()
    old_phone.reload()
    old_phone.get_by_role("button", name="Add vote — Parcel ETA prediction").click()
    expect(old_phone.get_by_test_id("votes-left")).to_have_text("Votes left: 4")
    old_phone.get_by_role("button", name="Add vote — Parcel ETA prediction").click()
    expect(old_phone.get_by_test_id("votes-left")).to_have_text("Votes left: 3")
    old_phone.context.close()  # the phone is lost, and its cookie with it

    # On a new browser the same name is taken: that is why the facilitator's link exists.
    new_phone = new_context(**PHONE).new_page()
    new_phone.goto(f"{base}/join/{workshop.join_code}/")
    new_phone.get_by_label("Your name").fill("Amélie")
    new_phone.get_by_role("button", name="Join", exact=True).click()
    expect(new_phone.get_by_text("already uses this name")).to_be_visible()

    facilitator = logged_in_context(new_context, live_server, alice).new_page()
    facilitator.goto(f"{base}/workshops/{workshop.pk}/")
    facilitator.get_by_role("button", name="Rejoin link for Amélie").click()
    link = facilitator.get_by_test_id("rejoin-url").input_value()
    expect(facilitator.get_by_role("img", name="QR code of the rejoin link")).to_be_visible()
    _shot(facilitator, "rejoin-link-en")

    new_phone.goto(link)
    new_phone.get_by_role("button", name="Continue as Amélie").click()
    expect(new_phone.get_by_text("You are Amélie")).to_be_visible()
    expect(new_phone.get_by_test_id("votes-left")).to_have_text("Votes left: 3")
    expect(new_phone.get_by_role("button", name="Remove vote — Parcel ETA prediction")).to_be_enabled()
    assert list(Participant.objects.filter(workshop=workshop).values_list("pk", flat=True)) == [amelie.pk]
    assert UseCase.objects.get(title="Parcel ETA prediction").author_id == amelie.pk
    assert list(Vote.objects.filter(participant=amelie).values_list("dots", flat=True)) == [2]
    # Single use: the same link does nothing for anyone else (410 Gone, and the page says why).
    stranger = new_context()
    again = stranger.request.get(link)
    assert again.status == 410
    assert "expired or was already used" in again.text()


def test_a_removed_participants_votes_return(new_context, live_server):
    alice = UserFactory(username="alice", facilitator=True)
    workshop = WorkshopFactory(facilitators=[alice], title="Customer operations", phase="collect")
    base = live_server.url
    amelie, bruno = new_context().new_page(), new_context().new_page()
    _join(amelie, base, workshop.join_code, "Amélie")
    _join(bruno, base, workshop.join_code, "Bruno")
    UseCaseFactory(workshop=workshop, title="Parcel ETA prediction")
    Workshop.objects.filter(pk=workshop.pk).update(phase="vote")
    workshop.touch()
    for page, clicks in ((amelie, 1), (bruno, 3)):
        page.reload()
        for left in range(4, 4 - clicks, -1):
            page.get_by_role("button", name="Add vote — Parcel ETA prediction").click()
            # Each click is answered before the next, as a person would see it.
            expect(page.get_by_test_id("votes-left")).to_have_text(f"Votes left: {left}")

    facilitator = logged_in_context(new_context, live_server, alice).new_page()
    facilitator.goto(f"{base}/workshops/{workshop.pk}/")
    totals = facilitator.locator(".vote-totals")
    expect(totals).to_contain_text("Parcel ETA prediction: 4", timeout=FOLLOW)
    expect(facilitator.locator("#people")).to_contain_text("2 in the room now")
    # Bruno's board stays open: once he is removed, its next poll takes him to the join page, which says why.
    expect(bruno.get_by_test_id("my-workshop")).to_have_attribute("href", f"/workshops/{workshop.pk}/")

    facilitator.get_by_role("link", name="Remove Bruno").click()
    expect(facilitator.get_by_text("Their votes go back")).to_be_visible()
    facilitator.get_by_role("button", name="Remove participant").click()
    expect(facilitator.get_by_text("Bruno was removed from the workshop.")).to_be_visible()
    expect(totals).to_contain_text("Parcel ETA prediction: 1", timeout=FOLLOW)
    expect(facilitator.locator("#people")).not_to_contain_text("Bruno")
    assert list(Vote.objects.values_list("dots", flat=True)) == [1]
    expect(bruno).to_have_url(f"{base}/join/?workshop={workshop.pk}", timeout=FOLLOW)
    expect(bruno.get_by_text("You were removed from this workshop.")).to_be_visible()
    expect(bruno.get_by_label("Join code")).to_have_value("")
    # The page forgot his stale cookie: no way back to a workshop he is no longer in.
    expect(bruno.get_by_test_id("my-workshop")).to_have_count(0)
    # His browser's token no longer opens the workshop: the join page again, now with no word of removal.
    reopened = bruno.context.request.get(f"{base}/workshops/{workshop.pk}/", max_redirects=0)
    assert (reopened.status, reopened.headers["location"]) == (302, f"/join/?workshop={workshop.pk}")
    # Amélie's board is unaffected and still counts her own dot.
    expect(amelie.get_by_test_id("votes-left")).to_have_text("Votes left: 4")


# --- The phone card -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_scoring_card_on_a_390px_phone(new_context, live_server, language):
    alice = UserFactory(username="alice", facilitator=True)
    workshop = WorkshopFactory(facilitators=[alice], title="Opérations clients", phase="score", language=language)
    titles = ["Prévision des retards", "Tri des emails", "Revue des contrats"]
    for title in titles:
        UseCaseFactory(workshop=workshop, title=title, problem="Les clients appellent pour savoir où est leur colis.")
    criteria = [c.name for c in workshop.criteria.order_by("order")]
    french = language == "fr"
    page = new_context(**PHONE, locale="fr-FR" if french else "en-GB").new_page()
    _join(
        page,
        live_server.url,
        workshop.join_code,
        "Zoé",
        label="Votre nom" if french else "Your name",
        button="Rejoindre" if french else "Join",
    )
    first = page.locator(".score-card").nth(0)
    second = page.locator(".score-card").nth(1)
    expect(first).to_be_visible()
    expect(second).to_be_hidden()
    expect(first).to_contain_text("Cas d'usage 1 sur 3" if french else "Use case 1 of 3")
    expect(first).to_contain_text("Les clients appellent")
    expect(first).to_contain_text("1\u00a0: à peine perceptible" if french else "1: hardly noticed")
    _assert_fits_the_screen(page)
    _shot(page, f"card-{language}")

    for criterion in criteria:
        group = page.get_by_role("group", name=f"{criterion} — {titles[0]}")
        group.get_by_role("radio", name="4", exact=True).check()
    n, m = len(criteria), 3 * len(criteria)
    done = f"{n} notés sur {m}" if french else f"Scored {n} of {m}"
    expect(page.get_by_test_id("score-progress")).to_have_text(done)

    page.get_by_role("link", name=re.compile("^Suivant" if french else "^Next")).first.click()
    expect(second).to_be_visible()
    expect(first).to_be_hidden()
    # The focus follows the card, for keyboards and screen readers.
    assert page.evaluate("document.activeElement.id") == second.get_attribute("id")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.score-card') !== null")
    expect(page.get_by_role("group", name=f"{criteria[0]} — {titles[1]}")).to_be_visible()
    _assert_fits_the_screen(page)
    _shot(page, f"card-2-{language}")
    page.get_by_role("link", name=re.compile("^Précédent" if french else "^Previous")).click()
    expect(first).to_be_visible()
    kept = page.get_by_role("group", name=f"{criteria[0]} — {titles[0]}").get_by_role("radio", name="4")
    expect(kept).to_be_checked()


def test_a_laptop_keeps_the_grid(new_context, live_server):
    alice = UserFactory(username="alice", facilitator=True)
    workshop = WorkshopFactory(facilitators=[alice], title="Customer operations", phase="score")
    for title in ("Parcel ETA", "Email triage"):
        UseCaseFactory(workshop=workshop, title=title)
    page = new_context().new_page()
    _join(page, live_server.url, workshop.join_code, "Zoé")
    expect(page.locator(".score-card").nth(0)).to_be_visible()
    expect(page.locator(".score-card").nth(1)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Next"))).to_have_count(0)


# --- Import -------------------------------------------------------------------------------


def test_import_with_one_bad_row(new_context, live_server):
    alice = UserFactory(username="alice", facilitator=True)
    workshop = WorkshopFactory(facilitators=[alice], title="Customer operations", phase="draft")
    page = logged_in_context(new_context, live_server, alice).new_page()
    page.goto(f"{live_server.url}/workshops/{workshop.pk}/")
    page.get_by_role("link", name="Import ideas").click()
    csv = (
        "Title;Problem;Category\n"
        "Email triage;Agents sort emails by hand;Classification\n"
        ";No title here;Vision\n"
        "Parcel ETA prediction;Customers call;prediction\n"
    )
    page.get_by_label("File (CSV or XLSX)").set_input_files(
        files=[{"name": "ideas.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.get_by_role("button", name="Read the file").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("3 rows read")
    expect(page.get_by_test_id("import-summary")).to_contain_text("2 ready to import")
    expect(page.get_by_test_id("import-row-3")).to_contain_text("Title: Give the use case a title.")
    expect(page.get_by_label("Column “Category”")).to_have_value("category")
    assert not UseCase.objects.exists()
    _shot(page, "import-preview-en")

    page.get_by_role("button", name="Import 2 use cases").click()
    expect(page.get_by_text("2 use cases imported. 1 row with errors was skipped.")).to_be_visible()
    expect(page.locator("#board-poll").get_by_role("heading", name="Parcel ETA prediction")).to_be_visible()
    assert sorted(UseCase.objects.values_list("title", "category")) == [
        ("Email triage", "classification"),
        ("Parcel ETA prediction", "prediction"),
    ]
