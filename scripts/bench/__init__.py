"""Atelier's bench, over HTTP: `make bench` (or `python -m scripts.bench --help`).

It builds a workshop at each `--scale` (bulk inserts, not HTTP; 100x150 by
default), serves it with gunicorn as docker-compose does (3 sync workers, DEBUG
off; `--server laptop` for `make run`'s server), on SQLite or on the database
DATABASE_URL names, and drives it with one paced poller per participant,
polling what the browser polls at the intervals the settings give the pages,
with the ETags it was sent. Every change goes through the room's code (the API
for scores and votes, the services for the phase and the reveal). Meanwhile it
times a 404 (the floor), the unchanged poll, score and vote writes, the reveal
(100 results pages at once), the ranking API, the results page, the portfolio
and an XLSX export, with the server's CPU time for each request. Its verdict
says of each of issue 22's targets, at each scale they are set at, "holds",
"MISSED" or "not measured"; exit 0, 1 or 2 (scripts/bench/report.py).
"""
