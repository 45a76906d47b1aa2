"""{% memo %}: a fragment shows only the values named in its key, so it is never stale; per language and reader."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.utils import translation

FRAGMENT = Template(
    "{% load i18n atelier_memo %}{% memo 'x' x=x %}{{ x }}/{{ y }} {% translate 'Results' %}{% endmemo %}"
)


@dataclass(frozen=True)
class Row:
    title: str
    votes: int


@dataclass
class Loose:
    title: str


def _render(template: Template = FRAGMENT, **values: object) -> str:
    return template.render(Context(values))


def test_a_value_not_named_in_the_key_never_appears():
    # `y` is not named: the fragment cannot show it, neither the first time nor from the cache.
    assert _render(x=1, y="a") == "1/ Results"
    assert _render(x=1, y="b") == "1/ Results"
    assert _render(x=2, y="b") == "2/ Results"


def test_a_changed_value_is_rendered_again_never_served_stale():
    both = Template("{% load atelier_memo %}{% memo 'row' row=row %}{{ row.title }}: {{ row.votes }}{% endmemo %}")
    assert _render(both, row=Row("Triage", 3)) == "Triage: 3"
    assert _render(both, row=Row("Triage", 4)) == "Triage: 4"
    assert _render(both, row=Row("Triage", 3)) == "Triage: 3"


def test_the_page_s_other_variables_are_out_of_the_fragment_s_reach():
    page = Template("{% load atelier_memo %}{% memo 'row' row=row %}{{ row.title }}{{ request.path }}{% endmemo %}")
    assert _render(page, row=Row("Triage", 3), request={"path": "/secret/"}) == "Triage"


def test_only_plain_values_can_be_named():
    """A value whose repr does not say all it holds (a model instance, a mutable dataclass) is refused."""
    loose = Template("{% load atelier_memo %}{% memo 'row' row=row %}{{ row.title }}{% endmemo %}")
    with pytest.raises(TemplateSyntaxError, match="not frozen"):
        _render(loose, row=Loose("Triage"))
    with pytest.raises(TemplateSyntaxError, match="object"):
        _render(loose, row=object())
    with pytest.raises(TemplateSyntaxError, match="named values"):
        Template("{% load atelier_memo %}{% memo 'row' row %}{% endmemo %}")


def test_each_language_has_its_own_rendering():
    with translation.override("en"):
        assert _render(x=1) == "1/ Results"
    with translation.override("fr"):
        assert _render(x=1) == "1/ Résultats"


def test_each_reader_gets_their_own_csrf_token():
    form = Template(
        "{% load atelier_memo %}{% memo 'form' %}<input value=\"{{ csrf_token }}\">{% csrf_token %}{% endmemo %}"
    )
    first = form.render(Context({"csrf_token": "token-of-alice"}))
    second = form.render(Context({"csrf_token": "token-of-carla"}))
    assert "token-of-alice" in first
    assert "token-of-alice" not in second
    assert second.count("token-of-carla") == 2


def test_the_fragments_are_bounded_by_the_cache_s_size():
    bounded = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "memo-default"},
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "memo-bounded",
            "OPTIONS": {"MAX_ENTRIES": 3, "CULL_FREQUENCY": 1},
        },
    }
    with override_settings(CACHES=bounded):
        from django.core.cache import caches

        for x in range(10):
            _render(x=x)
        assert len(caches["fragments"]._cache) <= 3  # type: ignore[attr-defined]
        caches["fragments"].clear()
