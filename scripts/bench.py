"""Atelier's benchmark: the hot paths, timed and measured on a throw-away database.

Run with `make bench`. It builds workshops of growing size in a temporary
SQLite file (or the database DATABASE_URL names, if set — it then creates and
drops its own rows only in a fresh test database), and prints, for each path,
the median wall time over repeated runs, the number of SQL queries and the
peak Python memory (tracemalloc). Each line states its target; a line that
misses it is marked MISS and the script exits 1.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="atelier-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client as BrowserClient  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RESULTS: list[tuple[str, bool]] = []


def measure(
    label: str,
    fn: Callable[[], object],
    *,
    repeat: int,
    target_ms: float,
    max_queries: int | None = None,
    max_peak_mb: float | None = None,
) -> None:
    for _ in range(5):  # warm up caches, imports and the first connection
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    reset_queries()  # a request resets the log; start from empty so the count is right
    with CaptureQueriesContext(connection) as ctx:
        fn()
    tracemalloc.start()
    fn()
    peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    median = statistics.median(times)
    ok = median <= target_ms
    if max_queries is not None:
        ok = ok and len(ctx.captured_queries) <= max_queries
    if max_peak_mb is not None:
        ok = ok and peak_mb <= max_peak_mb
    RESULTS.append((label, ok))
    limits = f"target ≤ {target_ms:g} ms"
    if max_queries is not None:
        limits += f", ≤ {max_queries} queries"
    if max_peak_mb is not None:
        limits += f", ≤ {max_peak_mb:g} MB"
    print(
        f"{'ok  ' if ok else 'MISS'} {label:<52} median {median:8.2f} ms  p-max {max(times):8.2f} ms  "
        f"{len(ctx.captured_queries):3d} queries  peak {peak_mb:7.2f} MB   ({limits})"
    )


def build_workshop(n_use_cases: int, n_participants: int):  # type: ignore[no-untyped-def]
    from tests.factories import ParticipantFactory, UseCaseFactory, UserFactory, WorkshopFactory
    from usecases.models import Score, Status, Vote

    user = UserFactory(username=f"bench{n_use_cases}x{n_participants}", facilitator=True)
    workshop = WorkshopFactory(facilitators=[user], phase="vote", results_revealed=True)
    criteria = list(workshop.criteria.all())
    use_cases = [UseCaseFactory(workshop=workshop, title=f"Use case {i:03d}") for i in range(n_use_cases)]
    for uc in use_cases[:5]:
        uc.status = Status.SHORTLISTED
        uc.save(update_fields=["status"])
    participants = []
    tokens = []
    for _ in range(n_participants):
        participant, token = ParticipantFactory.with_token(workshop=workshop)
        participants.append(participant)
        tokens.append(token)
    Score.objects.bulk_create(
        (
            Score(participant=p, use_case=uc, criterion=c, value=1 + (p.pk * 7 + uc.pk * 3 + c.pk) % 5)
            for p in participants
            for uc in use_cases
            for c in criteria
        ),
        batch_size=2000,
    )
    Vote.objects.bulk_create(
        Vote(participant=p, use_case=use_cases[(i + j) % n_use_cases], dots=1)
        for i, p in enumerate(participants)
        for j in range(min(5, n_use_cases))
    )
    return workshop, user, tokens[0]


def main() -> int:
    call_command("migrate", verbosity=0)
    from decimal import Decimal

    from reports.exports import RENDERERS
    from reports.plan import workshop_plan
    from roi.calculator import RoiInputs, scenarios
    from summaries.builtin import builtin_summary
    from summaries.snapshot import summary_snapshot
    from usecases.ranking import rank_workshop
    from workshop.selectors import participant_cookie_name

    print(f"Atelier benchmark — database: {connection.vendor}, Python {sys.version.split()[0]}")
    for n_uc, n_p in ((5, 3), (60, 30), (200, 50)):
        workshop, user, token = build_workshop(n_uc, n_p)
        scores = n_uc * n_p * workshop.criteria.count()
        measure(
            f"ranking {n_uc} use cases x {n_p} participants ({scores} scores)",
            lambda w=workshop: rank_workshop(w),
            repeat=10,
            target_ms=max(20.0, scores / 100),
            max_queries=5,
        )
        participant_browser = BrowserClient()
        participant_browser.cookies[participant_cookie_name(workshop.pk)] = token
        live_url = f"/workshops/{workshop.pk}/live/"
        etag = participant_browser.get(live_url)["ETag"]
        measure(
            f"unchanged live poll, {n_uc}x{n_p} (htmx, If-None-Match)",
            lambda c=participant_browser, u=live_url, e=etag: c.get(u, HTTP_IF_NONE_MATCH=e, HTTP_HX_REQUEST="true"),
            repeat=200,
            target_ms=5.0,
            max_queries=3,
        )
        if n_uc == 60:
            facilitator_browser = BrowserClient()
            facilitator_browser.force_login(user)
            measure(
                f"facilitator board region, {n_uc}x{n_p} (full render)",
                lambda c=facilitator_browser, w=workshop: c.get(f"/workshops/{w.pk}/board/"),
                repeat=10,
                target_ms=150.0,
            )
            measure(
                f"results page with matrix, {n_uc}x{n_p}",
                lambda c=facilitator_browser, w=workshop: c.get(f"/workshops/{w.pk}/results/"),
                repeat=10,
                target_ms=250.0,
            )
            plan = workshop_plan(workshop)
            for fmt, render in (
                ("csv", RENDERERS["csv"]),
                ("xlsx", RENDERERS["xlsx"]),
                ("md", RENDERERS["md"]),
                ("pdf", RENDERERS["pdf"]),
            ):
                measure(
                    f"POC plan export .{fmt}, {n_uc} use cases",
                    lambda r=render, p=plan: r(p),
                    repeat=3,
                    target_ms=2000.0,
                    max_peak_mb=100.0,
                )
            measure(
                f"built-in summary (snapshot + text), {n_uc}x{n_p}",
                lambda w=workshop: builtin_summary(summary_snapshot(w), w.language),
                repeat=5,
                target_ms=300.0,
            )
        reset_queries()

    inputs = RoiInputs(
        effort_days=Decimal(40),
        daily_rate=Decimal(900),
        setup_cost=Decimal(5000),
        monthly_run_cost=Decimal(300),
        inference_cost_per_1k=Decimal("1.5"),
        monthly_requests=Decimal(20000),
        hours_saved_per_month=Decimal(160),
        hourly_cost=Decimal(55),
        ramp_months=6,
        horizon_years=10,
    )
    measure("ROI low/base/high over 10 years", lambda: scenarios(inputs), repeat=200, target_ms=2.0)

    missed = [label for label, ok in RESULTS if not ok]
    print(f"{len(RESULTS) - len(missed)} within target, {len(missed)} missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
