"""`make bench` cannot rot: a small run of it, over HTTP against a real gunicorn, on this suite's database.

It asserts nothing about speed, only that every step ran and every request was answered.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_bench_runs_every_step_over_http_at_a_small_scale():
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
    for figure in ("404 through the same stack", "ranking API after a change", "reveal: 100 results pages at once"):
        assert figure in out
    assert "all targets hold" in out  # in a quick run: no request failed
