# Delegation Desk — two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup venv migrate demo messages lint bench clean help

help:
	@echo "make run    set up (virtualenv, install, migrate, demo data) and serve on http://$(HOST):$(PORT)/"
	@echo "            with a task worker beside the server"
	@echo "make test   set up and run the whole test suite (DATABASE_URL picks the database)"
	@echo "make lint   ruff check, ruff format --check, makemigrations --check, import contracts"
	@echo "make bench  benchmarks (see docs/benchmarks.md)"

$(PY):
	@interpreter=$$(bin/find-python) || exit 1; \
	echo "Creating $(VENV) with $$interpreter"; \
	"$$interpreter" -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

venv: $(STAMP)

messages: $(STAMP)
	$(PY) bin/compile-messages

AXE := node_modules/axe-core/axe.min.js

$(AXE): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the accessibility tests (axe-core): install Node.js"; exit 1; }
	npm ci --no-audit --no-fund --silent
	@touch $(AXE)

setup: venv messages
	@mkdir -p var

migrate: setup
	$(PY) manage.py migrate --no-input -v 0

demo: migrate
	$(PY) manage.py seed_demo --if-empty

run: demo
	@echo ""
	@echo "Delegation Desk on http://$(HOST):$(PORT)/"
	@echo "  public site   http://$(HOST):$(PORT)/en/   (also /da/ and /zh-hans/)"
	@echo "  staff admin   http://$(HOST):$(PORT)/admin/        login: staff / demo-password"
	@echo "  delegate      http://$(HOST):$(PORT)/en/me/        login: delegate / demo-password"
	@echo "  embassy       http://$(HOST):$(PORT)/en/embassy/   login: embassy / demo-password"
	@echo "  task worker   runs beside the server (e-mails, badges, exports); Ctrl+C stops both"
	@echo ""
	@# The worker runs in the background and stops with the server, however that ends.
	@export DEBUG=$${DEBUG:-true}; \
	$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT; trap 'exit 143' TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Two test processes (pytest-xdist), one database each: the machine has two cores.
TEST_WORKERS ?= 2

test: setup $(AXE)
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

bench: setup
	@command -v wrk >/dev/null || { echo "Installing wrk (Debian package, needs root)"; \
		apt-get install -y -qq wrk >/dev/null || { echo "Could not install wrk: apt-get install wrk"; exit 1; }; }
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var/*.sqlite3 staticfiles
