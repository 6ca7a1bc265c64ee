# The two commands of the README are `make run` and `make test`; everything else is a step of them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP_PY := $(VENV)/.installed-$(shell cat requirements/dev.txt | sha1sum | cut -c1-12)
STAMP_NPM := node_modules/.installed-$(shell cat package.json package-lock.json 2>/dev/null | sha1sum | cut -c1-12)

.PHONY: run test lint format bench loadtest setup services browser migrate demo seed-scale clean

## run: install what is missing, start the services' checks, migrate, load demo data, run web + worker + beat
run: setup services migrate demo
	@$(PY) manage.py demo_logins
	@echo "Starter web (http://127.0.0.1:8000), Celery worker og Celery beat. Ctrl-C stopper alle tre."
	@$(VENV)/bin/honcho start -f Procfile.dev

## test: the same set-up, the lint checks, then the whole suite (unit, PostgreSQL, Celery on Redis, Playwright)
test: setup services browser lint
	$(PY) -m pytest --create-db -p no:cacheprovider -n 2

## lint: ruff (lint + format check), djlint (template lint), import contracts, migrations up to date, mypy.
# Cheapest first; ruff, lint-imports and mypy keep caches, so a second run takes seconds.
# djlint lints only: its formatter would rewrite nearly every template (147 of 153) without fixing anything.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint --lint templates crispy_dkfds/templates
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## bench: the national benchmark (bench/run.py): datasets made if missing (skipped when BENCH_DATABASE_URL is
# given), gunicorn on loopback, report in bench/results/<date>-<scale>.md. Options: BENCH_ARGS="--requests 100".
bench: setup services
	$(PY) -m bench.make $(BENCH_ARGS)

## loadtest: locust, headless and bounded, against a running server (LOADTEST_HOST): 300 suppliers autosaving
# every 15 s and 40 consultants browsing. Users are spawned (each logs in once) at LOADTEST_SPAWN_RATE per second;
# once all are logged in the statistics are reset and the steady state is measured for about LOADTEST_TIME
# seconds (the ramp is printed and kept apart; the locustfile says how long the steady window was). Locust lives in a venv of its own (gevent patches the standard library); the CSV and HTML
# reports go to var/loadtest/. Exits non-zero when any request failed, in the ramp or after it.
LOAD_VENV := var/venv-load
STAMP_LOAD := $(LOAD_VENV)/.installed-$(shell cat requirements/load.txt | sha1sum | cut -c1-12)
LOADTEST_HOST ?= http://127.0.0.1:8000
LOADTEST_TIME ?= 300
LOADTEST_SUPPLIERS_N ?= 300
LOADTEST_CONSULTANTS_N ?= 40
LOADTEST_SPAWN_RATE ?= 2
LOADTEST_USERS := $$(( $(LOADTEST_SUPPLIERS_N) + $(LOADTEST_CONSULTANTS_N) ))

loadtest: $(STAMP_LOAD)
	@mkdir -p var/loadtest
	LOADTEST_SUPPLIERS_N=$(LOADTEST_SUPPLIERS_N) LOADTEST_CONSULTANTS_N=$(LOADTEST_CONSULTANTS_N) \
	$(LOAD_VENV)/bin/locust -f loadtest/locustfile.py --headless --only-summary --host $(LOADTEST_HOST) \
		--users $(LOADTEST_USERS) --spawn-rate $(LOADTEST_SPAWN_RATE) \
		--run-time $$(( ($(LOADTEST_USERS) + $(LOADTEST_SPAWN_RATE) - 1) / $(LOADTEST_SPAWN_RATE) + 30 + $(LOADTEST_TIME) ))s \
		--stop-timeout 20 \
		--csv var/loadtest/$$(date +%Y%m%d-%H%M%S) --html var/loadtest/report-$$(date +%Y%m%d-%H%M%S).html

$(STAMP_LOAD): requirements/load.txt
	$(PYTHON) -m venv $(LOAD_VENV)
	$(LOAD_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOAD_VENV)/bin/python -m pip install --quiet -r requirements/load.txt
	rm -f $(LOAD_VENV)/.installed-* && touch $@

setup: $(STAMP_PY) $(STAMP_NPM)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP_PY): $(VENV)/bin/python requirements/dev.txt
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/dev.txt
	rm -f $(VENV)/.installed-* && touch $@

$(STAMP_NPM): package.json
	@command -v npm >/dev/null || { echo "npm mangler: installer Node.js 20+ (fx 'apt-get install nodejs npm')."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	rm -f node_modules/.installed-* && touch $@

services: setup
	@$(PY) scripts/ensure_services.py

browser:
	@scripts/ensure_browser.sh

migrate: services
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

## seed-scale: the national dataset for measuring (SCALE=0.1 for a 10x smaller one; SEED, RESET=1 to replace)
SCALE ?= 1
SEED ?= 42
seed-scale: migrate
	$(PY) manage.py seed_scale --scale $(SCALE) --seed $(SEED) $(if $(RESET),--reset)

clean:
	rm -rf $(VENV) node_modules var
