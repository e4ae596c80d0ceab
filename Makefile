# The two commands of the README: `make site` builds the demo site, `make test` runs every test.
PYTHON ?= python3

.PHONY: site test serve-build install install-test

install:
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e .

install-test:
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test]'

site: install
	site-builder build

test: install-test
	$(PYTHON) -m ruff check .
	$(PYTHON) -m pytest
