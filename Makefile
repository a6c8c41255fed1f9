# PartnerDirect portal — the two commands a newcomer needs: `make run` and `make test`.
# Django 6.1 needs Python >= 3.12: we look for one on PATH, then among pyenv's installed versions.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Locked installs: `make run` gets only what serving needs, `make test`/`make lint` add the test tools.
# Each stamp is touched after its lock file is installed, so a changed lock file installs again.
RUNTIME_LOCK := requirements/runtime.txt
TEST_LOCK := requirements/test.txt
RUNTIME_STAMP := $(VENV)/.runtime-installed
TEST_STAMP := $(VENV)/.test-installed
# Re-locking (make lock) needs uv; installing needs only pip.
UV_COMPILE := $(VENV)/bin/uv pip compile --quiet --no-python-downloads pyproject.toml --universal --python-version 3.12 --generate-hashes \
	--custom-compile-command "make lock"
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in the e-mails `make run` prints point at the address it serves.
PORTAL_BASE_URL ?= http://$(HOST):$(PORT)

define find_python
for candidate in $$PYTHON python3.14 python3.13 python3.12 python3 \
    $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) \
    $$(ls -d /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9] 2>/dev/null); do \
  [ -n "$$candidate" ] || continue; \
  if "$$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then \
    echo "$$candidate"; exit 0; fi; \
done; exit 1
endef

.PHONY: run test lint install messages lock clean help

help:
	@echo "make run   — install, migrate, load the brochure and demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test  — install and run the whole test suite"
	@echo "make lint  — ruff check and ruff format --check"
	@echo "make lock  — regenerate requirements/runtime.txt and requirements/test.txt from pyproject.toml (uv)"

$(PY):
	@python=$$($(find_python)) || { echo "error: Python >= 3.12 is required for Django 6.1 and none was found." >&2; \
	  echo "Install one (e.g. 'pyenv install 3.13') or point PYTHON=/path/to/python3.12 at it." >&2; exit 1; }; \
	echo "Using $$python ($$($$python --version))"; \
	$$python -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): $(RUNTIME_LOCK) | $(PY)
	$(PY) -m pip install --quiet -r $(RUNTIME_LOCK)
	@touch $@

# test.txt is the runtime lock (same pins, see `lock`) plus the test extra.
$(TEST_STAMP): $(TEST_LOCK) | $(PY)
	$(PY) -m pip install --quiet -r $(TEST_LOCK)
	@touch $@

install: $(RUNTIME_STAMP)

# Compiled catalogs are committed too, so a machine without gettext still runs in Russian. The .po
# files are touched first: compilemessages skips a catalog whose .mo looks newer, and a checkout's
# file times say nothing about which is.
define compile_messages
@if command -v msgfmt >/dev/null; then touch locale/*/LC_MESSAGES/*.po; $(PY) manage.py compilemessages --ignore=$(VENV) -v 0; \
else echo "gettext not installed: using the committed .mo files"; fi
endef

messages: install
	$(compile_messages)

run: install
	$(compile_messages)
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_program
	$(PY) manage.py seed_demo
	@echo; echo "PartnerDirect portal: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"; echo
	PORTAL_BASE_URL=$(PORTAL_BASE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

# One pytest process per core (pytest-xdist), each with its own test database. `--dist load` keeps
# each process's tests in pytest-django's order: transactional tests (which empty the tables) last.
test: $(TEST_STAMP)
	$(compile_messages)
	$(PY) -m pytest -n auto --dist load

# The style the code is written in, checked as CI checks it (also a pre-commit hook).
lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# After changing dependencies in pyproject.toml. test.txt is constrained to runtime.txt's pins,
# so both lock files agree on every package they share.
lock: $(PY)
	$(PY) -m pip install --quiet uv
	$(UV_COMPILE) -o $(RUNTIME_LOCK)
	$(UV_COMPILE) --extra test -c $(RUNTIME_LOCK) -o $(TEST_LOCK)

clean:
	rm -rf $(VENV) db.sqlite3 var test-artifacts .pytest_cache
