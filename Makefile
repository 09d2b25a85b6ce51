# Covenant: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The suite runs in one process per core (pytest-xdist); TEST_PROCESSES=0 runs it in this one.
TEST_PROCESSES ?= auto

.PHONY: run test install assets browser migrate demo lint messages clean

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Covenant needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml
	$(PIP) install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

node_modules/.package-lock.json: package.json
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi

static/dist/.built: node_modules/.package-lock.json $(wildcard static/scss/*.scss) $(wildcard static/js/*.js) scripts/build-assets.mjs
	npm run --silent build
	@touch $@

assets: static/dist/.built

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

run: install assets migrate
	@$(PY) manage.py seed_demo --logins
	@echo "Covenant is at http://$(HOST):$(PORT)/ (tasks run in-process; emails are printed here)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; install it where we can (root with apt), else they skip.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)); \
	  else echo "Chromium is not installed: browser tests will be skipped (install the 'chromium' package)"; fi; }

test: install assets browser
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n $(TEST_PROCESSES) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

messages: install
	$(PY) manage.py makemessages -l cy --ignore '.venv/*' --ignore 'node_modules/*'

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles db.sqlite3
