"""The test run's settings: config.settings as a laptop loads it for development.

DEBUG is off unless asked for, and then a SECRET_KEY is required (config/settings.py). A
test run is a development run: the settings derived from DEBUG (plain HTTP, static files from
the finders, the development key) are a laptop's, as before; pytest-django still runs every
test with DEBUG off. The environment wins: DEBUG=false SECRET_KEY=... runs the suite with
production's derived settings.
"""

import os

os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: F403
