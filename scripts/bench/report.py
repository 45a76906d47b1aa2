"""The bench's table and the issue's targets: what is measured, against what, at which scale."""

from __future__ import annotations

import math
import os
import platform
from dataclasses import dataclass
from pathlib import Path

TARGET_SCALE = (100, 150)  # the targets are stated at 100 participants x 150 use cases


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    unit: str  # "ms", "/s", "MB", "" (a count), "s"
    target: str = ""  # e.g. "< 60", ">= 200", or "" (shown, not checked)
    grows: bool = False  # a time that must not grow faster than the workshop does


ROWS = [
    Row("floor_rps", "404 through the same stack (the floor)", "/s"),
    Row("poll_rps", "unchanged live poll (204)", "/s"),
    Row("floor_ms", "404, p50", "ms"),
    Row("poll_ms", "unchanged live poll, p50", "ms"),
    Row("ranking_cold_p50", "ranking API after a change (a vote), p50", "ms", "< 60", True),
    Row("ranking_cold_p95", "ranking API after a change (a vote), p95", "ms", "< 120", True),
    Row("ranking_rescored_p50", "ranking API after a score change, p50", "ms", "", True),
    Row("ranking_rescored_p95", "ranking API after a score change, p95", "ms", "", True),
    Row("ranking_warm_p50", "ranking API unchanged, p50", "ms", "< 10", True),
    Row("results_cold_p50", "results page after a change (a vote), p50", "ms", "< 60", True),
    Row("results_cold_p95", "results page after a change (a vote), p95", "ms", "< 120", True),
    Row("results_warm_p50", "results page unchanged, p50", "ms", "< 10", True),
    Row("reveal_max", "reveal: 100 results pages at once, slowest", "ms", "<= 2000", True),
    Row("reveal_p50", "reveal: 100 results pages at once, p50", "ms", "", True),
    Row("portfolio_cold_p50", "portfolio after a change (a vote), p50", "ms", "", True),
    Row("portfolio_warm_p50", "portfolio unchanged, p50", "ms", "", True),
    Row("xlsx_cold_p50", "XLSX export after a change (a vote), p50", "ms", "", True),
    Row("xlsx_warm_p50", "XLSX export unchanged, p50", "ms", "", True),
    Row("score_p50", "score PUT (7 criteria), p50", "ms", "", True),
    Row("score_p95", "score PUT (7 criteria), p95", "ms", "< 30", True),
    Row("score_rps", "score PUTs, throughput", "/s", ">= 200"),
    Row("vote_p50", "vote write, p50", "ms", "", True),
    Row("vote_p95", "vote write, p95", "ms", "< 30", True),
    Row("board_204_p95", "boards' live polls, p95", "ms"),
    Row("board_requests", "boards' requests during the run", ""),
    Row("rss_mb", "largest gunicorn worker RSS", "MB", "< 150"),
    Row("failed", "failed requests (5xx, resets, locked)", "", "== 0"),
    Row("seed_s", "seeding (bulk inserts)", "s"),
    Row("total_s", "this scale, seeding included", "s"),
]
# Checked at every scale, not only at the target scale.
EVERY_SCALE = {"rss_mb", "failed"}


def machine_line(connection: object, server: str, load: tuple[float, float, float]) -> str:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line]
        cpu = names[0] if names else ""
    database = connection.vendor  # type: ignore[attr-defined]
    with connection.cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute("SELECT sqlite_version()" if database == "sqlite" else "SHOW server_version")
        database += " " + str(cursor.fetchone()[0])
    workers = "3 sync workers (docker-compose)" if server == "production" else "2 workers x 8 threads (make run)"
    cache = "Redis cache" if os.environ.get("CACHE_URL") else "local-memory cache"
    return (
        f"machine: {platform.machine()} {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{database}, gunicorn {workers}, {cache}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


def _fmt(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit in {"ms", "/s", "MB", "s"}:
        return f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return f"{int(value)}"


def _ratio(row: Row, figures: dict[str, float]) -> str:
    if row.unit == "ms" and figures.get("floor_ms"):
        return f" ({figures[row.key] / figures['floor_ms']:.1f}×)"
    if row.unit == "/s" and figures.get("floor_rps") and row.key != "floor_rps":
        return f" ({figures[row.key] / figures['floor_rps']:.2f}×)"
    return ""


def table(results: list[tuple[tuple[int, int], dict]]) -> str:
    headers = ["figure", *(f"{p}x{u} ({r['figures']['scores']:,.0f} scores)" for (p, u), r in results), "target"]
    lines = []
    for row in ROWS:
        cells = [f"{row.label} ({row.unit})" if row.unit else row.label]
        for _, result in results:
            figures = result["figures"]
            cells.append(_fmt(figures.get(row.key), row.unit) + (_ratio(row, figures) if row.key in figures else ""))
        target = row.target
        if row.key == "poll_rps":
            target = ">= 0.9× floor"
        cells.append(target)
        lines.append(cells)
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *lines, strict=True)]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"]
    out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    out += ["| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |" for cells in lines]
    return "\n".join(out)


def _holds(target: str, value: float) -> bool:
    op, _, number = target.partition(" ")
    limit = float(number)
    return {"<": value < limit, "<=": value <= limit, ">=": value >= limit, "==": value == limit}[op]


def check(results: list[tuple[tuple[int, int], dict]], *, failures_only: bool = False) -> list[str]:
    """The targets missed: at 100x150 (and any failure or RSS at every scale), and growth beyond linear.

    `failures_only` (a quick run, too short to time anything): only requests that failed count.
    """
    missed = []
    for scale, result in results:
        figures = result["figures"]
        if failures_only:
            if figures["failed"]:
                missed.append(f"{scale[0]}x{scale[1]}: {figures['failed']} request(s) failed")
            continue
        at_target = scale == TARGET_SCALE
        for row in ROWS:
            if not row.target or (not at_target and row.key not in EVERY_SCALE):
                continue
            value = figures.get(row.key)
            if value is None or math.isnan(value) or not _holds(row.target, value):
                shown = f"{_fmt(value, row.unit)} {row.unit}"
                missed.append(f"{scale[0]}x{scale[1]}: {row.label} = {shown}, target {row.target}")
        if at_target and figures["poll_rps"] < 0.9 * figures["floor_rps"]:
            ratio = figures["poll_rps"] / figures["floor_rps"]
            missed.append(f"{scale[0]}x{scale[1]}: unchanged poll at {ratio:.2f}× the 404 floor, target >= 0.9×")
    base = None if failures_only else next((r for s, r in results if s == TARGET_SCALE), None)
    for scale, result in results:
        if base is None or result["figures"]["scores"] <= base["figures"]["scores"]:
            continue
        growth = result["figures"]["scores"] / base["figures"]["scores"]
        for row in ROWS:
            if row.grows and result["figures"][row.key] > growth * base["figures"][row.key]:
                times = result["figures"][row.key] / base["figures"][row.key]
                what = f"{row.label} grew {times:.1f}× for a workshop {growth:.0f}× larger"
                missed.append(f"{scale[0]}x{scale[1]}: {what}")
    return missed
