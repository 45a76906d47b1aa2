"""Atelier's bench, over HTTP: `make bench` (or `python -m scripts.bench --help`).

It builds a workshop at each `--scale` (bulk inserts, not HTTP), serves it with
gunicorn as docker-compose does (3 sync workers; `--server laptop` for
`make run`'s threaded server), on SQLite or on the database DATABASE_URL names,
and drives it with one paced poller per participant, polling what the browser
polls with the ETags it was sent. Meanwhile it times a 404 (the floor), the
unchanged poll, score and vote writes, the reveal (100 results pages at once),
the ranking API, the results page, the portfolio and an XLSX export, and prints
each figure with its ratio to the floor. It exits 1 when a target of the
"company-wide workshop" issue is missed or any request failed.
"""
