"""{% memo %}: a fragment rendered once per key and reused, in each language, with each reader's CSRF token."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from core.templatetags.atelier_memo import MEMO

FRAGMENT = Template("{% load i18n atelier_memo %}{% memo x %}{{ x }}/{{ y }} {% translate 'Results' %}{% endmemo %}")


def _render(**values: object) -> str:
    return FRAGMENT.render(Context(values))


def test_the_key_decides_what_is_rendered_again():
    assert _render(x=1, y="a") == "1/a Results"
    assert _render(x=1, y="b") == "1/a Results"  # y is not in the key: whatever it shows must be
    assert _render(x=2, y="b") == "2/b Results"
    assert _render(x=(1, 2), y="c") == "(1, 2)/c Results"


def test_each_language_has_its_own_rendering():
    with translation.override("en"):
        assert _render(x=1, y="a") == "1/a Results"
    with translation.override("fr"):
        assert _render(x=1, y="a") == "1/a Résultats"


def test_each_reader_gets_their_own_csrf_token():
    form = Template(
        "{% load atelier_memo %}{% memo 'form' %}<input value=\"{{ csrf_token }}\">{% csrf_token %}{% endmemo %}"
    )
    first = form.render(Context({"csrf_token": "token-of-alice"}))
    second = form.render(Context({"csrf_token": "token-of-carla"}))
    assert "token-of-alice" in first
    assert "token-of-alice" not in second
    assert second.count("token-of-carla") == 2


def test_the_memo_is_bounded(settings):
    settings.TEMPLATE_MEMO_ENTRIES = 3
    for x in range(10):
        _render(x=x, y="a")
    assert len(MEMO) == 3
    assert _render(x=9, y="new") == "9/a Results"  # the newest stay
    assert _render(x=0, y="new") == "0/new Results"  # the oldest went
