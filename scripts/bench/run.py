"""One scale of the bench: seed, serve, let the boards poll, and time what a workshop asks meanwhile."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from workshop.selectors import participant_cookie_name

from . import seed
from .load import LIVE_EVERY, Answer, Boards, BoardState, Log, at_once, closed_loop, fetch, median, paced, percentile
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
    settle: float = LIVE_EVERY + 1  # after a phase change or the reveal: every board reloads once


QUICK = Pace(warmup=1.0, rounds=1, round_seconds=1.0, clients=2, writes=6, write_loop_seconds=1.0, cold_reads=2,
             warm_reads=3, export_reads=1, reveal_readers=10, settle=0.5)  # fmt: skip


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
    figures["rss_mb"] = server.rss_mb
    figures["failed"] = log.failed()
    figures["board_requests"] = sum(len(v) for k, v in log.times.items() if k.startswith("board "))
    figures["board_204_p95"] = percentile(log.times["board live"], 95)
    return {"figures": figures, "failures": log.failures, "log": server.log_path}


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
    boards = Boards(port, states, log)
    boards.start()
    try:
        time.sleep(pace.warmup)
        out = _floor_and_poll(port, states[0], log, pace)
        out.update(_writes(port, seeded, log, pace))
        out.update(_reveal(port, seeded, states, log, pace))
        out.update(_reads(port, seeded, log, pace))
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
    return {
        "floor_rps": median(floors),
        "poll_rps": median(polls),
        "floor_ms": median(log.times["floor"]),
        "poll_ms": median(log.times["poll"]),
    }


def _writes(port: int, seeded: seed.Seeded, log: Log, pace: Pace) -> dict[str, float]:
    """Score PUTs of every criterion (Score phase), then vote writes (Vote phase), while the boards poll."""
    rng = random.Random(1)
    boards, cases = seeded.boards, seeded.use_cases

    def score(i: int) -> Answer:
        board = boards[i % len(boards)]
        body = {"scores": {str(c): rng.randint(1, 5) for c in seeded.criteria}}
        headers = {"Authorization": f"Participant {board.token}"}
        return fetch(port, "PUT", f"/api/v1/use-cases/{cases[(i * 7) % len(cases)]}/scores/", headers, body)

    paced(pace.writes, 10, score, log, "score write", {200})
    score_rps = closed_loop(pace.write_loop_seconds, pace.clients, score, log, "score loop", {200})

    seed.bump(seeded.workshop_id, phase="vote")
    time.sleep(pace.settle)  # every board reloads its region for the new phase

    def vote(i: int) -> Answer:
        # Each board puts a dot on a use case, then takes it back: the budget always holds.
        board = boards[(i // 2) % len(boards)]
        headers = {"Authorization": f"Participant {board.token}"}
        body = {"dots": 1 if i % 2 == 0 else 0}
        return fetch(port, "POST", f"/api/v1/use-cases/{board.free_use_case_id}/vote/", headers, body)

    paced(pace.writes, 10, vote, log, "vote write", {200})
    return {
        "score_p50": median(log.times["score write"]),
        "score_p95": percentile(log.times["score write"], 95),
        "score_rps": score_rps,
        "vote_p50": median(log.times["vote write"]),
        "vote_p95": percentile(log.times["vote write"], 95),
    }


def _reveal(port: int, seeded: seed.Seeded, states: list[BoardState], log: Log, pace: Pace) -> dict[str, float]:
    """The facilitator reveals; a hundred participants open the results page at the same moment."""
    seed.bump(seeded.workshop_id, results_revealed=True)
    url = f"/workshops/{seeded.workshop_id}/results/"
    cookies = [states[i % len(states)].cookie for i in range(pace.reveal_readers)]
    actions = [lambda c=c: fetch(port, "GET", url, {"Cookie": c}) for c in cookies]
    at_once(actions, log, "reveal", {200})
    time.sleep(pace.settle)  # the boards' own reload after the reveal
    return {"reveal_max": max(log.times["reveal"]), "reveal_p50": median(log.times["reveal"])}


def _reads(port: int, seeded: seed.Seeded, log: Log, pace: Pace) -> dict[str, float]:
    """The facilitator's reads: cold (the workshop just changed) and repeated (unchanged)."""
    wid = seeded.workshop_id
    session = {"Cookie": f"sessionid={seeded.session_cookie}"}
    paths = [
        ("ranking", f"/api/v1/workshops/{wid}/ranking/", {"Authorization": f"Token {seeded.api_token}"}),
        ("results", f"/workshops/{wid}/results/", session),
        ("portfolio", f"/workshops/{wid}/portfolio/", session),
        ("xlsx", f"/workshops/{wid}/plan.xlsx", session),
    ]
    out: dict[str, float] = {}

    def rescored(_: int, path: str = paths[0][1], headers: dict[str, str] = paths[0][2]) -> Answer:
        seed.bump(wid, scores_changed_at=timezone.now())  # as after a score PUT: the totals are added up again
        return fetch(port, "GET", path, headers)

    paced(pace.cold_reads, 2, rescored, log, "ranking rescored", {200})
    out["ranking_rescored_p50"] = median(log.times["ranking rescored"])
    out["ranking_rescored_p95"] = percentile(log.times["ranking rescored"], 95)
    for name, path, headers in paths:
        cold_count = pace.export_reads if name == "xlsx" else pace.cold_reads
        warm_count = pace.export_reads if name == "xlsx" else pace.warm_reads

        def cold(_: int, path: str = path, headers: dict[str, str] = headers) -> Answer:
            seed.bump(wid)  # as after a vote: what derives from the version is stale
            return fetch(port, "GET", path, headers)

        def warm(_: int, path: str = path, headers: dict[str, str] = headers) -> Answer:
            return fetch(port, "GET", path, headers)

        paced(cold_count, 2, cold, log, f"{name} cold", {200})
        paced(warm_count, 10, warm, log, f"{name} warm", {200})
        out[f"{name}_cold_p50"] = median(log.times[f"{name} cold"])
        out[f"{name}_cold_p95"] = percentile(log.times[f"{name} cold"], 95)
        out[f"{name}_warm_p50"] = median(log.times[f"{name} warm"])
        out[f"{name}_warm_p95"] = percentile(log.times[f"{name} warm"], 95)
    return out
