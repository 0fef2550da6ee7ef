# Two set-up commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8501
export RECALIBRATE_ENV ?= demo

.PHONY: run test lint vulture format bench venv dev-deps chromium postgres migrate seed clean

$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PIP) install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed
dev-deps: $(VENV)/.dev-installed

.streamlit/secrets.toml:
	@if [ "$$RECALIBRATE_ENV" = "demo" ] && [ -z "$$COOKIE_KEY" ]; then \
		$(PYTHON) -c 'import secrets; print("cookie_key = \"" + secrets.token_urlsafe(48) + "\"")' > $@; \
		chmod 600 $@; echo "generated a demo cookie key in $@"; fi

migrate: venv
	$(PY) -m db.migrate

seed: migrate
	$(PY) -m db.seed

run: venv .streamlit/secrets.toml seed
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.address 127.0.0.1 --server.headless true

# Debian's Chromium for the browser tests (Playwright's own download does not work here).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
			|| echo "could not install chromium; browser tests will skip (or fail under CI)"; \
		else echo "chromium missing and not root: browser tests will skip (or fail under CI)"; fi; fi

# Debian's PostgreSQL server binaries (any version: 15 on bookworm, 17 on trixie): the tests
# start a throwaway server of their own with them (tests/utils/postgres.py) and never use the
# default cluster the package may set up. Installed when missing if we are root; CI=true then
# fails the run when it is still missing (tests/conftest.py), so a broken install is not silent.
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
			|| echo "could not install postgresql; the PostgreSQL tests will skip (or fail under CI)"; \
		else echo "postgresql missing and not root: the PostgreSQL tests will skip (or fail under CI)"; fi; fi

test: dev-deps chromium postgres
	RECALIBRATE_ENV=test $(VENV)/bin/pytest

lint: dev-deps vulture
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -r app.py core db pages program --severity-level medium

# Dead code: the paths and the whitelist are in pyproject.toml ([tool.vulture]).
vulture: dev-deps
	$(VENV)/bin/vulture

format: dev-deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: dev-deps
	RECALIBRATE_ENV=test $(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
