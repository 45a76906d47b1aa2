# Atelier. `make run` serves the demo; `make test` runs every check CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Development settings for the tools that load them (mypy's Django plugin, makemigrations): a laptop
# may have no SECRET_KEY yet, and DEBUG is off unless asked for.
DEV_ENV := DEBUG=true
# Production-like environment for `check --deploy`.
DEPLOY_ENV := DEBUG=false SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-looking-secret-key-value ALLOWED_HOSTS=atelier.example.com

.PHONY: run test lint typecheck check-deploy bench screenshots worker beat mcp mcp-http migrate messages clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Atelier needs Python 3.11 or newer (set PYTHON=python3.x).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

# `make run HOST=0.0.0.0` serves the meeting room's network (see scripts/serve.py); PORT too.
HOST ?= 127.0.0.1
PORT ?= 8000

# DEBUG off as in production (its own error pages), over plain HTTP; without SECRET_KEY, a local
# .secret_key is written once and reused. Static files as production serves them (collectstatic).
run: $(VENV)/.runtime
	$(BIN)/python scripts/serve.py --secret
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo --port $(PORT)
	$(BIN)/python scripts/serve.py --host $(HOST) --port $(PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Every app folder that exists, so that an app added later is checked too.
typecheck: $(VENV)/.dev
	$(DEV_ENV) $(BIN)/mypy $$(ls -d config core workshop usecases roi compliance pocs reports summaries assistant 2>/dev/null)

check-deploy: $(VENV)/.dev
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

test: lint typecheck check-deploy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.dev
	$(BIN)/python -m scripts.bench $(BENCH_ARGS)
	$(BIN)/python scripts/bench_pdf.py

# README pictures from the demo, in a throw-away database (needs /usr/bin/chromium).
screenshots: $(VENV)/.dev
	$(BIN)/python scripts/screenshots.py

worker: $(VENV)/.runtime
	$(BIN)/celery -A config worker --loglevel=INFO

beat: $(VENV)/.runtime
	$(BIN)/celery -A config beat --loglevel=INFO

# The MCP server over stdio, as the user of ATELIER_API_TOKEN (what a desktop assistant runs).
# stdout carries the protocol: installing the dependencies, if needed, prints to stderr.
mcp:
	@$(MAKE) --no-print-directory -s $(VENV)/.runtime >&2
	@test -n "$$ATELIER_API_TOKEN" || { echo "Set ATELIER_API_TOKEN to your API token (see README: MCP server)." >&2; exit 2; }
	@$(BIN)/python scripts/serve.py --secret >&2
	@$(BIN)/python manage.py mcp

# The MCP server over streamable HTTP on MCP_HTTP_HOST:MCP_HTTP_PORT (default 127.0.0.1:8001), path /mcp/.
mcp-http: $(VENV)/.runtime
	$(BIN)/python scripts/serve.py --secret
	$(BIN)/python manage.py mcp --http

messages: $(VENV)/.runtime
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=scripts
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
