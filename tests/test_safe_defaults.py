"""Safe by default (issue 22): DEBUG off unless asked for, no development key in production, `make run`
serving Atelier's own error pages in English and French, never Django's debug pages."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults

from scripts.serve import PLAIN_HTTP, local_secret, plain_http

ROOT = Path(__file__).resolve().parent.parent
DEV_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
SETTINGS_NAMES = ("DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "SESSION_COOKIE_SECURE", "SECURE_SSL_REDIRECT")


def _clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without anything that chooses the settings under test."""
    drop = {"DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "SECURE_COOKIES", "SECURE_SSL_REDIRECT", "DJANGO_SETTINGS_MODULE"}
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **extra}


def _settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = f"import config.settings as s; print(*[repr(getattr(s, n)) for n in {SETTINGS_NAMES!r}], sep='\\n')"
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)


def test_without_debug_or_a_key_the_settings_refuse_to_load(tmp_path):
    done = _settings(_clean_env(SECRET_KEY_FILE=str(tmp_path / "absent")))
    assert done.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off" in done.stderr


def test_debug_is_off_unless_asked_for_and_the_key_comes_from_the_local_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("a-random-local-key-of-a-laptop\n")
    done = _settings(_clean_env(SECRET_KEY_FILE=str(secret)))
    assert done.returncode == 0, done.stderr
    debug, key, _file, secure_cookies, ssl_redirect = done.stdout.splitlines()
    assert (debug, key) == ("False", "'a-random-local-key-of-a-laptop'")
    # Production's other defaults follow DEBUG off.
    assert (secure_cookies, ssl_redirect) == ("True", "True")


def test_the_development_key_only_with_debug_asked_for(tmp_path):
    done = _settings(_clean_env(DEBUG="true", SECRET_KEY_FILE=str(tmp_path / "absent")))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == ["True", repr(DEV_KEY)]
    given = _settings(_clean_env(SECRET_KEY="given-by-production", SECRET_KEY_FILE=str(tmp_path / "absent")))
    assert given.stdout.splitlines()[:2] == ["False", "'given-by-production'"]


def test_make_run_writes_a_random_owner_only_secret_once_and_reuses_it(tmp_path):
    path = tmp_path / ".secret_key"
    assert local_secret({}, default=path) == path
    first = path.read_text()
    assert len(first.strip()) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert local_secret({}, default=path) == path
    assert path.read_text() == first
    # Another checkout gets another key.
    other = tmp_path / "other"
    local_secret({}, default=other)
    assert other.read_text() != first
    # Not needed when the environment gives a key, or asks for DEBUG.
    assert local_secret({"SECRET_KEY": "given"}, default=tmp_path / "a") is None
    assert local_secret({"DEBUG": "true"}, default=tmp_path / "b") is None
    assert not (tmp_path / "a").exists()
    assert not (tmp_path / "b").exists()


def test_make_run_serves_plain_http_unless_the_environment_says_otherwise():
    assert plain_http({}) == {"SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "0", "SECURE_COOKIES": "false"}
    assert plain_http({"SECURE_COOKIES": "true", "X": "1"}) == {**PLAIN_HTTP, "SECURE_COOKIES": "true", "X": "1"}


def test_the_local_secret_is_never_tracked_nor_copied_into_the_image():
    assert ".secret_key" in (ROOT / ".gitignore").read_text().split()
    assert ".secret_key" in (ROOT / ".dockerignore").read_text().split()
    dockerfile = (ROOT / "Dockerfile").read_text()
    # A key only for collectstatic at build time, never one the running image would use.
    assert "ENV SECRET_KEY" not in dockerfile
    assert "ENV DEBUG" not in dockerfile
    makefile = (ROOT / "Makefile").read_text()
    run = makefile[makefile.index("\nrun:") :].split("\n\n")[0]
    assert run.index("scripts/serve.py --secret") < run.index("migrate") < run.index("scripts/serve.py --host")
    assert "collectstatic" in run
    assert "DEBUG=true" not in run


# --- Atelier's own error pages, in both languages ------------------------------------------------

PAGES = {
    # status: (English, French)
    400: ("Bad request", "Requête invalide"),
    403: ("Not allowed", "Action non autorisée"),
    404: ("Not found", "Page introuvable"),
    500: ("Something went wrong", "Une erreur est survenue"),
}


def _error_page(status: int, language: str) -> str:
    request = RequestFactory().get("/somewhere/")
    with translation.override(language):
        if status == 400:
            response = defaults.bad_request(request, Exception())
        elif status == 403:
            from config.views import permission_denied

            response = permission_denied(request, Exception(""))
        elif status == 404:
            from config.urls import not_found

            request.user = AnonymousUser()
            response = not_found(request, Exception())
        else:
            response = defaults.server_error(request)
    assert response.status_code == status
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("status", sorted(PAGES))
@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_error_page_is_atelier_s_own_in_both_languages(status, language):
    page = _error_page(status, language)
    english, french = PAGES[status]
    assert f'<html lang="{language}">' in page
    assert (english if language == "en" else french) in page
    assert "atelier.css" in page
    assert 'href="/"' in page


@pytest.mark.django_db
def test_a_missing_page_through_the_stack_is_the_404_page(client):
    with translation.override("en"):
        response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


# --- `make run`'s server, for real ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, **headers: str) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def test_the_served_server_shows_no_debug_page_and_needs_no_https(tmp_path):
    """scripts/serve.py as `make run` starts it: DEBUG off, a local key, plain HTTP, Atelier's own pages."""
    env = _clean_env(
        SECRET_KEY_FILE=str(tmp_path / "secret"),
        STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    subprocess.run([sys.executable, "scripts/serve.py", "--secret"], cwd=ROOT, env=env, check=True, capture_output=True)
    assert (tmp_path / "secret").is_file()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "scripts/serve.py", "--port", str(port), "--workers", "1", "--threads", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        status, body, headers = _get(f"{base}/no-such-page/")
        assert status == 404
        assert "Not found" in body
        assert "URLconf" not in body
        assert "Traceback" not in body
        assert "Location" not in headers  # no redirect to HTTPS
        assert "Strict-Transport-Security" not in headers
        status, body, _ = _get(f"{base}/no-such-page/", **{"Accept-Language": "fr"})
        assert (status, "Page introuvable" in body) == (404, True)
        # A Host it does not serve: the 400 page, not the debug page's list of allowed hosts.
        status, body, _ = _get(f"{base}/join/", Host="evil.example")
        assert status == 400
        assert "Bad request" in body
        assert "ALLOWED_HOSTS" not in body
    finally:
        server.terminate()
        server.wait(timeout=10)
