# The two commands: `make site` builds the site into site/, `make test` runs every test.
# Both set up their own pinned environment in .venv/ first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock | cksum | cut -d' ' -f1)

.PHONY: node_modules site test validate serve schema charts benchmark lock clean

$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# Node test tools (axe-core, vnu-jar), reinstalled with `npm ci` whenever package-lock.json changes.
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)

$(NODE_STAMP): package-lock.json package.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

node_modules: $(NODE_STAMP)

site: $(STAMP)
	$(BIN)/python -m generator validate
	$(BIN)/python -m generator build --out site

validate: $(STAMP)
	$(BIN)/python -m generator validate --strict

serve: $(STAMP)
	$(BIN)/python -m generator serve

schema: $(STAMP)
	$(BIN)/python -m generator schema

# The chart templates: each chart kind authored in Altair (generator/charts/templates.py), compiled to JSON.
charts: $(STAMP)
	$(BIN)/python -m generator charts

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

# Build-time benchmark (issue #7): prints a table; CITIES=4,50 chooses the sizes (default 4,50,300).
benchmark: $(STAMP)
	$(BIN)/python benchmarks/build.py $(if $(CITIES),--cities $(CITIES))

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf site .cache
