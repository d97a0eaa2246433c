# Trait d'union — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install setup run worker release serve test test-browser lint bench bench-imports bench-stats bench-servers clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

# Idempotent: migrations, references and demo data are only written when missing or changed.
setup: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py loadreferences --no-progress
	$(PY) manage.py load_demo --no-progress

run: setup
	@echo ""
	@echo "  Trait d'union : http://$(HOST):$(PORT)/   (arrêt : Ctrl+C)"
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py run_huey --quiet & \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(PY) manage.py run_huey

# Production (docs/production.md): DEBUG off; SECRET_KEY, ALLOWED_HOSTS and SITE_URL (https://) must be set.
# The release step (the Procfile's postdeploy): migrations, references, static files (compressed, hashed).
release: install
	ENVIRONMENT=production $(PY) manage.py migrate --noinput -v0
	ENVIRONMENT=production $(PY) manage.py loadreferences --no-progress
	ENVIRONMENT=production $(PY) manage.py collectstatic --noinput -v0

# gunicorn (gthread, WEB_CONCURRENCY processes × WEB_THREADS threads) and the Huey workers, as the Procfile.
serve: release
	@echo "  Trait d'union (production) : http://$(HOST):$(PORT)/   (/healthz, /readyz)"
	@trap 'kill 0' INT TERM EXIT; export ENVIRONMENT=production HOST=$(HOST) PORT=$(PORT); \
	$(PY) manage.py run_huey & \
	$(VENV)/bin/gunicorn --config config/gunicorn.conf.py config.wsgi:application

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(VENV)/bin/lint-imports --no-logo --no-cache
	$(VENV)/bin/mypy

test: lint
	$(PY) -m pytest -n 2 -q

# Real-browser journeys (tests/browser/): Debian's Chromium (apt-get install chromium), never a downloaded one.
test-browser: install
	@test -x /usr/bin/chromium || { echo "Chromium manque : apt-get install -y chromium"; exit 1; }
	$(PY) -m pytest -m browser -q -n 2 tests/browser

bench: install
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) -m bench
	$(PY) -m bench.imports
	$(PY) -m bench.stats

bench-imports: install
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) -m bench.imports

bench-stats: install
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) -m bench.stats

# gunicorn sync, gunicorn gthread and granian (pip install granian) on the search and a path page.
bench-servers: install
	$(PY) -m bench.servers

clean:
	rm -rf $(VENV) var
