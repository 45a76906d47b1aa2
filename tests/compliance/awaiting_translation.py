"""English texts added by issue 21, awaiting their French: locale/ is translated later, from these strings.

The French test accepts these untranslated, and only these; remove each one once locale/ translates it.
"""

AWAITING_TRANSLATION: frozenset[str] = frozenset()
