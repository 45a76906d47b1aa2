"""Every main page fits the screen and passes axe-core, in English and French, on a 390 px phone and a laptop.

The demo workshop gets the text that breaks layouts — a 100-character word in a
title, a long URL in a problem — and each page, in each phase for the board and
the presenter, for the facilitator and a participant, must:
- never be wider than the viewport (`document.documentElement.scrollWidth`);
- have no serious or critical axe-core violation (axe-core comes bundled in the
  axe-playwright-python package, never fetched at run time).

Moderate and minor violations are counted and printed (run with `-s`), and
written to `<ATELIER_SHOTS>/axe-counts.json` with a screenshot of every page
when the ATELIER_SHOTS environment variable names a directory.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from pocs.models import Poc
from summaries.models import Summary
from tests.browser.conftest import PHONE, in_language, logged_in_context
from usecases.models import Status, UseCase
from workshop.models import PHASE_ORDER, Phase, Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_WORD = ("Rechnungseingangsverarbeitungsautomatisierungs" * 3)[:100]
LONG_URL = (
    "https://intranet.maison-durand.example/logistique/entrepots/procedures_reclamations_2026/"
    "archive/Rapport_trimestriel_des_retours_clients_et_avoirs_emis_par_entrepot.pdf?version=17&lang=fr"
)
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
SCREENS = {"phone": PHONE, "laptop": LAPTOP}
BLOCKING = {"serious", "critical"}
SHOTS = os.environ.get("ATELIER_SHOTS", "")
AXE = Axe()


class Audit:
    """Visits pages, and collects what does not fit and what axe-core finds, to fail once with the whole list."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.problems: list[str] = []
        self.minor: Counter[str] = Counter()

    def visit(self, page: Page, path: str, name: str, *, ready: str = "main") -> None:
        response = page.goto(path)
        assert response is not None, path
        assert response.status == 200, (path, response.status)
        page.locator(ready).first.wait_for()
        self.check(page, name)

    def check(self, page: Page, name: str) -> None:
        width = page.viewport_size["width"] if page.viewport_size else 0
        label = f"{name} [{self.language}, {width}px]"
        overflow = page.evaluate(SCROLL_WIDTH) - width
        if overflow > 0:
            wide = page.evaluate(WIDEST, width)
            self.problems.append(f"{label}: {overflow}px wider than the screen; widest: {wide}")
        results = AXE.run(page).response
        for violation in results["violations"]:
            nodes = [", ".join(node["target"]) for node in violation["nodes"]][:4]
            if violation["impact"] in BLOCKING:
                self.problems.append(f"{label}: axe {violation['impact']} {violation['id']} on {nodes}")
            else:
                self.minor[f"{violation['impact']} {violation['id']}"] += len(violation["nodes"])
        if SHOTS:
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            directory = Path(SHOTS)
            directory.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=directory / f"{slug}-{self.language}-{width}.png", full_page=True)

    def report(self, title: str) -> None:
        print(f"\naxe moderate/minor ({title}, {self.language}): {dict(sorted(self.minor.items())) or 'none'}")
        if SHOTS:
            counts = Path(SHOTS) / "axe-counts.json"
            existing = json.loads(counts.read_text()) if counts.exists() else {}
            existing[f"{title} {self.language}"] = dict(self.minor)
            counts.write_text(json.dumps(existing, indent=2, sort_keys=True))
        assert self.problems == [], "\n".join(self.problems)


# Against the viewport asked for, never window.innerWidth: a phone (is_mobile) widens its layout
# viewport to fit content that overflows, and would then report no overflow at all.
SCROLL_WIDTH = "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
# The elements sticking out furthest to the right, to say what to fix.
WIDEST = """(w) => {
  return [...document.querySelectorAll('body *')]
    .map(e => [e, e.getBoundingClientRect().right])
    .filter(([e, r]) => r > w + 1)
    .sort((a, b) => b[1] - a[1]).slice(0, 3)
    .map(([e, r]) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${Math.round(r)}`);
}"""


def lengthen_texts(workshop: Workshop) -> None:
    """A 100-character word in one title, a long URL in a problem: what people paste in a real workshop."""
    first, second = UseCase.objects.filter(workshop=workshop).order_by("pk")[:2]
    first.title = f"{LONG_WORD} triage"
    first.problem = f"See {LONG_URL} for the {LONG_WORD} backlog."
    first.save(update_fields=["title", "problem"])
    second.problem = f"{LONG_URL}\n{second.problem}"
    second.save(update_fields=["problem"])
    workshop.touch(scores=True)


def set_phase(workshop: Workshop, phase: str, *, countdown: bool = True) -> None:
    ends = timezone.now() + timedelta(minutes=9) if countdown and phase != Phase.CLOSED else None
    Workshop.objects.filter(pk=workshop.pk).update(phase=phase, phase_ends_at=ends)
    workshop.refresh_from_db()
    workshop.touch(scores=True)


def join(context, workshop: Workshop, name: str) -> None:
    page = context.new_page()
    page.goto("/join/")
    page.locator("#id_join_code").fill(workshop.join_code)
    page.locator("#id_display_name").fill(name)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/workshops/\d+/"))
    page.close()


@pytest.fixture
def long_demo(demo, django_user_model):
    from summaries.services import summary_request
    from workshop.selectors import Access, Actor, Role

    lengthen_texts(demo)
    facilitator = django_user_model.objects.get(username="facilitator")
    summary_request(access=Access(workshop=demo, role=Role.FACILITATOR, actor=Actor(user=facilitator)))
    return demo


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_page_fits_and_passes_axe(live_server, new_context, long_demo, django_user_model, language):
    demo = long_demo
    Workshop.objects.filter(pk=demo.pk).update(language=language)  # the presenter speaks the workshop's language
    audit = Audit(language)
    facilitator = django_user_model.objects.get(username="facilitator")
    shortlisted = UseCase.objects.filter(workshop=demo, status=Status.SHORTLISTED).first()
    poc = Poc.objects.get()
    people = {}
    for size, screen in SCREENS.items():
        people[("facilitator", size)] = in_language(
            logged_in_context(new_context, live_server, facilitator, **screen), live_server, language
        ).new_page()
        participant = in_language(new_context(base_url=live_server.url, **screen), live_server, language)
        if size == "phone":
            audit.visit(participant.new_page(), "/join/", "join", ready="form")
        join(participant, demo, f"Zoé {size}")
        people[("participant", size)] = participant.new_page()

    for phase in PHASE_ORDER:
        set_phase(demo, phase)
        for (role, size), page in people.items():
            audit.visit(page, f"/workshops/{demo.pk}/", f"board {phase} {role} {size}")
        for size in SCREENS:
            page = people[("facilitator", size)]
            audit.visit(page, f"/workshops/{demo.pk}/present/", f"presenter {phase} {size}", ready=".stage")

    set_phase(demo, Phase.VOTE)
    summary = Summary.objects.filter(workshop=demo).order_by("-pk").first()
    assert summary is not None, "no summary to audit"
    for size in SCREENS:
        page = people[("facilitator", size)]
        for path, name in [
            (f"/workshops/{demo.pk}/results/", "results"),
            (f"/use-cases/{shortlisted.pk}/roi/", "roi"),
            (f"/use-cases/{shortlisted.pk}/assessment/", "pre-assessment"),
            (f"/clients/{demo.client_id}/", "client"),
            (f"/clients/{demo.client_id}/pocs/", "poc portfolio"),
            (f"/workshops/{demo.pk}/pocs/", "workshop pocs"),
            (f"/pocs/{poc.pk}/", "poc"),
            (f"/summaries/{summary.pk}/", "summary"),
        ]:
            audit.visit(page, path, f"{name} {size}")
        page = people[("participant", size)]
        audit.visit(page, f"/workshops/{demo.pk}/results/", f"results participant {size}", ready="svg.matrix")
    audit.report("pages")


PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_presenter_fits_a_projector_in_every_phase_with_a_countdown(
    live_server, new_context, long_demo, django_user_model, language
):
    """1920 × 1080, a countdown running (closed has none): nothing below the fold, nothing off the side."""
    Workshop.objects.filter(pk=long_demo.pk).update(language=language)  # the presenter speaks the workshop's language
    facilitator = django_user_model.objects.get(username="facilitator")
    context = logged_in_context(new_context, live_server, facilitator, **PROJECTOR)
    page = in_language(context, live_server, language).new_page()
    for phase in PHASE_ORDER:
        set_phase(long_demo, phase)
        page.goto(f"/workshops/{long_demo.pk}/present/")
        if phase != Phase.CLOSED:
            expect(page.get_by_test_id("present-countdown")).to_contain_text(re.compile(r"\d:\d\d"))
        size = page.evaluate("({w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight})")
        assert size["h"] <= 1080, f"the presenter in {phase} is {size['h']}px tall"
        assert size["w"] <= 1920, f"the presenter in {phase} is {size['w']}px wide"
        if SHOTS:
            page.screenshot(path=Path(SHOTS) / f"projector-{phase}-{language}-1920.png")


def test_next_shows_the_next_card_title_below_the_sticky_progress(live_server, new_context, long_demo):
    """Scoring on a phone: after Next (and after a score, whose "Saved" line makes the bar taller),
    the new card's position and title are on screen, below the sticky progress bar."""
    set_phase(long_demo, Phase.SCORE, countdown=False)
    context = new_context(base_url=live_server.url, **PHONE)
    join(context, long_demo, "Zoé")
    page = context.new_page()
    page.goto(f"/workshops/{long_demo.pk}/")

    def assert_title_in_view() -> None:
        card = page.locator(".score-card:visible")
        title = card.locator("h3")
        expect(title).to_be_in_viewport()
        bar = page.locator("#score-progress").bounding_box()
        box = title.bounding_box()
        position = card.locator(".card-position").bounding_box()
        assert bar is not None
        assert box is not None
        assert position is not None
        assert position["y"] >= bar["y"] + bar["height"], (position, bar)
        assert box["y"] + box["height"] <= 844

    for _ in range(3):
        card = page.locator(".score-card:visible")
        card.locator(".score-options").first.get_by_text("4", exact=True).click()
        expect(page.locator("#score-progress .saved")).to_be_visible()
        before = card.get_attribute("id")
        card.get_by_role("link", name=re.compile(r"^Next")).click()
        expect(page.locator(".score-card:visible")).not_to_have_attribute("id", before or "")
        page.wait_for_timeout(200)  # the scroll settles
        assert_title_in_view()
