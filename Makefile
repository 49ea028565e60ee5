# The two commands a newcomer needs: `make demo` and `make test`.
# Everything is installed into .venv (created when missing); nothing is installed by hand.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
PIP    := $(PY) -m pip --disable-pip-version-check --quiet
# setuptools says, on every editable install, that a folder named like the package may shadow
# it: our packages live under core/ and plugins/ats/, so the notice only hides real warnings.
EDITABLE := PYTHONWARNINGS="ignore:Editable installation" $(PIP) install -e
# Debian's Chromium, driven by Playwright in the browser tests.
CHROMIUM ?= /usr/bin/chromium

.PHONY: help demo test test-odoo lint typecheck unit browsers bench sandbox clean

help:
	@echo "make demo      - create .venv, install, run the full journey against the embedded sandbox"
	@echo "make test      - install what the tests need (browser included), lint, type-check, run pytest"
	@echo "               (the addon's tests in a real Odoo 19.0 included: see docs/odoo.md)"
	@echo "make test-odoo - only the addon's tests in a real Odoo 19.0 (ODOO_SRC=... for your own tree)"
	@echo "make sandbox   - serve the sandbox on http://127.0.0.1:8765"
	@echo "make bench     - run the benchmarks in bench/"
	@echo "make i18n      - merge the translation templates into the .po files and compile the .mo files"
	@echo "make clean     - remove .venv and caches"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip setuptools wheel

# Stamp files: reinstall only when pyproject.toml changes.
$(VENV)/.installed-demo: pyproject.toml | $(PY)
	$(EDITABLE) '.[sandbox]'
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(EDITABLE) '.[dev]'
	@touch $@

demo: $(VENV)/.installed-demo
	$(BIN)/precontract demo

sandbox: $(VENV)/.installed-demo
	$(BIN)/precontract sandbox --host 127.0.0.1 --port 8765

# Debian's Chromium for Playwright (the test tool's own browser download does not work offline).
browsers:
	@if [ -x "$(CHROMIUM)" ]; then \
	    echo "browsers: $(CHROMIUM) is present"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "browsers: installing Debian's chromium"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	else \
	    echo "browsers: $(CHROMIUM) is missing and cannot be installed without root; browser tests will be skipped"; \
	fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check core plugins/ats tests bench
	$(BIN)/ruff format --check core plugins/ats tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

unit: $(VENV)/.installed-dev
	$(BIN)/pytest

test: $(VENV)/.installed-dev browsers lint typecheck unit

# Odoo's own venv and the extracted tree are cached in .cache/odoo (tests/odoo/odoo_server.py).
test-odoo: $(VENV)/.installed-dev browsers
	$(BIN)/pytest tests/odoo/test_odoo_tests_in_odoo.py

# The gettext catalogues (docs/translations.md): .po files follow their .pot, .mo files are rebuilt.
i18n: $(VENV)/.installed-dev
	$(PY) -m precontract.catalogues update
	$(PY) -m precontract.catalogues compile

bench: $(VENV)/.installed-dev
	$(PY) bench/run.py
	$(PY) bench/connector.py

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache .hypothesis
