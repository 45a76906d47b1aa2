"""README screenshots, taken from the demo so that they stay true: `make screenshots`.

Loads the demo (seed_demo) into a throw-away SQLite database, serves it on a
free local port from this process, and photographs with Playwright and the
system's Chromium: the facilitator's board, a participant's board on a phone
(390 × 844), the results matrix and the ranking with its triage buttons, in
English and in French, into
docs/screenshots/ (PNG). Nothing outside the temporary directory is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
TMP = tempfile.mkdtemp(prefix="atelier-screenshots-")

sys.path.insert(0, str(ROOT))
# Always a fresh database, whatever the environment names: the demo must not land in real data.
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/demo.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["DEBUG"] = "true"  # static files straight from the finders, as `make run` serves them
os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
for name in ("CELERY_BROKER_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
    os.environ.pop(name, None)  # eager tasks and the built-in summary: the same pictures on every machine

if TYPE_CHECKING:
    from workshop.models import Workshop

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
LANGUAGES = {"en": "", "fr": "-fr"}  # file name suffix per language
# A display name is unique in a workshop: one newcomer per language.
NEWCOMER = {"en": "Zoé", "fr": "Élodie"}


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the stdlib names it `format`
        pass


def serve() -> str:
    """The demo on 127.0.0.1 and a port the system picks; returns its base URL."""
    server = make_server("127.0.0.1", 0, WSGIHandler(), server_class=_Server, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def _context(browser: Browser, base: str, language: str, **options: object) -> Page:
    context = browser.new_context(base_url=base, locale=language, **options)  # type: ignore[arg-type]
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    context.set_default_timeout(15_000)
    return context.new_page()


def _log_in(page: Page) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("facilitator")
    page.locator("#id_password").fill("atelier-demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def facilitator_board(browser: Browser, base: str, language: str, workshop_id: int) -> Page:
    page = _context(browser, base, language, **DESKTOP)
    _log_in(page)
    page.goto(f"/workshops/{workshop_id}/")
    page.locator("#board-poll").wait_for()
    page.locator("#summary-panel .summary-panel").wait_for()
    return page


def participant_phone(browser: Browser, base: str, language: str, join_code: str) -> Page:
    page = _context(browser, base, language, **PHONE)
    page.goto(f"/join/{join_code}/")
    page.locator("#id_display_name").fill(NEWCOMER[language])
    page.locator("main form button[type=submit]").click()
    page.locator("#vote-panel").wait_for()
    return page


def results_matrix(browser: Browser, base: str, language: str, workshop_id: int) -> Page:
    page = _context(browser, base, language, **DESKTOP)
    _log_in(page)
    page.goto(f"/workshops/{workshop_id}/results/")
    page.locator("svg.matrix circle.point").first.wait_for()
    return page


def main() -> int:
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: install Debian's chromium package (or set CHROMIUM).", file=sys.stderr)
        return 1
    call_command("migrate", "--noinput", verbosity=0)
    call_command("seed_demo", "--quiet")
    from workshop.models import Workshop

    demo = Workshop.objects.get(join_code="DEMXAT26")
    base = serve()
    OUT.mkdir(parents=True, exist_ok=True)
    # (file name, how to open the page, what to photograph: None for the viewport, else a CSS selector)
    # The phone last: its newcomer joins the workshop, and the other pictures show the demo as seeded.
    shots: list[tuple[str, Callable[[Browser, str], Page], str | None]] = [
        ("board", lambda b, lang: facilitator_board(b, base, lang, demo.pk), None),
        ("matrix", lambda b, lang: results_matrix(b, base, lang, demo.pk), "section[aria-labelledby=matrix-heading]"),
        # The ranking with the facilitator's triage buttons: the widest table of the room.
        ("ranking", lambda b, lang: results_matrix(b, base, lang, demo.pk), "section[aria-labelledby=ranking-heading]"),
        ("phone", lambda b, lang: participant_phone(b, base, lang, demo.join_code), None),
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        for name, open_page, selector in shots:
            for language, suffix in LANGUAGES.items():
                page = open_page(browser, language)
                page.wait_for_timeout(300)  # let htmx settle the regions it loads
                path = OUT / f"{name}{suffix}.png"
                target = page.locator(selector) if selector else page
                target.screenshot(path=str(path))
                print(f"wrote {path.relative_to(ROOT)}")
                page.context.close()
        browser.close()
    pdf_covers(demo)
    return 0


def pdf_covers(demo: Workshop) -> None:
    """The PDF plan's first page, exactly as a manager downloads it, drawn by poppler's pdftoppm."""
    import shutil
    import subprocess
    import tempfile

    from django.utils import translation

    from reports.exports import RENDERERS
    from reports.plan import workshop_plan

    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing (Debian's poppler-utils): the PDF cover is not taken again.", file=sys.stderr)
        return
    for language, suffix in LANGUAGES.items():
        with translation.override(language), tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "plan.pdf"
            pdf.write_bytes(RENDERERS["pdf"](workshop_plan(demo)))  # type: ignore[arg-type]
            stem = OUT / f"pdf-cover{suffix}"
            subprocess.run(
                ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)], check=True
            )
            print(f"wrote {stem.relative_to(ROOT)}.png")


if __name__ == "__main__":
    sys.exit(main())
