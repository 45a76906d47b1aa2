"""The served app: gunicorn as docker-compose runs it (or as `make run` does), its workers' memory and CPU.

`application` is Atelier's WSGI app with one header added, X-Bench-CPU-ms: the
worker's CPU time spent on the request until its headers were sent (the view,
the template, the middleware; not the network). Only the bench serves it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .load import CPU_HEADER, fetch

ROOT = Path(__file__).resolve().parents[2]
_app: Callable[..., Iterable[bytes]] | None = None


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """config.wsgi's app, plus the worker thread's CPU milliseconds for this request in a header."""
    global _app
    if _app is None:
        from config.wsgi import application as django_app

        _app = django_app
    started = time.thread_time()

    def timed_start_response(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
        cpu_ms = (time.thread_time() - started) * 1000
        return start_response(status, [*headers, (CPU_HEADER, f"{cpu_ms:.2f}")], *args)

    return _app(environ, timed_start_response)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1:<free port>; `rss_mb` is the largest worker RSS seen while sampling."""

    def __init__(self, env: dict[str, str], workdir: Path, kind: str = "production") -> None:
        self.port = free_port()
        self.env = env
        self.kind = kind
        self.log_path = workdir / f"gunicorn-{self.port}.log"
        self.rss_mb = 0.0
        self._process: subprocess.Popen[bytes] | None = None
        self._sampling = threading.Event()

    def start(self) -> None:
        logs = ["--access-logfile", str(self.log_path), "--error-logfile", str(self.log_path)]
        env = dict(self.env)
        if self.kind == "production":
            # docker-compose.yml's web command, on the loopback and a free port.
            # The app is config.wsgi's, wrapped to report each request's CPU time (`application` above).
            app = "scripts.bench.server:application"
            command = [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{self.port}"]
            command += ["--workers", "3", "--no-control-socket", *logs]
        else:
            # `make run`'s server and settings (DEBUG off, as make run serves), as scripts/serve.py starts it.
            command = [sys.executable, str(ROOT / "scripts" / "serve.py"), "--port", str(self.port), *logs]
        with self.log_path.open("ab") as output:  # Django's own log lines (404s) go beside gunicorn's
            self._process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {self.log_path}")
            if fetch(self.port, "GET", "/healthz/").status == 200:
                threading.Thread(target=self._sample, daemon=True).start()
                return
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within 60 s: see {self.log_path}")

    def workers(self) -> list[int]:
        if self._process is None:
            return []
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self._process.pid:
                    pids.append(int(entry.name))
        return pids

    def _sample(self) -> None:
        while not self._sampling.wait(0.5):
            for pid in self.workers():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmRSS:"):
                        self.rss_mb = max(self.rss_mb, int(line.split()[1]) / 1024)

    def stop(self) -> None:
        self._sampling.set()
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)


def environment(database_url: str, static_root: Path, secret_key: str) -> dict[str, str]:
    """The production settings, on the loopback: DEBUG off, no TLS redirect, WhiteNoise's manifest."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    env.pop("CELERY_BROKER_URL", None)
    return env
