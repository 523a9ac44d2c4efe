# `make site` builds the site into site/; `make check` runs every check (lint, types, staleness, tests).
# Each sets up its own pinned environment in .venv/ first. CI and pre-commit call these same targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

# Strict by default, exactly as CI builds: a warning (e.g. a missing translation) fails the build.
# `make site STRICT=0` or `make serve` for a lenient local preview.
STRICT ?= 1
strict := $(if $(filter 1,$(STRICT)),--strict)

# Two locks (docs/maintainers/dependencies.md): requirements.txt is what the build needs,
# requirements-dev.txt adds the test, lint and type tools. Each has its own stamp, named after the
# lock's checksum, so .venv is updated whenever a lock changes; `make site` never installs the tools.
stamp       = $(VENV)/.installed-$(1)-$(shell cksum < $(1) | cut -d' ' -f1)
SITE_STAMP := $(call stamp,requirements.txt)
STAMP      := $(call stamp,requirements-dev.txt)

$(SITE_STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes -r requirements.txt
	rm -f $(VENV)/.installed-requirements.txt-*
	touch $@

$(STAMP): requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes -r requirements-dev.txt
	rm -f $(VENV)/.installed-requirements-dev.txt-*
	touch $@

# Node test tools (axe-core, vnu-jar), reinstalled with `npm ci` whenever package-lock.json changes.
NODE_STAMP := node_modules/.installed-$(shell cksum < package-lock.json | cut -d' ' -f1)

$(NODE_STAMP): package-lock.json package.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

.PHONY: install install-dev node_modules site validate serve schema charts check lint types stale test test-browser \
        test-rest benchmark lock clean

install: $(SITE_STAMP)
install-dev: $(STAMP)
node_modules: $(NODE_STAMP)

site: $(SITE_STAMP)
	$(BIN)/python -m generator validate $(strict)
	$(BIN)/python -m generator build $(strict) --out site

# CI adds FORMAT=github SUMMARY="$$GITHUB_STEP_SUMMARY" (annotations on the changed files, a table in the summary).
validate: $(SITE_STAMP)
	$(BIN)/python -m generator validate $(strict) $(if $(FORMAT),--format $(FORMAT)) \
		$(if $(SUMMARY),--summary "$(SUMMARY)")

serve: $(SITE_STAMP)
	$(BIN)/python -m generator serve

schema: $(SITE_STAMP)
	$(BIN)/python -m generator schema

# The chart templates: each chart kind authored in Altair (generator/charts/templates.py, a dev
# dependency), compiled to the JSON the build fills (generator/charts/templates/); `make stale` checks them.
charts: $(STAMP)
	$(BIN)/python -m generator charts

# Every check, cheapest first; stops at the first that fails.
check: lint types stale test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy

# The committed generated files (JSON Schemas, reference docs, chart templates) match the code.
stale: $(STAMP)
	$(BIN)/python -m generator schema --check
	$(BIN)/python -m generator charts --check

# The browser tests share one built site and one Chromium (tests/browser/conftest.py): one pytest
# process, in turn. The other tests are spread over the cores, a whole test file to a worker (the
# xdist groups of tests/conftest.py), so a module's shared build is made once. PYTEST_ARGS passes
# options to both, e.g. PYTEST_ARGS="-x".
test: test-browser test-rest

test-browser: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest tests/browser $(PYTEST_ARGS)

test-rest: $(STAMP)
	$(BIN)/python -m pytest -m "not browser" -n auto --dist loadgroup $(PYTEST_ARGS)

# Build-time benchmark (issue #7): prints a table; CITIES=4,50 chooses the sizes (default 4,50,300).
benchmark: $(SITE_STAMP)
	$(BIN)/python benchmarks/build.py $(if $(CITIES),--cities $(CITIES))

# Recompile both locks from requirements.in / requirements-dev.in. Existing pins are kept unless the
# .in files need otherwise (UPGRADE=1: every package to its newest allowed version). The dev lock takes
# the build's pins exactly (-P), so both environments run the same versions.
PIP_COMPILE = $(BIN)/pip-compile -q --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --generate-hashes \
              $(if $(filter 1,$(UPGRADE)),--upgrade)

lock: $(STAMP)
	$(PIP_COMPILE) --output-file=requirements.txt requirements.in
	$(PIP_COMPILE) $$(sed -n 's/^\([A-Za-z0-9._-]*==[^ ]*\).*/-P \1/p' requirements.txt) \
		--output-file=requirements-dev.txt requirements-dev.in

clean:
	rm -rf site .cache
