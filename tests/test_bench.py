"""`make bench` cannot rot, and cannot flatter: it gives no verdict on what it did not measure.

The report's tests build runs by hand (figures as `run_scale` returns them);
one smoke run goes over HTTP against a real gunicorn, on this suite's database,
and proves every step still runs. Nothing here asserts anything about speed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from scripts.bench.report import SMOKE, TARGETS, Exit, verdict, verdicts

ROOT = Path(__file__).resolve().parent.parent
# Every target's figure, each one holding by a wide margin.
HOLDING = {
    "floor_rps": 1000.0,
    "poll_rps": 1200.0,
    "poll_ratio": 1.2,
    "ranking_cold_p50": 10.0,
    "ranking_cold_p95": 20.0,
    "results_cold_p50": 10.0,
    "results_cold_p95": 20.0,
    "score_p95": 10.0,
    "vote_p95": 10.0,
    "rss_mb": 100.0,
    "failed": 0,
    "scores": 105000,
}


def _run(**figures: float) -> dict:
    return {"figures": figures, "failures": []}


def test_every_target_measured_and_holding_at_both_scales_is_the_only_pass():
    text, status = verdict([((100, 150), _run(**HOLDING)), ((500, 300), _run(**HOLDING))])
    assert status == Exit.HOLD
    assert "all targets hold at 100x150 and 500x300" in text
    assert "not measured" not in text
    assert "MISSED" not in text


def test_a_target_the_run_did_not_measure_is_not_measured_never_holds():
    without_votes = {k: v for k, v in HOLDING.items() if k != "vote_p95"}
    text, status = verdict([((100, 150), _run(**without_votes))])
    assert status == Exit.NOT_MEASURED == 2
    assert verdicts((100, 150), without_votes)["vote_p95"] == "not measured"
    vote_line = next(line for line in text.splitlines() if line.startswith("| vote write"))
    assert "not measured" in vote_line
    assert "holds" not in vote_line
    assert "all targets hold" not in text
    assert "1 target(s) not measured" in text


def test_a_figure_that_is_nan_counts_as_not_measured():
    assert verdicts((100, 150), {**HOLDING, "results_cold_p95": float("nan")})["results_cold_p95"] == "not measured"


def test_targets_are_checked_at_500x300_too():
    slow = {**HOLDING, "results_cold_p95": 205.0, "poll_ratio": 0.8}
    text, status = verdict([((100, 150), _run(**HOLDING)), ((500, 300), _run(**slow))])
    assert status == Exit.MISSED == 1
    assert verdicts((500, 300), slow)["results_cold_p95"] == "MISSED"
    assert verdicts((500, 300), slow)["poll_ratio"] == "MISSED"
    assert "2 target(s) missed" in text
    assert "all targets hold" not in text


def test_a_miss_outweighs_what_was_not_measured():
    _, status = verdict([((100, 150), _run(**{**HOLDING, "score_p95": 30.0, "rss_mb": float("nan")}))])
    assert status == Exit.MISSED


def test_a_run_only_at_other_scales_measured_no_target():
    text, status = verdict([((20, 30), _run(**HOLDING))])
    assert status == Exit.NOT_MEASURED
    assert "this run measured neither" in text
    assert "all targets hold" not in text
    # Only the failures are checked where no target is defined.
    assert set(verdicts((20, 30), HOLDING)) == {t.key for t in TARGETS if t.every_scale} == {"failed"}


def test_every_failed_request_is_a_miss_at_any_scale():
    _, status = verdict([((20, 30), _run(**{**HOLDING, "failed": 21}))])
    assert status == Exit.MISSED


def test_a_smoke_run_gives_no_verdict():
    text, status = verdict([((3, 4), _run(**HOLDING))], smoke=True)
    assert text.startswith(SMOKE)
    assert "holds" not in text
    assert "all targets hold" not in text
    assert status == Exit.HOLD
    text, status = verdict([((3, 4), _run(**{**HOLDING, "failed": 3}))], smoke=True)
    assert "3 request(s) failed" in text
    assert status == Exit.MISSED


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_the_smoke_run_goes_through_every_step_over_http():
    env = {**os.environ, "DATABASE_URL": _database_url()}
    run = subprocess.run(
        [sys.executable, "-m", "scripts.bench", "--scale", "3x4", "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = run.stdout
    assert run.returncode == 0, out + run.stderr
    assert SMOKE in out
    assert "all targets hold" not in out
    assert "holds" not in out
    rows = [line.split("|") for line in out.splitlines() if line.count("|") > 2]
    figures = {cells[1].strip(): cells[2].strip() for cells in rows}
    # Every step answered: the floor, the writes, the reads after a change, and the reveal.
    for figure in ("404 through the same stack (the floor) (/s)", "ranking API after a vote, p50 (ms)",
                   "results page after a vote, server CPU p50 (ms)", "vote write, p95 (ms)",
                   "reveal: results pages at once, slowest (ms)"):  # fmt: skip
        assert figures[figure] not in {"", "–"}, figure
    assert figures["failed requests (5xx, resets, refused), all counted"] == "0"
    # The phase change and the reveal went through the services: the boards reloaded their region.
    assert int(figures["boards' region reloads (phase change, reveal)"]) >= 1
