"""Markdown injection: participant and model text is written as literal text, and rendered inert."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from summaries.markdown import escape_markdown
from summaries.models import Summary
from summaries.templatetags.atelier_markdown import render_markdown
from tests.factories import UseCaseFactory
from tests.llm_server import SAMPLE_SUMMARY, summary_reply
from tests.summaries.support import make_summary, request_summary

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

PHISH = "[phish](https://evil.example/login)"
REMOTE_IMAGE = "![pixel](https://evil.example/pixel.png)"
SCRIPT_LINK = "[click](javascript:alert(1))"
RAW_IMAGE = '<img src="https://evil.example/raw.png">'

# A plain CommonMark renderer, without the sanitiser: what any other Markdown reader makes of it.
PLAIN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _live_markup(markdown: str) -> list[str]:
    """Links, images and raw HTML that a plain Markdown reader would make of ``markdown``."""
    rendered = PLAIN.render(markdown)
    return re.findall(r"<(?:a|img|script)\b[^>]*>", rendered)


# Letters, digits, punctuation, symbols and spaces: what people type (no control characters).
typed_text = st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=80)


@hypothesis_settings(max_examples=300, deadline=None)
@given(typed_text)
def test_escaped_text_renders_as_exactly_that_text(text):
    rendered = PLAIN.render(escape_markdown(text)).strip()
    # One line, runs of white space as one space; no-break spaces stay (a French amount never breaks).
    expected = re.sub(r"[^\S\u00a0\u2007\u202f]+", " ", text).strip()

    if not expected:
        assert rendered == ""
        return
    assert rendered.startswith("<p>")
    assert rendered.endswith("</p>")
    inner = rendered.removeprefix("<p>").removesuffix("</p>")
    assert "<" not in inner  # no tag of any kind: no emphasis, link, image, code or HTML
    assert html.unescape(inner) == expected


def test_builtin_summary_keeps_participant_markdown_as_literal_text(
    builtin, alice_client, workshop, alice, bob, django_capture_on_commit_callbacks
):
    UseCaseFactory(workshop=workshop, author=bob, title=PHISH, status="shortlisted")
    UseCaseFactory(workshop=workshop, author=bob, title=f"{REMOTE_IMAGE} {SCRIPT_LINK}")
    UseCaseFactory(workshop=workshop, author=bob, title=f"# Heading {RAW_IMAGE}")
    workshop.title = f"Workshop {PHISH}"
    workshop.save()

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert summary.status == "succeeded"
    assert _live_markup(summary.markdown) == []  # the stored Markdown itself is safe, for exports too
    assert f"“{PHISH}”" in html.unescape(PLAIN.render(summary.markdown))
    for url in (reverse("summaries:detail", args=[summary.pk]), reverse("summaries:panel", args=[workshop.pk])):
        page = alice_client.get(url).content.decode()
        assert PHISH in html.unescape(page)  # shown, as text
        assert 'href="https://evil.example' not in page
        assert "<img" not in page
        assert 'href="javascript' not in page


def test_an_llm_answer_with_images_and_script_links_is_stored_and_shown_inert(
    openai_llm, alice_client, workshop, alice, use_cases, django_capture_on_commit_callbacks
):
    answer = {
        **SAMPLE_SUMMARY,
        "key_themes": [REMOTE_IMAGE, SCRIPT_LINK, PHISH, RAW_IMAGE, "<https://evil.example/auto>"],
        "top_use_cases": [{"title": PHISH, "why": REMOTE_IMAGE}],
    }
    openai_llm.script(summary_reply(answer))

    summary = request_summary(workshop, alice, django_capture_on_commit_callbacks)

    assert summary.status == "succeeded"
    assert _live_markup(summary.markdown) == []
    page = alice_client.get(reverse("summaries:detail", args=[summary.pk])).content.decode()
    region = page.split('class="summary-text"', 1)[1].split("</div>", 1)[0]
    assert "<img" not in region
    assert "<a " not in region
    assert "javascript:" in html.unescape(region)  # the words are there, as text
    assert 'href="javascript' not in page


def test_stored_markdown_with_links_and_images_renders_without_them():
    """Summaries written before the escaping, or by hand in the admin: the page filter still holds."""
    legacy = "\n".join(
        [
            f"- {REMOTE_IMAGE}",
            f"- {SCRIPT_LINK}",
            f"- {PHISH}",
            f"- {RAW_IMAGE}",
            "- <https://evil.example/auto>",
            "- [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "- **kept** _formatting_",
        ]
    )

    out = str(render_markdown(legacy))

    assert "<img" not in out
    assert "<a" not in out
    assert "href=" not in out
    assert "src=" not in out.replace("&lt;img src=", "")  # the raw tag shows as text only
    assert "<strong>kept</strong>" in out
    assert "<em>formatting</em>" in out
    assert "phish" in out


def test_the_panel_renders_a_legacy_summary_without_its_links(alice_client, workshop):
    make_summary(workshop, markdown=f"## Key themes\n\n- {PHISH}\n- {REMOTE_IMAGE}\n")

    page = alice_client.get(reverse("summaries:panel", args=[workshop.pk])).content.decode()

    assert "phish" in page  # the link's text stays, the link goes
    assert "evil.example/login" not in page
    assert 'href="https://evil.example' not in page
    assert "<img" not in page
    assert Summary.objects.count() == 1
