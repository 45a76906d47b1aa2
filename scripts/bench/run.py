"""One scale of the bench: seed, serve, let the boards poll, and time what a workshop asks meanwhile.

Every change the bench makes is one a room makes, through the same code: score
PUTs and votes over the HTTP API, the phase change and the reveal through the
services their views call. So `version` and `room_version` move as in the room,
and every board reloads its region when the phase or the reveal changes.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from workshop.models import Phase
from workshop.selectors import participant_cookie_name

from . import seed
from .load import Answer, Boards, BoardState, Intervals, Log, at_once, closed_loop, fetch, median, paced, percentile
from .server import Server

FLOOR_PATH = "/bench-floor-not-found/"


@dataclass(frozen=True)
class Pace:
    """How long each step runs: the full bench, or the smoke run that only proves the script still works."""

    warmup: float = 6.0
    rounds: int = 2
    round_seconds: float = 5.0
    clients: int = 6
    writes: int = 60
    write_loop_seconds: float = 8.0
    cold_reads: int = 16
    warm_reads: int = 30
    export_reads: int = 5
    reveal_readers: int = 100
    settle: float | None = None  # after a phase change or the reveal; None: one live poll interval and a second


QUICK = Pace(warmup=1.0, rounds=1, round_seconds=1.0, clients=2, writes=6, write_loop_seconds=1.0, cold_reads=2,
             warm_reads=3, export_reads=1, reveal_readers=10, settle=0.5)  # fmt: skip


def intervals() -> Intervals:
    """What the pages tell the browser (core.context_processors): the bench's boards poll at the same pace."""
    return Intervals(
        live=float(settings.LIVE_POLL_SECONDS),
        poll=float(settings.LIVE_POLL_SECONDS),
        summary=float(settings.SUMMARY_REFRESH_SECONDS),
    )


def run_scale(participants: int, use_cases: int, *, env: dict[str, str], workdir: Path, kind: str, pace: Pace) -> dict:
    started = time.monotonic()
    seeded = seed.build(participants, use_cases)
    seeded_in = time.monotonic() - started
    server = Server(env, workdir, kind)
    log = Log()
    figures: dict[str, float] = {"seed_s": seeded_in, "scores": seeded.scores}
    try:
        server.start()
        figures.update(_drive(server.port, seeded, log, pace))
    finally:
        server.stop()
        seed.remove(seeded)
    if server.rss_mb:
        figures["rss_mb"] = server.rss_mb
    figures["failed"] = log.failed()
    figures["board_requests"] = sum(len(v) for k, v in log.times.items() if k.startswith("board "))
    figures["board_reloads"] = len(log.times["board region"])
    figures["board_204_p95"] = percentile(log.times["board live"], 95)
    figures["board_region_cpu"] = median(log.cpu["board region"])
    figures["board_cpu_s"] = sum(sum(v) for k, v in log.cpu.items() if k.startswith("board ")) / 1000
    figures["reveal_cpu"] = median(log.cpu["reveal"])
    return {"figures": _measured(figures), "failures": log.failures, "log": server.log_path}


def _measured(figures: dict[str, float]) -> dict[str, float]:
    """Only what was measured: a figure with no sample (NaN) is left out, so the report says "not measured"."""
    return {k: v for k, v in figures.items() if v == v}  # NaN != NaN


class Voter:
    """Each board puts a dot on its free use case, then takes it back: the budget always holds."""

    def __init__(self, port: int, boards: list[seed.Board], log: Log) -> None:
        self.port, self.boards, self.log = port, boards, log
        self._dots = [0] * len(boards)
        self._next = 0
        self._lock = threading.Lock()

    def vote(self, label: str = "vote write") -> Answer:
        with self._lock:
            i = self._next % len(self.boards)
            self._next += 1 if self._dots[i] else 0  # the same board takes its dot back before the next one votes
            self._dots[i] = 1 - self._dots[i]
            board, dots = self.boards[i], self._dots[i]
        headers = {"Authorization": f"Participant {board.token}"}
        path = f"/api/v1/use-cases/{board.free_use_case_id}/vote/"
        answer = fetch(self.port, "POST", path, headers, {"dots": dots})
        self.log.add(label, answer, {200})
        return answer


def _drive(port: int, seeded: seed.Seeded, log: Log, pace: Pace) -> dict[str, float]:
    wid = seeded.workshop_id
    cookie = participant_cookie_name(wid)
    states = [
        BoardState(
            cookie=f"{cookie}={b.token}",
            live_url=f"/workshops/{wid}/live/?board=",
            poll_url=f"/workshops/{wid}/board/poll/",
            summary_url=f"/workshops/{wid}/summaries/panel/",
            board_url=f"/workshops/{wid}/board/",
        )
        for b in seeded.boards
    ]
    every = intervals()
    settle = pace.settle if pace.settle is not None else every.live + 1
    boards = Boards(port, states, log, every)
    boards.start()
    try:
        time.sleep(pace.warmup)
        out = _floor_and_poll(port, states[0], log, pace)
        out.update(_scores(port, seeded, log, pace))
        seed.set_phase(seeded, Phase.VOTE)
        time.sleep(settle)  # every board reloads its region for the new phase
        voter = Voter(port, seeded.boards, log)
        out.update(_votes(voter, log, pace))
        out.update(_reveal(port, seeded, states, log, pace, settle))
        out.update(_reads(port, seeded, voter, log, pace))
    finally:
        boards.stop()
    return out


def _floor_and_poll(port: int, prober: BoardState, log: Log, pace: Pace) -> dict[str, float]:
    """The 404 floor and an unchanged poll, in turns, back to back: answers per second and latency."""
    first = fetch(port, "GET", prober.live_url, {"Cookie": prober.cookie, "HX-Request": "true"})
    headers = {"Cookie": prober.cookie, "HX-Request": "true", "If-None-Match": first.headers.get("etag", "")}
    url = prober.live_url

    def floor(_: int) -> Answer:
        return fetch(port, "GET", FLOOR_PATH)

    def poll(_: int) -> Answer:
        return fetch(port, "GET", url, headers)

    floors, polls = [], []
    for _ in range(pace.rounds):
        floors.append(closed_loop(pace.round_seconds, pace.clients, floor, log, "floor", {404}))
        polls.append(closed_loop(pace.round_seconds, pace.clients, poll, log, "poll", {204}))
    floor_rps, poll_rps = median(floors), median(polls)
    return {
        "floor_rps": floor_rps,
        "poll_rps": poll_rps,
        "poll_ratio": poll_rps / floor_rps if floor_rps else float("nan"),
        "floor_ms": median(log.times["floor"]),
        "poll_ms": median(log.times["poll"]),
        "floor_cpu": median(log.cpu["floor"]),
        "poll_cpu": median(log.cpu["poll"]),
    }


def _score(port: int, seeded: seed.Seeded, rng: random.Random, i: int) -> Answer:
    board = seeded.boards[i % len(seeded.boards)]
    body = {"scores": {str(c): rng.randint(1, 5) for c in seeded.criteria}}
    headers = {"Authorization": f"Participant {board.token}"}
    use_case = seeded.use_cases[(i * 7) % len(seeded.use_cases)]
    return fetch(port, "PUT", f"/api/v1/use-cases/{use_case}/scores/", headers, body)


def _scores(port: int, seeded: seed.Seeded, log: Log, pace: Pace) -> dict[str, float]:
    """Score PUTs of every criterion (Score phase), then the ranking right after a score: its totals added up again."""
    rng = random.Random(1)
    paced(pace.writes, 10, lambda i: _score(port, seeded, rng, i), log, "score write", {200})
    score_rps = closed_loop(
        pace.write_loop_seconds, pace.clients, lambda i: _score(port, seeded, rng, i), log, "score loop", {200}
    )
    ranking = f"/api/v1/workshops/{seeded.workshop_id}/ranking/"
    api = {"Authorization": f"Token {seeded.api_token}"}

    def rescored(i: int) -> Answer:
        log.add("score change", _score(port, seeded, rng, 1000 + i), {200})
        return fetch(port, "GET", ranking, api)

    paced(pace.cold_reads, 2, rescored, log, "ranking rescored", {200})
    return {
        "score_p50": median(log.times["score write"]),
        "score_p95": percentile(log.times["score write"], 95),
        "score_cpu": median(log.cpu["score write"]),
        "score_rps": score_rps,
        "ranking_rescored_p50": median(log.times["ranking rescored"]),
        "ranking_rescored_p95": percentile(log.times["ranking rescored"], 95),
        "ranking_rescored_cpu": median(log.cpu["ranking rescored"]),
    }


def _votes(voter: Voter, log: Log, pace: Pace) -> dict[str, float]:
    """Vote writes (Vote phase), paced, while every board polls."""
    start = time.monotonic()
    for i in range(pace.writes):
        delay = start + i / 10 - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        voter.vote()
    return {
        "vote_p50": median(log.times["vote write"]),
        "vote_p95": percentile(log.times["vote write"], 95),
        "vote_cpu": median(log.cpu["vote write"]),
    }


def _reveal(
    port: int, seeded: seed.Seeded, states: list[BoardState], log: Log, pace: Pace, settle: float
) -> dict[str, float]:
    """The facilitator reveals; a hundred participants open the results page at the same moment."""
    seed.reveal(seeded)
    url = f"/workshops/{seeded.workshop_id}/results/"
    cookies = [states[i % len(states)].cookie for i in range(pace.reveal_readers)]
    actions = [lambda c=c: fetch(port, "GET", url, {"Cookie": c}) for c in cookies]
    at_once(actions, log, "reveal", {200})
    time.sleep(settle)  # the boards' own reload after the reveal
    return {"reveal_max": max(log.times["reveal"]), "reveal_p50": median(log.times["reveal"])}


def _reads(port: int, seeded: seed.Seeded, voter: Voter, log: Log, pace: Pace) -> dict[str, float]:
    """The facilitator's reads: right after a change (a participant's vote, over HTTP) and repeated (unchanged)."""
    wid = seeded.workshop_id
    session = {"Cookie": f"sessionid={seeded.session_cookie}"}
    paths = [
        ("ranking", f"/api/v1/workshops/{wid}/ranking/", {"Authorization": f"Token {seeded.api_token}"}),
        ("results", f"/workshops/{wid}/results/", session),
        ("portfolio", f"/workshops/{wid}/portfolio/", session),
        ("xlsx", f"/workshops/{wid}/plan.xlsx", session),
    ]
    out: dict[str, float] = {}
    for name, path, headers in paths:
        cold_count = pace.export_reads if name == "xlsx" else pace.cold_reads
        warm_count = pace.export_reads if name == "xlsx" else pace.warm_reads

        def cold(_: int, path: str = path, headers: dict[str, str] = headers) -> Answer:
            voter.vote("change vote")  # a participant votes: what derives from the version is stale
            return fetch(port, "GET", path, headers)

        def warm(_: int, path: str = path, headers: dict[str, str] = headers) -> Answer:
            return fetch(port, "GET", path, headers)

        paced(cold_count, 2, cold, log, f"{name} cold", {200})
        paced(warm_count, 10, warm, log, f"{name} warm", {200})
        out[f"{name}_cold_p50"] = median(log.times[f"{name} cold"])
        out[f"{name}_cold_p95"] = percentile(log.times[f"{name} cold"], 95)
        out[f"{name}_cold_cpu"] = median(log.cpu[f"{name} cold"])
        out[f"{name}_warm_p50"] = median(log.times[f"{name} warm"])
        out[f"{name}_warm_cpu"] = median(log.cpu[f"{name} warm"])
    return out
