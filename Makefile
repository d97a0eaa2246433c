# Trait d'union — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install setup run worker test test-browser lint bench bench-imports bench-stats clean

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
	$(PY) -m pytest -m browser -q tests/browser

bench: install
	$(PY) -m bench
	$(PY) -m bench.imports
	$(PY) -m bench.stats

bench-imports: install
	$(PY) -m bench.imports

bench-stats: install
	$(PY) -m bench.stats

clean:
	rm -rf $(VENV) var
