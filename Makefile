# PartnerDirect portal — the two commands a newcomer needs: `make run` and `make test`.
# Django 6.1 needs Python >= 3.12: we look for one on PATH, then among pyenv's installed versions.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

define find_python
for candidate in $$PYTHON python3.14 python3.13 python3.12 python3 \
    $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV) \
    $$(ls -d /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9] 2>/dev/null); do \
  [ -n "$$candidate" ] || continue; \
  if "$$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then \
    echo "$$candidate"; exit 0; fi; \
done; exit 1
endef

.PHONY: run test lint install messages clean help

help:
	@echo "make run   — install, migrate, load the brochure and demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test  — install and run the whole test suite"
	@echo "make lint  — ruff check and ruff format --check"

$(STAMP): pyproject.toml
	@python=$$($(find_python)) || { echo "error: Python >= 3.12 is required for Django 6.1 and none was found." >&2; \
	  echo "Install one (e.g. 'pyenv install 3.13') or point PYTHON=/path/to/python3.12 at it." >&2; exit 1; }; \
	echo "Using $$python ($$($$python --version))"; \
	[ -x $(PY) ] || $$python -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

# Compiled catalogs are committed too, so a machine without gettext still runs in Russian.
messages: install
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=$(VENV) -v 0; \
	else echo "gettext not installed: using the committed .mo files"; fi

run: messages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_program
	$(PY) manage.py seed_demo
	@echo; echo "PartnerDirect portal: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"; echo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: messages
	$(PY) -m pytest

# The style the code is written in, checked as CI checks it (also a pre-commit hook).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 var test-artifacts .pytest_cache
