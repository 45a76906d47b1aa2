"""The laptop default holds a meeting room: SQLite in WAL mode, gunicorn with threads, a reachable join link."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from scripts.serve import gunicorn_command, room_environment

pytestmark = pytest.mark.django_db


SQLITE_PRAGMAS = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    print(mode, cursor.fetchone()[0])
"""


def test_sqlite_runs_in_wal_mode_so_polling_boards_never_block_a_vote(tmp_path):
    """The laptop's database as the settings open it, whatever database this test run uses (no skip)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'laptop.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", SQLITE_PRAGMAS], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    mode, busy_timeout = done.stdout.split()
    assert mode == "wal"
    assert int(busy_timeout) >= 5000


def test_make_run_serves_with_gunicorn_threads_not_runserver():
    command = gunicorn_command("127.0.0.1", 8000, workers=2, threads=8)
    assert command[1:4] == ["-m", "gunicorn", "config.wsgi:application"]
    assert command[command.index("--worker-class") + 1] == "gthread"
    assert command[command.index("--threads") + 1] == "8"
    assert command[command.index("--bind") + 1] == "127.0.0.1:8000"


def test_serving_the_network_allows_this_machines_addresses_and_links_to_the_first(monkeypatch):
    monkeypatch.setattr("scripts.serve.lan_addresses", lambda: ["192.168.1.20", "10.0.0.5"])
    env = room_environment("0.0.0.0", 8000, {})
    hosts = env["ALLOWED_HOSTS"].split(",")
    assert {"127.0.0.1", "localhost", "192.168.1.20", "10.0.0.5"} <= set(hosts)
    assert env["PUBLIC_URL"] == "http://192.168.1.20:8000"


def test_serving_the_network_keeps_what_the_environment_says(monkeypatch):
    monkeypatch.setattr("scripts.serve.lan_addresses", lambda: ["192.168.1.20"])
    given = {"ALLOWED_HOSTS": "atelier.lan", "PUBLIC_URL": "http://atelier.lan"}
    assert room_environment("0.0.0.0", 8000, given) == given
    assert "PUBLIC_URL" not in room_environment("127.0.0.1", 8000, {})


def test_join_screen_and_board_link_to_public_url_when_set(alice_client, workshop, settings):
    settings.PUBLIC_URL = "http://192.168.1.20:8000"
    expected = f"http://192.168.1.20:8000/join/{workshop.join_code}/"
    screen = alice_client.get(reverse("workshop:join-screen", args=[workshop.pk]))
    board = alice_client.get(reverse("workshop:board", args=[workshop.pk]))
    assert screen.status_code == board.status_code == 200
    assert expected in screen.content.decode()
    assert expected in board.content.decode()


def test_join_screen_links_to_the_address_the_facilitator_used_without_public_url(alice_client, workshop, settings):
    settings.PUBLIC_URL = ""
    settings.ALLOWED_HOSTS = ["192.168.1.20"]
    screen = alice_client.get(reverse("workshop:join-screen", args=[workshop.pk]), HTTP_HOST="192.168.1.20:8000")
    assert f"http://192.168.1.20:8000/join/{workshop.join_code}/" in screen.content.decode()
    assert "127.0.0.1" not in screen.content.decode()
