"""``{{ text|markdown_safe }}``: Markdown to HTML that is safe to put in a page.

Summaries hold text from participants and from a language model: raw HTML in
it is never rendered. markdown-it-py runs with HTML disabled (tags come out as
text) and unsafe link schemes refused, then nh3 keeps only a short list of
formatting tags and attributes, whatever the renderer let through.
"""

from __future__ import annotations

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

register = template.Library()

ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render_markdown(text: str) -> SafeString:
    """Sanitised HTML for Markdown ``text`` (no raw HTML, no script, no event handler)."""
    html = _renderer.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # sanitised by nh3 just above


@register.filter(name="markdown_safe")
def markdown_safe(value: object) -> SafeString:
    return render_markdown(str(value or ""))
