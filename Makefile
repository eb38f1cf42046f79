# The two set-up commands of the README, and the pieces they are made of.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test install migrate seed messages lint check-migrations worker beat bench clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

## make run: the portal with demo data on the embedded default (SQLite, tasks in-process)
run: install
	env -u DATABASE_URL -u REDIS_URL $(PY) manage.py migrate --noinput
	env -u DATABASE_URL -u REDIS_URL $(PY) manage.py seed_demo
	env -u DATABASE_URL -u REDIS_URL PORTAL_BASE_URL="$${PORTAL_BASE_URL:-http://$(HOST)}" $(PY) manage.py runserver $(HOST)

## make test: the whole suite, in TEST_WORKERS processes (each its own test database and Redis database);
## uses DATABASE_URL / REDIS_URL when set
TEST_WORKERS ?= 2
test: install
	$(PY) -m pytest -n $(TEST_WORKERS)

lint: install
	$(VENV)/bin/ruff check .

check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run

messages: install
	$(PY) manage.py makemessages -l en -i ".venv/*" -i "tests/*" -i "bench/*"
	$(PY) manage.py compilemessages -l en -i ".venv"

worker: install
	$(VENV)/bin/celery -A whitelist_portal worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A whitelist_portal beat --loglevel=INFO

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
