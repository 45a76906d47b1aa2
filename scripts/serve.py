"""Serve Atelier on a laptop as a meeting room needs it: `make run` (HOST=0.0.0.0 for the room's phones).

gunicorn with threads (two processes, eight threads each), not runserver: a
room of boards polling and voting at once gets answers, not connection resets.
With HOST=0.0.0.0 the LAN addresses of this machine are allowed hosts and the
first one becomes PUBLIC_URL, the address the join link and its QR code show,
unless ALLOWED_HOSTS or PUBLIC_URL are set already. Standard library only: it
runs before Django is loaded, then replaces itself with gunicorn.

It serves as production does, DEBUG off (Atelier's own error pages, never
Django's debug pages), but over plain HTTP: no redirect to HTTPS, no HSTS,
cookies not marked Secure (a phone reaches http://192.168.x.y). Without a
SECRET_KEY it writes a random one to .secret_key (untracked) the first time
and reuses it after, so sessions and rejoin links survive a restart:
`serve.py --secret` does only that (`make run` calls it before `migrate`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = ["127.0.0.1", "localhost"]
# Where settings look for the key when SECRET_KEY is not set (config/settings.py: SECRET_KEY_FILE).
SECRET_FILE = ROOT / ".secret_key"
# A laptop serves plain HTTP: what production's defaults (DEBUG off) would otherwise switch on.
PLAIN_HTTP = {"SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "0", "SECURE_COOKIES": "false"}


def truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def local_secret(env: dict[str, str], default: Path = SECRET_FILE) -> Path | None:
    """The file holding this checkout's secret key, written once (random, owner-only) when needed.

    None when the environment gives SECRET_KEY, or asks for DEBUG (a development key is allowed then).
    """
    if env.get("SECRET_KEY") or truthy(env.get("DEBUG")):
        return None
    path = Path(env.get("SECRET_KEY_FILE") or default)
    if not path.is_file() or not path.read_text().strip():
        import secrets

        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50) + "\n")
        print(f"Wrote a new secret key to {path} (keep it out of version control).", flush=True)
    return path


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses that other machines on the network may reach."""
    found: set[str] = set()
    try:
        # A UDP "connect" sends nothing: it only picks the interface of the default route.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            found.add(probe.getsockname()[0])
    except OSError:
        pass
    with contextlib.suppress(OSError):
        found.update(socket.gethostbyname_ex(socket.gethostname())[2])
    return sorted(address for address in found if not address.startswith("127."))


def room_environment(host: str, port: int, env: dict[str, str]) -> dict[str, str]:
    """ALLOWED_HOSTS and PUBLIC_URL for serving on `host`, keeping whatever the environment already says."""
    env = dict(env)
    if host in {"0.0.0.0", "::"}:
        addresses = lan_addresses()
        name = socket.gethostname()
        if not env.get("ALLOWED_HOSTS"):
            env["ALLOWED_HOSTS"] = ",".join([*LOCAL_HOSTS, *addresses, name, f"{name}.local"])
        if not env.get("PUBLIC_URL") and addresses:
            env["PUBLIC_URL"] = f"http://{addresses[0]}:{port}"
    elif host not in LOCAL_HOSTS and not env.get("ALLOWED_HOSTS"):
        env["ALLOWED_HOSTS"] = ",".join([*LOCAL_HOSTS, host])
    return env


def plain_http(env: dict[str, str]) -> dict[str, str]:
    """`env` for a plain-HTTP server with production's other defaults (DEBUG off), unless it says otherwise."""
    return {**PLAIN_HTTP, **env}


def gunicorn_command(host: str, port: int, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--no-control-socket",
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="0.0.0.0 serves the local network")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--secret", action="store_true", help="only write the local secret key if needed, then exit")
    args, extra = parser.parse_known_args(argv)
    secret = local_secret(dict(os.environ))
    if args.secret:
        return
    env = plain_http(room_environment(args.host, args.port, dict(os.environ)))
    if secret is not None:
        env["SECRET_KEY_FILE"] = str(secret)
    url = env.get("PUBLIC_URL") or f"http://{'127.0.0.1' if args.host in {'0.0.0.0', '::'} else args.host}:{args.port}"
    print(f"Atelier is served at {url}/ (participants join at {url}/join/). Ctrl-C stops it.", flush=True)
    os.chdir(ROOT)
    command = [*gunicorn_command(args.host, args.port, args.workers, args.threads), *extra]
    os.execve(sys.executable, command, env)


if __name__ == "__main__":
    main()
