"""Real Celery processes and a throw-away Redis for fault tests (kill, restart, broker down).

:class:`CeleryProcess` runs ``celery worker`` (solo pool) or ``celery beat`` in a
child process of the test, on the test database and on a queue of the test's own,
so that it can be SIGKILLed like a crashed worker. Run as a module it is that
child: ``python -m tests.celery_process worker|beat`` reads its Celery overrides
(queue, broker transport options) from ``ATELIER_TEST_CELERY`` (JSON).

:class:`RedisServer` is a ``redis-server`` of its own on a free port, without
persistence, that a test stops and starts again empty. :func:`use_broker` points
this process's producer (the web side) at a broker for the time of a test.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
CONF_ENV = "ATELIER_TEST_CELERY"


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check: Callable[[], Any], seconds: float, what: str) -> Any:
    """Poll ``check`` until it returns something true; fail the test after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {seconds} s waiting for {what}.")
        time.sleep(0.1)


def database_url_for_children() -> str:
    """The URL of the database this test runs on, for a child process to use the same one."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def reset_producer(app: Any) -> None:
    """Forget the broker connections and queues made with the previous broker_url and queue.

    kombu keeps its pools in a registry by broker URL: closed but not cleared, a
    pool would be handed out again closed the next time the same URL is used.
    """
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    # The queues, the exchange and the router are cached from the default queue of the first use.
    for cached in ("queues", "default_queue", "default_exchange", "router"):
        app.amqp.__dict__.pop(cached, None)


@contextlib.contextmanager
def use_broker(app: Any, url: str, queue: str) -> Iterator[None]:
    """This process sends tasks to ``url`` (on ``queue``), really: not eagerly."""
    conf = app.conf
    saved = {key: conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue", "result_backend")}
    conf.update(broker_url=url, task_always_eager=False, task_default_queue=queue, result_backend=None)
    reset_producer(app)
    try:
        yield
    finally:
        conf.update(saved)
        reset_producer(app)


class CeleryProcess:
    """``celery worker`` or ``celery beat`` in a child process, logging to a file."""

    def __init__(
        self,
        kind: str,
        *,
        broker_url: str,
        queue: str,
        workdir: Path,
        env: dict[str, str] | None = None,
        transport_options: dict[str, Any] | None = None,
    ) -> None:
        self.kind = kind
        self.log = workdir / f"{kind}-{uuid.uuid4().hex[:8]}.log"
        conf = {"task_default_queue": queue}
        if transport_options:
            conf["broker_transport_options"] = transport_options
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url_for_children(),
            "CELERY_BROKER_URL": broker_url,
            "PYTHONUNBUFFERED": "1",
            CONF_ENV: json.dumps(conf),
            **(env or {}),
        }
        self.args = [sys.executable, "-m", "tests.celery_process", kind, queue, str(workdir)]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> CeleryProcess:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(self.args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_ready(self, seconds: float = 60) -> None:
        """Until the worker says it is ready (or beat that it is starting), or the process died."""
        marker = " ready." if self.kind == "worker" else "beat: Starting..."

        def ready() -> bool:
            if self.process is not None and self.process.poll() is not None:
                raise AssertionError(f"celery {self.kind} exited:\n{self.output()[-3000:]}")
            return marker in self.output()

        wait_until(ready, seconds, f"celery {self.kind} to start")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no acknowledgement, as when a machine or container dies."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


class RedisServer:
    """A throw-away ``redis-server`` on a free port, without persistence: restarted, it is empty."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.binary = shutil.which("redis-server")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> RedisServer:
        if self.binary is None:
            raise RuntimeError("redis-server is not installed")
        subprocess.run(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                str(self.workdir),
                "--pidfile",
                str(self.workdir / f"redis-{self.port}.pid"),
                "--logfile",
                str(self.workdir / f"redis-{self.port}.log"),
            ],
            check=True,
        )
        wait_until(self._answers, 10, f"redis-server on port {self.port}")
        return self

    def stop(self) -> None:
        """Gone at once and for good: its data is lost (no persistence)."""
        pidfile = self.workdir / f"redis-{self.port}.pid"
        if pidfile.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pidfile.read_text().strip()), signal.SIGKILL)
            pidfile.unlink(missing_ok=True)
        wait_until(lambda: not self._answers(), 10, f"redis-server on port {self.port} to stop")


def forget_queue(redis_url: str, queue: str) -> None:
    """Leave a shared Redis database clean: the queue, its bindings and its unacknowledged messages."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        for tag, payload in client.hgetall("unacked").items():
            with contextlib.suppress(ValueError, IndexError, TypeError):
                if json.loads(payload)[2] == queue:
                    client.hdel("unacked", tag)
                    client.zrem("unacked_index", tag)
    except redis.ConnectionError:
        pass
    finally:
        client.close()


def unacked_count(redis_url: str, queue: str) -> int:
    """Messages of ``queue`` delivered to a worker and not acknowledged yet."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        return sum(1 for payload in client.hvals("unacked") if json.loads(payload)[2] == queue)
    finally:
        client.close()


def _main(kind: str, queue: str, workdir: str) -> None:
    import django

    django.setup()
    from config.celery import app

    app.conf.update(json.loads(os.environ.get(CONF_ENV, "{}")))
    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    if kind == "worker":
        argv = ["worker", "--pool=solo", "-Q", queue, "-n", name, "--loglevel=INFO"]
        argv += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    else:
        argv = ["beat", "--loglevel=INFO", "--schedule", str(Path(workdir) / f"beat-{uuid.uuid4().hex[:8]}")]
    app.start(argv)


if __name__ == "__main__":
    _main(*sys.argv[1:4])
