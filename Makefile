# The two commands: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format check clean messages

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is required"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Set up everything (venv, install, migrate, demo content, admin) and serve, with
## the background worker beside the server (scheduled changes, staff notices and
## release alerts; on the embedded database queue; mails printed in this console).
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_demo_admin --site-url http://$(HOST):$(PORT)
	$(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## The whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set).
test: $(STAMP)
	$(BIN)/python -m pytest

## Lint, formatting, the import contract and Django's own checks (CI runs these too).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(STAMP)
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=iomsite.settings.production SECRET_KEY=check-only-$$(date +%s)-not-a-real-key-0123456789abcdefghijklmnop \
		ALLOWED_HOSTS=example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

## Refresh the translation catalogues (needs GNU gettext); commit the .po and .mo files.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l ru -l kk --no-location \
		--ignore='.venv/*' --ignore='tests/*' --ignore='bench/*'
	$(BIN)/python manage.py compilemessages -l ru -l kk --ignore='.venv/*'

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache
