"""``{{ text|markdown_safe }}``: Markdown to HTML that is safe to put in a page.

Summaries hold text from participants and from a language model: raw HTML in
it is never rendered. markdown-it-py runs with HTML disabled (tags come out as
text) and unsafe link schemes refused, then nh3 keeps only a short list of
formatting tags and attributes, whatever the renderer let through. No link and
no image survive: a summary has none of its own (summaries.markdown writes every
text as literal text), so one in the Markdown came from someone's text, and a
live link to a look-alike login page, or a remote image that tells a server who
read the page, is what an attacker would put there. Their text stays.
"""

from __future__ import annotations

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

register = template.Library()

ALLOWED_TAGS = {
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
ALLOWED_ATTRIBUTES = {"ol": {"start"}}
# No attribute holding a URL is allowed at all; should one ever be, no scheme is.
ALLOWED_URL_SCHEMES: set[str] = set()

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render_markdown(text: str) -> SafeString:
    """Sanitised HTML for Markdown ``text`` (no raw HTML, script, event handler, link or image)."""
    html = _renderer.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
    )
    return mark_safe(clean)  # sanitised by nh3 just above


@register.filter(name="markdown_safe")
def markdown_safe(value: object) -> SafeString:
    return render_markdown(str(value or ""))
