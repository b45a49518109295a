# Tandem entry points. `make run` and `make test` work on a fresh machine with
# only python3 (>= 3.11), git and make installed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Production-like services for `make test-services` (as on the CI machine). The
# database URL names the server: pytest creates and drops its own test_* database.
SERVICES_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
SERVICES_BROKER_URL ?= redis://127.0.0.1:6379/14

.PHONY: help run test test-services test-e2e lint typecheck format bench bench-load messages clean

help:
	@echo "make run            set up and serve the demo on http://$(HOST):$(PORT)/ (SQLite, eager Celery)"
	@echo "make test           ruff, the layer check, migration check and the test suite (SQLite)"
	@echo "make test-services  the suite on PostgreSQL with a real Celery worker on Redis"
	@echo "make test-e2e       browser journeys in Debian's Chromium"
	@echo "make lint           ruff check, ruff format --check, the layer check and mypy"
	@echo "make bench          speed and scale benchmarks"
	@echo "make bench-load     a big team on PostgreSQL under gunicorn, every page driven by wrk"
	@echo "make messages       update and compile the German and English translations"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamps re-install only when a lock file changes.
$(VENV)/.installed-run: requirements.lock | $(PY)
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.lock
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	@mkdir -p var
	@# A development .env, so that plain `manage.py` commands work in this checkout too.
	@test -f .env || printf 'DEBUG=1\n' > .env
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run --settings=crm.settings_test
	$(PY) -m pytest -m "not services and not e2e"

test-services: $(VENV)/.installed-dev
	DATABASE_URL=$(SERVICES_DATABASE_URL) CELERY_BROKER_URL=$(SERVICES_BROKER_URL) \
		$(PY) manage.py check_services --settings=crm.settings_test
	DATABASE_URL=$(SERVICES_DATABASE_URL) CELERY_BROKER_URL=$(SERVICES_BROKER_URL) \
		$(PY) -m pytest -m "not e2e" --create-db

test-e2e: $(VENV)/.installed-dev
	@test -x /usr/bin/chromium || { echo "Chromium is missing: apt-get install chromium (Playwright cannot download its own browser here)."; exit 1; }
	$(PY) -m pytest tests/e2e -m e2e

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.installed-dev
	$(PY) -m bench

# A team of 20,000 companies (then 2,000) on PostgreSQL, served by gunicorn and driven
# by wrk (bench/README.md). BENCH_LOAD_DATABASE_URL names the server and database.
bench-load: $(VENV)/.installed-dev
	@test -x "$$(command -v wrk)" || { echo "wrk is missing: apt-get install wrk"; exit 1; }
	$(PY) -m bench.load

messages: $(VENV)/.installed-dev
	@# English is rebuilt from scratch so that no stale (fuzzy) copy survives.
	rm -f locale/en/LC_MESSAGES/django.po
	DEBUG=1 $(PY) manage.py makemessages --locale de --locale en --ignore ".venv/*" --ignore "var/*" --no-obsolete --no-wrap
	# The source strings are English: the English catalogue copies them (gettext msgen).
	msgen --no-wrap -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	DEBUG=1 $(PY) manage.py compilemessages --locale de --locale en --ignore ".venv/*"

clean:
	rm -rf $(VENV) var/static
