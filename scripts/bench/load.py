"""HTTP on the loopback: one request, timed; paced boards that poll as the browser does; closed loops.

Only the standard library, one TCP connection per request (gunicorn's sync
workers close each one, as they do for a browser). Every loop is bounded by a
deadline or a count.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import statistics
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

HOST = "127.0.0.1"
TIMEOUT = 60.0
CPU_HEADER = "x-bench-cpu-ms"  # the server's CPU time for the request (scripts/bench/server.py:application)
_LIVE_URL = re.compile(r'hx-get="([^"]*/live/[^"]*)"')
_POLL_URL = re.compile(r'id="board-poll"[^>]*hx-get="([^"]*)"')


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    ms: float

    @property
    def cpu_ms(self) -> float | None:
        """The worker's CPU time for this request, when the bench's server said it."""
        value = self.headers.get(CPU_HEADER)
        return float(value) if value else None


def fetch(port: int, method: str, path: str, headers: dict[str, str] | None = None, body: object = None) -> Answer:
    """One request on a fresh connection; status 0 when the connection failed."""
    headers = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    start = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        payload = response.read()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, payload, _ms(start))
    except OSError as exc:
        return Answer(0, {"error": repr(exc)}, b"", _ms(start))
    finally:
        conn.close()


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


class Log:
    """Statuses, times and server CPU per label, shared by every thread; every failure is counted.

    Only the first `SAMPLES` failures keep a line saying why (to print); the count has no cap.
    """

    SAMPLES = 20

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.cpu: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, Counter[int]] = defaultdict(Counter)
        self.failures: list[str] = []
        self._failed = 0

    def add(self, label: str, answer: Answer, expected: set[int]) -> None:
        with self._lock:
            self.times[label].append(answer.ms)
            if (cpu := answer.cpu_ms) is not None:
                self.cpu[label].append(cpu)
            self.statuses[label][answer.status] += 1
            if answer.status not in expected:
                self._failed += 1
                if len(self.failures) < self.SAMPLES:
                    detail = answer.headers.get("error") or answer.body[:200].decode(errors="replace")
                    self.failures.append(f"{label}: {answer.status} {detail}")

    def failed(self) -> int:
        with self._lock:
            return self._failed


@dataclass
class BoardState:
    """What one participant's browser holds: its cookie, the URLs the page polls and the ETags it was sent."""

    cookie: str
    live_url: str
    poll_url: str
    summary_url: str
    board_url: str
    etags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Intervals:
    """How often a participant's board polls, in seconds: the settings the pages render (poll_seconds, …)."""

    live: float  # the live banner (templates/workshop/board.html), settings.LIVE_POLL_SECONDS
    poll: float  # the board's own poll (templates/usecases/_board.html), settings.LIVE_POLL_SECONDS
    summary: float  # a participant's summary panel, settings.SUMMARY_REFRESH_SECONDS


class Boards:
    """Participants' boards polling at the browser's pace until `stop()`; each board is one thread."""

    def __init__(self, port: int, states: list[BoardState], log: Log, every: Intervals) -> None:
        self.port, self.states, self.log, self.every = port, states, log, every
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(s,), daemon=True) for s in states]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=TIMEOUT + 5)

    def _get(self, state: BoardState, label: str, url: str) -> Answer:
        headers = {"Cookie": state.cookie, "HX-Request": "true"}
        if label in state.etags:
            headers["If-None-Match"] = state.etags[label]
        answer = fetch(self.port, "GET", url, headers)
        self.log.add(f"board {label}", answer, {200, 204, 286})
        if answer.status == 200 and "etag" in answer.headers:
            state.etags[label] = answer.headers["etag"]
        return answer

    def _run(self, state: BoardState) -> None:
        rng = random.Random(state.cookie)
        now = time.monotonic()
        # Boards were opened at different moments: spread their timers over one period.
        every = {"live": self.every.live, "poll": self.every.poll, "summary": self.every.summary}
        due = {label: now + rng.uniform(0, seconds) for label, seconds in every.items()}
        while not self._stop.is_set():
            label = min(due, key=due.__getitem__)
            if self._stop.wait(max(0.0, due[label] - time.monotonic())):
                return
            url = {"live": state.live_url, "poll": state.poll_url, "summary": state.summary_url}[label]
            answer = self._get(state, label, url)
            due[label] = max(due[label] + every[label], time.monotonic())
            if label == "live" and answer.status == 200:
                body = answer.body.decode(errors="replace")
                if match := _LIVE_URL.search(body):
                    state.live_url = match.group(1).replace("&amp;", "&")
                if "boardChanged" in answer.headers.get("hx-trigger", ""):
                    # The phase or the reveal changed: htmx reloads the board's main region.
                    region = fetch(self.port, "GET", state.board_url, {"Cookie": state.cookie, "HX-Request": "true"})
                    self.log.add("board region", region, {200})
                    if match := _POLL_URL.search(region.body.decode(errors="replace")):
                        state.poll_url = match.group(1).replace("&amp;", "&")


def paced(count: int, per_second: float, action: Callable[[int], Answer], log: Log, label: str, ok: set[int]) -> None:
    """`count` requests, one every 1/per_second seconds (open loop), each logged under `label`."""
    start = time.monotonic()
    for i in range(count):
        delay = start + i / per_second - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        log.add(label, action(i), ok)


def closed_loop(
    seconds: float, clients: int, action: Callable[[int], Answer], log: Log, label: str, ok: set[int]
) -> float:
    """`clients` threads sending back to back for `seconds`; the answers per second."""
    deadline = time.monotonic() + seconds
    done = [0] * clients

    def run(n: int) -> None:
        i = n
        while time.monotonic() < deadline:
            log.add(label, action(i), ok)
            done[n] += 1
            i += clients

    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + TIMEOUT + 5)
    return sum(done) / (time.monotonic() - start)


def at_once(actions: list[Callable[[], Answer]], log: Log, label: str, ok: set[int]) -> float:
    """Every action started together (a barrier); the milliseconds until the last one was answered."""
    barrier = threading.Barrier(len(actions))

    def run(action: Callable[[], Answer]) -> None:
        barrier.wait(timeout=TIMEOUT)
        log.add(label, action(), ok)

    threads = [threading.Thread(target=run, args=(a,), daemon=True) for a in actions]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    for thread in threads:
        thread.join(timeout=TIMEOUT + 5)
    return _ms(start)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
