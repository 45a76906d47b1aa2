"""French formats: Django's, with a narrow no-break space (U+202F) between the thousands, as French typography
sets them ("165 818,07 €"), on pages and in exports alike; core.formatting and the number inputs read it."""

from django.conf.locale.fr.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "\u202f"
