"""``{% memo "name" a=value b=value … %}…{% endmemo %}``: a fragment rendered once per distinct set of values.

For the rows of a long page that a change mostly leaves alone: after a vote, the
150 rows of a results page are the same but for the few whose rank or votes
moved, and rendering them again is most of the page's cost.

The fragment is rendered from the named values alone, in a context that holds
nothing else (``Context.new``: not the page's variables, not ``request``), and
the key is made of those same values, so a value the key does not hold cannot
appear in the HTML. Each value must be plain data whose ``repr`` says all it
holds (text, numbers, booleans, None, tuples, lists, dicts, enums and frozen
dataclasses of those): anything else (a model instance, a lazy object) is
refused with TemplateSyntaxError rather than cached. The language and the URL
prefix are part of the key too; a form's CSRF token is rendered as a
placeholder and filled in from the reader's context each time.

Rendered fragments go to Django's cache, the ``fragments`` alias: local memory in
each process, bounded (``TEMPLATE_MEMO_ENTRIES``), since a page asks for hundreds
of them and a network round trip each would cost more than rendering. A changed
value is a new key, so nothing is ever invalidated.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import types
import typing
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import date, datetime
from decimal import Decimal

from django import template
from django.conf import settings
from django.core.cache import caches
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from core.cache import CSRF_PLACEHOLDER

register = template.Library()
_SCALARS = frozenset({str, int, float, Decimal, bool, type(None), date, datetime})
_CONTAINERS = frozenset({tuple, list, frozenset, dict, Mapping, Sequence, AbstractSet})
_plain_classes: dict[type, bool] = {}


def _plain_type(hint: object, seen: frozenset[type] = frozenset()) -> bool:
    """Whether an annotation names plain data only: scalars, enums, containers and frozen dataclasses of those."""
    if hint is Ellipsis or hint in _SCALARS:
        return True
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return all(_plain_type(arg, seen) for arg in typing.get_args(hint))
    if origin is not None:
        return origin in _CONTAINERS and all(_plain_type(arg, seen) for arg in typing.get_args(hint))
    if isinstance(hint, type):
        if issubclass(hint, enum.Enum | str):
            return True
        return _plain_class(hint, seen)
    return False


def _plain_class(cls: type, seen: frozenset[type] = frozenset()) -> bool:
    """A frozen dataclass whose every field is annotated as plain data; decided once per class."""
    if cls in _plain_classes:
        return _plain_classes[cls]
    if cls in seen:
        return True
    verdict = False
    if dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        try:
            hints = typing.get_type_hints(cls)
        except (NameError, TypeError):
            hints = None
        names = {field.name for field in dataclasses.fields(cls)}
        verdict = hints is not None and all(_plain_type(hints[n], seen | {cls}) for n in names)
    _plain_classes[cls] = verdict
    return verdict


def plain(value: object, name: str) -> object:
    """`value` when it is plain data all the way down (its repr says all it holds), else TemplateSyntaxError.

    Text, numbers, booleans, None, dates, enums, tuples, lists and dicts of those, and frozen
    dataclasses whose fields are annotated so (checked once per class).
    """
    kind = type(value)
    if kind in _SCALARS or isinstance(value, str | enum.Enum):
        return value
    if kind in (tuple, list, frozenset):
        for item in value:  # type: ignore[attr-defined]
            plain(item, name)
        return value
    if kind is dict:
        for key, item in value.items():  # type: ignore[attr-defined]
            plain(key, name)
            plain(item, name)
        return value
    if _plain_class(kind):
        return value
    what = "a dataclass that is not frozen" if dataclasses.is_dataclass(value) else f"a {kind.__name__}"
    raise template.TemplateSyntaxError(f"{{% memo %}}: {name} is {what}, not plain data whose repr says all it holds")


class MemoNode(template.Node):
    def __init__(self, nodelist: NodeList, name: FilterExpression, values: dict[str, FilterExpression]) -> None:
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context: Context) -> SafeString:
        values = {key: plain(value.resolve(context), key) for key, value in self.values.items()}
        named = (self.name.resolve(context), translation.get_language(), get_script_prefix(), sorted(values.items()))
        key = "memo:" + hashlib.sha256(repr(named).encode()).hexdigest()
        memo = caches["fragments"]
        html = memo.get(key)
        if html is None:
            # Only the named values, and the CSRF placeholder: nothing the key does not hold.
            html = self.nodelist.render(context.new({**values, "csrf_token": CSRF_PLACEHOLDER}))
            memo.set(key, str(html), settings.VERSION_CACHE_SECONDS)
        if CSRF_PLACEHOLDER in html:
            html = html.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))
        return mark_safe(html)


@register.tag
def memo(parser: Parser, token: Token) -> MemoNode:
    bits = token.split_contents()[1:]
    if not bits or "=" in bits[0]:
        raise template.TemplateSyntaxError('{% memo "name" value=… %} needs a name, then the values it shows.')
    values = {}
    for bit in bits[1:]:
        key, sep, expression = bit.partition("=")
        if not sep or not key.isidentifier():
            raise template.TemplateSyntaxError(f"{{% memo %}} takes named values (name=value), not {bit!r}")
        values[key] = parser.compile_filter(expression)
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist, parser.compile_filter(bits[0]), values)
