"""How long the plan's PDF takes at its worst: 150 shortlisted use cases, every text at its maximum length.

Issue 16's bound: under 3 s, whatever participants type. Runs in a throw-away
SQLite database, renders the PDF three times and prints the median; exits 1
when it is over the bound. `make bench` runs it after the HTTP bench.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='atelier-bench-pdf-')}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

BOUND_SECONDS = 3.0
USE_CASES = 150


def main() -> int:
    from reports.exports import RENDERERS
    from reports.plan import workshop_plan
    from roi.models import RoiEstimate
    from usecases.models import TEXT_MAX_LENGTHS, UseCase
    from workshop.models import Client, Workshop

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create(username="bench")
    workshop = Workshop.objects.create(client=Client.objects.create(name="Bench", created_by=user), title="Bench")
    words = {field: ("participant words " * limit)[:limit] for field, limit in TEXT_MAX_LENGTHS.items()}
    use_cases = UseCase.objects.bulk_create(
        UseCase(workshop=workshop, status="shortlisted", **words) for _ in range(USE_CASES)
    )
    RoiEstimate.objects.bulk_create(RoiEstimate(use_case=uc, effort_days=20, daily_rate=800) for uc in use_cases)
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        size = len(RENDERERS["pdf"](workshop_plan(workshop)))
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    verdict = "ok" if median <= BOUND_SECONDS else "MISSED"
    print(f"PDF plan, {USE_CASES} use cases at maximum length: {median:.2f} s median ({size // 1024} KB)")
    print(f"  bound <= {BOUND_SECONDS:.0f} s: {verdict}  (runs: {', '.join(f'{t:.2f}' for t in timings)} s)")
    return 0 if median <= BOUND_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
