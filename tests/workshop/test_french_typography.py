"""French texts follow French typography: a no-break space before : ; ! ? and inside « guillemets »."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from tests.workshop.test_i18n import CATALOGUE, _po_entries

NO_BREAK = "\u00a0\u202f"
# Code the reader copies as is (an HTTP header, a JSON shape): left exactly as the API expects it.
CODE_SAMPLES = ("Authorization: Participant", "Authorization: Token", '{"<criterion id>"', '{"<code de question>"')

RULES = [
    (re.compile(r" [:;!?]"), "an ordinary space before : ; ! ? (use a no-break space)"),
    (re.compile(rf"(?<![\s{NO_BREAK}])[;!?](?=\s|$)"), "no space before ; ! ?"),
    (re.compile(r"(?<=[\w)»])(?<!https)(?<!http):(?=\s|$)"), "no space before :"),
    (re.compile(r"[“”\"]"), "English quotes (use « guillemets »)"),
    (re.compile(r"«(?!\u00a0)|(?<!\u00a0)»"), "guillemets without a no-break space inside"),
]


def _french_texts() -> list[str]:
    entries = [entry for entry in _po_entries(CATALOGUE / "django.po") if entry["msgid"]]
    return [text for entry in entries for text in entry["msgstr"].values()]


def test_french_catalogue_follows_french_typography():
    problems = []
    for text in _french_texts():
        if any(sample in text for sample in CODE_SAMPLES):
            continue
        problems += [f"{why}: {text!r}" for rule, why in RULES if rule.search(text)]
    assert problems == []


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("Payback", "Délai de retour"),  # as the exports say, not « retour sur investissement »
        ("Payback (months)", "Délai de retour (mois)"),
        ("Use case saved.", "Cas d'usage enregistré."),
        ("Next phase: %(phase)s", "Phase suivante\u00a0: %(phase)s"),
    ],
)
def test_french_words_match_across_pages_and_exports(english, french):
    with translation.override("fr"):
        assert translation.gettext(english) == french
