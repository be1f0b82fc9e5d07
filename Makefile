# Kipinä — two commands: `make run` (try it) and `make test` (check it). `make` lists the rest.
#
# The virtualenv (.venv) is made with the first Python >= 3.12 that tools/find_python.sh finds
# (override: make PYTHON=/path/to/python3.13 ...) and filled from the hash-locked files in
# requirements/. A stamp makes repeated runs instant until a lock file changes.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-print-directory

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
# extra pytest arguments for `make test` / `make e2e`, e.g. PYTEST_ARGS="-k orders -x"
PYTEST_ARGS ?=
TEST_SYSTEM_PACKAGES := chromium postgresql libvoikko1 voikko-fi gettext
# folders makemessages/compilemessages must not walk into
I18N_IGNORE := --ignore=.venv --ignore=var --ignore=test-artifacts --ignore=node_modules \
	--ignore=build --ignore=dist

# compilemessages needs GNU gettext only once there is something to compile.
define compile_messages
if find kipina -path '*/locale/*' -name '*.po' -print -quit | grep -q .; then \
	tools/system_packages.sh gettext; \
	echo "==> compiling translations"; \
	$(MANAGE) compilemessages $(I18N_IGNORE) --verbosity 0; \
else \
	echo "==> no translations (.po files) yet: skipping compilemessages"; \
fi
endef

.PHONY: help run test e2e bench lint messages install install-dev system-packages clean distclean

help: ## list the targets
	@echo "Kipinä — make targets:"
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "} {printf "  make %-16s %s\n", $$1, $$2}'
	@echo "Settings come from the environment: PORT, KIPINA_DATA_DIR, DATABASE_URL, ... (README)."

run: ## set up, migrate, load demo data and serve on http://127.0.0.1:$PORT (default 8000)
	@tools/bootstrap_venv.sh base
	@tools/system_packages.sh libvoikko1 voikko-fi || \
		echo "==> (search works without Voikko, but finds fewer Finnish word forms)"
	@$(compile_messages)
	@mkdir -p "$${KIPINA_DATA_DIR:-var}"
	@echo "==> migrating the database"
	@$(MANAGE) migrate --noinput
	@$(MANAGE) reindex_search --if-outdated
	@echo "==> loading demo data (skipped when an organisation exists)"
	@$(MANAGE) seed_demo
	@$(MANAGE) collectstatic --noinput --verbosity 0
	@echo
	@$(MANAGE) demo_logins
	@echo
	@echo "==> Kipinä on http://127.0.0.1:$(PORT)/  (Ctrl-C stops)"
	@$(MANAGE) runserver "127.0.0.1:$(PORT)"

test: ## the whole suite: SQLite, then a throwaway PostgreSQL, then browser journeys; one summary
	@tools/bootstrap_venv.sh dev
	@tools/system_packages.sh $(TEST_SYSTEM_PACKAGES)
	@$(compile_messages)
	@$(PY) tools/run_tests.py -- $(PYTEST_ARGS)

e2e: ## only the Playwright journeys (system Chromium, SQLite)
	@tools/bootstrap_venv.sh dev
	@tools/system_packages.sh chromium gettext
	@$(compile_messages)
	@$(PY) tools/run_tests.py --only e2e -- $(PYTEST_ARGS)

bench: ## benchmarks: bench/run.py (BENCH_QUICK=1 for a short run)
	@tools/bootstrap_venv.sh dev
	@tools/system_packages.sh postgresql
	@test -f bench/run.py || { echo "bench/run.py does not exist yet" >&2; exit 1; }
	@$(PY) bench/run.py

lint: ## ruff check and ruff format --check
	@tools/bootstrap_venv.sh dev
	@status=0; \
	$(VENV)/bin/ruff check . || status=1; \
	$(VENV)/bin/ruff format --check . || status=1; \
	exit $$status

messages: ## update kipina/locale/{fi,sv} .po files from the code, then compile them
	@tools/bootstrap_venv.sh dev
	@tools/system_packages.sh gettext
	@$(MANAGE) makemessages --locale fi --locale sv --domain django $(I18N_IGNORE)
	@$(compile_messages)

install: ## only make .venv with the runtime dependencies (requirements/base.txt)
	@tools/bootstrap_venv.sh base

install-dev: ## only make .venv with the development dependencies (requirements/dev.txt)
	@tools/bootstrap_venv.sh dev

system-packages: ## install (as root) or name the Debian packages the tests need
	@tools/system_packages.sh $(TEST_SYSTEM_PACKAGES)

clean: ## remove install stamps, test artifacts, caches, compiled .mo and collected static (keeps data)
	rm -f $(VENV)/.kipina-*.stamp
	rm -rf test-artifacts .pytest_cache .mypy_cache .ruff_cache "$${KIPINA_DATA_DIR:-var}/static"
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	find kipina -path '*/locale/*' -name '*.mo' -delete

distclean: clean ## clean, and remove .venv too (the database in var/ stays)
	rm -rf $(VENV)
