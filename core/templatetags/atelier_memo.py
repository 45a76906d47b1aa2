"""``{% memo value … %}…{% endmemo %}``: a fragment rendered once per distinct key, then reused by this process.

For the rows of a long page that a change mostly leaves alone: after a vote, the
150 rows of a results page are the same but for the few whose rank or votes
moved, and rendering them again is most of the page's cost.

The key is the ``repr`` of the values given (plus the language and the URL
prefix), so **give every value the fragment shows**, as value objects whose
``repr`` says what they hold (frozen dataclasses: a ranking row, a matrix point,
an item's fingerprint), never a model instance. A form's CSRF token is the one
thing the memo never holds: it is rendered as a placeholder and filled in from
the reader's context each time.

The memo is a bounded LRU in this process (``settings.TEMPLATE_MEMO_ENTRIES``):
no invalidation is needed, since a changed value is a new key.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from core.cache import CSRF_PLACEHOLDER, ProcessLRU

register = template.Library()


MEMO = ProcessLRU(lambda: settings.TEMPLATE_MEMO_ENTRIES)


class MemoNode(template.Node):
    def __init__(self, nodelist: NodeList, values: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.values = values

    def render(self, context: Context) -> SafeString:
        values = [value.resolve(context) for value in self.values]
        key = repr((translation.get_language(), get_script_prefix(), *values))
        html = MEMO.get(key)
        if html is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                html = self.nodelist.render(context)
            MEMO.put(key, html)
        if CSRF_PLACEHOLDER in html:
            html = html.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))
        return mark_safe(html)


@register.tag
def memo(parser: Parser, token: Token) -> MemoNode:
    values = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not values:
        raise template.TemplateSyntaxError("{% memo %} needs the values its fragment shows.")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist, values)
