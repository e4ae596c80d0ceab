# The README's two commands: `make site` builds the demo into build/, `make test` runs every test.
#
# Both install site_builder first: into the active virtual environment if there is one, otherwise
# into .venv/ here, made with $(PYTHON) (any Python 3.11 or newer: `make site PYTHON=python3.12`).
# They reinstall only when pyproject.toml changed (or the environment holds another checkout's
# site_builder). `make serve` and `make check` run site-builder from the same environment;
# ARGS passes options, e.g. `make serve ARGS=--open`.

PYTHON ?= python3
ARGS ?=

ifneq ($(VIRTUAL_ENV),)
ENV := $(VIRTUAL_ENV)
else
ENV := .venv
endif
BIN := $(ENV)/bin
# setuptools explains its editable mode at every install (not a problem to fix): skip that note.
PIP := PYTHONWARNINGS='ignore:Editable installation' $(BIN)/python -m pip --disable-pip-version-check --quiet
INSTALLED := $(ENV)/.site-builder-installed
INSTALLED_TEST := $(ENV)/.site-builder-test-installed

# The checkout whose site_builder the environment holds (empty when there is none).
ifneq ($(wildcard $(BIN)/python),)
INSTALLED_FROM := $(shell $(BIN)/python -I -c 'import pathlib, site_builder; print(pathlib.Path(site_builder.__file__).resolve().parents[1])' 2>/dev/null)
endif
ifneq ($(INSTALLED_FROM),$(CURDIR))
REINSTALL := reinstall
endif

AGAIN := make $(or $(MAKECMDGOALS),site) PYTHON=python3.12 (or the Python 3.11+ you have)
INSTALL_PYTHON := Install one, then run: $(AGAIN)
ifeq ($(ENV),.venv)
NEWER_PYTHON := Remove .venv/, then run: $(AGAIN)
else
NEWER_PYTHON := Deactivate this environment (or activate one with Python 3.11+) and run make again.
endif

# Stop unless $(1) runs Python 3.11 or newer, saying what to do instead ($(2)).
define need_python_3_11
	@$(1) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  found=$$($(1) --version 2>&1) || found="not found"; \
	  echo "site_builder needs Python 3.11 or newer, and $(1) is: $$found." >&2; \
	  echo "$(2)" >&2; \
	  exit 1; }
endef

.PHONY: site test serve check messages reinstall

site: $(INSTALLED)
	$(BIN)/site-builder build
	@echo
	@echo "The site is in build/. To browse it, run: make serve"
	@echo "and open http://127.0.0.1:8000/ (it rebuilds and reloads as you edit)."
ifeq ($(ENV),.venv)
	@echo "To run site-builder yourself, first activate the environment: . .venv/bin/activate"
endif

test: $(INSTALLED_TEST)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest -n auto

serve: $(INSTALLED)
	$(BIN)/site-builder serve $(ARGS)

check: $(INSTALLED)
	$(BIN)/site-builder check $(ARGS)

# The theme's words, for translators: extract them from the templates and the page titles into
# templates/locale/site_builder.pot, and merge that into every language's catalog there.
POT := templates/locale/site_builder.pot
messages: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --omit-header -o $(POT) .
	@for po in templates/locale/*.po; do \
	  $(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete --width 100 -i $(POT) -o $$po \
	    -l $$(basename $$po .po | tr - _); \
	done

# An environment made without pip (as `uv venv` makes them) gets one from Python's ensurepip; pip
# before 23.3 stops with an internal error on the extras of lxml that site_builder's HTML readers
# ask for (spelt two ways): an older pip is upgraded first. Either is said.
define new_enough_pip
	@$(BIN)/python -c 'import pip' 2>/dev/null || { \
	  echo "Installing pip into $(ENV)/, which has none ..."; \
	  $(BIN)/python -m ensurepip --upgrade >/dev/null || { \
	    echo "$(BIN)/python cannot install pip: install it into $(ENV)/ (uv pip install pip), or activate another environment." >&2; \
	    exit 1; }; }
	@$(BIN)/python -c 'import re, sys, pip; sys.exit(tuple(map(int, re.findall(r"\d+", pip.__version__)[:2])) < (23, 3))' || { \
	  echo "Upgrading pip in $(ENV)/ (site_builder needs pip 23.3 or newer to install) ..."; \
	  $(PIP) install --upgrade pip; }
endef

$(INSTALLED): pyproject.toml $(REINSTALL) | $(BIN)/python
	$(call need_python_3_11,$(BIN)/python,$(NEWER_PYTHON))
	$(new_enough_pip)
	@echo "Installing site_builder into $(ENV)/ ..."
	@$(PIP) install -e .
	@touch $@

$(INSTALLED_TEST): pyproject.toml $(REINSTALL) | $(BIN)/python
	$(call need_python_3_11,$(BIN)/python,$(NEWER_PYTHON))
	$(new_enough_pip)
	@echo "Installing site_builder and its test tools into $(ENV)/ ..."
	@$(PIP) install -e '.[test]'
	@touch $@ $(INSTALLED)

reinstall:

# Made only when no virtual environment is active.
.venv/bin/python:
	$(call need_python_3_11,$(PYTHON),$(INSTALL_PYTHON))
	@$(PYTHON) -c 'import venv, ensurepip; ensurepip.version()' 2>/dev/null || { \
	  v=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  echo "$(PYTHON) (Python $$v) lacks the venv module, which makes .venv/." >&2; \
	  echo "On Debian or Ubuntu, install it with: sudo apt-get install python$$v-venv" >&2; \
	  echo "(or activate a virtual environment of your own and run make again)." >&2; \
	  exit 1; }
	@echo "No virtual environment is active: making one in .venv/ with $(PYTHON) ($$($(PYTHON) --version))."
	@$(PYTHON) -m venv --clear .venv || { rm -rf .venv; exit 1; }
	@.venv/bin/python -m pip --disable-pip-version-check --quiet install --upgrade pip || { rm -rf .venv; exit 1; }
