"""Legal references as the reader writes them: "GDPR Art. 35(3)" is "RGPD art. 35(3)" in French.

The rules, the law editions and the API keep one spelling, the English one (a machine compares them);
pages, exports and summaries show them through `reference_text`, in the reader's or the export's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils import translation

# English -> French, applied in order (the longer forms first).
_FRENCH = [
    (re.compile(r"\bGDPR Art\. "), "RGPD art. "),
    (re.compile(r"\bGDPR Chapter "), "RGPD chapitre "),
    (re.compile(r"\bGDPR\b"), "RGPD"),
    (re.compile(r"\bAI Act Art\. "), "AI Act art. "),
    (re.compile(r"(?<=\w )Art\. "), "art. "),
    (re.compile(r"(?<=, )Art\. "), "art. "),
    (re.compile(r"^Art\. "), "Art. "),
    (re.compile(r"^Annex\b"), "Annexe"),
    (re.compile(r"\bAnnex\b"), "annexe"),
    (re.compile(r"\bWP248 criterion\b"), "WP248 critère"),
    (re.compile(r"\bWP248 criteria\b"), "WP248 critères"),
    (re.compile(r"\brecital\b"), "considérant"),
]


def reference_text(reference: str, *, language: str | None = None) -> str:
    """`reference` ("GDPR Chapter V", "Annex III 5(b)", "Art. 6(2), Annex III") in `language` (default: active)."""
    lang = (language or translation.get_language() or "en")[:2]
    text = str(reference)
    if lang != "fr":
        return text
    for pattern, replacement in _FRENCH:
        text = pattern.sub(replacement, text)
    return text


def references_text(references: str | Iterable[object] | None, *, language: str | None = None) -> str:
    """Several references, comma-separated, each in `language`."""
    if isinstance(references, str):
        return reference_text(references, language=language)
    return ", ".join(reference_text(str(r), language=language) for r in references or ())
