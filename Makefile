# Two set-up commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8501
export RECALIBRATE_ENV ?= demo

.PHONY: audit-key run test lint vulture format bench scale-demo venv dev-deps lock chromium postgres nginx migrate seed clean

# Installs come from the lock files: every package, dependencies too, at one version with its
# hashes (a changed or swapped download is refused). requirements*.txt are what people edit;
# after changing one, run `make lock` and commit the .lock files with it.
$(VENV)/.installed: requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.lock
	$(PIP) install -q --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $@

UV_VERSION ?= 0.13.9
LOCK := $(VENV)/bin/uv pip compile --universal --python-version 3.11 --generate-hashes --no-header --quiet
lock:
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --disable-pip-version-check uv==$(UV_VERSION)
	$(LOCK) requirements.txt -o requirements.lock
	$(LOCK) requirements-dev.txt -c requirements.lock -o requirements-dev.lock

venv: $(VENV)/.installed
dev-deps: $(VENV)/.dev-installed

.streamlit/secrets.toml:
	@if [ "$$RECALIBRATE_ENV" = "demo" ] && [ -z "$$COOKIE_KEY" ]; then \
		$(PYTHON) -c 'import secrets; print("cookie_key = \"" + secrets.token_urlsafe(48) + "\"")' > $@; \
		chmod 600 $@; echo "generated a demo cookie key in $@"; fi

# The key that seals the audit chain (db/audit.py); added to an older demo secrets file too.
audit-key: .streamlit/secrets.toml
	@if [ "$$RECALIBRATE_ENV" = "demo" ] && [ -z "$$AUDIT_KEY" ] && ! grep -qs '^audit_key' .streamlit/secrets.toml; then \
		$(PYTHON) -c 'import secrets; print("audit_key = \"" + secrets.token_urlsafe(48) + "\"")' >> .streamlit/secrets.toml; \
		chmod 600 .streamlit/secrets.toml; echo "generated a demo audit key in .streamlit/secrets.toml"; fi

migrate: venv audit-key
	umask 077 && $(PY) -m db.migrate

seed: migrate
	umask 077 && $(PY) -m db.seed

# umask 077: the database, its WAL and backups are the app user's alone (data/ 700, files 600).
# The mail worker (python -m db.outbox: alert e-mails, escalation, the hourly rules run) runs in
# the background beside the app and stops with it (the trap; and --parent, should the shell be
# killed outright). Without SMTP settings, as in the demo, it says so once and leaves mail waiting.
run: venv .streamlit/secrets.toml audit-key seed
	# umask 077: the database, its WAL and backups are the app user's alone (data/ 700, files 600).
	# The mail worker (db.outbox) runs beside the app and stops with it.
	umask 077; $(PY) -m db.outbox --parent $$$$ & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	umask 077 && $(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.address 127.0.0.1 --server.headless true

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

# Debian's nginx, so that tests/test_deploy_config.py can check deploy/nginx/recalibrate.conf.
nginx:
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null) \
			|| echo "could not install nginx; the deploy config test will skip (or fail under CI)"; \
		else echo "nginx missing and not root: the deploy config test will skip (or fail under CI)"; fi; fi

# On every CPU (pytest-xdist): each worker has its own PostgreSQL server, demo server and Chromium;
# tests/conftest.py keeps each browser module on one worker. The slow 8-process load tests run
# after, alone: next to another worker a SQLite writer could wait past its 30 s busy timeout.
# One file while working: `RECALIBRATE_ENV=test .venv/bin/pytest tests/some_test.py` (no -n).
test: dev-deps chromium postgres nginx
	RECALIBRATE_ENV=test $(VENV)/bin/pytest -n auto --dist loadgroup -m "not slow"
	RECALIBRATE_ENV=test $(VENV)/bin/pytest -m slow

lint: dev-deps vulture
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -r app.py core db export pages program --severity-level medium

# Dead code: the paths and the whitelist are in pyproject.toml ([tool.vulture]).
vulture: dev-deps
	$(VENV)/bin/vulture

format: dev-deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Every figure of issue 14 on one 20,000 x 180 cohort, both engines, phones and the slow network (see
# bench/__main__.py). BENCH_ARGS="--quick" (small), "--only panel,rules" or "--database URL".
bench: dev-deps chromium postgres nginx
	RECALIBRATE_ENV=test $(PY) -m bench $(BENCH_ARGS)

# Two app replicas (python -m core.serve) behind deploy/nginx/recalibrate.conf on a throwaway
# PostgreSQL, driven by headless-Chromium phones; one replica is SIGKILLed and restarted each way
# (about three minutes; tests/utils/scale_demo.py, docs/deploy.md). It stops all it started.
scale-demo: dev-deps chromium postgres nginx
	RECALIBRATE_ENV=test $(PY) -m tests.utils.scale_demo $(SCALE_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
