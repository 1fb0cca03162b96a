# relais — make run, make test. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.dev
SHARED_DIR ?= $(abspath ../shared)
export RELAIS_SHARED_DIR ?= $(SHARED_DIR)
PYTEST_WORKERS ?= auto

.PHONY: help run serve install system venv vendor migrate demo test lint format e2e conformance otp clean

help:
	@echo "make run          install, migrate, load the demo data and serve on http://127.0.0.1:$(PORT)"
	@echo "make test         the whole non-browser test suite (SQLite, or DATABASE_URL)"
	@echo "make e2e          browser tests (Playwright + Debian chromium)"
	@echo "make conformance  tests against the reference files in ../shared/ (SHARED_DIR=...)"
	@echo "make lint         ruff check, ruff format --check, makemigrations --check"
	@echo "make otp          the current second-factor code of the demo accounts"

# The Debian packages of system-packages.txt: a missing required one stops here, with the
# apt-get command that installs it; a missing optional one is named and the install goes on.
system:
	@./scripts/check-system.sh

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt | system
	@test -x $(PY) || { py="$$(./scripts/find-python.sh)" || exit 1; echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV); }
	@mkdir -p var
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@touch $@

venv: $(VENV)/.installed
install: system venv vendor

static/vendor/.installed: package.json package-lock.json Makefile
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed to fetch htmx and Leaflet: install Node.js 18+."; exit 1; }
	npm ci --no-audit --no-fund --silent
	rm -rf static/vendor && mkdir -p static/vendor/htmx static/vendor/leaflet
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images static/vendor/leaflet/
	@touch $@

vendor: static/vendor/.installed

migrate: venv
	@mkdir -p var
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: install demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

serve: install
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# --dist worksteal: each worker starts on its share of the tests and an idle one takes half of
# what another has left, so the workers end together (tests/conftest.py orders the tests for
# it). PYTHONDONTWRITEBYTECODE= : keep compiled (and assertion-rewritten) modules in
# __pycache__, so that the workers and later runs do not compile them again.
test: venv
	PYTHONDONTWRITEBYTECODE= DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal -m "not e2e and not conformance" $(PYTEST_ARGS)

conformance: venv
	@test -d "$(SHARED_DIR)/charters" || { echo "Reference folder $(SHARED_DIR)/charters not found (set SHARED_DIR=...)."; exit 1; }
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -m conformance $(PYTEST_ARGS)

e2e: install
	@test -x "$${CHROMIUM:-/usr/bin/chromium}" || { echo "Chromium not found: apt-get install -y chromium (or set CHROMIUM=/path)."; exit 1; }
	DJANGO_SETTINGS_MODULE=config.settings.test DJANGO_ALLOW_ASYNC_UNSAFE=1 $(PY) -m pytest -m e2e $(PYTEST_ARGS)

lint: venv
	@mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

otp: venv
	@$(PY) manage.py demo_otp

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles var
