"""The bench's table and the issue's targets: what is measured, against what, at which scale.

A verdict is only ever given for a figure this run measured: a target whose
figure is missing says "not measured", never "holds". Targets are defined at
TARGET_SCALES and checked at each of them; at another scale only failed
requests count. A smoke run (`--quick`) gives no verdict at all.
"""

from __future__ import annotations

import math
import os
import platform
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

# The scales the targets of issue 22 are stated at: 100 participants x 150 use cases, and 500 x 300.
TARGET_SCALES = ((100, 150), (500, 300))
SMOKE = "SMOKE RUN — no verdict"
HOLDS, MISSED, NOT_MEASURED = "holds", "MISSED", "not measured"


class Exit(IntEnum):
    HOLD = 0  # every target measured, and every one holds
    MISSED = 1  # a target missed (or a request failed)
    NOT_MEASURED = 2  # none missed, but something was not measured: no verdict on it


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    unit: str  # "ms", "/s", "MB", "" (a count), "s", "×"


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    op: str  # "<", "<=", ">=", "=="
    limit: float
    every_scale: bool = False  # checked at any scale, not only at TARGET_SCALES

    def holds(self, value: float) -> bool:
        return {
            "<": value < self.limit,
            "<=": value <= self.limit,
            ">=": value >= self.limit,
            "==": value == self.limit,
        }[self.op]

    @property
    def text(self) -> str:
        return f"{self.op} {self.limit:g}"


ROWS = [
    Row("floor_rps", "404 through the same stack (the floor)", "/s"),
    Row("poll_rps", "unchanged live poll (204)", "/s"),
    Row("poll_ratio", "unchanged live poll / the floor", "×"),
    Row("floor_ms", "404, p50", "ms"),
    Row("poll_ms", "unchanged live poll, p50", "ms"),
    Row("floor_cpu", "404, server CPU p50", "ms"),
    Row("poll_cpu", "unchanged live poll, server CPU p50", "ms"),
    Row("ranking_cold_p50", "ranking API after a vote, p50", "ms"),
    Row("ranking_cold_p95", "ranking API after a vote, p95", "ms"),
    Row("ranking_cold_cpu", "ranking API after a vote, server CPU p50", "ms"),
    Row("ranking_rescored_p50", "ranking API after a score change, p50", "ms"),
    Row("ranking_rescored_p95", "ranking API after a score change, p95", "ms"),
    Row("ranking_rescored_cpu", "ranking API after a score change, server CPU p50", "ms"),
    Row("ranking_warm_p50", "ranking API unchanged, p50", "ms"),
    Row("results_cold_p50", "results page after a vote, p50", "ms"),
    Row("results_cold_p95", "results page after a vote, p95", "ms"),
    Row("results_cold_cpu", "results page after a vote, server CPU p50", "ms"),
    Row("results_warm_p50", "results page unchanged, p50", "ms"),
    Row("results_warm_cpu", "results page unchanged, server CPU p50", "ms"),
    Row("reveal_max", "reveal: results pages at once, slowest", "ms"),
    Row("reveal_p50", "reveal: results pages at once, p50", "ms"),
    Row("reveal_cpu", "reveal: results pages at once, server CPU p50", "ms"),
    Row("portfolio_cold_p50", "portfolio after a vote, p50", "ms"),
    Row("portfolio_warm_p50", "portfolio unchanged, p50", "ms"),
    Row("xlsx_cold_p50", "XLSX export after a vote, p50", "ms"),
    Row("xlsx_warm_p50", "XLSX export unchanged, p50", "ms"),
    Row("score_p50", "score PUT (7 criteria), p50", "ms"),
    Row("score_p95", "score PUT (7 criteria), p95", "ms"),
    Row("score_cpu", "score PUT, server CPU p50", "ms"),
    Row("score_rps", "score PUTs, throughput", "/s"),
    Row("vote_p50", "vote write, p50", "ms"),
    Row("vote_p95", "vote write, p95", "ms"),
    Row("vote_cpu", "vote write, server CPU p50", "ms"),
    Row("board_204_p95", "boards' live polls, p95", "ms"),
    Row("board_requests", "boards' requests during the run", ""),
    Row("board_reloads", "boards' region reloads (phase change, reveal)", ""),
    Row("board_region_cpu", "boards' region reload, server CPU p50", "ms"),
    Row("board_cpu_s", "boards' requests, server CPU in all", "s"),
    Row("rss_mb", "largest gunicorn worker RSS", "MB"),
    Row("failed", "failed requests (5xx, resets, refused), all counted", ""),
    Row("seed_s", "seeding (bulk inserts)", "s"),
    Row("total_s", "this scale, seeding included", "s"),
]

# Issue 22's targets.
TARGETS = [
    Target("poll_ratio", "unchanged poll / 404 floor throughput", ">=", 1.0),
    Target("ranking_cold_p50", "ranking API after a vote, p50 (ms)", "<", 40),
    Target("ranking_cold_p95", "ranking API after a vote, p95 (ms)", "<", 100),
    Target("results_cold_p50", "results page after a vote, p50 (ms)", "<", 40),
    Target("results_cold_p95", "results page after a vote, p95 (ms)", "<", 100),
    Target("score_p95", "score PUT, p95 (ms)", "<", 25),
    Target("vote_p95", "vote write, p95 (ms)", "<", 25),
    Target("rss_mb", "largest worker RSS (MB)", "<", 150),
    Target("failed", "failed requests", "==", 0, every_scale=True),
]


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
    workers = "3 sync workers (docker-compose)" if server == "production" else "make run's server"
    cache = "Redis cache" if os.environ.get("CACHE_URL") else "local-memory cache"
    return (
        f"machine: {platform.machine()} {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{database}, gunicorn {workers}, DEBUG off, {cache}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


def _measured(figures: dict[str, float], key: str) -> float | None:
    value = figures.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "×":
        return f"{value:.2f}×"
    if unit in {"ms", "/s", "MB", "s"}:
        return f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return f"{int(value)}"


def _name(scale: tuple[int, int]) -> str:
    return f"{scale[0]}x{scale[1]}"


def table(results: list[tuple[tuple[int, int], dict]]) -> str:
    headers = ["figure", *(f"{_name(s)} ({r['figures'].get('scores', 0):,.0f} scores)" for s, r in results)]
    lines = []
    for row in ROWS:
        cells = [f"{row.label} ({row.unit})" if row.unit and row.unit != "×" else row.label]
        cells += [_fmt(_measured(r["figures"], row.key), row.unit) for _, r in results]
        lines.append(cells)
    return _markdown(headers, lines)


def _markdown(headers: list[str], lines: list[list[str]]) -> str:
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *lines, strict=True)]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"]
    out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    out += ["| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |" for cells in lines]
    return "\n".join(out)


def verdicts(scale: tuple[int, int], figures: dict[str, float]) -> dict[str, str]:
    """Each target checked at this scale: "holds", "MISSED" or "not measured" (none where it is not defined)."""
    out = {}
    for target in TARGETS:
        if scale not in TARGET_SCALES and not target.every_scale:
            continue
        value = _measured(figures, target.key)
        out[target.key] = NOT_MEASURED if value is None else (HOLDS if target.holds(value) else MISSED)
    return out


def verdict(results: list[tuple[tuple[int, int], dict]], *, smoke: bool = False) -> tuple[str, Exit]:
    """The verdict's text, target by target and scale by scale, and the exit status that goes with it."""
    if smoke:
        failed = sum(int(_measured(r["figures"], "failed") or 0) for _, r in results)
        lines = [SMOKE, f"{failed} request(s) failed" if failed else "every step ran, no request failed"]
        return "\n".join(lines), Exit.MISSED if failed else Exit.HOLD
    headers = ["target", *(_name(s) for s, _ in results)]
    by_scale = [verdicts(s, r["figures"]) for s, r in results]
    lines = []
    for target in TARGETS:
        cells = [f"{target.label} {target.text}"]
        for (_, result), checked in zip(results, by_scale, strict=True):
            if target.key not in checked:
                cells.append("(not a target here)")
                continue
            value = _fmt(_measured(result["figures"], target.key), _unit(target.key))
            said = checked[target.key]
            cells.append(said if said == NOT_MEASURED else f"{said} ({value})")
        lines.append(cells)
    every = [v for checked in by_scale for v in checked.values()]
    measured_at = [_name(s) for s, _ in results if s in TARGET_SCALES]
    summary = []
    if not measured_at:
        wanted = " and ".join(_name(s) for s in TARGET_SCALES)
        summary.append(f"NOT MEASURED: the targets are defined at {wanted}; this run measured neither")
    status = Exit.HOLD
    if MISSED in every:
        status = Exit.MISSED
        summary.append(f"{every.count(MISSED)} target(s) missed")
    if NOT_MEASURED in every or not measured_at:
        status = status if status == Exit.MISSED else Exit.NOT_MEASURED
        if NOT_MEASURED in every:
            summary.append(f"{every.count(NOT_MEASURED)} target(s) not measured: no verdict on them")
    if status == Exit.HOLD:
        summary.append("all targets hold at " + " and ".join(measured_at))
    return _markdown(headers, lines) + "\n" + "\n".join(summary), status


def _unit(key: str) -> str:
    return next(row.unit for row in ROWS if row.key == key)
