"""`python -m scripts.bench [--scale 100x150] [--scale 500x300] [--server laptop] [--quick]`."""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import shutil
import signal
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from .report import machine_line, table, verdict
from .server import ROOT, environment

DEFAULT_SCALES = ["100x150"]
MAX_PARTICIPANTS, MAX_USE_CASES = 500, 300


def _scale(text: str) -> tuple[int, int]:
    try:
        participants, use_cases = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError("a scale is PARTICIPANTSxUSE_CASES, e.g. 100x150") from None
    if not (1 <= participants <= MAX_PARTICIPANTS and 2 <= use_cases <= MAX_USE_CASES):
        raise argparse.ArgumentTypeError(f"at most {MAX_PARTICIPANTS}x{MAX_USE_CASES}, at least 1x2")
    return participants, use_cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__)
    parser.add_argument(
        "--scale", action="append", type=_scale, help="participants x use cases (7 criteria); repeat for several"
    )
    parser.add_argument("--server", choices=["production", "laptop"], default="production")
    parser.add_argument(
        "--quick", action="store_true", help="a few requests per step, no verdict (a smoke run): proves the bench runs"
    )
    args = parser.parse_args(argv)
    # Stopped from outside: unwind like Ctrl-C, so gunicorn is stopped and the bench's rows removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    scales = args.scale or [_scale(s) for s in DEFAULT_SCALES]

    workdir = Path(tempfile.mkdtemp(prefix="atelier-bench-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir}/bench.sqlite3"
    env = environment(database_url, workdir / "static", secrets.token_urlsafe(50))
    # The bench seeds with the very settings the server runs with (same database, same secret key).
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "STATIC_ROOT")})
    os.environ.update(DJANGO_SETTINGS_MODULE="config.settings", LOG_LEVEL="WARNING", SECURE_SSL_REDIRECT="false")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from .run import QUICK, Pace, run_scale

    try:
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        load_before = os.getloadavg()
        print(machine_line(connection, args.server, load_before), flush=True)
        results = []
        for participants, use_cases in scales:
            print(f"… {participants} participants x {use_cases} use cases x 7 criteria", flush=True)
            started = time.monotonic()
            pace = QUICK if args.quick else Pace()
            result = run_scale(participants, use_cases, env=env, workdir=workdir, kind=args.server, pace=pace)
            result["figures"]["total_s"] = time.monotonic() - started
            results.append(((participants, use_cases), result))
            for failure in result["failures"]:
                print(f"   failed: {failure}", flush=True)
        print()
        print(f"Atelier bench, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}")
        print(table(results))
        load_after = os.getloadavg()
        print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (1 min)")
        print()
        text, status = verdict(results, smoke=args.quick)
        print(text)
        return int(status)
    finally:
        connection.close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
